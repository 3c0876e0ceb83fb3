/*
 * nf_enc_tmpl.c: the templates v9 and IPFIX share, their rendering into
 * template/options sets, the data records and the data sets.
 *
 * Template ids and field order are softflowd's, so a collector set up
 * for softflowd reads us unchanged; optional groups are appended.
 * Every set that another set follows is padded to 4 bytes (softflowd
 * leaves sets after its 29-byte options data unaligned); the last set
 * of a datagram is not, so records pack right up to the size limit.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>

#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "nf_enc_local.h"

/* v9 options scope type "interface" (RFC 3954 section 6.1). */
#define V9_SCOPE_INTERFACE	2

static void
add(struct nfe_template *t, uint16_t ie, uint16_t len)
{
	t->f[t->nfields].ie = ie;
	t->f[t->nfields].len = len;
	t->nfields++;
	t->reclen += len;
}

static void
build(const struct nf_encoder *e, struct nfe_template *t, int slot)
{
	const struct nf_encoder_opts	*o = &e->opts;
	uint16_t			 cb = (uint16_t)o->counter_bytes;
	int				 is6 = (slot & NFE_SLOT_IPV6) != 0;
	int				 icmp = (slot & NFE_SLOT_ICMP) != 0;

	memset(t, 0, sizeof(*t));
	t->id = is6 ? (icmp ? NFE_ID_ICMPV6 : NFE_ID_IPV6) :
	    (icmp ? NFE_ID_ICMPV4 : NFE_ID_IPV4);
	if (slot & NFE_SLOT_NAT)
		t->id += NFE_ID_NAT_OFFSET;
	if (o->layout == NF_ENC_LAYOUT_SOFTFLOWD) {
		nfe_sf_build(e, t, is6, icmp);
		return;
	}
	if (is6) {
		add(t, 27, 16);
		add(t, 28, 16);
	} else {
		add(t, 8, 4);
		add(t, 12, 4);
	}
	/* softflowd's order: first switched (22) before last (21). */
	if (o->version == 10 && o->ipfix_times == NF_ENC_TIME_MILLI) {
		add(t, 152, 8);
		add(t, 153, 8);
	} else {
		add(t, 22, 4);
		add(t, 21, 4);
	}
	add(t, 1, cb);
	add(t, 2, cb);
	add(t, 10, 4);
	add(t, 14, 4);
	add(t, 61, 1);
	add(t, 136, 1);
	if (icmp)
		add(t, is6 ? 139 : 32, 2);
	else {
		add(t, 7, 2);
		add(t, 11, 2);
	}
	add(t, 4, 1);
	if (!icmp)
		add(t, 6, 1);
	add(t, 60, 1);
	add(t, 5, 1);
	if (o->fields & NF_ENC_F_VLAN) {
		add(t, 58, 2);
		add(t, 59, 2);
	}
	if (o->fields & NF_ENC_F_MAC) {
		add(t, 56, 6);
		add(t, 80, 6);
	}
	if (o->fields & NF_ENC_F_ROUTING) {
		add(t, is6 ? 62 : 15, is6 ? 16 : 4);
		add(t, 16, 4);
		add(t, 17, 4);
		add(t, is6 ? 29 : 9, 1);
		add(t, is6 ? 30 : 13, 1);
	}
	if (slot & NFE_SLOT_NAT) {
		/* Both families: NAT64 maps one onto the other. */
		add(t, 225, 4);
		add(t, 226, 4);
		add(t, 281, 16);
		add(t, 282, 16);
		add(t, 227, 2);
		add(t, 228, 2);
	}
}

