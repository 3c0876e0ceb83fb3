/*
 * nf_v1.c: NetFlow v1.  A 16-byte header and 1-30 records of 48 bytes;
 * the datagram must be exactly that long.  Cisco documents 24 records
 * at most, but softflowd 1.1 sends up to 30 (pcaps/softflowd-v1.pcap),
 * so 30 is the limit.  v1 has no AS numbers,
 * masks, engine or sequence.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "nf_priv.h"

#define V1_HDR_LEN	16
#define V1_REC_LEN	48
#define V1_MAX_RECS	30

static void
set4(struct xaddr *x, const uint8_t *p)
{
	x->af = AF_INET;
	memcpy(x->addr8, p, 4);
}

/*
 * srcaddr, dstaddr, nexthop, input, output, dPkts, dOctets, First,
 * Last, srcport, dstport: identical in v1, v5 and v7 records.  The
 * header's uptime and export time turn First/Last into absolute times.
 */
void
nf_fixed_common(const struct nf_ctx *ctx, struct flow *f, const uint8_t *r)
{
	uint64_t	ms;

	set4(&f->src, r);
	set4(&f->dst, r + 4);
	set4(&f->gateway, r + 8);
	f->if_in = nf_get16(r + 12);
	f->if_out = nf_get16(r + 14);
	f->packets = nf_get32(r + 16);
	f->octets = nf_get32(r + 20);
	f->flow_start = nf_get32(r + 24);
	f->flow_finish = nf_get32(r + 28);
	f->src_port = nf_get16(r + 32);
	f->dst_port = nf_get16(r + 34);
	ms = ctx->export_ms - (uint32_t)(f->sys_uptime_ms - f->flow_start);
	f->start_sec = ms / 1000;
	f->start_nsec = (ms % 1000) * 1000000;
	ms = ctx->export_ms - (uint32_t)(f->sys_uptime_ms - f->flow_finish);
	f->end_sec = ms / 1000;
	f->end_nsec = (ms % 1000) * 1000000;
	f->fields |= FLOW_SRC_ADDR4 | FLOW_DST_ADDR4 | FLOW_GATEWAY_ADDR4 |
	    FLOW_IF_INDICES | FLOW_PACKETS | FLOW_OCTETS | FLOW_FLOW_TIMES |
	    FLOW_SRCDST_PORT | FLOW_ABS_TIMES | FLOW_PROTO_FLAGS_TOS;
}

/*
 * The length rules of all three: a header, then 1 to max records of a
 * fixed size, and nothing else.
 */
enum nf_reason
nf_fixed_check(const uint8_t *p, size_t len, size_t hdr, size_t rec,
    u_int max, u_int *count)
{
	if (len < hdr)
		return (NF_SHORT);
	*count = nf_get16(p + 2);
	if (*count == 0 || *count > max)
		return (NF_BAD_COUNT);
	if (len != hdr + (size_t)*count * rec)
		return (NF_BAD_LENGTH);
	return (NF_OK);
}

/* uptime and export time sit at the same offsets in all three headers. */
void
nf_fixed_header(struct nf_ctx *ctx, const uint8_t *p)
{
	ctx->base.sys_uptime_ms = nf_get32(p + 4);
	ctx->base.export_sec = nf_get32(p + 8);
	ctx->base.export_nsec = nf_get32(p + 12);
	ctx->export_ms = (uint64_t)ctx->base.export_sec * 1000 +
	    ctx->base.export_nsec / 1000000;
}

enum nf_reason
nf_v1_decode(struct nf_ctx *ctx, const uint8_t *p, size_t len)
{
	struct flow	 f;
	const uint8_t	*r;
	u_int		 count, i;
	enum nf_reason	 why;

	if ((why = nf_fixed_check(p, len, V1_HDR_LEN, V1_REC_LEN,
	    V1_MAX_RECS, &count)) != NF_OK)
		return (why);
	nf_fixed_header(ctx, p);

	/* Every record sets the same members: one copy of the base. */
	f = ctx->base;
	for (i = 0, r = p + V1_HDR_LEN; i < count; i++, r += V1_REC_LEN) {
		nf_fixed_common(ctx, &f, r);
		f.protocol = r[38];
		f.tos = r[39];
		f.tcp_flags = r[40];
		nf_emit(ctx, &f, 0);
	}
	return (NF_OK);
}
