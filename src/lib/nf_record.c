/*
 * nf_record.c: template-driven records (v9 and IPFIX data sets).  Each
 * record is decoded field by field into a copy of the datagram's base
 * flow; RFC 5103 reverse fields go into a second record which, when it
 * counted any traffic, becomes a reversed flow of its own.  Options
 * records update the domain's sampling and boot time instead.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "nf_priv.h"

/* What a record said about time, to derive absolute times after. */
#define S_REL_START	0x01
#define S_REL_END	0x02
#define S_ABS_START	0x04
#define S_ABS_END	0x08
#define S_SYS_INIT	0x10
#define S_TOS		0x20
#define S_TCP_FLAGS	0x40
#define S_REL		(S_REL_START | S_REL_END)
#define S_ABS		(S_ABS_START | S_ABS_END)

#define NTP_UNIX_OFFSET	2208988800U	/* 1900-01-01 to 1970-01-01, s */

struct nf_rec {
	struct flow	f;
	struct flow	r;		/* reverse fields, if any */
	u_int		seen;
	u_int		rseen;
	uint64_t	sys_init_ms;
};

static int
is_zero(const uint8_t *p, size_t n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return (0);
	return (1);
}

/*
 * Templates often carry both IPv4 and IPv6 address fields and fill the
 * unused family with zeros; a zero address never replaces a real one
 * of the other family, and the first real one wins.
 */
static void
set_addr(struct flow *f, struct xaddr *x, uint32_t bit4, int af,
    const uint8_t *p)
{
	size_t	n = af == AF_INET ? 4 : 16;

	if (x->af != 0 && x->af != af &&
	    (is_zero(p, n) || !is_zero(x->addr8, sizeof(x->addr8))))
		return;
	memset(x, 0, sizeof(*x));
	x->af = af;
	memcpy(x->addr8, p, n);
	f->fields &= ~(bit4 | bit4 << 1);
	f->fields |= af == AF_INET ? bit4 : bit4 << 1;
}

/*
 * Post-NAT addresses: an all-zero one means "not translated" (exporters
 * that put 225 and 281 in one template zero the unused family), so it
 * never replaces a real address, and the first real one wins.  Absent
 * ones keep family 0 and zero bytes.
 */
static void
set_nat(struct flow *f, struct xaddr *x, int af, const uint8_t *p)
{
	size_t	n = af == AF_INET ? 4 : 16;

	f->fields |= FLOW_NAT;
	if (x->af != 0 && x->af != af)
		return;
	if (is_zero(p, n)) {
		/* Clear what the set's previous record left. */
		if (x->af == 0)
			memset(x->addr8, 0, sizeof(x->addr8));
		return;
	}
	memset(x, 0, sizeof(*x));
	x->af = af;
	memcpy(x->addr8, p, n);
}

static void
set_ntp(uint32_t *sec, uint32_t *nsec, const uint8_t *p)
{
	uint64_t	s = nf_get32(p), frac = nf_get32(p + 4);

	/* RFC 5905 era 1 starts in 2036: small values are past it. */
	if (s < 0x80000000U)
		s += 1ULL << 32;
	*sec = (uint32_t)(s - NTP_UNIX_OFFSET);
	*nsec = (uint32_t)((frac * 1000000000ULL) >> 32);
}

/*
 * One switch, inlined into the record loop: one jump per field.  The
 * presence bits it sets are returned (struct flow's in the low half,
 * the S_* ones in the high half) rather than or'ed into the flow: the
 * loop keeps them in a register, where an or into memory per field
 * would make every field wait for the one before it.
 */
#define SEEN(s)	((uint64_t)(s) << 32)

