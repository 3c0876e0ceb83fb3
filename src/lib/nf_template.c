/*
 * nf_template.c: the v9/IPFIX template cache of one (exporter, domain).
 * Templates sit in a small hash by id and in LRU order; max_templates
 * bounds them (the least recently used goes first), max_template_len
 * bounds the shortest record a template describes (which also bounds
 * its field count, since every field takes at least one byte), and
 * IPFIX templates not re-announced within ipfix_template_lifetime
 * seconds expire when next used.  A re-announcement of an identical
 * template only refreshes it: no allocation on the steady path.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nf_priv.h"

#define TPL_BUCKET(id)	((id) & (NF_TPL_BUCKETS - 1))

/* Turn one field specifier into how the record decoder handles it. */
void
nf_field_compile(struct nf_ctx *ctx, uint16_t ie, uint32_t pen,
    uint16_t len, struct nf_field *out)
{
	const struct nf_ie	*d;
	int			 ok;

	out->len = len;
	out->op = OP_SKIP;
	out->rev = 0;
	/* Enterprise IEs other than RFC 5103 reverses mean nothing here. */
	if (pen != 0 && pen != NF_PEN_REVERSE)
		return;
	if ((d = nf_ie_lookup(ie)) == NULL)
		return;
	if (pen == NF_PEN_REVERSE && !d->reversible)
		return;
	switch (d->enc) {
	case NF_ENC_UINT:
		ok = len >= 1 && len <= d->maxlen;
		break;
	default:
		ok = len == d->maxlen;
		break;
	}
	if (!ok) {
		/* A known IE of a size it cannot have: skip it, count it. */
		NF_COUNT(ctx, bad_fields, 1);
		return;
	}
	out->op = d->op;
	out->rev = pen == NF_PEN_REVERSE;
}

static void
tpl_unlink(struct nf_collector *col, struct nf_exporter *e,
    struct nf_domain *d, struct nf_template *t)
{
	struct nf_template	**pp;

	(void)col;
	for (pp = &d->hash[TPL_BUCKET(t->id)]; *pp != NULL;
	    pp = &(*pp)->hnext) {
		if (*pp == t) {
			*pp = t->hnext;
			break;
		}
	}
	TAILQ_REMOVE(&d->lru, t, lru);
	d->ntemplates--;
	e->ntemplates--;
	free(t);
}

static struct nf_template *
tpl_lookup(struct nf_domain *d, uint16_t id)
{
	struct nf_template	*t;

	for (t = d->hash[TPL_BUCKET(id)]; t != NULL; t = t->hnext)
		if (t->id == id)
			return (t);
	return (NULL);
}

static void
tpl_touch(struct nf_domain *d, struct nf_template *t)
{
	if (TAILQ_NEXT(t, lru) != NULL) {
		TAILQ_REMOVE(&d->lru, t, lru);
		TAILQ_INSERT_TAIL(&d->lru, t, lru);
	}
}

struct nf_template *
nf_template_find(struct nf_ctx *ctx, uint16_t id)
{
	struct nf_domain	*d = ctx->dom;
	struct nf_template	*t;
	u_int			 life = ctx->col->lim.ipfix_template_lifetime;

	if ((t = tpl_lookup(d, id)) == NULL)
		return (NULL);
	if (d->version == 10 && life != 0 && ctx->now > t->last_seen &&
	    (uint64_t)(ctx->now - t->last_seen) > life) {
		tpl_unlink(ctx->col, ctx->exp, d, t);
		NF_COUNT(ctx, templates_expired, 1);
		return (NULL);
	}
	tpl_touch(d, t);
	return (t);
}

/*
 * Finish the template whose nfields compiled fields sit in col->scratch
 * and store it under id, replacing any older definition.
 */
