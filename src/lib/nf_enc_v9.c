/*
 * nf_enc_v9.c: NetFlow v9 (RFC 3954) datagrams.  The header count is
 * every record in the datagram, template and options records included
 * (softflowd counts data records only), and the package sequence is the
 * number of datagrams sent before this one.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "nf_enc_local.h"

size_t
nfe_v9_next(struct nf_encoder *e, uint8_t *buf, size_t limit,
    const struct nfe_clock *c, const struct timeval *now)
{
	size_t	pos = NFE_V9_HDR;
	u_int	count = 0, n;
	int	with;

	with = nfe_tmpl_due(e, now);
	if (!with && e->qlen == 0)
		return (0);
	if (limit < NFE_V9_HDR + (with ? e->block_len : 0) ||
	    (!with && limit < NFE_V9_HDR + NFE_SET_HDR +
	    (size_t)e->tmpl[e->qslot[e->qhead]].reclen)) {
		e->st.buffer_too_small++;
		return (0);
	}
	if (with) {
		memcpy(buf + pos, e->block, e->block_len);
		pos += e->block_len;
		count += e->block_records;
	}
	pos = nfe_sets_fill(e, buf, pos, limit, c, &n);
	count += n;
	nfe_tmpl_mark(e, with, now);

	nfe_put16(buf, 9);
	nfe_put16(buf + 2, (uint16_t)count);
	nfe_put32(buf + 4, c->uptime);
	nfe_put32(buf + 8, (uint32_t)now->tv_sec);
	nfe_put32(buf + 12, e->seq);
	nfe_put32(buf + 16, e->opts.source_id);
	e->seq++;
	return (pos);
}