static inline __attribute__((__always_inline__)) uint64_t
apply(struct flow *f, uint64_t *sys_init, int op, const uint8_t *p,
    size_t len)
{
	uint64_t	v;

	switch (op) {
	/* Addresses set their own bits: which ones depends on the others. */
	case OP_SRC4:
		set_addr(f, &f->src, FLOW_SRC_ADDR4, AF_INET, p);
		return (0);
	case OP_DST4:
		set_addr(f, &f->dst, FLOW_DST_ADDR4, AF_INET, p);
		return (0);
	case OP_GW4:
		set_addr(f, &f->gateway, FLOW_GATEWAY_ADDR4, AF_INET, p);
		return (0);
	case OP_SRC6:
		set_addr(f, &f->src, FLOW_SRC_ADDR4, AF_INET6, p);
		return (0);
	case OP_DST6:
		set_addr(f, &f->dst, FLOW_DST_ADDR4, AF_INET6, p);
		return (0);
	case OP_GW6:
		set_addr(f, &f->gateway, FLOW_GATEWAY_ADDR4, AF_INET6, p);
		return (0);
	case OP_NAT_SRC4:
		set_nat(f, &f->nat_src, AF_INET, p);
		return (0);
	case OP_NAT_DST4:
		set_nat(f, &f->nat_dst, AF_INET, p);
		return (0);
	case OP_NAT_SRC6:
		set_nat(f, &f->nat_src, AF_INET6, p);
		return (0);
	case OP_NAT_DST6:
		set_nat(f, &f->nat_dst, AF_INET6, p);
		return (0);
	case OP_SRC_MAC:
		memcpy(f->src_mac, p, 6);
		return (FLOW_MAC_ADDRS);
	case OP_DST_MAC:
		memcpy(f->dst_mac, p, 6);
		return (FLOW_MAC_ADDRS);
	case OP_POST_SRC_MAC:
		memcpy(f->post_src_mac, p, 6);
		return (FLOW_MAC_ADDRS);
	case OP_POST_DST_MAC:
		memcpy(f->post_dst_mac, p, 6);
		return (FLOW_MAC_ADDRS);
	case OP_ABS_START_NTP:
		set_ntp(&f->start_sec, &f->start_nsec, p);
		return (FLOW_ABS_TIMES | SEEN(S_ABS_START));
	case OP_ABS_END_NTP:
		set_ntp(&f->end_sec, &f->end_nsec, p);
		return (FLOW_ABS_TIMES | SEEN(S_ABS_END));
	case OP_OCTETS:
		v = nf_getn(p, len);
		f->octets = v;
		return (FLOW_OCTETS);
	case OP_PACKETS:
		v = nf_getn(p, len);
		f->packets = v;
		return (FLOW_PACKETS);
	case OP_PROTO:
		v = nf_getn(p, len);
		f->protocol = v;
		return (FLOW_PROTO_FLAGS_TOS);
	case OP_TOS:
		v = nf_getn(p, len);
		f->tos = v;
		return (FLOW_PROTO_FLAGS_TOS | SEEN(S_TOS));
	case OP_TCP_FLAGS:
		v = nf_getn(p, len);
		/* IPFIX widened it to 16 bits; the low 8 are the TCP ones. */
		f->tcp_flags = v & 0xff;
		return (FLOW_PROTO_FLAGS_TOS | SEEN(S_TCP_FLAGS));
	case OP_SRC_PORT:
		v = nf_getn(p, len);
		f->src_port = v;
		return (FLOW_SRCDST_PORT);
	case OP_DST_PORT:
		v = nf_getn(p, len);
		f->dst_port = v;
		return (FLOW_SRCDST_PORT);
	case OP_SRC_MASK:
		v = nf_getn(p, len);
		f->src_mask = v;
		return (FLOW_AS_INFO);
	case OP_DST_MASK:
		v = nf_getn(p, len);
		f->dst_mask = v;
		return (FLOW_AS_INFO);
	case OP_SRC_AS:
		v = nf_getn(p, len);
		f->src_as = v;
		return (FLOW_AS_INFO);
	case OP_DST_AS:
		v = nf_getn(p, len);
		f->dst_as = v;
		return (FLOW_AS_INFO);
	case OP_IF_IN:
		v = nf_getn(p, len);
		f->if_in = v;
		return (FLOW_IF_INDICES);
	case OP_IF_OUT:
		v = nf_getn(p, len);
		f->if_out = v;
		return (FLOW_IF_INDICES);
	case OP_REL_START:
		v = nf_getn(p, len);
		f->flow_start = v;
		return (FLOW_FLOW_TIMES | SEEN(S_REL_START));
	case OP_REL_END:
		v = nf_getn(p, len);
		f->flow_finish = v;
		return (FLOW_FLOW_TIMES | SEEN(S_REL_END));
	case OP_OUT_OCTETS:
		v = nf_getn(p, len);
		f->out_octets = v;
		return (FLOW_REVERSE_COUNTERS);
	case OP_OUT_PACKETS:
		v = nf_getn(p, len);
		f->out_packets = v;
		return (FLOW_REVERSE_COUNTERS);
	case OP_FLOW_LABEL:
		v = nf_getn(p, len);
		f->flow_label = v & 0xfffff;
		return (FLOW_FLOW_INFO);
	case OP_ICMP_TC:
		v = nf_getn(p, len);
		f->icmp_type = (v >> 8) & 0xff;
		f->icmp_code = v & 0xff;
		return (FLOW_FLOW_INFO);
	case OP_ICMP_TYPE:
		v = nf_getn(p, len);
		f->icmp_type = v;
		return (FLOW_FLOW_INFO);
	case OP_ICMP_CODE:
		v = nf_getn(p, len);
		f->icmp_code = v;
		return (FLOW_FLOW_INFO);
	case OP_IP_VERSION:
		v = nf_getn(p, len);
		f->ip_version = v;
		return (FLOW_FLOW_INFO);
	case OP_DIRECTION:
		v = nf_getn(p, len);
		f->direction = v;
		return (FLOW_FLOW_INFO);
	case OP_END_REASON:
		v = nf_getn(p, len);
		f->end_reason = v;
		return (FLOW_FLOW_INFO);
	case OP_SAMP_INTERVAL:
		v = nf_getn(p, len);
		f->sampling_interval = v;
		return (FLOW_SAMPLING);
	case OP_SAMP_ALGO:
		v = nf_getn(p, len);
		f->sampling_algorithm = v;
		return (FLOW_SAMPLING);
	case OP_ENGINE_TYPE:
		v = nf_getn(p, len);
		f->engine_type = v;
		return (FLOW_FLOW_ENGINE_INFO);
	case OP_ENGINE_ID:
		v = nf_getn(p, len);
		f->engine_id = v;
		return (FLOW_FLOW_ENGINE_INFO);
	case OP_SRC_VLAN:
		v = nf_getn(p, len);
		f->src_vlan = v;
		return (FLOW_VLANS);
	case OP_DST_VLAN:
		v = nf_getn(p, len);
		f->dst_vlan = v;
		return (FLOW_VLANS);
	case OP_ABS_START_S:
		v = nf_getn(p, len);
		f->start_sec = v;
		f->start_nsec = 0;
		return (FLOW_ABS_TIMES | SEEN(S_ABS_START));
	case OP_ABS_END_S:
		v = nf_getn(p, len);
		f->end_sec = v;
		f->end_nsec = 0;
		return (FLOW_ABS_TIMES | SEEN(S_ABS_END));
	case OP_ABS_START_MS:
		v = nf_getn(p, len);
		f->start_sec = v / 1000;
		f->start_nsec = (v % 1000) * 1000000;
		return (FLOW_ABS_TIMES | SEEN(S_ABS_START));
	case OP_ABS_END_MS:
		v = nf_getn(p, len);
		f->end_sec = v / 1000;
		f->end_nsec = (v % 1000) * 1000000;
		return (FLOW_ABS_TIMES | SEEN(S_ABS_END));
	case OP_SYS_INIT_MS:
		v = nf_getn(p, len);
		*sys_init = v;
		return (SEEN(S_SYS_INIT));
	case OP_NAT_SRC_PORT:
		v = nf_getn(p, len);
		f->nat_src_port = v;
		return (FLOW_NAT);
	case OP_NAT_DST_PORT:
		v = nf_getn(p, len);
		f->nat_dst_port = v;
		return (FLOW_NAT);
	case OP_SKIP:
		break;
	}
	return (0);
}

