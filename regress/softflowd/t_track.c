/*
 * t_track: the flow table (canonical keys, tracking levels, fragments)
 * and expiry on crafted timelines (every timeout, maxlife, the active
 * timeout, max-flows eviction, flush), with packet time as the clock.
 */
#include <sys/types.h>

#include <netinet/in.h>

#include <atf-c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "sf_track.h"

#define S	1000000ULL	/* one second in us */
#define MAXREC	64

struct rec {
	int		reason;
	struct sf_flow	f;
	uint64_t	now;
};

static struct rec	recs[MAXREC];
static int		nrec;

static void
emit(void *arg, const struct sf_flow *f, const uint32_t *labels, int reason,
    uint64_t now)
{
	(void)labels;
	(void)arg;
	if (nrec < MAXREC) {
		recs[nrec].reason = reason;
		recs[nrec].f = *f;
		recs[nrec].now = now;
	}
	nrec++;
}

static struct sf_track *
tracker(int level, void (*tweak)(struct sf_track_conf *))
{
	struct sf_track_conf	c;
	struct sf_track		*t;

	memset(&c, 0, sizeof(c));
	c.level = level;
	c.track_v6 = 1;
	sf_timeouts_default(&c.to);
	c.emit = emit;
	if (tweak != NULL)
		tweak(&c);
	nrec = 0;
	t = sf_track_new(&c);
	ATF_REQUIRE(t != NULL);
	return (t);
}

/* An IPv4 packet a.b.c.<s> -> <d>. */
static struct sf_pkt
pkt(uint8_t proto, uint8_t s, uint16_t sp, uint8_t d, uint16_t dp,
    uint8_t flags)
{
	struct sf_pkt	p;

	memset(&p, 0, sizeof(p));
	p.af = 4;
	p.proto = proto;
	p.src[0] = 10;
	p.src[3] = s;
	p.dst[0] = 10;
	p.dst[3] = d;
	p.sport = sp;
	p.dport = dp;
	p.has_ports = 1;
	p.tcpflags = flags;
	p.octets = 100;
	return (p);
}

static void
feed(struct sf_track *t, struct sf_pkt p, uint64_t sec)
{
	ATF_REQUIRE_EQ(sf_track_packet(t, &p, sec * S), 0);
}

ATF_TC_WITHOUT_HEAD(flow_size);
ATF_TC_BODY(flow_size, tc)
{
	/* The per-flow memory promise: at most 128 bytes with its slot. */
	ATF_CHECK(sizeof(struct sf_flow) <= 120);
	/* Hashed and compared as whole 64-bit words. */
	ATF_CHECK_EQ(sizeof(struct sf_key), 56);
	ATF_CHECK_EQ(sizeof(struct sf_key) % 8, 0);
}

ATF_TC_WITHOUT_HEAD(canonical);
ATF_TC_BODY(canonical, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, NULL);
	struct sf_pkt	 p;

	p = pkt(IPPROTO_UDP, 9, 1000, 2, 53, 0);
	p.tos = 0xb8;
	feed(t, p, 10);
	p = pkt(IPPROTO_UDP, 2, 53, 9, 1000, 0);
	p.tos = 0x28;
	feed(t, p, 11);
	feed(t, p, 11);
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 1);
	/* Same address both ends: ports decide the order (B4). */
	feed(t, pkt(IPPROTO_UDP, 5, 7000, 5, 6000, 0), 12);
	feed(t, pkt(IPPROTO_UDP, 5, 6000, 5, 7000, 0), 12);
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 2);
	ATF_REQUIRE_EQ(sf_track_flush(t, 20 * S), 2);
	ATF_REQUIRE_EQ(nrec, 2);
	/* Endpoint 0 is the lower address, 10.0.0.2. */
	ATF_CHECK_EQ(recs[0].f.key.addr[0][3] + recs[1].f.key.addr[0][3], 7);
	{
		const struct sf_flow *f = recs[0].f.key.addr[0][3] == 2 ?
		    &recs[0].f : &recs[1].f;

		ATF_CHECK_EQ(f->packets[0], 2);
		ATF_CHECK_EQ(f->packets[1], 1);
		ATF_CHECK_EQ(f->key.port[0], 53);
		ATF_CHECK_EQ(f->tos[1], 0xb8);	/* each its own (B3) */
		ATF_CHECK_EQ(f->tos[0], 0x28);
		ATF_CHECK_EQ(f->dur_ms, 1000);
	}
	ATF_CHECK_EQ(recs[0].reason, SF_R_FLUSH);
	ATF_CHECK_EQ(sf_end_reason(SF_R_FLUSH), 4);
	sf_track_free(t);
}

