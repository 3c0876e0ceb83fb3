/*
 * nf_v7.c: NetFlow v7 (Catalyst).  A 24-byte header and 1-30 records
 * of 52 bytes, exactly.  Like v5 but without engine fields; flags1,
 * flags2 and the router shortcut address have no slot and are ignored.
 */
#include <sys/types.h>

#include <stdint.h>

#include "compat.h"
#include "nf_priv.h"

#define V7_HDR_LEN	24
#define V7_REC_LEN	52
#define V7_MAX_RECS	30

enum nf_reason
nf_v7_decode(struct nf_ctx *ctx, const uint8_t *p, size_t len)
{
	struct flow	 f;
	const uint8_t	*r;
	u_int		 count, i;

	if (len < V7_HDR_LEN)
		return (NF_SHORT);
	count = nf_get16(p + 2);
	if (count == 0 || count > V7_MAX_RECS)
		return (NF_BAD_COUNT);
	if (len != V7_HDR_LEN + (size_t)count * V7_REC_LEN)
		return (NF_BAD_LENGTH);
	ctx->base.sys_uptime_ms = nf_get32(p + 4);
	ctx->base.export_sec = nf_get32(p + 8);
	ctx->base.export_nsec = nf_get32(p + 12);
	ctx->base.flow_sequence = nf_get32(p + 16);
	ctx->base.fields |= FLOW_FLOW_ENGINE_INFO | FLOW_AS_INFO;
	ctx->export_ms = (uint64_t)ctx->base.export_sec * 1000 +
	    ctx->base.export_nsec / 1000000;
	if ((ctx->dom = nf_domain_get(ctx->col, ctx->exp, 7, 0)) != NULL)
		nf_seq_check(ctx, ctx->base.flow_sequence, count);

	/* Every record sets the same members: one copy of the base. */
	f = ctx->base;
	for (i = 0, r = p + V7_HDR_LEN; i < count; i++, r += V7_REC_LEN) {
		nf_fixed_common(ctx, &f, r);
		f.tcp_flags = r[37];
		f.protocol = r[38];
		f.tos = r[39];
		f.src_as = nf_get16(r + 40);
		f.dst_as = nf_get16(r + 42);
		f.src_mask = r[44];
		f.dst_mask = r[45];
		nf_emit(ctx, &f, 0);
	}
	return (NF_OK);
}