/*
 * sysUptime-relative times (IE 21/22) made absolute: from the record's
 * or the domain's systemInitTimeMilliseconds, else (v9) the header's
 * uptime and export time.  Absolute IEs, when present, win.
 */
static void
derive(const struct nf_ctx *ctx, struct flow *f, u_int seen,
    uint64_t sys_init)
{
	uint64_t	ms;
	int		have_init = 0;

	if ((seen & S_REL) == 0 || (seen & S_ABS) != 0)
		return;
	if (seen & S_SYS_INIT)
		have_init = 1;
	else if (ctx->dom != NULL && ctx->dom->init_valid) {
		sys_init = ctx->dom->sys_init_ms;
		have_init = 1;
	} else if (ctx->base.netflow_version != 9)
		return;
	if (seen & S_REL_START) {
		ms = have_init ? sys_init + f->flow_start : ctx->export_ms -
		    (uint32_t)(f->sys_uptime_ms - f->flow_start);
		f->start_sec = ms / 1000;
		f->start_nsec = (ms % 1000) * 1000000;
	}
	if (seen & S_REL_END) {
		ms = have_init ? sys_init + f->flow_finish : ctx->export_ms -
		    (uint32_t)(f->sys_uptime_ms - f->flow_finish);
		f->end_sec = ms / 1000;
		f->end_nsec = (ms % 1000) * 1000000;
	}
	f->fields |= FLOW_ABS_TIMES;
}

