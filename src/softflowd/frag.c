/*
 * frag.c: give later IP fragments the ports of their first fragment,
 * so a fragmented datagram stays in its flow instead of making a
 * port-0 flow (softflowd's behaviour).  A fixed, direct-mapped table:
 * a collision or an entry older than FRAG_TIMEOUT simply loses the
 * association, memory never grows.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "sf_track.h"

#define FRAG_TIMEOUT_US	(30ULL * 1000000)	/* RFC 791 suggests 15 s+ */

struct frag_ent {
	uint8_t		src[16];
	uint8_t		dst[16];
	uint32_t	id;
	uint16_t	sport;
	uint16_t	dport;
	uint8_t		af;
	uint8_t		proto;
	uint8_t		used;
	uint64_t	ts;
};

struct sf_frags {
	struct frag_ent	*ent;
	u_int		 mask;
};

struct sf_frags *
sf_frags_new(u_int n)
{
	struct sf_frags	*f;
	u_int		 sz = 1;

	while (sz < n && sz < (1U << 20))
		sz <<= 1;
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return (NULL);
	if ((f->ent = calloc(sz, sizeof(*f->ent))) == NULL) {
		free(f);
		return (NULL);
	}
	f->mask = sz - 1;
	return (f);
}

void
sf_frags_free(struct sf_frags *f)
{
	if (f == NULL)
		return;
	free(f->ent);
	free(f);
}

static struct frag_ent *
slot(struct sf_frags *f, const struct sf_pkt *p)
{
	uint32_t	h = p->frag_id * 2654435761U;
	u_int		i;

	for (i = 0; i < 16; i++)
		h = (h ^ p->src[i] ^ (uint32_t)p->dst[i] << 8) * 16777619U;
	h ^= p->proto;
	return (&f->ent[(h ^ (h >> 15)) & f->mask]);
}

static int
same(const struct frag_ent *e, const struct sf_pkt *p)
{
	return (e->used && e->af == p->af && e->proto == p->proto &&
	    e->id == p->frag_id && memcmp(e->src, p->src, 16) == 0 &&
	    memcmp(e->dst, p->dst, 16) == 0);
}

void
sf_frags_first(struct sf_frags *f, const struct sf_pkt *p, uint64_t ts)
{
	struct frag_ent	*e = slot(f, p);

	memcpy(e->src, p->src, 16);
	memcpy(e->dst, p->dst, 16);
	e->id = p->frag_id;
	e->af = p->af;
	e->proto = p->proto;
	e->sport = p->sport;
	e->dport = p->dport;
	e->ts = ts;
	e->used = p->has_ports;
}

/* 1 when the packet got its first fragment's ports, else 0. */
int
sf_frags_later(struct sf_frags *f, struct sf_pkt *p, uint64_t ts)
{
	struct frag_ent	*e = slot(f, p);

	if (!same(e, p) || ts > e->ts + FRAG_TIMEOUT_US)
		return (0);
	p->sport = e->sport;
	p->dport = e->dport;
	p->has_ports = 1;
	/*
	 * The entry stays after the last fragment: fragments may come out
	 * of order, and the timeout retires it.
	 */
	return (1);
}
