/*
 * nf_pending.c: data sets that arrive before their template.  They are
 * copied, with the header fields needed to decode them later, into one
 * preallocated buffer of pending_max bytes; when the template arrives
 * they are decoded and handed to the callback of that nf_decode() call.
 * When the buffer is full the oldest entries are dropped (and counted).
 * Entries name their exporter by a never-reused id, so an evicted
 * exporter's data can never be matched to a newcomer.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nf_priv.h"

struct nf_pend {
	uint64_t	uid;
	uint32_t	dom_id;
	uint32_t	len;		/* set body bytes that follow */
	uint16_t	version;
	uint16_t	tid;
	uint32_t	live;
	uint32_t	uptime;
	uint32_t	export_sec;
	uint32_t	export_nsec;
	uint32_t	seq;
	uint32_t	recv_sec;
	uint32_t	recv_usec;
};

#define PEND_ALIGN(n)	(((n) + 7) & ~(size_t)7)
#define PEND_SIZE(len)	PEND_ALIGN(sizeof(struct nf_pend) + (len))

int
nf_pending_init(struct nf_collector *col, size_t cap)
{
	uint8_t	*p = NULL;

	if (cap != 0 && (p = malloc(cap)) == NULL)
		return (-1);
	free(col->pend);
	col->pend = p;
	col->pend_cap = cap;
	col->pend_len = 0;
	col->pend_live = 0;
	return (0);
}

void
nf_pending_free(struct nf_collector *col)
{
	free(col->pend);
	col->pend = NULL;
	col->pend_cap = col->pend_len = 0;
	col->pend_live = 0;
}

/* Squeeze out decoded entries, then drop live ones until need fits. */
static void
pend_make_room(struct nf_ctx *ctx, size_t need)
{
	struct nf_collector	*col = ctx->col;
	struct nf_pend		 h;
	size_t			 rd, wr, sz;

	for (rd = wr = 0; rd < col->pend_len; rd += sz) {
		memcpy(&h, col->pend + rd, sizeof(h));
		sz = PEND_SIZE(h.len);
		if (!h.live)
			continue;
		if (wr != rd)
			memmove(col->pend + wr, col->pend + rd, sz);
		wr += sz;
	}
	col->pend_len = wr;
	while (col->pend_len + need > col->pend_cap && col->pend_len > 0) {
		memcpy(&h, col->pend, sizeof(h));
		sz = PEND_SIZE(h.len);
		memmove(col->pend, col->pend + sz, col->pend_len - sz);
		col->pend_len -= sz;
		col->pend_live--;
		/* Charged to the collector: the owner may be gone. */
		col->c.pending_dropped++;
	}
}

void
nf_pending_hold(struct nf_ctx *ctx, uint16_t tid, const uint8_t *p,
    size_t len)
{
	struct nf_collector	*col = ctx->col;
	struct nf_pend		 h;
	size_t			 need = PEND_SIZE(len);

	ctx->seq_unknown = 1;
	if (ctx->replay)
		return;
	if (need > col->pend_cap) {
		NF_COUNT(ctx, pending_dropped, 1);
		return;
	}
	if (col->pend_len + need > col->pend_cap)
		pend_make_room(ctx, need);
	memset(&h, 0, sizeof(h));
	h.uid = ctx->exp->uid;
	h.dom_id = ctx->dom->id;
	h.version = ctx->dom->version;
	h.tid = tid;
	h.len = len;
	h.live = 1;
	h.uptime = ctx->base.sys_uptime_ms;
	h.export_sec = ctx->base.export_sec;
	h.export_nsec = ctx->base.export_nsec;
	h.seq = ctx->base.flow_sequence;
	h.recv_sec = ctx->base.recv_sec;
	h.recv_usec = ctx->base.recv_usec;
	memcpy(col->pend + col->pend_len, &h, sizeof(h));
	memcpy(col->pend + col->pend_len + sizeof(h), p, len);
	col->pend_len += need;
	col->pend_live++;
	NF_COUNT(ctx, pending_held, 1);
}

/* Template t just arrived for ctx's exporter and domain: decode its data. */
void
nf_pending_run(struct nf_ctx *ctx, const struct nf_template *t)
{
	struct nf_collector	*col = ctx->col;
	struct nf_ctx		 sub;
	struct nf_pend		 h;
	enum nf_reason		 r;
	size_t			 off, sz;

	if (col->pend_live == 0)
		return;
	for (off = 0; off < col->pend_len; off += sz) {
		memcpy(&h, col->pend + off, sizeof(h));
		sz = PEND_SIZE(h.len);
		if (!h.live || h.uid != ctx->exp->uid || h.tid != t->id ||
		    h.dom_id != ctx->dom->id || h.version != ctx->dom->version)
			continue;
		h.live = 0;
		memcpy(col->pend + off, &h, sizeof(h));
		col->pend_live--;
		sub = *ctx;
		sub.replay = 1;
		sub.first = NF_OK;
		sub.base.sys_uptime_ms = h.uptime;
		sub.base.export_sec = h.export_sec;
		sub.base.export_nsec = h.export_nsec;
		sub.base.flow_sequence = h.seq;
		sub.base.recv_sec = h.recv_sec;
		sub.base.recv_usec = h.recv_usec;
		sub.export_ms = (uint64_t)h.export_sec * 1000 +
		    h.export_nsec / 1000000;
		r = nf_data_set(&sub, t, col->pend + off + sizeof(h), h.len);
		if (r != NF_OK)
			nf_problem(&sub, r);
		NF_COUNT(ctx, pending_decoded, 1);
	}
	if (col->pend_live == 0)
		col->pend_len = 0;
}