#define SWAP(a, b) do {							\
	__typeof__(a) tmp_ = (a);					\
	(a) = (b);							\
	(b) = tmp_;							\
} while (0)

/* RFC 5103: the reverse direction of a biflow as a flow of its own. */
static void
emit_reverse(struct nf_ctx *ctx, struct nf_rec *rc)
{
	struct flow	 o = rc->f;
	const struct flow *r = &rc->r;
	uint32_t	 s, d;
	uint8_t		 mac[6];

	SWAP(o.src, o.dst);
	s = o.fields & FLOW_SRC_ADDR;
	d = o.fields & FLOW_DST_ADDR;
	o.fields = (o.fields & ~FLOW_SRCDST_ADDR) | s << 2 | d >> 2;
	SWAP(o.src_port, o.dst_port);
	SWAP(o.if_in, o.if_out);
	SWAP(o.src_as, o.dst_as);
	SWAP(o.src_mask, o.dst_mask);
	SWAP(o.src_vlan, o.dst_vlan);
	memcpy(mac, o.src_mac, 6);
	memcpy(o.src_mac, o.dst_mac, 6);
	memcpy(o.dst_mac, mac, 6);
	memcpy(mac, o.post_src_mac, 6);
	memcpy(o.post_src_mac, o.post_dst_mac, 6);
	memcpy(o.post_dst_mac, mac, 6);
	/*
	 * The translation seen from the other side: the reverse flow's
	 * destination is the forward source, whose binding was nat_src.
	 */
	SWAP(o.nat_src, o.nat_dst);
	SWAP(o.nat_src_port, o.nat_dst_port);

	o.packets = r->packets;
	o.octets = r->octets;
	o.fields |= FLOW_PACKETS | FLOW_OCTETS;
	o.fields &= ~FLOW_REVERSE_COUNTERS;
	o.out_packets = o.out_octets = 0;
	/* A reverse field absent from the template keeps the forward one. */
	if (rc->rseen & S_TCP_FLAGS)
		o.tcp_flags = r->tcp_flags;
	if (rc->rseen & S_TOS)
		o.tos = r->tos;
	if (rc->rseen & S_REL_START)
		o.flow_start = r->flow_start;
	if (rc->rseen & S_REL_END)
		o.flow_finish = r->flow_finish;
	if (rc->rseen & S_REL)
		o.fields |= FLOW_FLOW_TIMES;
	if (rc->rseen & S_ABS_START) {
		o.start_sec = r->start_sec;
		o.start_nsec = r->start_nsec;
	}
	if (rc->rseen & S_ABS_END) {
		o.end_sec = r->end_sec;
		o.end_nsec = r->end_nsec;
	}
	if (rc->rseen & S_ABS)
		o.fields |= FLOW_ABS_TIMES;
	else if (rc->rseen & S_REL)
		derive(ctx, &o, rc->rseen | (rc->seen & ~S_ABS),
		    rc->sys_init_ms);
	nf_emit(ctx, &o, 1);
}