enum nf_reason
nf_template_add(struct nf_ctx *ctx, uint16_t id, int kind, u_int nfields,
    u_int nscope)
{
	struct nf_collector	*col = ctx->col;
	struct nf_domain	*d = ctx->dom;
	struct nf_field		*f = col->scratch;
	struct nf_template	*t, *nt;
	uint64_t		 minlen = 0;
	u_int			 i, j, fixed = 1, has_rev = 0;

	for (i = 0; i < nfields; i++) {
		if (f[i].len == NF_VARLEN) {
			fixed = 0;
			minlen += 1;
		} else
			minlen += f[i].len;
		has_rev |= f[i].rev;
		/* Total counts stand in only where deltas are absent. */
		if (f[i].op == OP_OCTETS_TOT || f[i].op == OP_PACKETS_TOT) {
			for (j = 0; j < nfields; j++)
				if (f[j].rev == f[i].rev &&
				    f[j].op == f[i].op - 2)
					break;
			f[i].op = j < nfields ? OP_SKIP : f[i].op - 2;
		}
	}
	if (minlen > col->lim.max_template_len)
		return (NF_TEMPLATE_TOO_LONG);

	t = tpl_lookup(d, id);
	if (t != NULL && t->kind == kind && t->nfields == nfields &&
	    t->nscope == nscope &&
	    memcmp(t->f, f, nfields * sizeof(*f)) == 0) {
		t->last_seen = ctx->now;
		tpl_touch(d, t);
		return (NF_OK);
	}
	if (t != NULL && t->cap >= nfields) {
		NF_COUNT(ctx, templates_updated, 1);
		tpl_touch(d, t);
	} else {
		if (t == NULL && col->lim.max_templates == 0)
			return (NF_LIMIT);
		if ((nt = malloc(sizeof(*nt) + nfields * sizeof(*f))) == NULL)
			return (NF_LIMIT);
		if (t != NULL) {
			tpl_unlink(col, ctx->exp, d, t);
			NF_COUNT(ctx, templates_updated, 1);
		} else {
			while (d->ntemplates >= col->lim.max_templates) {
				tpl_unlink(col, ctx->exp, d,
				    TAILQ_FIRST(&d->lru));
				NF_COUNT(ctx, templates_evicted, 1);
			}
			NF_COUNT(ctx, templates_added, 1);
		}
		t = nt;
		t->id = id;
		t->cap = nfields;
		t->hnext = d->hash[TPL_BUCKET(id)];
		d->hash[TPL_BUCKET(id)] = t;
		TAILQ_INSERT_TAIL(&d->lru, t, lru);
		d->ntemplates++;
		ctx->exp->ntemplates++;
	}
	t->kind = kind;
	t->has_rev = has_rev;
	t->nfields = nfields;
	t->nscope = nscope;
	t->minlen = minlen;
	t->fixlen = fixed ? minlen : 0;
	t->last_seen = ctx->now;
	memcpy(t->f, f, nfields * sizeof(*f));
	nf_pending_run(ctx, t);
	return (NF_OK);
}

/* IPFIX withdrawal: one template, or with all set every one of kind. */
void
nf_template_withdraw(struct nf_ctx *ctx, uint16_t id, int all)
{
	struct nf_domain	*d = ctx->dom;
	struct nf_template	*t, *nt;
	int			 kind;

	if (!all) {
		if ((t = tpl_lookup(d, id)) != NULL) {
			tpl_unlink(ctx->col, ctx->exp, d, t);
			NF_COUNT(ctx, templates_withdrawn, 1);
		}
		return;
	}
	kind = id == 3 ? NF_TK_OPTIONS : NF_TK_DATA;
	for (t = TAILQ_FIRST(&d->lru); t != NULL; t = nt) {
		nt = TAILQ_NEXT(t, lru);
		if (t->kind == kind) {
			tpl_unlink(ctx->col, ctx->exp, d, t);
			NF_COUNT(ctx, templates_withdrawn, 1);
		}
	}
}

void
nf_template_free_domain(struct nf_collector *col, struct nf_exporter *e,
    struct nf_domain *d)
{
	struct nf_template	*t;

	while ((t = TAILQ_FIRST(&d->lru)) != NULL)
		tpl_unlink(col, e, d, t);
}

void
nf_template_trim(struct nf_collector *col, struct nf_exporter *e,
    struct nf_domain *d)
{
	while (d->ntemplates > col->lim.max_templates) {
		tpl_unlink(col, e, d, TAILQ_FIRST(&d->lru));
		e->c.templates_evicted++;
		col->c.templates_evicted++;
	}
}
