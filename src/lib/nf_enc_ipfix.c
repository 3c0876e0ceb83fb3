/*
 * nf_enc_ipfix.c: IPFIX (RFC 7011) messages.  The sequence number is
 * the count of data records, options data included, sent in the
 * observation domain before this message (softflowd sends the count
 * after it).
 */
#include <sys/types.h>
#include <sys/time.h>

#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "nf_enc_local.h"

size_t
nfe_ipfix_next(struct nf_encoder *e, uint8_t *buf, size_t limit,
    const struct nfe_clock *c, const struct timeval *now)
{
	size_t		pos = NFE_IPFIX_HDR;
	uint32_t	seq = e->seq;
	u_int		n;
	int		with;

	with = nfe_tmpl_due(e, now);
	if (!with && e->qlen == 0)
		return (0);
	if (limit < NFE_IPFIX_HDR + (with ? e->block_len : 0) ||
	    (!with && limit < NFE_IPFIX_HDR + NFE_SET_HDR +
	    (size_t)e->tmpl[e->qslot[e->qhead]].reclen)) {
		e->st.buffer_too_small++;
		return (0);
	}
	if (with) {
		memcpy(buf + pos, e->block, e->block_len);
		pos += e->block_len;
		e->seq += e->block_data;
	}
	pos = nfe_sets_fill(e, buf, pos, limit, c, &n);
	e->seq += n;
	nfe_tmpl_mark(e, with, now);

	nfe_put16(buf, 10);
	nfe_put16(buf + 2, (uint16_t)pos);
	nfe_put32(buf + 4, (uint32_t)now->tv_sec);
	nfe_put32(buf + 8, seq);
	nfe_put32(buf + 12, e->opts.source_id);
	return (pos);
}
