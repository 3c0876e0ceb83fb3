/*
 * nf_encode.c: the encoder object, its flow queue and the helpers every
 * version shares (times, narrowing, ICMP).  The datagram layouts live
 * in nf_enc_v1.c, nf_enc_v5.c, nf_enc_v9.c and nf_enc_ipfix.c.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nf_enc_local.h"

#define NFE_MAX_QUEUE	(1U << 20)

void
nf_encoder_opts_init(struct nf_encoder_opts *o, int version)
{
	memset(o, 0, sizeof(*o));
	o->version = version;
	o->max_datagram = NF_ENC_DEFAULT_DATAGRAM;
	o->queue_flows = NF_ENC_DEFAULT_QUEUE;
	if (version == 9 || version == 10) {
		o->template_refresh_packets = NF_ENC_DEFAULT_REFRESH_PKTS;
		o->template_refresh_seconds = NF_ENC_DEFAULT_REFRESH_SECS;
	}
	o->sampling_algorithm = NF_ENC_SAMPLE_DETERMINISTIC;
	o->templates = NF_ENC_TMPL_IPV4 | NF_ENC_TMPL_IPV6;
	/* IPFIX has 64-bit deltas; v9 keeps softflowd's 4-byte ones. */
	o->counter_bytes = version == 10 ? 8 : 4;
	o->ipfix_times = NF_ENC_TIME_MILLI;
}

static size_t
hdr_len(int version)
{
	switch (version) {
	case 1:
		return (NFE_V1_HDR);
	case 5:
		return (NFE_V5_HDR);
	case 9:
		return (NFE_V9_HDR);
	default:
		return (NFE_IPFIX_HDR);
	}
}

static int
opts_valid(const struct nf_encoder_opts *o)
{
	size_t	min;

	if (o->version != 1 && o->version != 5 && o->version != 9 &&
	    o->version != 10)
		return (0);
	if (o->queue_flows < 1 || o->queue_flows > NFE_MAX_QUEUE)
		return (0);
	if (o->max_datagram > NF_ENC_MAX_DATAGRAM)
		return (0);
	if (o->sampling_algorithm != NF_ENC_SAMPLE_DETERMINISTIC &&
	    o->sampling_algorithm != NF_ENC_SAMPLE_RANDOM)
		return (0);
	if (o->boot_time.tv_usec < 0 || o->boot_time.tv_usec >= 1000000)
		return (0);
	if (o->version == 1 || o->version == 5) {
		min = hdr_len(o->version) + NFE_V1_V5_REC;
		/* v5 has 14 bits for the interval: refuse, never wrap. */
		if (o->version == 5 && o->sampling_interval > 0x3fff)
			return (0);
		return (o->max_datagram >= min);
	}
	if (o->templates == 0 ||
	    (o->templates & ~(NF_ENC_TMPL_IPV4 | NF_ENC_TMPL_IPV6)) != 0)
		return (0);
	if ((o->fields & ~(NF_ENC_F_VLAN | NF_ENC_F_MAC |
	    NF_ENC_F_ROUTING | NF_ENC_F_NAT)) != 0)
		return (0);
	if (o->counter_bytes != 4 && o->counter_bytes != 8)
		return (0);
	/* softflowd's templates have no NAT fields to carry them. */
	if (o->layout == NF_ENC_LAYOUT_SOFTFLOWD)
		return ((o->fields & NF_ENC_F_NAT) == 0 &&
		    o->ipfix_times >= NF_ENC_TIME_MILLI &&
		    o->ipfix_times <= NF_ENC_TIME_NANO &&
		    o->mpls_labels <= NF_ENC_MAX_MPLS &&
		    (!o->biflow || o->version == 10));
	if (o->layout != NF_ENC_LAYOUT_FLOWD || o->biflow ||
	    o->mpls_labels != 0)
		return (0);
	if (o->ipfix_times != NF_ENC_TIME_MILLI &&
	    o->ipfix_times != NF_ENC_TIME_UPTIME)
		return (0);
	return (1);
}