static void
finish(struct nf_ctx *ctx, const struct nf_template *t, struct nf_rec *rc)
{
	struct nf_domain	*dom = ctx->dom;
	struct flow		*f = &rc->f;

	ctx->nrecords++;
	if (t->kind == NF_TK_OPTIONS) {
		NF_COUNT(ctx, options_records, 1);
		if ((f->fields & FLOW_SAMPLING) && f->sampling_interval != 0) {
			dom->samp_valid = 1;
			dom->samp_interval = f->sampling_interval;
			dom->samp_algo = f->sampling_algorithm;
		}
		if (rc->seen & S_SYS_INIT) {
			dom->init_valid = 1;
			dom->sys_init_ms = rc->sys_init_ms;
		}
		return;
	}
	if (!(f->fields & FLOW_SAMPLING) && dom->samp_valid) {
		f->sampling_interval = dom->samp_interval;
		f->sampling_algorithm = dom->samp_algo;
		f->fields |= FLOW_SAMPLING;
	}
	derive(ctx, f, rc->seen, rc->sys_init_ms);
	nf_emit(ctx, f, 0);
	if (t->has_rev && (rc->r.fields & (FLOW_PACKETS | FLOW_OCTETS)) &&
	    (rc->r.packets != 0 || rc->r.octets != 0))
		emit_reverse(ctx, rc);
}

/*
 * Decode the records of one data set.  Bytes after the last whole
 * record (fewer than the shortest record) are padding.  Every record
 * takes at least one byte, so the loop always progresses.
 */
enum nf_reason
nf_data_set(struct nf_ctx *ctx, const struct nf_template *t,
    const uint8_t *p, size_t len)
{
	struct nf_rec		 rc;
	const struct nf_field	*fd, *end = t->f + t->nfields;
	size_t			 off, flen;
	uint64_t		 fb, rb, b, rev;

	/*
	 * One copy of the base flow per set: a template writes the same
	 * members in every record, so only the presence bits and the
	 * address families (see set_addr) need resetting per record.
	 */
	rc.f = ctx->base;
	while (len >= t->minlen) {
		rc.f.fields = ctx->base.fields;
		rc.f.src.af = rc.f.dst.af = rc.f.gateway.af = 0;
		rc.f.nat_src.af = rc.f.nat_dst.af = 0;
		rc.sys_init_ms = 0;
		if (t->has_rev) {
			rc.r.fields = 0;
			rc.r.packets = rc.r.octets = 0;
		}
		off = 0;
		fb = rb = 0;
		if (t->fixlen != 0) {
			for (fd = t->f; fd < end; fd++) {
				if (fd->op != OP_SKIP) {
					b = apply(fd->rev ? &rc.r : &rc.f,
					    &rc.sys_init_ms, fd->op, p + off,
					    fd->len);
					/* No branch: rev is as random as op. */
					rev = -(uint64_t)fd->rev;
					rb |= b & rev;
					fb |= b & ~rev;
				}
				off += fd->len;
			}
		} else {
			for (fd = t->f; fd < end; fd++) {
				flen = fd->len;
				if (flen == NF_VARLEN) {
					/* RFC 7011 7: 1 byte, or 255 + 2. */
					if (off + 1 > len)
						return (NF_BAD_RECORD);
					flen = p[off++];
					if (flen == 255) {
						if (off + 2 > len)
							return (NF_BAD_RECORD);
						flen = nf_get16(p + off);
						off += 2;
					}
				}
				if (flen > len - off)
					return (NF_BAD_RECORD);
				/* Variable-length known IEs compile to SKIP. */
				if (fd->op != OP_SKIP) {
					b = apply(fd->rev ? &rc.r : &rc.f,
					    &rc.sys_init_ms, fd->op, p + off,
					    flen);
					rev = -(uint64_t)fd->rev;
					rb |= b & rev;
					fb |= b & ~rev;
				}
				off += flen;
			}
		}
		rc.f.fields |= (uint32_t)fb;
		rc.seen = (u_int)(fb >> 32);
		rc.rseen = (u_int)(rb >> 32);
		if (t->has_rev)
			rc.r.fields |= (uint32_t)rb;
		finish(ctx, t, &rc);
		p += off;
		len -= off;
	}
	return (NF_OK);
}