void
nfe_tmpl_setup(struct nf_encoder *e)
{
	struct nfe_template	*t = &e->otmpl;
	int			 slot;

	e->maxrec = 0;
	for (slot = 0; slot < NFE_MAX_TEMPLATES; slot++) {
		build(e, &e->tmpl[slot], slot);
		e->tmpl_on[slot] = (e->opts.templates &
		    ((slot & NFE_SLOT_IPV6) ? NF_ENC_TMPL_IPV6 :
		    NF_ENC_TMPL_IPV4)) != 0;
		if ((slot & NFE_SLOT_NAT) &&
		    (e->opts.fields & NF_ENC_F_NAT) == 0)
			e->tmpl_on[slot] = 0;
		if (e->tmpl_on[slot] && e->tmpl[slot].reclen > e->maxrec)
			e->maxrec = e->tmpl[slot].reclen;
	}
	memset(t, 0, sizeof(*t));
	t->id = NFE_ID_OPTIONS;
	t->nscope = 1;
	if (e->opts.layout == NF_ENC_LAYOUT_SOFTFLOWD)
		nfe_sf_options(e, t);
	else if (e->opts.version == 9) {
		add(t, V9_SCOPE_INTERFACE, 4);
		add(t, 34, 4);
		add(t, 35, 1);
		add(t, 82, 16);
	} else {
		/* softflowd's set less 403/404, plus 34/35 for old readers */
		add(t, 143, 4);
		add(t, 160, 8);
		add(t, 305, 4);
		add(t, 306, 4);
		add(t, 304, 2);
		add(t, 82, 16);
		add(t, 130, 4);
		add(t, 131, 16);
		add(t, 34, 4);
		add(t, 35, 1);
	}
}

static uint8_t *
pad4(uint8_t *set, uint8_t *p)
{
	while ((p - set) & 3)
		*p++ = 0;
	nfe_put16(set + 2, (uint16_t)(p - set));
	return (p);
}

static uint8_t *
options_record(const struct nf_encoder *e, uint8_t *p)
{
	const struct nf_encoder_opts	*o = &e->opts;
	const struct nfe_template	*t = &e->otmpl;
	uint32_t			 n;
	int64_t				 boot;
	u_int				 i;

	n = o->sampling_interval > 1 ? o->sampling_interval : 1;
	for (i = 0; i < t->nfields; i++) {
		switch (t->f[i].ie) {
		case V9_SCOPE_INTERFACE:	/* v9 scope */
			p = nfe_put32(p, o->if_index);
			break;
		case 143:	/* meteringProcessId */
			p = nfe_put32(p, o->source_id);
			break;
		case 160:	/* systemInitTimeMilliseconds */
			boot = (int64_t)o->boot_time.tv_sec * 1000 +
			    o->boot_time.tv_usec / 1000;
			p = nfe_put64(p, (uint64_t)boot);
			break;
		case 305:	/* samplingPacketInterval: take 1 ... */
			p = nfe_put32(p, 1);
			break;
		case 306:	/* ... then skip N - 1 */
			p = nfe_put32(p, n - 1);
			break;
		case 304:	/* selectorAlgorithm: 1 systematic, 3 random */
			p = nfe_put16(p, o->sampling_algorithm ==
			    NF_ENC_SAMPLE_RANDOM ? 3 : 1);
			break;
		case 82:
			memcpy(p, o->if_name, 16);
			p += 16;
			break;
		case 130:
			memset(p, 0, 4);
			if (o->exporter.af == AF_INET)
				memcpy(p, &o->exporter.v4, 4);
			p += 4;
			break;
		case 131:
			memset(p, 0, 16);
			if (o->exporter.af == AF_INET6)
				memcpy(p, &o->exporter.v6, 16);
			p += 16;
			break;
		case 34:
			p = nfe_put32(p, n);
			break;
		case 35:
			*p++ = (uint8_t)o->sampling_algorithm;
			break;
		}
	}
	return (p);
}

/*
 * Render the template sets, the options template and the options data
 * once, so a refresh is a copy.  -1 when they outgrow the block.
 */
