/*
 * nf_v9.c: NetFlow v9 (RFC 3954).  The header's count is not trusted;
 * flowsets are walked to the end of the datagram.  Every flowset
 * header is checked before anything is decoded, so a datagram with a
 * broken one (length < 4, the flowd hang, or past the end) yields no
 * flow.  Zero bytes after the last flowset are taken as padding, as
 * some exporters send them.
 */
#include <sys/types.h>

#include <stdint.h>

#include "compat.h"
#include "nf_priv.h"

#define V9_HDR_LEN	20

/* Template flowset (id 0): any number of templates, then padding. */
static void
v9_templates(struct nf_ctx *ctx, const uint8_t *p, size_t len)
{
	struct nf_field	*sc = ctx->col->scratch;
	enum nf_reason	 r;
	size_t		 off = 0;
	u_int		 tid, nf, i, bad;

	while (len - off >= 4) {
		tid = nf_get16(p + off);
		nf = nf_get16(p + off + 2);
		if (tid == 0 && nf_all_zero(p + off, len - off))
			return;
		off += 4;
		/* 0 fields (the flowd divide by zero) or specifiers past
		 * the flowset (the flowd over-read) end the flowset. */
		if (tid < 256 || nf == 0 || nf > (len - off) / 4) {
			nf_problem(ctx, NF_BAD_TEMPLATE);
			return;
		}
		for (i = 0, bad = 0; i < nf; i++, off += 4) {
			if (nf_get16(p + off + 2) == 0)
				bad = 1;
			nf_field_compile(ctx, nf_get16(p + off), 0,
			    nf_get16(p + off + 2), &sc[i]);
		}
		if (bad)
			r = NF_BAD_TEMPLATE;
		else
			r = nf_template_add(ctx, tid, NF_TK_DATA, nf, 0);
		if (r != NF_OK)
			nf_problem(ctx, r);
	}
}

/* Options template flowset (id 1): scope and option specifiers. */
static void
v9_options(struct nf_ctx *ctx, const uint8_t *p, size_t len)
{
	struct nf_field	*sc = ctx->col->scratch;
	enum nf_reason	 r;
	size_t		 off = 0;
	u_int		 tid, sl, ol, nf, i, bad;

	while (len - off >= 6) {
		tid = nf_get16(p + off);
		sl = nf_get16(p + off + 2);
		ol = nf_get16(p + off + 4);
		if (tid == 0 && nf_all_zero(p + off, len - off))
			return;
		off += 6;
		if (tid < 256 || sl % 4 != 0 || ol % 4 != 0 ||
		    sl + ol == 0 || sl + ol > len - off) {
			nf_problem(ctx, NF_BAD_TEMPLATE);
			return;
		}
		nf = (sl + ol) / 4;
		for (i = 0, bad = 0; i < nf; i++, off += 4) {
			if (nf_get16(p + off + 2) == 0)
				bad = 1;
			/* v9 scope types (system, interface...) are not
			 * IEs: keep only their lengths. */
			if (i < sl / 4) {
				sc[i].len = nf_get16(p + off + 2);
				sc[i].op = OP_SKIP;
				sc[i].rev = 0;
			} else
				nf_field_compile(ctx, nf_get16(p + off), 0,
				    nf_get16(p + off + 2), &sc[i]);
		}
		if (bad)
			r = NF_BAD_TEMPLATE;
		else
			r = nf_template_add(ctx, tid, NF_TK_OPTIONS, nf,
			    sl / 4);
		if (r != NF_OK)
			nf_problem(ctx, r);
	}
}

enum nf_reason
nf_v9_decode(struct nf_ctx *ctx, const uint8_t *p, size_t len)
{
	size_t		off, end, slen;
	u_int		id;
	uint32_t	seq;

	if (len < V9_HDR_LEN)
		return (NF_SHORT);
	for (end = V9_HDR_LEN; end < len; end += slen) {
		if (len - end < 4) {
			slen = 0;
			if (!nf_all_zero(p + end, len - end))
				return (NF_BAD_SET);
			break;
		}
		slen = nf_get16(p + end + 2);
		if (slen < 4 || slen > len - end) {
			if (!nf_all_zero(p + end, len - end))
				return (NF_BAD_SET);
			break;
		}
	}
	ctx->base.sys_uptime_ms = nf_get32(p + 4);
	ctx->base.export_sec = nf_get32(p + 8);
	seq = ctx->base.flow_sequence = nf_get32(p + 12);
	ctx->base.source_id = nf_get32(p + 16);
	ctx->base.fields |= FLOW_FLOW_ENGINE_INFO;
	ctx->export_ms = (uint64_t)ctx->base.export_sec * 1000;
	if ((ctx->dom = nf_domain_get(ctx->col, ctx->exp, 9,
	    ctx->base.source_id)) == NULL)
		return (NF_LIMIT);

	for (off = V9_HDR_LEN; off < end; off += slen) {
		id = nf_get16(p + off);
		slen = nf_get16(p + off + 2);
		if (id == 0)
			v9_templates(ctx, p + off + 4, slen - 4);
		else if (id == 1)
			v9_options(ctx, p + off + 4, slen - 4);
		else if (id < 256)
			NF_COUNT(ctx, reserved_sets, 1);
		else
			(void)nf_data_or_hold(ctx, id, p + off + 4, slen - 4);
	}
	nf_seq_check(ctx, seq, 1);
	return (NF_OK);
}