struct nf_encoder *
nf_encoder_new(const struct nf_encoder_opts *o)
{
	struct nf_encoder	*e;
	size_t			 hdr;

	if (o == NULL || !opts_valid(o)) {
		errno = EINVAL;
		return (NULL);
	}
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return (NULL);
	e->opts = *o;
	e->boot_set = o->boot_time.tv_sec != 0 || o->boot_time.tv_usec != 0;
	e->qcap = o->queue_flows;
	if ((e->q = calloc(e->qcap, sizeof(*e->q))) == NULL ||
	    (e->qslot = calloc(e->qcap, 1)) == NULL ||
	    (o->layout == NF_ENC_LAYOUT_SOFTFLOWD &&
	    (e->qx = calloc(e->qcap, sizeof(*e->qx))) == NULL)) {
		nf_encoder_free(e);
		errno = ENOMEM;
		return (NULL);
	}
	if (o->version == 9 || o->version == 10) {
		hdr = hdr_len(o->version);
		nfe_tmpl_setup(e);
		/*
		 * The templates must fit one datagram beside the header, and
		 * so must one record of the longest template, or a flow
		 * could be queued that no datagram can carry.  When every
		 * datagram carries the templates (refresh 1), they and that
		 * record must fit together, or no datagram would ever carry
		 * data and the queue would never drain.
		 */
		if (nfe_tmpl_render(e) == -1 ||
		    hdr + e->block_len > o->max_datagram ||
		    hdr + NFE_SET_HDR + e->maxrec > o->max_datagram ||
		    (o->template_refresh_packets == 1 && hdr + e->block_len +
		    NFE_SET_HDR + e->maxrec > o->max_datagram)) {
			nf_encoder_free(e);
			errno = EINVAL;
			return (NULL);
		}
	}
	return (e);
}

void
nf_encoder_free(struct nf_encoder *e)
{
	if (e == NULL)
		return;
	free(e->q);
	free(e->qx);
	free(e->qslot);
	free(e);
}

static void
boot_from(struct nf_encoder *e, const struct timeval *now)
{
	if (e->boot_set)
		return;
	e->opts.boot_time = *now;
	e->boot_set = 1;
	if (e->opts.version == 9 || e->opts.version == 10)
		(void)nfe_tmpl_render(e);
}

void
nf_encoder_set_boot(struct nf_encoder *e, const struct timeval *boot)
{
	e->opts.boot_time = *boot;
	e->boot_set = 1;
	if (e->opts.version == 9 || e->opts.version == 10) {
		(void)nfe_tmpl_render(e);
		/* Collectors must learn the new origin before new times. */
		e->tmpl_force = 1;
	}
}

/* 4, 6, or 0 when the flow's addresses give no single family. */
static int
flow_family(const struct flow *f)
{
	int	has4, has6;

	has4 = (f->fields & (FLOW_SRC_ADDR4 | FLOW_DST_ADDR4)) != 0;
	has6 = (f->fields & (FLOW_SRC_ADDR6 | FLOW_DST_ADDR6)) != 0;
	if (has4 && !has6)
		return (4);
	if (has6 && !has4)
		return (6);
	return (0);
}

int
nfe_is_icmp(const struct flow *f, int af)
{
	if ((f->fields & FLOW_PROTO_FLAGS_TOS) == 0)
		return (0);
	return (af == 6 ? f->protocol == IPPROTO_ICMPV6 :
	    f->protocol == IPPROTO_ICMP);
}

/*
 * ICMP type and code as NetFlow carries them (type << 8 | code), from
 * the flow info group, else from the destination port where trackers
 * traditionally keep them.
 */
uint16_t
nfe_icmp_typecode(const struct flow *f)
{
	if (f->fields & FLOW_FLOW_INFO)
		return ((uint16_t)(f->icmp_type << 8 | f->icmp_code));
	if (f->fields & FLOW_SRCDST_PORT)
		return (f->dst_port);
	return (0);
}

int
nf_encoder_add(struct nf_encoder *e, const struct flow *f,
    const struct timeval *now)
{
	return (nf_encoder_add_extra(e, f, NULL, now));
}

