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

#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "sf_track_local.h"

#define FRAG_TABLE	1024

void
sf_key_make(int level, const struct sf_pkt *p, struct sf_key *k, int *dir)
{
	int	c, d;

	memset(k, 0, sizeof(*k));
	c = memcmp(p->src, p->dst, 16);
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

static uint64_t
load64(const uint8_t *p)
{
	uint64_t	v;

	memcpy(&v, p, sizeof(v));
	return (v);
}

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (h);
}

/*
 * A keyed multiply-xorshift hash: fast, and the secret seed keeps a
 * sender from aiming packets at one chain.
 */
uint32_t
sf_ft_hash(const struct sf_track *t, const struct sf_key *k)
{
	const uint8_t	*p = (const uint8_t *)k;
	uint64_t	 h = t->seed, tail = 0;
	size_t		 i;

	for (i = 0; i + 8 <= sizeof(*k); i += 8)
		h = (h ^ load64(p + i)) * 0x9e3779b97f4a7c15ULL;
	memcpy(&tail, p + i, sizeof(*k) - i);
	h = (h ^ tail) * 0x9e3779b97f4a7c15ULL;
	return ((uint32_t)mix(h));
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
	    c->level > SF_T_ETHER || c->emit == NULL)
		return (NULL);
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return (NULL);
	t->conf = *c;
	t->freelist = SF_NIL;
	t->nbucket = 1024;
	t->seed = new_seed();
	if ((t->bucket = malloc(t->nbucket * sizeof(*t->bucket))) == NULL ||
	    (t->frags = sf_frags_new(FRAG_TABLE)) == NULL ||
	    sf_wheel_init(t) == -1) {
		sf_track_free(t);
		return (NULL);
	}
	memset(t->bucket, 0xff, t->nbucket * sizeof(*t->bucket));
	return (t);
}

void
sf_track_free(struct sf_track *t)
{
	uint32_t	i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nchunks; i++)
		free(t->chunk[i]);
	free(t->bucket);
	free(t->wheel);
	sf_frags_free(t->frags);
	free(t);
}

/* Double the buckets when the load passes 1, rehashing every chain. */
static void
grow_buckets(struct sf_track *t)
{
	uint32_t	*nb, n = t->nbucket * 2, i, j, next;
	struct sf_flow	*f;

	if (n == 0 || (nb = reallocarray(NULL, n, sizeof(*nb))) == NULL)
		return;		/* longer chains, still correct */
	memset(nb, 0xff, n * sizeof(*nb));
	for (i = 0; i < t->nbucket; i++) {
		for (j = t->bucket[i]; j != SF_NIL; j = next) {
			f = sf_flow_at(t, j);
			next = f->hnext;
			f->hnext = nb[sf_ft_hash(t, &f->key) & (n - 1)];
			nb[sf_ft_hash(t, &f->key) & (n - 1)] = j;
		}
	}
	free(t->bucket);
	t->bucket = nb;
	t->nbucket = n;
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
		t->freelist = sf_flow_at(t, i)->hnext;
		return (i);
	}
	if (t->fresh == t->nchunks << SF_CHUNK_SHIFT) {
		if (t->nchunks == SF_MAX_CHUNKS ||
		    (c = calloc(SF_CHUNK, sizeof(*c))) == NULL)
			return (SF_NIL);
		t->chunk[t->nchunks++] = c;
	}
	return (t->fresh++);
}

/* Take a flow out of its hash chain. */
void
sf_ft_unlink(struct sf_track *t, uint32_t idx)
{
	struct sf_flow	*f = sf_flow_at(t, idx), *p;
	uint32_t	*pp;

	pp = &t->bucket[sf_ft_hash(t, &f->key) & (t->nbucket - 1)];
	while (*pp != SF_NIL && *pp != idx) {
		p = sf_flow_at(t, *pp);
		pp = &p->hnext;
	}
	if (*pp == idx)
		*pp = f->hnext;
}

void
sf_ft_release(struct sf_track *t, uint32_t idx)
{
	struct sf_flow	*f = sf_flow_at(t, idx);

	memset(f, 0, sizeof(*f));
	f->hnext = t->freelist;
	t->freelist = idx;
	t->st.flows_now--;
}

static uint32_t
lookup(struct sf_track *t, const struct sf_key *k, uint32_t h)
{
	uint32_t	 i;
	struct sf_flow	*f;

	for (i = t->bucket[h & (t->nbucket - 1)]; i != SF_NIL; i = f->hnext) {
		f = sf_flow_at(t, i);
		if (memcmp(&f->key, k, sizeof(*k)) == 0)
			return (i);
	}
	return (SF_NIL);
}

static void
update(struct sf_track *t, struct sf_flow *f, const struct sf_pkt *p,
    int d, uint64_t ts)
{
	uint64_t	age;

	f->octets[d] += p->octets;
	f->packets[d]++;
	if (ts > f->start_us) {
		age = (ts - f->start_us) / 1000;
		if (age > f->dur_ms)
			f->dur_ms = age > UINT32_MAX ? UINT32_MAX :
			    (uint32_t)age;
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

/* Export what the flow holds and let it start over in place. */
static void
cut(struct sf_track *t, struct sf_flow *f, int reason, uint64_t ts)
{
	sf_flow_gone(t, f, reason, ts);
	sf_flow_reset(f, ts);
}

int
sf_track_packet(struct sf_track *t, const struct sf_pkt *pin, uint64_t ts)
{
	const struct sf_timeouts	*to = &t->conf.to;
	struct sf_pkt			 pk;
	struct sf_key			 k;
	struct sf_flow			*f;
	uint32_t			 h, idx;
	uint64_t			 age;
	int				 d;

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
	h = sf_ft_hash(t, &k);
	if ((idx = lookup(t, &k, h)) != SF_NIL) {
		f = sf_flow_at(t, idx);
		/*
		 * Active timeout and maxlife cut a long flow into records
		 * at a packet: the record goes out, the flow starts over.
		 */
		age = ts > f->start_us ? ts - f->start_us : 0;
		if (to->active != 0 && age >= (uint64_t)to->active * 1000000)
			cut(t, f, SF_R_ACTIVE, ts);
		else if (to->maxlife != 0 &&
		    age > (uint64_t)to->maxlife * 1000000)
			cut(t, f, SF_R_MAXLIFE, ts);
		else if (age >= (uint64_t)UINT32_MAX * 1000)
			cut(t, f, SF_R_MAXLIFE, ts);
		update(t, f, &pk, d, ts);
	} else {
		if ((idx = sf_ft_alloc(t)) == SF_NIL)
			return (-1);
		f = sf_flow_at(t, idx);
		f->key = k;
		f->start_us = ts;
		f->state = SF_ST_INUSE;
		f->hnext = t->bucket[h & (t->nbucket - 1)];
		t->bucket[h & (t->nbucket - 1)] = idx;
		t->st.flows_now++;
		t->st.flows_made++;
		update(t, f, &pk, d, ts);
		sf_wheel_add(t, idx, ts / 1000000);
		if (t->st.flows_now > t->nbucket)
			grow_buckets(t);
	}
	if (t->conf.byte_limit != 0 && f->octets[d] >= t->conf.byte_limit)
		cut(t, f, SF_R_OVERBYTES, ts);
	return (0);
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