static u_int
count_flows(int level, const struct sf_pkt *p, int n)
{
	struct sf_track	*t = tracker(level, NULL);
	u_int		 r;
	int		 i;

	for (i = 0; i < n; i++)
		ATF_REQUIRE_EQ(sf_track_packet(t, &p[i], 5 * S), 0);
	r = (u_int)sf_track_stats(t)->flows_now;
	sf_track_free(t);
	return (r);
}

ATF_TC_WITHOUT_HEAD(levels);
ATF_TC_BODY(levels, tc)
{
	struct sf_pkt	p[4];
	static const uint8_t ma[6] = { 2, 0, 0, 0, 0, 0xa };
	static const uint8_t mb[6] = { 2, 0, 0, 0, 0, 0xb };

	p[0] = pkt(IPPROTO_UDP, 1, 100, 2, 200, 0);
	p[1] = pkt(IPPROTO_UDP, 1, 101, 2, 200, 0);
	p[2] = pkt(IPPROTO_TCP, 1, 100, 2, 200, 0);
	p[3] = pkt(47, 2, 0, 1, 0, 0);
	p[3].has_ports = 0;
	ATF_CHECK_EQ(count_flows(SF_T_IP, p, 4), 1);
	ATF_CHECK_EQ(count_flows(SF_T_PROTO, p, 4), 3);
	ATF_CHECK_EQ(count_flows(SF_T_PORT, p, 4), 4);
	ATF_CHECK_EQ(count_flows(SF_T_FULL, p, 4), 4);

	/* -T vlan and ether keep a conversation whole (B2). */
	p[0] = pkt(IPPROTO_UDP, 1, 100, 2, 200, 0);
	p[1] = pkt(IPPROTO_UDP, 2, 200, 1, 100, 0);
	p[0].vlan[0] = p[1].vlan[0] = 10;
	memcpy(p[0].smac, ma, 6);
	memcpy(p[0].dmac, mb, 6);
	memcpy(p[1].smac, mb, 6);
	memcpy(p[1].dmac, ma, 6);
	p[0].has_mac = p[1].has_mac = 1;
	ATF_CHECK_EQ(count_flows(SF_T_VLAN, p, 2), 1);
	ATF_CHECK_EQ(count_flows(SF_T_ETHER, p, 2), 1);
	p[1].vlan[0] = 11;
	ATF_CHECK_EQ(count_flows(SF_T_FULL, p, 2), 1);
	ATF_CHECK_EQ(count_flows(SF_T_VLAN, p, 2), 2);
	p[1].vlan[0] = 10;
	p[1].smac[0] = 4;	/* another router answers */
	ATF_CHECK_EQ(count_flows(SF_T_VLAN, p, 2), 1);
	ATF_CHECK_EQ(count_flows(SF_T_ETHER, p, 2), 2);
}

ATF_TC_WITHOUT_HEAD(proto_level_no_flags);
ATF_TC_BODY(proto_level_no_flags, tc)
{
	struct sf_track	*t = tracker(SF_T_PROTO, NULL);
	uint64_t	 d;
	int		 r;

	feed(t, pkt(IPPROTO_TCP, 1, 5, 2, 6, 0x04), 100);
	ATF_REQUIRE_EQ(sf_track_flush(t, 101 * S), 1);
	ATF_CHECK_EQ(recs[0].f.tcpflags[0], 0);
	d = sf_flow_deadline(sf_track_conf(t), &recs[0].f, &r);
	ATF_CHECK_EQ(r, SF_R_TCP);	/* RST unseen at this level */
	ATF_CHECK_EQ(d, 100 + 3600);
	sf_track_free(t);
}