int
nfe_tmpl_render(struct nf_encoder *e)
{
	const struct nfe_template	*t;
	uint8_t				*p = e->block, *set;
	int				 v9 = e->opts.version == 9, slot;
	u_int				 i, n = 0;

	/* 8 templates of enterprise fields only and the options fit. */
	if (sizeof(e->block) < NFE_MAX_TEMPLATES * (8 + 8 * NFE_MAX_FIELDS) +
	    2 * (10 + 4 * NFE_MAX_FIELDS) + 256)
		return (-1);
	for (slot = 0; slot < NFE_MAX_TEMPLATES; slot++) {
		if (!e->tmpl_on[slot])
			continue;
		/* One template a set, as softflowd sends them. */
		t = &e->tmpl[slot];
		set = p;
		p = nfe_put16(p, v9 ? 0 : 2);
		p += 2;
		p = nfe_put16(p, t->id);
		p = nfe_put16(p, t->nfields);
		for (i = 0; i < t->nfields; i++) {
			if (t->f[i].pen != 0 && !v9) {
				/* RFC 7011 3.2: enterprise bit and number */
				p = nfe_put16(p, t->f[i].ie | 0x8000);
				p = nfe_put16(p, t->f[i].len);
				p = nfe_put32(p, t->f[i].pen);
				continue;
			}
			p = nfe_put16(p, t->f[i].ie);
			p = nfe_put16(p, t->f[i].len);
		}
		p = pad4(set, p);
		n++;
	}
	t = &e->otmpl;
	set = p;
	p = nfe_put16(p, v9 ? 1 : 3);
	p += 2;
	p = nfe_put16(p, t->id);
	if (v9) {
		/* v9 gives scope and option lengths in bytes */
		p = nfe_put16(p, t->nscope * 4);
		p = nfe_put16(p, (t->nfields - t->nscope) * 4);
	} else {
		p = nfe_put16(p, t->nfields);
		p = nfe_put16(p, t->nscope);
	}
	for (i = 0; i < t->nfields; i++) {
		p = nfe_put16(p, t->f[i].ie);
		p = nfe_put16(p, t->f[i].len);
	}
	p = pad4(set, p);
	set = p;
	p = nfe_put16(p, t->id);
	p += 2;
	p = options_record(e, p);
	p = pad4(set, p);
	e->block_len = (size_t)(p - e->block);
	e->block_records = n + 2;
	e->block_data = 1;
	return (0);
}

static uint8_t *
putaddr(uint8_t *p, const struct flow *f, uint32_t bit,
    const struct xaddr *a, uint16_t len)
{
	if (f->fields & bit)
		memcpy(p, a->addr8, len);
	else
		memset(p, 0, len);
	return (p + len);
}

/* A post-NAT address of family af, or zeros (not translated). */
static uint8_t *
putnat(uint8_t *p, const struct flow *f, const struct xaddr *a, int af,
    uint16_t len)
{
	if ((f->fields & FLOW_NAT) && a->af == af)
		memcpy(p, a->addr8, len);
	else
		memset(p, 0, len);
	return (p + len);
}

static uint8_t *
putmac(uint8_t *p, const struct flow *f, const uint8_t *mac)
{
	if (f->fields & FLOW_MAC_ADDRS)
		memcpy(p, mac, 6);
	else
		memset(p, 0, 6);
	return (p + 6);
}

#define HAS(bit, v)	((fl & (bit)) ? (uint64_t)(v) : 0)

