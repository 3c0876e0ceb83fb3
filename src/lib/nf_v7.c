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
	enum nf_reason	 why;

	if ((why = nf_fixed_check(p, len, V7_HDR_LEN, V7_REC_LEN,
	    V7_MAX_RECS, &count)) != NF_OK)
		return (why);
	nf_fixed_header(ctx, p);
	ctx->base.flow_sequence = nf_get32(p + 16);
	ctx->base.fields |= FLOW_FLOW_ENGINE_INFO | FLOW_AS_INFO;
	if ((ctx->dom = nf_domain_get(ctx->col, ctx->exp, 7, 0)) != NULL)
		nf_seq_check(ctx, ctx->base.flow_sequence, count);

	/* Every record sets the same members: one copy of the base. */
	f = ctx->base;
	for (i = 0, r = p + V7_HDR_LEN; i < count; i++, r += V7_REC_LEN) {
		nf_fixed_common(ctx, &f, r);
		nf_v5_tail(&f, r);
		nf_emit(ctx, &f, 0);
	}
	return (NF_OK);
}