/* Expire at now-1 (nothing) and now (the flow), checking the reason. */
static void
expect_expiry(struct sf_track *t, uint64_t when, int reason, int endr)
{
	int	before = nrec;

	sf_track_expire(t, (when - 1) * S);
	ATF_CHECK_EQ_MSG(nrec, before, "expired before %ju", (uintmax_t)when);
	sf_track_expire(t, when * S);
	ATF_REQUIRE_EQ_MSG(nrec, before + 1, "not expired at %ju",
	    (uintmax_t)when);
	ATF_CHECK_EQ(recs[before].reason, reason);
	ATF_CHECK_EQ(sf_end_reason(recs[before].reason), endr);
}

ATF_TC_WITHOUT_HEAD(udp_timeout);
ATF_TC_BODY(udp_timeout, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, NULL);

	feed(t, pkt(IPPROTO_UDP, 1, 5, 2, 6, 0), 1000);
	feed(t, pkt(IPPROTO_UDP, 2, 6, 1, 5, 0), 1100);
	/* deadline 1400; strictly-before comparison: gone at 1401. */
	expect_expiry(t, 1401, SF_R_UDP, 1);
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 0);
	sf_track_free(t);
}

ATF_TC_WITHOUT_HEAD(tcp_rst);
ATF_TC_BODY(tcp_rst, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, NULL);

	feed(t, pkt(IPPROTO_TCP, 1, 5, 2, 80, 0x02), 1000);
	sf_track_expire(t, 1100 * S);
	feed(t, pkt(IPPROTO_TCP, 2, 80, 1, 5, 0x14), 1150);
	/* RST from either side: 1150 + 120 */
	expect_expiry(t, 1271, SF_R_RST, 3);
	sf_track_free(t);
}

ATF_TC_WITHOUT_HEAD(tcp_fin);
ATF_TC_BODY(tcp_fin, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, NULL);

	feed(t, pkt(IPPROTO_TCP, 1, 5, 2, 80, 0x02), 1000);
	feed(t, pkt(IPPROTO_TCP, 1, 5, 2, 80, 0x11), 1200);
	/* One FIN is not enough: still the TCP idle timeout here. */
	sf_track_expire(t, 1600 * S);
	ATF_CHECK_EQ(nrec, 0);
	feed(t, pkt(IPPROTO_TCP, 2, 80, 1, 5, 0x11), 1700);
	expect_expiry(t, 2001, SF_R_FIN, 3);
	sf_track_free(t);
}

ATF_TC_WITHOUT_HEAD(tcp_idle);
ATF_TC_BODY(tcp_idle, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, NULL);
	uint64_t	 s;

	feed(t, pkt(IPPROTO_TCP, 1, 5, 2, 80, 0x10), 1000);
	/* The wheel re-checks every 120 s; nothing leaves early. */
	for (s = 1100; s <= 4600; s += 100)
		sf_track_expire(t, s * S);
	ATF_CHECK_EQ(nrec, 0);
	expect_expiry(t, 4601, SF_R_TCP, 1);
	sf_track_free(t);
}

static void
no_udp(struct sf_track_conf *c)
{
	c->to.udp = 0;
	c->to.icmp = 30;
}

ATF_TC_WITHOUT_HEAD(icmp_general_disabled);
ATF_TC_BODY(icmp_general_disabled, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, no_udp);
	struct sf_pkt	 g = pkt(47, 1, 0, 2, 0, 0);

	feed(t, pkt(IPPROTO_ICMP, 1, 0, 2, 0x0800, 0), 1000);
	expect_expiry(t, 1031, SF_R_ICMP, 1);
	/* udp=0 disables that rule: general (3600) applies. */
	feed(t, pkt(IPPROTO_UDP, 1, 5, 2, 6, 0), 2000);
	g.has_ports = 0;
	feed(t, g, 2000);
	sf_track_expire(t, 5600 * S);
	ATF_CHECK_EQ(nrec, 1);
	sf_track_expire(t, 5601 * S);
	ATF_REQUIRE_EQ(nrec, 3);
	ATF_CHECK_EQ(recs[1].reason, SF_R_GENERAL);
	ATF_CHECK_EQ(recs[2].reason, SF_R_GENERAL);
	sf_track_free(t);
}

static void
short_maxlife(struct sf_track_conf *c)
{
	c->to.maxlife = 1000;
}

