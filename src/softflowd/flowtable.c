/*
 * flowtable.c: the hash table of flows and the per-packet update.
 *
 * The key is canonical: endpoint 0 is the lower (address, port) pair,
 * so both directions of a conversation, and two sockets on one address,
 * meet in one flow (softflowd compares addresses only: B4).  VLAN ids
 * are direction-free and MACs are stored by endpoint, so -T vlan and
 * -T ether never split a conversation (softflowd B2).
 */
#include <sys/types.h>
#include <sys/mman.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "sf_track_local.h"

#define FRAG_TABLE	1024
#define FIRST_SLOTS	1024
#define PREFETCH_PROBES	8
#define REHASH_AHEAD	8

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p)	__builtin_prefetch((p), 1)
#else
#define PREFETCH(p)	do { (void)(p); } while (0)
#endif

static inline uint64_t
be64(const uint8_t *p)
{
	return ((uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 |
	    (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
	    (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	    (uint64_t)p[6] << 8 | p[7]);
}

/* memcmp() of two 16-byte addresses, without the call. */
static inline int
addr_cmp(const uint8_t *a, const uint8_t *b)
{
	uint64_t	x = be64(a), y = be64(b);

	if (x == y) {
		x = be64(a + 8);
		y = be64(b + 8);
	}
	return ((x > y) - (x < y));
}

void
sf_key_make(int level, const struct sf_pkt *p, struct sf_key *k, int *dir)
{
	int	c, d;

	memset(k, 0, sizeof(*k));
	c = addr_cmp(p->src, p->dst);
	if (c == 0 && level >= SF_T_PORT)
		c = (p->sport > p->dport) - (p->sport < p->dport);
	d = c > 0;
	memcpy(k->addr[d], p->src, 16);
	memcpy(k->addr[!d], p->dst, 16);
	k->af = p->af;
	if (level >= SF_T_PROTO)
		k->proto = p->proto;
	if (level >= SF_T_PORT) {
		k->port[d] = p->sport;
		k->port[!d] = p->dport;
	}
	if (level >= SF_T_VLAN) {
		k->vlan[0] = p->vlan[0];
		k->vlan[1] = p->vlan[1];
	}
	if (level >= SF_T_ETHER && p->has_mac) {
		memcpy(k->mac[d], p->smac, 6);
		memcpy(k->mac[!d], p->dmac, 6);
	}
	*dir = d;
}

static inline uint64_t
load64(const uint8_t *p)
{
	uint64_t	v;

	memcpy(&v, p, sizeof(v));
	return (v);
}

/* Word by word: the key has no holes, so no memcmp call is needed. */
static inline int
key_eq(const struct sf_key *a, const struct sf_key *b)
{
	const uint8_t	*p = (const uint8_t *)a, *q = (const uint8_t *)b;
	uint64_t	 x = 0;
	size_t		 i;

	for (i = 0; i < SF_KEY_WORDS; i++)
		x |= load64(p + i * 8) ^ load64(q + i * 8);
	return (x == 0);
}

/*
 * A keyed multiply-xorshift hash: fast, and the secret seed keeps a
 * sender from aiming packets at one probe run.
 */
uint32_t
sf_ft_hash(const struct sf_track *t, const struct sf_key *k)
{
	const uint8_t	*p = (const uint8_t *)k;
	uint64_t	 h = t->seed;
	size_t		 i;

	for (i = 0; i < SF_KEY_WORDS; i++)
		h = (h ^ load64(p + i * 8)) * 0x9e3779b97f4a7c15ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return ((uint32_t)h);
}

/*
 * A chunk of zeroed flows.  Where the kernel can fill in the pages at
 * once, it does: one call instead of a page fault per 34 new flows in
 * the middle of the packet path.
 */
static struct sf_flow *
chunk_new(void)
{
#ifdef MAP_POPULATE
	void	*p;

	p = mmap(NULL, SF_CHUNK * sizeof(struct sf_flow),
	    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
	    -1, 0);
	return (p == MAP_FAILED ? NULL : p);
#else
	return (calloc(SF_CHUNK, sizeof(struct sf_flow)));
#endif
}

static void
chunk_free(struct sf_flow *c)
{
#ifdef MAP_POPULATE
	munmap(c, SF_CHUNK * sizeof(struct sf_flow));
#else
	free(c);
#endif
}

static inline uint32_t
slot_tag(uint32_t h)
{
	return (h >> SF_IDX_BITS);
}

void
sf_timeouts_default(struct sf_timeouts *to)
{
	memset(to, 0, sizeof(*to));
	to->tcp = 3600;
	to->tcp_rst = 120;
	to->tcp_fin = 300;
	to->udp = 300;
	to->icmp = 300;
	to->general = 3600;
	to->maxlife = 604800;
	to->expint = 60;
}

static uint64_t
new_seed(void)
{
	uint64_t	s;

	if (getentropy(&s, sizeof(s)) == -1)
		s = (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL;
	return (s | 1);
}

struct sf_track *
sf_track_new(const struct sf_track_conf *c)
{
	struct sf_track	*t;

	if (c->to.general == 0 || c->level < SF_T_IP ||
	    c->level > SF_T_ETHER || c->emit == NULL ||
	    c->mpls_labels > SF_KEEP_MPLS)
		return (NULL);
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return (NULL);
	t->conf = *c;
	t->freelist = SF_NIL;
	t->nslot = FIRST_SLOTS;
	t->seed = new_seed();
	if ((t->slot = reallocarray(NULL, t->nslot, sizeof(*t->slot))) ==
	    NULL || (t->frags = sf_frags_new(FRAG_TABLE)) == NULL ||
	    sf_wheel_init(t) == -1) {
		sf_track_free(t);
		return (NULL);
	}
	memset(t->slot, 0xff, t->nslot * sizeof(*t->slot));
	return (t);
}

void
sf_track_free(struct sf_track *t)
{
	uint32_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nchunks; i++) {
		chunk_free(t->chunk[i]);
		free(t->labels[i]);
	}
	free(t->slot);
	free(t->wheel);
	sf_frags_free(t->frags);
	free(t);
}

/* Put a flow index into the first free or deleted slot of its run. */
static void
slot_put(uint32_t *slot, uint32_t mask, uint32_t h, uint32_t idx,
    uint32_t *ntomb)
{
	uint32_t	i = h & mask;

	while (slot[i] != SF_SLOT_EMPTY && slot[i] != SF_SLOT_TOMB)
		i = (i + 1) & mask;
	if (slot[i] == SF_SLOT_TOMB)
		(*ntomb)--;
	slot[i] = slot_tag(h) << SF_IDX_BITS | idx;
}

/*
 * Rebuild the table at the size that leaves it at most 5/8 full,
 * dropping the deleted slots.  -1 when memory ran out (the old table
 * stays as it was).
 */
static int
rehash(struct sf_track *t)
{
	uint32_t	*ns, n = t->nslot, i, e, idx, nt = 0;

	while ((uint64_t)(t->nlive + 1) * 8 > (uint64_t)n * 5 &&
	    n < (1U << 31))
		n *= 2;
	if ((ns = reallocarray(NULL, n, sizeof(*ns))) == NULL)
		return (-1);
	memset(ns, 0xff, (size_t)n * sizeof(*ns));
	for (i = 0; i < t->nslot; i++) {
		/* Every flow's key is read: fetch a few slots ahead. */
		if (i + REHASH_AHEAD < t->nslot &&
		    (e = t->slot[i + REHASH_AHEAD]) != SF_SLOT_EMPTY &&
		    e != SF_SLOT_TOMB)
			PREFETCH(&sf_flow_at(t, e & SF_IDX_MASK)->key);
		if ((e = t->slot[i]) == SF_SLOT_EMPTY || e == SF_SLOT_TOMB)
			continue;
		idx = e & SF_IDX_MASK;
		slot_put(ns, n - 1, sf_ft_hash(t, &sf_flow_at(t, idx)->key),
		    idx, &nt);
	}
	free(t->slot);
	t->slot = ns;
	t->nslot = n;
	t->ntomb = 0;
	return (0);
}

/* Room for one more flow: -1 when the table is full and cannot grow. */
static int
slot_room(struct sf_track *t)
{
	if ((uint64_t)(t->nlive + t->ntomb + 1) * 8 <= (uint64_t)t->nslot * 7)
		return (0);
	if (rehash(t) == 0)
		return (0);
	/* One empty slot must stay, or a lookup would never end. */
	return (t->nlive + t->ntomb + 2 < t->nslot ? 0 : -1);
}

/*
 * A free flow index, SF_NIL when memory or the index space ran out.
 * Released flows are reused first; fresh ones come from the last chunk
 * in order, so its pages are touched only as flows arrive.
 */
uint32_t
sf_ft_alloc(struct sf_track *t)
{
	struct sf_flow	*c;
	uint32_t	 i;

	if (t->freelist != SF_NIL) {
		i = t->freelist;
		t->freelist = sf_flow_at(t, i)->wnext;
		return (i);
	}
	if (t->fresh >= SF_MAX_FLOWS)
		return (SF_NIL);
	if (t->fresh == t->nchunks << SF_CHUNK_SHIFT) {
		if (t->nchunks == SF_MAX_CHUNKS ||
		    (c = chunk_new()) == NULL)
			return (SF_NIL);
		if (t->conf.mpls_labels > 0 &&
		    (t->labels[t->nchunks] = calloc(SF_CHUNK,
		    2 * t->conf.mpls_labels * sizeof(uint32_t))) == NULL) {
			chunk_free(c);
			return (SF_NIL);
		}
		t->chunk[t->nchunks++] = c;
	}
	return (t->fresh++);
}

/* Take a flow out of the table. */
void
sf_ft_unlink(struct sf_track *t, uint32_t idx)
{
	struct sf_flow	*f = sf_flow_at(t, idx);
	uint32_t	 mask = t->nslot - 1, h, i, want;

	h = sf_ft_hash(t, &f->key);
	want = slot_tag(h) << SF_IDX_BITS | idx;
	for (i = h & mask; t->slot[i] != want; i = (i + 1) & mask)
		if (t->slot[i] == SF_SLOT_EMPTY)
			return;		/* not there: nothing to do */
	t->nlive--;
	if (t->slot[(i + 1) & mask] != SF_SLOT_EMPTY) {
		t->slot[i] = SF_SLOT_TOMB;
		t->ntomb++;
		return;
	}
	/* The end of a run: it and the deleted slots before it are free. */
	t->slot[i] = SF_SLOT_EMPTY;
	for (i = (i - 1) & mask; t->slot[i] == SF_SLOT_TOMB;
	    i = (i - 1) & mask) {
		t->slot[i] = SF_SLOT_EMPTY;
		t->ntomb--;
	}
}

/* Forget every flow's slot at once (flush, delete-all). */
void
sf_ft_clear(struct sf_track *t)
{
	memset(t->slot, 0xff, (size_t)t->nslot * sizeof(*t->slot));
	t->nlive = 0;
	t->ntomb = 0;
}

void
sf_ft_release(struct sf_track *t, uint32_t idx)
{
	struct sf_flow	*f = sf_flow_at(t, idx);
	uint32_t	*l;

	memset(f, 0, sizeof(*f));
	if ((l = sf_labels_at(t, idx)) != NULL)
		memset(l, 0, 2 * t->conf.mpls_labels * sizeof(*l));
	f->wnext = t->freelist;
	t->freelist = idx;
	t->st.flows_now--;
}

static inline uint32_t
lookup(const struct sf_track *t, const struct sf_key *k, uint32_t h)
{
	uint32_t	mask = t->nslot - 1, i = h & mask, e, tag = slot_tag(h);

	for (;; i = (i + 1) & mask) {
		if ((e = t->slot[i]) == SF_SLOT_EMPTY)
			return (SF_NIL);
		if ((e >> SF_IDX_BITS) == tag && e != SF_SLOT_TOMB &&
		    key_eq(&sf_flow_at(t, e & SF_IDX_MASK)->key, k))
			return (e & SF_IDX_MASK);
	}
}

static void
update(struct sf_track *t, struct sf_flow *f, const struct sf_pkt *p,
    int d, uint64_t ts)
{
	uint64_t	age;

	f->octets[d] += p->octets;
	f->packets[d]++;
	/* Packets may come out of order: the end only moves forward. */
	if (ts > SF_FLOW_END(f)) {
		age = ts - f->start_us;
		if (age / 1000 >= UINT32_MAX) {
			f->dur_ms = UINT32_MAX;
			f->dur_us = 0;
		} else {
			f->dur_ms = (uint32_t)(age / 1000);
			f->dur_us = (uint16_t)(age % 1000);
		}
	}
	if (t->conf.level >= SF_T_FULL) {
		/* Each direction's own ToS and label (softflowd B3). */
		f->tos[d] = p->tos;
		f->flowlabel[d] = p->flowlabel;
	}
	if (t->conf.level >= SF_T_PORT && f->key.proto == IPPROTO_TCP) {
		f->tcpflags[d] |= p->tcpflags;
		if (p->tcpflags & 0x04)
			f->state |= SF_ST_RST;
		if (p->tcpflags & 0x01)
			f->state |= d ? SF_ST_FIN1 : SF_ST_FIN0;
	}
}

/*
 * -x: a direction's labels are those of its first labelled packet.
 * They are not part of the key (softflowd's are), so a conversation
 * whose directions carry different stacks stays one flow.
 */
static void
labels(struct sf_track *t, uint32_t idx, const struct sf_pkt *p, int d)
{
	uint32_t	*l = sf_labels_at(t, idx);
	u_int		 n = t->conf.mpls_labels, i;

	if (l == NULL || p->nmpls == 0)
		return;
	l += d * n;
	for (i = 0; i < n; i++)
		if (l[i] != 0)
			return;
	for (i = 0; i < n && i < p->nmpls && i < SF_KEEP_MPLS; i++)
		l[i] = p->mpls[i];
}

/* Export what the flow holds and let it start over in place. */
static void
cut(struct sf_track *t, uint32_t idx, int reason, uint64_t ts)
{
	sf_flow_gone(t, idx, reason, ts);
	sf_flow_reset(sf_flow_at(t, idx), ts);
}

/* The packet of key k (hash h, sent by endpoint d) into its flow. */
static int
track(struct sf_track *t, const struct sf_pkt *p, const struct sf_key *k,
    uint32_t h, int d, uint64_t ts)
{
	const struct sf_timeouts	*to = &t->conf.to;
	struct sf_flow			*f;
	uint32_t			 idx;
	uint64_t			 age;

	if ((idx = lookup(t, k, h)) != SF_NIL) {
		f = sf_flow_at(t, idx);
		/*
		 * Active timeout and maxlife cut a long flow into records
		 * at a packet: the record goes out, the flow starts over.
		 */
		age = ts > f->start_us ? ts - f->start_us : 0;
		if (to->active != 0 && age >= (uint64_t)to->active * 1000000)
			cut(t, idx, SF_R_ACTIVE, ts);
		else if (to->maxlife != 0 &&
		    age > (uint64_t)to->maxlife * 1000000)
			cut(t, idx, SF_R_MAXLIFE, ts);
		else if (age >= (uint64_t)UINT32_MAX * 1000)
			cut(t, idx, SF_R_MAXLIFE, ts);
		update(t, f, p, d, ts);
		labels(t, idx, p, d);
	} else {
		if (slot_room(t) == -1 || (idx = sf_ft_alloc(t)) == SF_NIL)
			return (-1);
		f = sf_flow_at(t, idx);
		f->key = *k;
		f->start_us = ts;
		f->state = SF_ST_INUSE;
		slot_put(t->slot, t->nslot - 1, h, idx, &t->ntomb);
		t->nlive++;
		t->st.flows_now++;
		t->st.flows_made++;
		update(t, f, p, d, ts);
		labels(t, idx, p, d);
		sf_wheel_add(t, idx, ts / 1000000);
	}
	if (t->conf.byte_limit != 0 && f->octets[d] >= t->conf.byte_limit)
		cut(t, idx, SF_R_OVERBYTES, ts);
	return (0);
}

int
sf_track_packet(struct sf_track *t, const struct sf_pkt *pin, uint64_t ts)
{
	struct sf_pkt	pk;
	struct sf_key	k;
	int		d;

	if (pin->af == 6 && !t->conf.track_v6) {
		t->st.v6_ignored++;
		return (-1);
	}
	pk = *pin;
	if (pk.frag != SF_FRAG_NONE) {
		t->st.fragments++;
		if (pk.frag == SF_FRAG_FIRST)
			sf_frags_first(t->frags, &pk, ts);
		else if (sf_frags_later(t->frags, &pk, ts))
			t->st.frag_matched++;
		else
			t->st.frag_orphan++;
	}
	sf_key_make(t->conf.level, &pk, &k, &d);
	return (track(t, &pk, &k, sf_ft_hash(t, &k), d, ts));
}

/*
 * Fragments take the slow path: a later fragment's ports come from a
 * first fragment that may be in the same batch, not yet tracked.
 */
void
sf_track_prep(struct sf_track *t, const struct sf_pkt *p, struct sf_prep *pr)
{
	if (p->frag != SF_FRAG_NONE || (p->af == 6 && !t->conf.track_v6)) {
		pr->ok = 0;
		return;
	}
	sf_key_make(t->conf.level, p, &pr->key, &pr->dir);
	pr->hash = sf_ft_hash(t, &pr->key);
	pr->ok = 1;
	PREFETCH(&t->slot[pr->hash & (t->nslot - 1)]);
}

static inline void
prefetch_flow(const struct sf_flow *f)
{
	/* 120 bytes at any offset span up to three cache lines. */
	PREFETCH(f);
	PREFETCH((const uint8_t *)f + 64);
	PREFETCH((const uint8_t *)f + sizeof(*f) - 1);
}

/*
 * Fetch the flow the slot tags point at, without deciding anything.
 * A packet that will make a new flow fetches the flow it will get: the
 * *nnew-th fresh one (fresh flows are handed out in order).
 */
void
sf_track_prefetch(const struct sf_track *t, const struct sf_prep *pr,
    u_int *nnew)
{
	uint32_t	mask = t->nslot - 1, i, e, n, idx;

	if (!pr->ok)
		return;
	i = pr->hash & mask;
	for (n = 0; n < PREFETCH_PROBES; n++, i = (i + 1) & mask) {
		if ((e = t->slot[i]) == SF_SLOT_EMPTY)
			break;
		if ((e >> SF_IDX_BITS) == slot_tag(pr->hash) &&
		    e != SF_SLOT_TOMB) {
			prefetch_flow(sf_flow_at(t, e & SF_IDX_MASK));
			return;
		}
	}
	if (n == PREFETCH_PROBES)
		return;
	if (*nnew == 0 && t->freelist != SF_NIL)
		idx = t->freelist;
	else if (t->freelist == SF_NIL && t->fresh + *nnew <
	    t->nchunks << SF_CHUNK_SHIFT)
		idx = t->fresh + *nnew;
	else
		return;
	(*nnew)++;
	prefetch_flow(sf_flow_at(t, idx));
}

int
sf_track_packet_prep(struct sf_track *t, const struct sf_pkt *p,
    const struct sf_prep *pr, uint64_t ts)
{
	if (!pr->ok)
		return (sf_track_packet(t, p, ts));
	return (track(t, p, &pr->key, pr->hash, pr->dir, ts));
}

const struct sf_track_stats *
sf_track_stats(const struct sf_track *t)
{
	return (&t->st);
}

struct sf_track_stats *
sf_track_stats_rw(struct sf_track *t)
{
	return (&t->st);
}

const struct sf_track_conf *
sf_track_conf(const struct sf_track *t)
{
	return (&t->conf);
}