int
nf_encoder_add_extra(struct nf_encoder *e, const struct flow *f,
    const struct nf_enc_extra *x, const struct timeval *now)
{
	size_t	tail;
	int	af, slot = 0;

	boot_from(e, now);
	af = flow_family(f);
	if (af == 0 || ((e->opts.version == 1 || e->opts.version == 5) &&
	    af != 4)) {
		e->st.flows_unsupported++;
		errno = EAFNOSUPPORT;
		return (-1);
	}
	if (e->opts.version == 9 || e->opts.version == 10) {
		slot = (af == 6 ? NFE_SLOT_IPV6 : 0) |
		    (nfe_is_icmp(f, af) ? NFE_SLOT_ICMP : 0);
		if (!e->tmpl_on[slot]) {
			e->st.flows_unsupported++;
			errno = EAFNOSUPPORT;
			return (-1);
		}
		/* Without NF_ENC_F_NAT the NAT group is left out. */
		if ((f->fields & FLOW_NAT) && e->tmpl_on[slot | NFE_SLOT_NAT])
			slot |= NFE_SLOT_NAT;
	}
	if (e->qlen == e->qcap) {
		e->st.flows_queue_full++;
		errno = ENOBUFS;
		return (-1);
	}
	tail = (e->qhead + e->qlen) % e->qcap;
	e->q[tail] = *f;
	if (e->qx != NULL) {
		if (x != NULL)
			e->qx[tail] = *x;
		else
			memset(&e->qx[tail], 0, sizeof(e->qx[tail]));
	}
	e->qslot[tail] = slot;
	e->qlen++;
	e->qbytes += (e->opts.version == 1 || e->opts.version == 5) ?
	    NFE_V1_V5_REC : e->tmpl[slot].reclen;
	e->st.flows_added++;
	return (0);
}

void
nfe_clock(const struct nf_encoder *e, const struct timeval *now,
    struct nfe_clock *c)
{
	c->now_ms = (int64_t)now->tv_sec * 1000 + now->tv_usec / 1000;
	c->boot_ms = (int64_t)e->opts.boot_time.tv_sec * 1000 +
	    e->opts.boot_time.tv_usec / 1000;
	c->uptime = (uint32_t)(c->now_ms - c->boot_ms);
}

static int64_t
abs_ms(uint32_t sec, uint32_t nsec)
{
	return ((int64_t)sec * 1000 + nsec / 1000000);
}

/*
 * sysUptime at the first/last packet: the exporter's own value when the
 * flow has one, else derived from the absolute time.
 */
uint32_t
nfe_uptime_start(const struct flow *f, const struct nfe_clock *c)
{
	if (f->fields & FLOW_FLOW_TIMES)
		return (f->flow_start);
	if (f->fields & FLOW_ABS_TIMES)
		return ((uint32_t)(abs_ms(f->start_sec, f->start_nsec) -
		    c->boot_ms));
	return (0);
}

uint32_t
nfe_uptime_end(const struct flow *f, const struct nfe_clock *c)
{
	if (f->fields & FLOW_FLOW_TIMES)
		return (f->flow_finish);
	if (f->fields & FLOW_ABS_TIMES)
		return ((uint32_t)(abs_ms(f->end_sec, f->end_nsec) -
		    c->boot_ms));
	return (0);
}

/*
 * Bytes 0-35 of a v1 or v5 record, which the two lay out alike (the
 * rest of p is zeroed): addresses, interfaces, counters, times, ports.
 */
void
nfe_v1_v5_head(struct nf_encoder *e, uint8_t *p, const struct flow *f,
    const struct nfe_clock *c)
{
	uint32_t	fl = f->fields;

	memset(p, 0, NFE_V1_V5_REC);
	if (fl & FLOW_SRC_ADDR4)
		memcpy(p, &f->src.v4, 4);
	if (fl & FLOW_DST_ADDR4)
		memcpy(p + 4, &f->dst.v4, 4);
	if (fl & FLOW_GATEWAY_ADDR4)
		memcpy(p + 8, &f->gateway.v4, 4);
	if (fl & FLOW_IF_INDICES) {
		nfe_put16(p + 12, nfe_narrow(e, f->if_in, 0xffff));
		nfe_put16(p + 14, nfe_narrow(e, f->if_out, 0xffff));
	}
	if (fl & FLOW_PACKETS)
		nfe_put32(p + 16, nfe_narrow(e, f->packets, UINT32_MAX));
	if (fl & FLOW_OCTETS)
		nfe_put32(p + 20, nfe_narrow(e, f->octets, UINT32_MAX));
	nfe_put32(p + 24, nfe_uptime_start(f, c));
	nfe_put32(p + 28, nfe_uptime_end(f, c));
	if (fl & FLOW_SRCDST_PORT)
		nfe_put16(p + 32, f->src_port);
	/* Neither has an ICMP field: type and code travel in dstport. */
	if (nfe_is_icmp(f, 4))
		nfe_put16(p + 34, nfe_icmp_typecode(f));
	else if (fl & FLOW_SRCDST_PORT)
		nfe_put16(p + 34, f->dst_port);
}