ATF_TC_WITHOUT_HEAD(maxlife);
ATF_TC_BODY(maxlife, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, short_maxlife);
	uint64_t	 s;

	for (s = 0; s <= 800; s += 200)
		feed(t, pkt(IPPROTO_UDP, 1, 5, 2, 6, 0), 5000 + s);
	/* idle deadline 6100, but the life ends at 6000 */
	expect_expiry(t, 6001, SF_R_MAXLIFE, 2);
	ATF_CHECK_EQ(recs[0].f.packets[0], 5);
	/* A packet past maxlife cuts the flow at once. */
	for (s = 0; s <= 1200; s += 200)
		feed(t, pkt(IPPROTO_UDP, 1, 5, 2, 6, 0), 7000 + s);
	ATF_REQUIRE_EQ(nrec, 2);
	ATF_CHECK_EQ(recs[1].reason, SF_R_MAXLIFE);
	ATF_CHECK_EQ(recs[1].f.packets[0], 6);
	ATF_CHECK_EQ(sf_track_flush(t, 9000 * S), 1);
	ATF_CHECK_EQ(recs[2].f.packets[0], 1);
	sf_track_free(t);
}

static void
active60(struct sf_track_conf *c)
{
	c->to.active = 60;
}

ATF_TC_WITHOUT_HEAD(active_timeout);
ATF_TC_BODY(active_timeout, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, active60);
	uint64_t	 s, total = 0;
	int		 i;

	for (s = 0; s < 200; s += 10)
		feed(t, pkt(IPPROTO_UDP, 1, 5, 2, 6, 0), 1000 + s);
	/* cut at 1060, 1120, 1180: three records, the rest still open */
	ATF_REQUIRE_EQ(nrec, 3);
	for (i = 0; i < 3; i++) {
		ATF_CHECK_EQ(recs[i].reason, SF_R_ACTIVE);
		ATF_CHECK_EQ(recs[i].f.packets[0], 6);
		total += recs[i].f.packets[0];
	}
	/* With no more packets the wheel ends it at start + 60. */
	expect_expiry(t, 1241, SF_R_ACTIVE, 2);
	total += recs[3].f.packets[0];
	ATF_CHECK_EQ(total, 20);
	sf_track_free(t);
}

static void
max10(struct sf_track_conf *c)
{
	c->max_flows = 10;
}

ATF_TC_WITHOUT_HEAD(max_flows);
ATF_TC_BODY(max_flows, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, max10);
	int		 i;

	for (i = 0; i < 15; i++)
		feed(t, pkt(IPPROTO_UDP, 1, (uint16_t)(1000 + i), 2, 53, 0),
		    (uint64_t)(100 + i));
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 15);
	ATF_CHECK_EQ(sf_track_evict(t, 120 * S), 5);
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 10);
	ATF_REQUIRE_EQ(nrec, 5);
	/* The five nearest their timeout went: the oldest here. */
	for (i = 0; i < 5; i++) {
		ATF_CHECK_EQ(recs[i].reason, SF_R_MAXFLOWS);
		ATF_CHECK(recs[i].f.key.port[1] < 1005 ||
		    recs[i].f.key.port[0] < 1005);
	}
	ATF_CHECK_EQ(sf_end_reason(SF_R_MAXFLOWS), 5);
	ATF_CHECK_EQ(sf_track_stats(t)->forced, 5);
	ATF_CHECK_EQ(sf_track_delete_all(t), 10);
	ATF_CHECK_EQ(nrec, 5);
	sf_track_free(t);
}

static void
limit1000(struct sf_track_conf *c)
{
	c->byte_limit = 1000;
}

ATF_TC_WITHOUT_HEAD(overbytes);
ATF_TC_BODY(overbytes, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, limit1000);
	struct sf_pkt	 p = pkt(IPPROTO_UDP, 1, 5, 2, 6, 0);

	p.octets = 600;
	feed(t, p, 10);
	ATF_CHECK_EQ(nrec, 0);
	feed(t, p, 11);
	ATF_REQUIRE_EQ(nrec, 1);
	ATF_CHECK_EQ(recs[0].reason, SF_R_OVERBYTES);
	ATF_CHECK_EQ(recs[0].f.octets[0], 1200);
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 1);
	sf_track_free(t);
}

