/*
 * nf_v5.c: NetFlow v5.  A 24-byte header and 1-30 records of 48 bytes,
 * exactly.  engine_type and engine_id are single bytes, widened as
 * values (flowd 0.9.1 stored them shifted on little-endian hosts); the
 * sampling field is 2 bits of mode over 14 bits of interval.  Flow
 * sequence numbers are tracked per engine.
 */
#include <sys/types.h>

#include <stdint.h>

#include "compat.h"
#include "nf_priv.h"

#define V5_HDR_LEN	24
#define V5_REC_LEN	48
#define V5_MAX_RECS	30

/* Bytes 37-45: laid out the same in v5 and v7 records. */
void
nf_v5_tail(struct flow *f, const uint8_t *r)
{
	f->tcp_flags = r[37];
	f->protocol = r[38];
	f->tos = r[39];
	f->src_as = nf_get16(r + 40);
	f->dst_as = nf_get16(r + 42);
	f->src_mask = r[44];
	f->dst_mask = r[45];
}

enum nf_reason
nf_v5_decode(struct nf_ctx *ctx, const uint8_t *p, size_t len)
{
	struct flow	 f;
	const uint8_t	*r;
	u_int		 count, i, samp;
	enum nf_reason	 why;

	if ((why = nf_fixed_check(p, len, V5_HDR_LEN, V5_REC_LEN,
	    V5_MAX_RECS, &count)) != NF_OK)
		return (why);
	nf_fixed_header(ctx, p);
	ctx->base.flow_sequence = nf_get32(p + 16);
	ctx->base.engine_type = p[20];
	ctx->base.engine_id = p[21];
	ctx->base.fields |= FLOW_FLOW_ENGINE_INFO | FLOW_AS_INFO;
	samp = nf_get16(p + 22);
	if (samp != 0) {
		ctx->base.sampling_algorithm = samp >> 14;
		ctx->base.sampling_interval = samp & 0x3fff;
		ctx->base.fields |= FLOW_SAMPLING;
	}
	if ((ctx->dom = nf_domain_get(ctx->col, ctx->exp, 5,
	    (uint32_t)p[20] << 8 | p[21])) != NULL)
		nf_seq_check(ctx, ctx->base.flow_sequence, count);

	/* Every record sets the same members: one copy of the base. */
	f = ctx->base;
	for (i = 0, r = p + V5_HDR_LEN; i < count; i++, r += V5_REC_LEN) {
		nf_fixed_common(ctx, &f, r);
		nf_v5_tail(&f, r);
		nf_emit(ctx, &f, 0);
	}
	return (NF_OK);
}
