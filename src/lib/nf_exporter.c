/*
 * nf_exporter.c: the exporter table.  Exporters are keyed by UDP
 * source address and port (two exporters behind one NAT address keep
 * separate templates), found through a hash table and kept in LRU
 * order so that the least recently heard one goes first when
 * max_exporters is reached.  Each exporter holds its source ids /
 * observation domains, most recent first, bounded by max_domains.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nf_priv.h"

static u_int
exporter_hash(const struct xaddr *a, uint16_t port)
{
	uint32_t	h;
	u_int		i;

	/* FNV-1a over the address words; cheap and spreads /24s. */
	h = 2166136261U ^ a->af;
	for (i = 0; i < 4; i++) {
		h ^= a->addr32[i];
		h *= 16777619U;
	}
	h ^= port;
	h *= 16777619U;
	h ^= a->scope_id;
	h *= 16777619U;
	return (h ^ (h >> 15));
}

static int
exporter_match(const struct nf_exporter *e, const struct xaddr *a,
    uint16_t port)
{
	return (e->port == port && e->addr.af == a->af &&
	    e->addr.scope_id == a->scope_id &&
	    memcmp(&e->addr.xa, &a->xa, sizeof(a->xa)) == 0);
}

static void
domain_free(struct nf_collector *col, struct nf_exporter *e,
    struct nf_domain *d)
{
	nf_template_free_domain(col, e, d);
	TAILQ_REMOVE(&e->domains, d, entry);
	e->ndomains--;
	free(d);
}

static void
exporter_free(struct nf_collector *col, struct nf_exporter *e)
{
	struct nf_exporter	**pp;
	struct nf_domain	 *d;

	while ((d = TAILQ_FIRST(&e->domains)) != NULL)
		domain_free(col, e, d);
	for (pp = &col->htab[exporter_hash(&e->addr, e->port) & col->hmask];
	    *pp != NULL; pp = &(*pp)->hnext) {
		if (*pp == e) {
			*pp = e->hnext;
			break;
		}
	}
	TAILQ_REMOVE(&col->lru, e, lru);
	col->nexporters--;
	if (col->last == e)
		col->last = NULL;
	free(e);
}

int
nf_exporter_rehash(struct nf_collector *col, u_int want)
{
	struct nf_exporter	**ntab, *e;
	u_int			  size, h;

	/* Keep chains short: at least as many buckets as exporters. */
	for (size = 16; size < want && size < (1U << 20); size <<= 1)
		;
	if (col->htab != NULL && size == col->hmask + 1)
		return (0);
	if ((ntab = calloc(size, sizeof(*ntab))) == NULL)
		return (-1);
	TAILQ_FOREACH(e, &col->lru, lru) {
		h = exporter_hash(&e->addr, e->port) & (size - 1);
		e->hnext = ntab[h];
		ntab[h] = e;
	}
	free(col->htab);
	col->htab = ntab;
	col->hmask = size - 1;
	return (0);
}

struct nf_exporter *
nf_exporter_get(struct nf_collector *col, const struct xaddr *a,
    uint16_t port, const struct timeval *now)
{
	struct nf_exporter	*e;
	u_int			 h;

	e = col->last;
	if (e == NULL || !exporter_match(e, a, port)) {
		h = exporter_hash(a, port) & col->hmask;
		for (e = col->htab[h]; e != NULL; e = e->hnext)
			if (exporter_match(e, a, port))
				break;
	}
	if (e == NULL) {
		if (col->lim.max_exporters == 0)
			return (NULL);
		while (col->nexporters >= col->lim.max_exporters) {
			exporter_free(col, TAILQ_FIRST(&col->lru));
			col->exporters_evicted++;
		}
		if ((e = calloc(1, sizeof(*e))) == NULL)
			return (NULL);
		TAILQ_INIT(&e->domains);
		e->addr = *a;
		e->port = port;
		e->uid = ++col->next_uid;
		e->first_seen = *now;
		h = exporter_hash(a, port) & col->hmask;
		e->hnext = col->htab[h];
		col->htab[h] = e;
		TAILQ_INSERT_TAIL(&col->lru, e, lru);
		col->nexporters++;
		col->exporters_added++;
	} else if (TAILQ_NEXT(e, lru) != NULL) {
		TAILQ_REMOVE(&col->lru, e, lru);
		TAILQ_INSERT_TAIL(&col->lru, e, lru);
	}
	e->last_seen = *now;
	col->last = e;
	return (e);
}

struct nf_domain *
nf_domain_get(struct nf_collector *col, struct nf_exporter *e,
    uint16_t version, uint32_t id)
{
	struct nf_domain	*d;

	TAILQ_FOREACH(d, &e->domains, entry) {
		if (d->id == id && d->version == version) {
			if (d != TAILQ_FIRST(&e->domains)) {
				TAILQ_REMOVE(&e->domains, d, entry);
				TAILQ_INSERT_HEAD(&e->domains, d, entry);
			}
			return (d);
		}
	}
	if (col->lim.max_domains == 0)
		return (NULL);
	while (e->ndomains >= col->lim.max_domains) {
		domain_free(col, e, TAILQ_LAST(&e->domains, nf_domain_head));
		e->c.domains_evicted++;
		col->c.domains_evicted++;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return (NULL);
	TAILQ_INIT(&d->lru);
	d->id = id;
	d->version = version;
	TAILQ_INSERT_HEAD(&e->domains, d, entry);
	e->ndomains++;
	return (d);
}

/* Bring the table within (possibly lowered) limits. */
void
nf_exporter_trim(struct nf_collector *col)
{
	struct nf_exporter	*e;
	struct nf_domain	*d;

	while (col->nexporters > col->lim.max_exporters) {
		exporter_free(col, TAILQ_FIRST(&col->lru));
		col->exporters_evicted++;
	}
	TAILQ_FOREACH(e, &col->lru, lru) {
		while (e->ndomains > col->lim.max_domains) {
			domain_free(col, e,
			    TAILQ_LAST(&e->domains, nf_domain_head));
			e->c.domains_evicted++;
			col->c.domains_evicted++;
		}
		TAILQ_FOREACH(d, &e->domains, entry)
			nf_template_trim(col, e, d);
	}
}

void
nf_exporter_free_all(struct nf_collector *col)
{
	struct nf_exporter	*e;

	while ((e = TAILQ_FIRST(&col->lru)) != NULL)
		exporter_free(col, e);
	free(col->htab);
	col->htab = NULL;
}

void
nf_collector_walk(const struct nf_collector *col, nf_exporter_cb cb,
    void *arg)
{
	struct nf_exporter_info	 info;
	const struct nf_exporter *e;

	TAILQ_FOREACH(e, &col->lru, lru) {
		memset(&info, 0, sizeof(info));
		info.addr = e->addr;
		info.port = e->port;
		info.last_version = e->last_version;
		info.ndomains = e->ndomains;
		info.ntemplates = e->ntemplates;
		info.first_seen = e->first_seen;
		info.last_seen = e->last_seen;
		info.c = e->c;
		cb(&info, arg);
	}
}