ATF_TC_WITHOUT_HEAD(fragments);
ATF_TC_BODY(fragments, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, NULL);
	struct sf_pkt	 p = pkt(IPPROTO_UDP, 1, 5, 2, 6, 0);

	p.frag = SF_FRAG_FIRST;
	p.frag_id = 77;
	p.more_frags = 1;
	feed(t, p, 10);
	p.frag = SF_FRAG_LATER;
	p.has_ports = 0;
	p.sport = p.dport = 0;
	feed(t, p, 10);
	p.more_frags = 0;
	feed(t, p, 10);
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 1);
	ATF_CHECK_EQ(sf_track_stats(t)->frag_matched, 2);
	/* A later fragment without its first: a portless flow. */
	p.frag_id = 78;
	feed(t, p, 10);
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 2);
	ATF_CHECK_EQ(sf_track_stats(t)->frag_orphan, 1);
	ATF_CHECK_EQ(sf_track_stats(t)->fragments, 4);
	sf_track_free(t);
}

ATF_TC_WITHOUT_HEAD(many_flows);
ATF_TC_BODY(many_flows, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, NULL);
	struct sf_pkt	 p;
	uint32_t	 i;

	for (i = 0; i < 60000; i++) {
		p = pkt(IPPROTO_TCP, 1, (uint16_t)i, 2, 80, 0x10);
		p.src[2] = (uint8_t)(i >> 16);
		feed(t, p, 10);
	}
	for (i = 0; i < 60000; i++) {
		p = pkt(IPPROTO_TCP, 2, 80, 1, (uint16_t)i, 0x10);
		p.dst[2] = (uint8_t)(i >> 16);
		feed(t, p, 11);
	}
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 60000);
	ATF_CHECK_EQ(sf_track_flush(t, 12 * S), 60000);
	ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 0);
	sf_track_free(t);
}

/*
 * Flows come and go many times over: deleted slots are reused and
 * cleaned by rehashing, and every lookup still finds its flow.
 */
static uint64_t	sum_pk, sum_oct, sum_all;
static u_int	sum_n;

static void
sum_emit(void *arg, const struct sf_flow *f, const uint32_t *labels, int reason,
    uint64_t now)
{
	(void)arg;
	(void)labels;
	(void)reason;
	(void)now;
	sum_pk += f->packets[0] * 1000003 + f->packets[1];
	sum_oct += f->octets[0] ^ (f->octets[1] << 20) ^
	    ((uint64_t)f->key.port[0] << 40) ^ f->key.port[1];
	sum_all += f->packets[0] + f->packets[1];
	sum_n++;
}

static void
use_sum(struct sf_track_conf *c)
{
	c->emit = sum_emit;
}

/*
 * Flows come and go many times over: deleted slots are reused and
 * cleaned by rehashing, and every lookup still finds its flow.
 */
ATF_TC_WITHOUT_HEAD(churn);
ATF_TC_BODY(churn, tc)
{
	struct sf_track	*t = tracker(SF_T_FULL, use_sum);
	struct sf_pkt	 p;
	uint32_t	 i, round, base = 0;

	sum_n = 0;
	sum_all = 0;
	for (round = 0; round < 8; round++) {
		for (i = 0; i < 5000; i++) {
			p = pkt(IPPROTO_UDP, 1, (uint16_t)(base + i), 2, 53, 0);
			p.src[1] = (uint8_t)round;
			feed(t, p, 100 + round * 400);
			feed(t, p, 100 + round * 400);
		}
		ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 5000);
		/* udp 300 s: all due at the next round */
		ATF_CHECK_EQ(sf_track_expire(t, (uint64_t)(100 + round * 400 +
		    302) * S), 5000);
		ATF_CHECK_EQ(sf_track_stats(t)->flows_now, 0);
		base += 777;
	}
	/* Two packets a flow: none went to a wrong or a second flow. */
	ATF_CHECK_EQ(sum_n, 40000);
	ATF_CHECK_EQ(sum_all, 80000);
	sf_track_free(t);
}

/*
 * The batched path (prep, prefetch, then track) makes the same flows
 * as one packet at a time, with repeats inside a batch and fragments.
 */
