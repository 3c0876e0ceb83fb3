/*
 * plan.c: the traffic model.  Draws each conversation's endpoints,
 * encapsulation and shape, and plans its packets in time.
 */
#include <sys/types.h>

#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

#include "gen-traffic.h"

struct tkey {
	uint8_t		 af;
	uint8_t		 proto;
	uint16_t	 sport;
	uint16_t	 dport;
	uint8_t		 src[16];
	uint8_t		 dst[16];
};

static uint64_t		*keys;
static size_t		 nkeyslots;
static struct tpkt	*plan_pkts;
static size_t		 plan_npkts, plan_cap;
static uint64_t		 cur_ts, cur_end, cur_gap;
static uint32_t		 cur_flow, cur_seq;

static const uint16_t tcp_ports[] = {
	22, 25, 80, 110, 143, 443, 993, 3306, 5432, 8080
};
static const uint16_t udp_ports[] = {
	53, 123, 161, 443, 514, 1194, 4789, 5060
};
static const uint8_t tos_values[] = {
	0, 0, 0, 0, 0, 0x10, 0x28, 0xb8
};

void
plan_init(uint32_t nflows)
{
	nkeyslots = 16;
	/* Two keys per conversation, table at most half full. */
	while (nkeyslots < (size_t)nflows * 4)
		nkeyslots *= 2;
	if ((keys = calloc(nkeyslots, sizeof(*keys))) == NULL)
		err(1, "calloc");
}

/*
 * Claim a unidirectional flow key; 0 if another conversation owns it,
 * because exporters would merge the two and the truth would be wrong.
 * Only a 64-bit hash is kept: a false match merely draws new endpoints.
 */
