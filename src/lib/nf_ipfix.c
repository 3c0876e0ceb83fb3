/*
 * nf_ipfix.c: IPFIX (RFC 7011) messages.  The message length must be
 * the datagram length, and every set header is checked before anything
 * is decoded.  Template and options template sets may hold several
 * records and withdrawals (field count 0); enterprise-specific fields
 * are carried by length, RFC 5103 reverse ones are decoded.
 */
#include <sys/types.h>

#include <stdint.h>

#include "compat.h"
#include "nf_priv.h"

#define IPFIX_HDR_LEN	16
#define IPFIX_SET_TPL	2
#define IPFIX_SET_OPT	3
#define IPFIX_ENTERPRISE 0x8000

/*
 * Field specifiers of one template record into the scratch array.
 * Returns the bytes used, 0 if they run past the set or a field is
 * zero bytes long.
 */
static size_t
ipfix_fields(struct nf_ctx *ctx, const uint8_t *p, size_t len, u_int nf)
{
	struct nf_field	*sc = ctx->col->scratch;
	size_t		 off = 0;
	uint32_t	 pen;
	u_int		 i, ie, flen, bad = 0;

	for (i = 0; i < nf; i++) {
		if (len - off < 4)
			return (0);
		ie = nf_get16(p + off);
		flen = nf_get16(p + off + 2);
		off += 4;
		pen = 0;
		if (ie & IPFIX_ENTERPRISE) {
			if (len - off < 4)
				return (0);
			pen = nf_get32(p + off);
			off += 4;
			ie &= ~IPFIX_ENTERPRISE;
		}
		if (flen == 0)
			bad = 1;
		nf_field_compile(ctx, ie, pen, flen, &sc[i]);
	}
	return (bad ? 0 : off);
}

static void
ipfix_templates(struct nf_ctx *ctx, const uint8_t *p, size_t len, int opt)
{
	enum nf_reason	 r;
	size_t		 off = 0, used;
	u_int		 tid, nf, nscope;

	while (len - off >= 4) {
		tid = nf_get16(p + off);
		nf = nf_get16(p + off + 2);
		if (tid == 0 && nf_all_zero(p + off, len - off))
			return;		/* set padding */
		off += 4;
		if (nf == 0) {
			/* Withdrawal: one template, or all of a set type. */
			if (tid == (opt ? IPFIX_SET_OPT : IPFIX_SET_TPL))
				nf_template_withdraw(ctx, tid, 1);
			else if (tid >= 256)
				nf_template_withdraw(ctx, tid, 0);
			else {
				nf_problem(ctx, NF_BAD_TEMPLATE);
				return;
			}
			continue;
		}
		if (tid < 256 || nf > NF_MAX_FIELDS) {
			nf_problem(ctx, NF_BAD_TEMPLATE);
			return;
		}
		nscope = 0;
		if (opt) {
			if (len - off < 2) {
				nf_problem(ctx, NF_BAD_TEMPLATE);
				return;
			}
			nscope = nf_get16(p + off);
			off += 2;
			if (nscope == 0 || nscope > nf) {
				nf_problem(ctx, NF_BAD_TEMPLATE);
				return;
			}
		}
		if ((used = ipfix_fields(ctx, p + off, len - off, nf)) == 0) {
			nf_problem(ctx, NF_BAD_TEMPLATE);
			return;
		}
		off += used;
		r = nf_template_add(ctx, tid, opt ? NF_TK_OPTIONS : NF_TK_DATA,
		    nf, nscope);
		if (r != NF_OK)
			nf_problem(ctx, r);
	}
}

enum nf_reason
nf_ipfix_decode(struct nf_ctx *ctx, const uint8_t *p, size_t len)
{
	size_t		off, slen;
	u_int		id;
	uint32_t	seq;

	if (len < IPFIX_HDR_LEN)
		return (NF_SHORT);
	if (nf_get16(p + 2) != len)
		return (NF_BAD_LENGTH);
	for (off = IPFIX_HDR_LEN; off < len; off += slen) {
		if (len - off < 4)
			return (NF_BAD_SET);
		slen = nf_get16(p + off + 2);
		if (slen < 4 || slen > len - off)
			return (NF_BAD_SET);
	}
	ctx->base.export_sec = nf_get32(p + 4);
	seq = ctx->base.flow_sequence = nf_get32(p + 8);
	ctx->base.source_id = nf_get32(p + 12);
	ctx->base.fields |= FLOW_FLOW_ENGINE_INFO;
	ctx->export_ms = (uint64_t)ctx->base.export_sec * 1000;
	if ((ctx->dom = nf_domain_get(ctx->col, ctx->exp, 10,
	    ctx->base.source_id)) == NULL)
		return (NF_LIMIT);

	for (off = IPFIX_HDR_LEN; off < len; off += slen) {
		id = nf_get16(p + off);
		slen = nf_get16(p + off + 2);
		if (id == IPFIX_SET_TPL || id == IPFIX_SET_OPT)
			ipfix_templates(ctx, p + off + 4, slen - 4,
			    id == IPFIX_SET_OPT);
		else if (id < 256)
			NF_COUNT(ctx, reserved_sets, 1);
		else
			(void)nf_data_or_hold(ctx, id, p + off + 4, slen - 4);
	}
	nf_seq_check(ctx, seq, ctx->nrecords);
	if (ctx->seq_unknown)
		ctx->dom->seq_valid = 0;
	return (NF_OK);
}