ATF_TC_WITHOUT_HEAD(batched);
ATF_TC_BODY(batched, tc)
{
	struct sf_track_conf	 c;
	struct sf_track		*t;
	struct sf_pkt		 p[16];
	struct sf_prep		 pr[16];
	uint64_t		 pk1, oct1;
	u_int			 n1, nnew;
	uint32_t		 i, j, x = 12345;
	int			 pass;

	for (pass = 0; pass < 2; pass++) {
		memset(&c, 0, sizeof(c));
		c.level = SF_T_FULL;
		c.track_v6 = 1;
		sf_timeouts_default(&c.to);
		c.emit = sum_emit;
		ATF_REQUIRE((t = sf_track_new(&c)) != NULL);
		sum_pk = sum_oct = 0;
		sum_n = 0;
		x = 12345;
		for (i = 0; i < 3000; i++) {
			for (j = 0; j < 16; j++) {
				x = x * 1103515245 + 12345;
				p[j] = pkt(IPPROTO_TCP, (uint8_t)(x >> 24),
				    (uint16_t)(x >> 8 & 0x3ff), 2, 80, 0x10);
				if ((x >> 4 & 1) != 0) {
					/* the same flow, the other way */
					p[j] = pkt(IPPROTO_TCP, 2, 80,
					    (uint8_t)(x >> 24),
					    (uint16_t)(x >> 8 & 0x3ff), 0x10);
				}
				p[j].octets = 40 + (x & 0xff);
				if ((x & 0x3f) == 0) {
					p[j].frag = SF_FRAG_FIRST;
					p[j].frag_id = x >> 16;
				}
			}
			if (pass == 0) {
				for (j = 0; j < 16; j++)
					ATF_REQUIRE_EQ(sf_track_packet(t, &p[j],
					    (10 + i) * S), 0);
				continue;
			}
			nnew = 0;
			for (j = 0; j < 16; j++)
				sf_track_prep(t, &p[j], &pr[j]);
			for (j = 0; j < 16; j++)
				sf_track_prefetch(t, &pr[j], &nnew);
			for (j = 0; j < 16; j++)
				ATF_REQUIRE_EQ(sf_track_packet_prep(t, &p[j],
				    &pr[j], (10 + i) * S), 0);
		}
		sf_track_flush(t, 4000 * S);
		if (pass == 0) {
			pk1 = sum_pk;
			oct1 = sum_oct;
			n1 = sum_n;
		}
		sf_track_free(t);
	}
	ATF_CHECK(n1 > 1000);
	ATF_CHECK_EQ(sum_n, n1);
	ATF_CHECK_EQ(sum_pk, pk1);
	ATF_CHECK_EQ(sum_oct, oct1);
}

ATF_TC_WITHOUT_HEAD(v6_ignored);
ATF_TC_BODY(v6_ignored, tc)
{
	struct sf_track_conf	c;
	struct sf_track		*t;
	struct sf_pkt		 p = pkt(IPPROTO_UDP, 1, 5, 2, 6, 0);

	memset(&c, 0, sizeof(c));
	c.level = SF_T_FULL;
	sf_timeouts_default(&c.to);
	c.emit = emit;
	ATF_REQUIRE((t = sf_track_new(&c)) != NULL);
	p.af = 6;
	ATF_CHECK_EQ(sf_track_packet(t, &p, 10 * S), -1);
	ATF_CHECK_EQ(sf_track_stats(t)->v6_ignored, 1);
	sf_track_free(t);
	c.to.general = 0;
	ATF_CHECK(sf_track_new(&c) == NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, flow_size);
	ATF_TP_ADD_TC(tp, canonical);
	ATF_TP_ADD_TC(tp, levels);
	ATF_TP_ADD_TC(tp, proto_level_no_flags);
	ATF_TP_ADD_TC(tp, udp_timeout);
	ATF_TP_ADD_TC(tp, tcp_rst);
	ATF_TP_ADD_TC(tp, tcp_fin);
	ATF_TP_ADD_TC(tp, tcp_idle);
	ATF_TP_ADD_TC(tp, icmp_general_disabled);
	ATF_TP_ADD_TC(tp, maxlife);
	ATF_TP_ADD_TC(tp, active_timeout);
	ATF_TP_ADD_TC(tp, max_flows);
	ATF_TP_ADD_TC(tp, overbytes);
	ATF_TP_ADD_TC(tp, fragments);
	ATF_TP_ADD_TC(tp, many_flows);
	ATF_TP_ADD_TC(tp, churn);
	ATF_TP_ADD_TC(tp, batched);
	ATF_TP_ADD_TC(tp, v6_ignored);
	return (atf_no_error());
}