static int
key_claim(const struct tkey *k)
{
	const uint8_t *p;
	uint64_t h;
	size_t i;

	h = 0xcbf29ce484222325ULL;
	for (p = (const uint8_t *)k; p < (const uint8_t *)(k + 1); p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	if (h == 0)
		h = 1;			/* 0 marks a free slot */
	for (i = h & (nkeyslots - 1); keys[i] != 0;
	    i = (i + 1) & (nkeyslots - 1))
		if (keys[i] == h)
			return (0);
	keys[i] = h;
	return (1);
}

static void
flow_key(const struct tflow *f, int dir, struct tkey *k)
{
	memset(k, 0, sizeof(*k));
	k->af = (uint8_t)f->af;
	k->proto = f->proto;
	memcpy(k->src, f->addr[dir], 16);
	memcpy(k->dst, f->addr[dir ^ 1], 16);
	if (f->proto == 6 || f->proto == 17) {
		k->sport = f->port[dir];
		k->dport = f->port[dir ^ 1];
	} else
		k->dport = (uint16_t)(f->icmp[dir][0] << 8 | f->icmp[dir][1]);
}

static int
keys_free(const struct tflow *f)
{
	struct tkey k0, k1;

	flow_key(f, 0, &k0);
	flow_key(f, 1, &k1);
	if (memcmp(&k0, &k1, sizeof(k0)) == 0)
		return (0);
	/* A claimed first key on failure only wastes a slot. */
	return (key_claim(&k0) && key_claim(&k1));
}

static void
draw_addrs(struct tflow *f, int icmp_unreach)
{
	uint32_t r;

	memset(f->addr, 0, sizeof(f->addr));
	if (f->af == 4) {
		r = rng_range(1, 254);
		f->addr[0][0] = rng_chance(50) ? 192 : 203;
		f->addr[0][2] = f->addr[0][0] == 192 ? 2 : 113;
		f->addr[0][3] = (uint8_t)r;
		f->addr[1][0] = 198;
		f->addr[1][1] = 51;
		f->addr[1][2] = 100;
		f->addr[1][3] = (uint8_t)rng_range(1, 254);
	} else {
		f->addr[0][0] = 0x20;
		f->addr[0][1] = 0x01;
		f->addr[0][2] = 0x0d;
		f->addr[0][3] = 0xb8;
		memcpy(f->addr[1], f->addr[0], 4);
		f->addr[0][7] = 1;
		f->addr[1][7] = 2;
		r = rng_range(1, 0xffff);
		f->addr[0][14] = (uint8_t)(r >> 8);
		f->addr[0][15] = (uint8_t)r;
		r = rng_range(1, 0x3ff);
		f->addr[1][14] = (uint8_t)(r >> 8);
		f->addr[1][15] = (uint8_t)r;
	}
	if (f->proto == 6) {
		f->port[0] = (uint16_t)rng_range(32768, 60999);
		f->port[1] = tcp_ports[rng_range(0, nitems(tcp_ports) - 1)];
	} else if (f->proto == 17) {
		f->port[0] = (uint16_t)rng_range(32768, 60999);
		f->port[1] = udp_ports[rng_range(0, nitems(udp_ports) - 1)];
	} else {
		f->port[0] = f->port[1] = 0;
		if (icmp_unreach) {
			f->icmp[0][0] = f->af == 4 ? 3 : 1;
			f->icmp[0][1] = f->af == 4 ? 3 : 4;
			/* Unused direction; distinct so the keys differ. */
			f->icmp[1][0] = f->icmp[0][0];
			f->icmp[1][1] = 0;
		} else {
			f->icmp[0][0] = f->af == 4 ? 8 : 128;
			f->icmp[1][0] = f->af == 4 ? 0 : 129;
			f->icmp[0][1] = f->icmp[1][1] = 0;
		}
	}
}

static void
add(int dir, uint8_t tcpflags, uint32_t len)
{
	struct tpkt *k;

	if (plan_npkts == plan_cap) {
		plan_cap = plan_cap ? plan_cap * 2 : 4096;
		plan_pkts = reallocarray(plan_pkts, plan_cap,
		    sizeof(*plan_pkts));
		if (plan_pkts == NULL)
			err(1, "reallocarray");
	}
	k = &plan_pkts[plan_npkts++];
	k->ts = cur_ts;
	k->flow = cur_flow;
	k->seq = cur_seq++;
	k->dir = (uint8_t)dir;
	k->tcpflags = tcpflags;
	k->len = (uint16_t)len;
	cur_ts += rng_range(1, (uint32_t)(2 * cur_gap));
	if (cur_ts > cur_end)
		cur_ts = cur_end;
}

static void
pace(uint64_t npkts)
{
	cur_gap = (cur_end - cur_ts) / (npkts + 1);
	if (cur_gap > 50000)
		cur_gap = 50000;
	if (cur_gap < 1)
		cur_gap = 1;
}

static void
plan_tcp(const struct tflow *f, uint32_t cap)
{
	uint32_t i, n, mss;
	int sender;

	mss = f->af == 4 ? 1460 : 1440;
	n = rng_pareto(cap);
	pace(n * 3 / 2 + 8);
	sender = rng_chance(80) ? 1 : 0;
	add(0, TF_SYN, 0);
	if (rng_chance(5)) {			/* port closed */
		add(1, TF_RST | TF_ACK, 0);
		return;
	}
	add(1, TF_SYN | TF_ACK, 0);
	add(0, TF_ACK, 0);
	add(0, TF_PSH | TF_ACK, rng_range(40, 600));
	for (i = 0; i < n; i++) {
		add(sender, TF_ACK | (i == n - 1 ? TF_PSH : 0),
		    rng_chance(75) ? mss : rng_range(1, mss));
		if (i % 2 == 1 || i == n - 1)
			add(sender ^ 1, TF_ACK, 0);
	}
	if (rng_chance(15)) {			/* aborted */
		add((int)rng_range(0, 1), TF_RST | TF_ACK, 0);
		return;
	}
	add(0, TF_FIN | TF_ACK, 0);
	add(1, TF_FIN | TF_ACK, 0);
	add(0, TF_ACK, 0);
}

static void
plan_udp(const struct tflow *f, uint32_t cap)
{
	uint32_t i, n;
	int oneway;

	if (f->fragment) {
		n = rng_pareto(cap < 20 ? cap : 20);
		pace(n);
		for (i = 0; i < n; i++)
			add(0, 0, rng_range(MTU, MAX_DGRAM - 8));
		return;
	}
	oneway = rng_chance(30);
	n = rng_pareto(cap);
	pace(oneway ? n : 2 * n);
	for (i = 0; i < n; i++) {
		add(0, 0, rng_range(20, 1400));
		if (!oneway)
			add(1, 0, rng_range(20, 1400));
	}
}

static void
plan_icmp(const struct tflow *f, uint32_t cap, int unreach)
{
	uint32_t i, n;
	int answered;

	(void)f;
	if (unreach) {
		n = rng_range(1, 3);
		pace(n);
		for (i = 0; i < n; i++)
			add(0, 0, 0);
		return;
	}
	answered = !rng_chance(10);
	n = rng_pareto(cap < 50 ? cap : 50);
	pace(2 * n);
	for (i = 0; i < n; i++) {
		add(0, 0, 56);
		if (answered)
			add(1, 0, 56);
	}
}

void
plan_flow(struct tflow *f, uint32_t idx, uint64_t start, uint64_t dur,
    uint32_t cap)
{
	uint32_t r;
	int i, unreach;

	f->af = rng_chance(65) ? 4 : 6;
	r = rng_range(0, 99);
	f->proto = r < 60 ? 6 : r < 88 ? 17 : f->af == 4 ? 1 : 58;
	unreach = (f->proto == 1 || f->proto == 58) && rng_chance(20);
	r = rng_range(0, 99);
	f->encap = r < 70 ? ENCAP_NONE : r < 82 ? ENCAP_VLAN :
	    r < 90 ? ENCAP_QINQ : ENCAP_MPLS;
	f->vlan[0] = (uint16_t)rng_range(1, 4094);
	f->vlan[1] = (uint16_t)rng_range(1, 4094);
	f->nmpls = (int)rng_range(1, 2);
	f->mpls[0] = rng_range(16, 1048575);
	f->mpls[1] = rng_range(16, 1048575);
	f->tos = tos_values[rng_range(0, nitems(tos_values) - 1)];
	f->fragment = f->af == 4 && f->proto == 17 && rng_chance(15);
	for (i = 0; i < 2; i++) {
		f->flowlabel[i] = rng_range(0, 0xfffff);
		f->tcpseq[i] = (uint32_t)rng_next();
		f->ipid[i] = (uint16_t)rng_next();
		f->mac[i][0] = 0x02;		/* locally administered */
		f->mac[i][1] = 0x00;
		f->mac[i][2] = (uint8_t)i;
		f->mac[i][3] = (uint8_t)rng_next();
		f->mac[i][4] = (uint8_t)rng_next();
		f->mac[i][5] = (uint8_t)rng_next();
	}
	do {
		draw_addrs(f, unreach);
	} while (!keys_free(f));

	cur_flow = idx;
	cur_seq = 0;
	cur_ts = start + rng_next() % (dur * 8 / 10 + 1);
	cur_end = start + dur;
	if (f->proto == 6)
		plan_tcp(f, cap);
	else if (f->proto == 17)
		plan_udp(f, cap);
	else
		plan_icmp(f, cap, unreach);
}

static int
tpkt_cmp(const void *a, const void *b)
{
	const struct tpkt *x = a, *y = b;

	if (x->ts != y->ts)
		return (x->ts < y->ts ? -1 : 1);
	if (x->flow != y->flow)
		return (x->flow < y->flow ? -1 : 1);
	return (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* All planned packets in capture order. */
struct tpkt *
plan_sorted(size_t *n)
{
	qsort(plan_pkts, plan_npkts, sizeof(*plan_pkts), tpkt_cmp);
	*n = plan_npkts;
	return (plan_pkts);
}

/* Everything the plan allocated, so leak checkers see a clean exit. */
void
plan_free(void)
{
	free(keys);
	free(plan_pkts);
	keys = NULL;
	plan_pkts = NULL;
	nkeyslots = plan_npkts = plan_cap = 0;
}