uint8_t *
nfe_tmpl_record(struct nf_encoder *e, uint8_t *p,
    const struct nfe_template *t, const struct flow *f,
    const struct nfe_clock *c)
{
	const struct nfe_field	*fd;
	uint32_t		 fl = f->fields;
	u_int			 i;
	int64_t			 ms;

	for (i = 0; i < t->nfields; i++) {
		fd = &t->f[i];
		if (fd->pen != 0) {
			p = nfe_sf_field(e, p, fd, f, c);
			continue;
		}
		switch (fd->ie) {
		case 8:
			p = putaddr(p, f, FLOW_SRC_ADDR4, &f->src, 4);
			break;
		case 12:
			p = putaddr(p, f, FLOW_DST_ADDR4, &f->dst, 4);
			break;
		case 15:
			p = putaddr(p, f, FLOW_GATEWAY_ADDR4, &f->gateway, 4);
			break;
		case 27:
			p = putaddr(p, f, FLOW_SRC_ADDR6, &f->src, 16);
			break;
		case 28:
			p = putaddr(p, f, FLOW_DST_ADDR6, &f->dst, 16);
			break;
		case 62:
			p = putaddr(p, f, FLOW_GATEWAY_ADDR6, &f->gateway, 16);
			break;
		case 22:
			p = nfe_put32(p, nfe_uptime_start(f, c));
			break;
		case 21:
			p = nfe_put32(p, nfe_uptime_end(f, c));
			break;
		case 152:
			ms = nfe_abs_start(f, c);
			p = nfe_put64(p, ms < 0 ? 0 : (uint64_t)ms);
			break;
		case 153:
			ms = nfe_abs_end(f, c);
			p = nfe_put64(p, ms < 0 ? 0 : (uint64_t)ms);
			break;
		case 1:
			p = nfe_putn(e, p, fd->len, HAS(FLOW_OCTETS, f->octets));
			break;
		case 2:
			p = nfe_putn(e, p, fd->len, HAS(FLOW_PACKETS, f->packets));
			break;
		case 10:
			p = nfe_put32(p, (uint32_t)HAS(FLOW_IF_INDICES,
			    f->if_in));
			break;
		case 14:
			p = nfe_put32(p, (uint32_t)HAS(FLOW_IF_INDICES,
			    f->if_out));
			break;
		case 61:
			*p++ = (uint8_t)HAS(FLOW_FLOW_INFO, f->direction);
			break;
		case 136:
			*p++ = (uint8_t)HAS(FLOW_FLOW_INFO, f->end_reason);
			break;
		case 7:
			p = nfe_put16(p, (uint16_t)HAS(FLOW_SRCDST_PORT,
			    f->src_port));
			break;
		case 11:
			p = nfe_put16(p, (uint16_t)HAS(FLOW_SRCDST_PORT,
			    f->dst_port));
			break;
		case 32:
		case 139:
			p = nfe_put16(p, nfe_icmp_typecode(f));
			break;
		case 4:
			*p++ = (uint8_t)HAS(FLOW_PROTO_FLAGS_TOS, f->protocol);
			break;
		case 6:
			*p++ = (uint8_t)HAS(FLOW_PROTO_FLAGS_TOS, f->tcp_flags);
			break;
		case 5:
			*p++ = (uint8_t)HAS(FLOW_PROTO_FLAGS_TOS, f->tos);
			break;
		case 60:
			*p++ = t->id >= NFE_ID_IPV6 ? 6 : 4;
			break;
		case 58:
			p = nfe_put16(p, (uint16_t)HAS(FLOW_VLANS,
			    f->src_vlan));
			break;
		case 59:
			p = nfe_put16(p, (uint16_t)HAS(FLOW_VLANS,
			    f->dst_vlan));
			break;
		case 56:
			p = putmac(p, f, f->src_mac);
			break;
		case 80:
			p = putmac(p, f, f->dst_mac);
			break;
		case 16:
			p = nfe_put32(p, (uint32_t)HAS(FLOW_AS_INFO,
			    f->src_as));
			break;
		case 17:
			p = nfe_put32(p, (uint32_t)HAS(FLOW_AS_INFO,
			    f->dst_as));
			break;
		case 9:
		case 29:
			*p++ = (uint8_t)HAS(FLOW_AS_INFO, f->src_mask);
			break;
		case 13:
		case 30:
			*p++ = (uint8_t)HAS(FLOW_AS_INFO, f->dst_mask);
			break;
		case 225:
			p = putnat(p, f, &f->nat_src, AF_INET, 4);
			break;
		case 226:
			p = putnat(p, f, &f->nat_dst, AF_INET, 4);
			break;
		case 281:
			p = putnat(p, f, &f->nat_src, AF_INET6, 16);
			break;
		case 282:
			p = putnat(p, f, &f->nat_dst, AF_INET6, 16);
			break;
		case 227:
			p = nfe_put16(p, (uint16_t)HAS(FLOW_NAT,
			    f->nat_src_port));
			break;
		case 228:
			p = nfe_put16(p, (uint16_t)HAS(FLOW_NAT,
			    f->nat_dst_port));
			break;
		default:
			/* build() adds only the cases above, */
			if (e->opts.layout == NF_ENC_LAYOUT_SOFTFLOWD) {
				/* nfe_sf_build() a few more */
				p = nfe_sf_field(e, p, fd, f, c);
				break;
			}
			memset(p, 0, fd->len);
			p += fd->len;
			break;
		}
	}
	return (p);
}