/*
 * Milliseconds since the epoch.  From sysUptime the age relative to now
 * is used, so an uptime that wrapped past 2^32 still lands right.
 */
int64_t
nfe_abs_start(const struct flow *f, const struct nfe_clock *c)
{
	if (f->fields & FLOW_ABS_TIMES)
		return (abs_ms(f->start_sec, f->start_nsec));
	if (f->fields & FLOW_FLOW_TIMES)
		return (c->now_ms - (uint32_t)(c->uptime - f->flow_start));
	return (0);
}

int64_t
nfe_abs_end(const struct flow *f, const struct nfe_clock *c)
{
	if (f->fields & FLOW_ABS_TIMES)
		return (abs_ms(f->end_sec, f->end_nsec));
	if (f->fields & FLOW_FLOW_TIMES)
		return (c->now_ms - (uint32_t)(c->uptime - f->flow_finish));
	return (0);
}

/* Saturate a value to a field's maximum, counting each time it must. */
uint32_t
nfe_narrow(struct nf_encoder *e, uint64_t v, uint64_t max)
{
	if (v > max) {
		e->st.values_narrowed++;
		return ((uint32_t)max);
	}
	return ((uint32_t)v);
}

size_t
nf_encoder_next(struct nf_encoder *e, uint8_t *buf, size_t bufsize,
    const struct timeval *now)
{
	struct nfe_clock	c;
	size_t			limit, len;

	boot_from(e, now);
	nfe_clock(e, now, &c);
	limit = bufsize < e->opts.max_datagram ? bufsize :
	    e->opts.max_datagram;
	switch (e->opts.version) {
	case 1:
		len = nfe_v1_next(e, buf, limit, &c, now);
		break;
	case 5:
		len = nfe_v5_next(e, buf, limit, &c, now);
		break;
	case 9:
		len = nfe_v9_next(e, buf, limit, &c, now);
		break;
	default:
		len = nfe_ipfix_next(e, buf, limit, &c, now);
		break;
	}
	if (len > 0) {
		e->st.datagrams++;
		e->st.octets += len;
	}
	return (len);
}

size_t
nf_encoder_max_records(const struct nf_encoder *e)
{
	size_t	n, hdr = hdr_len(e->opts.version);

	switch (e->opts.version) {
	case 1:
		n = (e->opts.max_datagram - hdr) / NFE_V1_V5_REC;
		return (n < NFE_V1_MAXREC ? n : NFE_V1_MAXREC);
	case 5:
		n = (e->opts.max_datagram - hdr) / NFE_V1_V5_REC;
		return (n < NFE_V5_MAXREC ? n : NFE_V5_MAXREC);
	default:
		return ((e->opts.max_datagram - hdr - NFE_SET_HDR) /
		    e->maxrec);
	}
}

/*
 * Ready when the queue is full or holds more than one datagram can
 * carry (in one set), so the next datagram leaves full.
 */
int
nf_encoder_ready(const struct nf_encoder *e)
{
	if (e->qlen == e->qcap)
		return (1);
	if (e->opts.version == 1 || e->opts.version == 5)
		return (e->qlen >= nf_encoder_max_records(e));
	return (hdr_len(e->opts.version) + NFE_SET_HDR + e->qbytes >=
	    e->opts.max_datagram);
}

size_t
nf_encoder_pending(const struct nf_encoder *e)
{
	return (e->qlen);
}

void
nf_encoder_send_templates(struct nf_encoder *e)
{
	if (e->opts.version == 9 || e->opts.version == 10)
		e->tmpl_force = 1;
}

const struct nf_encoder_stats *
nf_encoder_stats(const struct nf_encoder *e)
{
	return (&e->st);
}