/*
 * Fill data sets from the queue, from buf + pos up to limit; a set per
 * run of flows with the same template.  Returns the new position and
 * the number of records in *nrec.
 */
size_t
nfe_sets_fill(struct nf_encoder *e, uint8_t *buf, size_t pos, size_t limit,
    const struct nfe_clock *c, u_int *nrec)
{
	const struct nfe_template	*t;
	size_t				 setoff = 0, need, pad = 0;
	u_int				 n = 0;
	int				 cur = -1, slot;

	while (e->qlen > 0) {
		slot = e->qslot[e->qhead];
		t = &e->tmpl[slot];
		need = t->reclen;
		if (slot != cur) {
			pad = cur == -1 ? 0 : (4 - ((pos - setoff) & 3)) & 3;
			need += pad + NFE_SET_HDR;
		}
		if (pos + need > limit)
			break;
		if (slot != cur) {
			if (cur != -1) {
				memset(buf + pos, 0, pad);
				pos += pad;
				nfe_put16(buf + setoff + 2,
				    (uint16_t)(pos - setoff));
			}
			setoff = pos;
			nfe_put16(buf + pos, t->id);
			pos += NFE_SET_HDR;
			cur = slot;
		}
		e->rx = e->qx != NULL ? &e->qx[e->qhead] : NULL;
		nfe_tmpl_record(e, buf + pos, t, &e->q[e->qhead], c);
		pos += t->reclen;
		n++;
		e->qhead = (e->qhead + 1) % e->qcap;
		e->qlen--;
		e->qbytes -= t->reclen;
	}
	if (cur != -1)
		nfe_put16(buf + setoff + 2, (uint16_t)(pos - setoff));
	e->st.flows_sent += n;
	*nrec = n;
	return (pos);
}

/*
 * Templates are due in the first datagram, when asked for, by age and,
 * with data to send, by the number of datagrams since the last ones.
 */
int
nfe_tmpl_due(struct nf_encoder *e, const struct timeval *now)
{
	const struct nf_encoder_opts	*o = &e->opts;

	if (!e->tmpl_sent || e->tmpl_force)
		return (1);
	if (o->template_refresh_seconds != 0 &&
	    (now->tv_sec < e->tmpl_time ||
	    now->tv_sec - e->tmpl_time >= (time_t)o->template_refresh_seconds))
		return (1);
	if (e->qlen > 0 && o->template_refresh_packets != 0 &&
	    e->since_tmpl >= o->template_refresh_packets)
		return (1);
	return (0);
}

void
nfe_tmpl_mark(struct nf_encoder *e, int with, const struct timeval *now)
{
	if (with) {
		e->tmpl_sent = 1;
		e->tmpl_force = 0;
		e->since_tmpl = 1;
		e->tmpl_time = now->tv_sec;
		e->st.template_datagrams++;
	} else
		e->since_tmpl++;
}
