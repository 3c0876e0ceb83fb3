/*
 * Round trip as a property: for thousands of random flows per version,
 * nf_decode(nf_encode(r)) equals r on every field the version carries,
 * the decoder sees no sequence loss, and every datagram respects the
 * size limit.  The seed is time-based unless the config variable
 * "seed" fixes it (kyua test -v seed=N); it is printed on failure.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <atf-c.h>

#include "compat.h"
#include "nf_decode.h"
#include "nf_encode.h"
#include "nfenctest.h"

#define NFLOWS		4000
#define BATCH_MAX	97

struct rt {
	uint64_t		 rng;
	unsigned long long	 seed;
	int			 version;
	struct nf_encoder_opts	 o;
	struct flow		*in;		/* flows encoded, in order */
	size_t			 nin;
	struct flow		*out;		/* flows decoded */
	size_t			 nout;
};

static uint64_t
rnd(struct rt *t)
{
	/* xorshift64*: enough spread for test data, reproducible */
	t->rng ^= t->rng >> 12;
	t->rng ^= t->rng << 25;
	t->rng ^= t->rng >> 27;
	return (t->rng * 0x2545f4914f6cdd1dULL);
}

static uint32_t
rnd32(struct rt *t, uint64_t n)
{
	return ((uint32_t)(rnd(t) % n));
}

static void
rnd_bytes(struct rt *t, void *p, size_t n)
{
	uint8_t	*b = p;

	while (n-- > 0)
		*b++ = (uint8_t)rnd(t);
}

static unsigned long long
get_seed(const atf_tc_t *tc)
{
	const char	*s, *errstr;
	long long	 v;

	if (atf_tc_has_config_var(tc, "seed")) {
		s = atf_tc_get_config_var(tc, "seed");
		v = strtonum(s, 1, LLONG_MAX, &errstr);
		ATF_REQUIRE_MSG(errstr == NULL, "seed %s: %s", s, errstr);
		return ((unsigned long long)v);
	}
	return ((unsigned long long)time(NULL) * 2654435761ULL + 1);
}

/*
 * A post-NAT address of either family or none (zero family and bytes);
 * never all zero, which the wire reserves for "not translated".
 */
static void
gen_nat(struct rt *t, struct xaddr *a)
{
	memset(a, 0, sizeof(*a));
	switch (rnd32(t, 3)) {
	case 0:
		a->af = AF_INET;
		rnd_bytes(t, &a->v4, 4);
		a->addr8[0] |= 1;
		break;
	case 1:
		a->af = AF_INET6;
		rnd_bytes(t, &a->v6, 16);
		a->addr8[15] |= 1;
		break;
	}
}

/* A random flow this version can carry whole. */
static void
gen(struct rt *t, struct flow *f, const struct timeval *now)
{
	int		is6, icmp, wide = t->version >= 9;
	uint32_t	a, b;
	int64_t		now_ms, sms, ems;

	memset(f, 0, sizeof(*f));
	is6 = wide && rnd32(t, 3) == 0;
	f->fields = FLOW_PROTO_FLAGS_TOS | FLOW_SRCDST_PORT | FLOW_PACKETS |
	    FLOW_OCTETS | FLOW_IF_INDICES;
	if (is6) {
		f->fields |= FLOW_SRC_ADDR6 | FLOW_DST_ADDR6;
		f->src.af = f->dst.af = AF_INET6;
		rnd_bytes(t, &f->src.v6, 16);
		rnd_bytes(t, &f->dst.v6, 16);
	} else {
		f->fields |= FLOW_SRC_ADDR4 | FLOW_DST_ADDR4;
		f->src.af = f->dst.af = AF_INET;
		rnd_bytes(t, &f->src.v4, 4);
		rnd_bytes(t, &f->dst.v4, 4);
	}
	switch (rnd32(t, 5)) {
	case 0:
		f->protocol = is6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
		break;
	case 1:
		f->protocol = IPPROTO_UDP;
		break;
	case 2:
		f->protocol = (uint8_t)rnd(t);
		break;
	default:
		f->protocol = IPPROTO_TCP;
		break;
	}
	icmp = f->protocol == (is6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
	f->tos = (uint8_t)rnd(t);
	f->fields |= FLOW_FLOW_INFO;
	f->ip_version = is6 ? 6 : 4;
	if (icmp) {
		/* ICMP: type/code, which v1/v5 carry in dstport */
		f->icmp_type = (uint8_t)rnd(t);
		f->icmp_code = (uint8_t)rnd(t);
		f->dst_port = (uint16_t)(f->icmp_type << 8 | f->icmp_code);
	} else {
		f->tcp_flags = (uint8_t)rnd(t);
		f->src_port = (uint16_t)rnd(t);
		f->dst_port = (uint16_t)rnd(t);
	}
	if (wide) {
		f->direction = (uint8_t)rnd32(t, 2);
		f->end_reason = (uint8_t)(1 + rnd32(t, 5));
	}
	if (t->version >= 9 && t->o.counter_bytes == 8) {
		f->packets = rnd(t) >> rnd32(t, 64);
		f->octets = rnd(t) >> rnd32(t, 64);
	} else {
		f->packets = rnd32(t, 1ULL << 32);
		f->octets = rnd32(t, 1ULL << 32);
	}
	if (wide) {
		f->if_in = (uint32_t)rnd(t);
		f->if_out = (uint32_t)rnd(t);
	} else {
		f->if_in = (uint16_t)rnd(t);
		f->if_out = (uint16_t)rnd(t);
	}
	if (t->version != 10 || t->o.ipfix_times == NF_ENC_TIME_UPTIME) {
		/* sysUptime times, wrapping like a long-lived exporter's */
		f->fields |= FLOW_FLOW_TIMES;
		f->flow_start = (uint32_t)rnd(t);
		f->flow_finish = f->flow_start + rnd32(t, 3600000);
	} else {
		/* ms-granular absolute times within the last hour */
		f->fields |= FLOW_ABS_TIMES;
		now_ms = (int64_t)now->tv_sec * 1000 + now->tv_usec / 1000;
		a = rnd32(t, 3600000);
		b = rnd32(t, a + 1);
		sms = now_ms - a;
		ems = now_ms - b;
		f->start_sec = (uint32_t)(sms / 1000);
		f->start_nsec = (uint32_t)(sms % 1000) * 1000000;
		f->end_sec = (uint32_t)(ems / 1000);
		f->end_nsec = (uint32_t)(ems % 1000) * 1000000;
	}
	if (t->version == 1 || t->version == 5 ||
	    (t->o.fields & NF_ENC_F_ROUTING)) {
		if (is6) {
			f->fields |= FLOW_GATEWAY_ADDR6;
			f->gateway.af = AF_INET6;
			rnd_bytes(t, &f->gateway.v6, 16);
		} else {
			f->fields |= FLOW_GATEWAY_ADDR4;
			f->gateway.af = AF_INET;
			rnd_bytes(t, &f->gateway.v4, 4);
		}
	}
	if (t->version == 5 || (t->o.fields & NF_ENC_F_ROUTING)) {
		f->fields |= FLOW_AS_INFO;
		f->src_as = t->version == 5 ? (uint16_t)rnd(t) :
		    (uint32_t)rnd(t);
		f->dst_as = t->version == 5 ? (uint16_t)rnd(t) :
		    (uint32_t)rnd(t);
		f->src_mask = (uint8_t)rnd32(t, is6 ? 129 : 33);
		f->dst_mask = (uint8_t)rnd32(t, is6 ? 129 : 33);
	}
	if (t->o.fields & NF_ENC_F_VLAN && t->version >= 9) {
		f->fields |= FLOW_VLANS;
		f->src_vlan = (uint16_t)rnd32(t, 4096);
		f->dst_vlan = (uint16_t)rnd32(t, 4096);
	}
	if (t->o.fields & NF_ENC_F_MAC && t->version >= 9) {
		f->fields |= FLOW_MAC_ADDRS;
		rnd_bytes(t, f->src_mac, 6);
		rnd_bytes(t, f->dst_mac, 6);
	}
	if (t->o.fields & NF_ENC_F_NAT && t->version >= 9 &&
	    rnd32(t, 2) == 0) {
		f->fields |= FLOW_NAT;
		gen_nat(t, &f->nat_src);
		gen_nat(t, &f->nat_dst);
		f->nat_src_port = (uint16_t)rnd(t);
		f->nat_dst_port = (uint16_t)rnd(t);
	}
}

static void
collect(const struct flow *f, void *arg)
{
	struct rt	*t = arg;

	ATF_REQUIRE_MSG(t->nout < NFLOWS, "seed %llu: more flows out than in",
	    t->seed);
	t->out[t->nout++] = *f;
}

#define FAIL(what)	atf_tc_fail("seed %llu version %d flow %zu: %s " \
			    "differs", t->seed, t->version, i, what)
#define SAME(field)	do { if (a->field != b->field) FAIL(#field); } \
			while (0)

static int
addr_eq(const struct xaddr *x, const struct xaddr *y)
{
	if (x->af != y->af)
		return (0);
	return (memcmp(x->addr8, y->addr8, x->af == AF_INET6 ? 16 : 4) == 0);
}

static void
compare(struct rt *t, size_t i, const struct flow *a, const struct flow *b)
{
	int	icmp, wide = t->version >= 9;

	icmp = a->protocol == (a->src.af == AF_INET6 ? IPPROTO_ICMPV6 :
	    IPPROTO_ICMP);
	if ((b->fields & a->fields & FLOW_SRCDST_ADDR) !=
	    (a->fields & FLOW_SRCDST_ADDR))
		FAIL("address presence");
	if (!addr_eq(&a->src, &b->src))
		FAIL("src");
	if (!addr_eq(&a->dst, &b->dst))
		FAIL("dst");
	if ((a->fields & FLOW_GATEWAY_ADDR) && !addr_eq(&a->gateway,
	    &b->gateway))
		FAIL("gateway");
	SAME(protocol);
	SAME(tos);
	SAME(packets);
	SAME(octets);
	SAME(if_in);
	SAME(if_out);
	SAME(netflow_version);
	if (!wide || !icmp) {
		SAME(src_port);
		SAME(dst_port);
		SAME(tcp_flags);
	}
	if (wide && icmp) {
		SAME(icmp_type);
		SAME(icmp_code);
	}
	if (wide) {
		SAME(direction);
		SAME(end_reason);
		SAME(ip_version);
		SAME(source_id);
	}
	if (a->fields & FLOW_FLOW_TIMES) {
		SAME(flow_start);
		SAME(flow_finish);
	}
	if (a->fields & FLOW_ABS_TIMES) {
		SAME(start_sec);
		SAME(start_nsec);
		SAME(end_sec);
		SAME(end_nsec);
	}
	if (a->fields & FLOW_AS_INFO) {
		SAME(src_as);
		SAME(dst_as);
		SAME(src_mask);
		SAME(dst_mask);
	}
	if (a->fields & FLOW_VLANS) {
		SAME(src_vlan);
		SAME(dst_vlan);
	}
	if ((a->fields & FLOW_MAC_ADDRS) &&
	    (memcmp(a->src_mac, b->src_mac, 6) != 0 ||
	    memcmp(a->dst_mac, b->dst_mac, 6) != 0))
		FAIL("mac");
	if ((a->fields & FLOW_NAT) != (b->fields & FLOW_NAT))
		FAIL("nat presence");
	if (a->fields & FLOW_NAT) {
		if (!addr_eq(&a->nat_src, &b->nat_src))
			FAIL("nat_src");
		if (!addr_eq(&a->nat_dst, &b->nat_dst))
			FAIL("nat_dst");
		SAME(nat_src_port);
		SAME(nat_dst_port);
	}
	if (t->version == 5) {
		SAME(engine_type);
		SAME(engine_id);
	}
	if (t->version != 1) {
		if ((b->fields & FLOW_SAMPLING) == 0)
			FAIL("sampling presence");
		SAME(sampling_interval);
		SAME(sampling_algorithm);
	}
}

static void
run(const atf_tc_t *tc, int version, size_t max, int fields, int tmode,
    u_int cb)
{
	struct rt		 t;
	struct nf_collector	*col;
	struct nf_encoder	*e;
	struct nf_stats		 st;
	struct sockaddr_in	 sin;
	struct timeval		 now;
	uint8_t			 buf[NF_ENC_MAX_DATAGRAM];
	size_t			 len, i, batch, before;
	uint32_t		 expseq = 0, uptime;

	memset(&t, 0, sizeof(t));
	t.seed = get_seed(tc);
	t.rng = t.seed ^ (uint64_t)version << 56 ^ max;
	if (t.rng == 0)
		t.rng = 1;
	t.version = version;
	net_opts(&t.o, version);
	t.o.max_datagram = max;
	t.o.fields = fields;
	t.o.ipfix_times = tmode;
	if (cb != 0)
		t.o.counter_bytes = cb;
	t.o.sampling_algorithm = (uint16_t)(1 + rnd32(&t, 2));
	t.o.sampling_interval = 1 + rnd32(&t, 1000);
	t.o.queue_flows = BATCH_MAX;
	ATF_REQUIRE((t.in = calloc(NFLOWS, sizeof(*t.in))) != NULL);
	ATF_REQUIRE((t.out = calloc(NFLOWS, sizeof(*t.out))) != NULL);
	ATF_REQUIRE((e = nf_encoder_new(&t.o)) != NULL);
	ATF_REQUIRE((col = nf_collector_new(NULL)) != NULL);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(40000);
	sin.sin_addr.s_addr = htonl(0xc0000201U);
	now.tv_sec = NET_NOW;
	now.tv_usec = 0;

	while (t.nin < NFLOWS) {
		batch = 1 + rnd32(&t, BATCH_MAX);
		if (batch > NFLOWS - t.nin)
			batch = NFLOWS - t.nin;
		now.tv_sec += rnd32(&t, 40);
		now.tv_usec = (suseconds_t)rnd32(&t, 1000) * 1000;
		for (i = 0; i < batch; i++) {
			gen(&t, &t.in[t.nin], &now);
			ATF_REQUIRE(nf_encoder_add(e, &t.in[t.nin], &now) == 0);
			t.nin++;
		}
		while ((len = nf_encoder_next(e, buf, sizeof(buf), &now)) >
		    0) {
			ATF_REQUIRE_MSG(len <= max, "seed %llu: %zu > %zu",
			    t.seed, len, max);
			before = t.nout;
			ATF_REQUIRE_MSG(nf_decode(col, buf, len,
			    (struct sockaddr *)&sin, sizeof(sin), &now,
			    collect, &t) == NF_OK, "seed %llu: rejected",
			    t.seed);
			uptime = (uint32_t)((now.tv_sec - NET_BOOT) * 1000 +
			    now.tv_usec / 1000);
			for (i = before; i < t.nout; i++) {
				/* header fields, and the RFC sequence */
				ATF_REQUIRE_EQ(t.out[i].flow_sequence,
				    version == 1 ? 0 : expseq);
				ATF_REQUIRE_EQ(t.out[i].export_sec,
				    (uint32_t)now.tv_sec);
				if (version != 10)
					ATF_REQUIRE_EQ(t.out[i].sys_uptime_ms,
					    uptime);
			}
			if (version == 5)
				expseq += (uint32_t)(t.nout - before);
			else if (version == 9)
				expseq++;
			else if (version == 10)
				expseq += (uint32_t)(t.nout - before) +
				    (net_get16(buf + 16) == 2 ? 1 : 0);
		}
	}
	ATF_REQUIRE_EQ_MSG(t.nout, t.nin, "seed %llu", t.seed);
	for (i = 0; i < t.nin; i++) {
		t.in[i].netflow_version = (uint16_t)version;
		t.in[i].source_id = t.o.source_id;
		t.in[i].engine_type = t.o.engine_type;
		t.in[i].engine_id = t.o.engine_id;
		t.in[i].sampling_interval = t.o.sampling_interval;
		t.in[i].sampling_algorithm = t.o.sampling_algorithm;
		if (version == 10)
			t.in[i].sampling_algorithm =
			    t.o.sampling_algorithm;
		compare(&t, i, &t.in[i], &t.out[i]);
	}
	nf_collector_stats(col, &st);
	ATF_CHECK_EQ_MSG(st.c.seq_lost_packets, 0, "seed %llu", t.seed);
	ATF_CHECK_EQ_MSG(st.c.seq_lost_records, 0, "seed %llu", t.seed);
	ATF_CHECK_EQ_MSG(st.c.seq_resets, 0, "seed %llu", t.seed);
	ATF_CHECK_EQ(nf_encoder_stats(e)->values_narrowed, 0);
	ATF_CHECK_EQ(nf_encoder_stats(e)->flows_sent, NFLOWS);
	nf_encoder_free(e);
	nf_collector_free(col);
	free(t.in);
	free(t.out);
}

ATF_TC_WITHOUT_HEAD(v1);
ATF_TC_BODY(v1, tc)
{
	run(tc, 1, 1400, 0, 0, 0);
	run(tc, 1, 16 + 3 * 48, 0, 0, 0);
}

ATF_TC_WITHOUT_HEAD(v5);
ATF_TC_BODY(v5, tc)
{
	run(tc, 5, 1400, 0, 0, 0);
	run(tc, 5, 1464, 0, 0, 0);
	run(tc, 5, 24 + 48, 0, 0, 0);
}

ATF_TC_WITHOUT_HEAD(v9);
ATF_TC_BODY(v9, tc)
{
	run(tc, 9, 1400, 0, 0, 0);
	run(tc, 9, 1400, NF_ENC_F_VLAN | NF_ENC_F_MAC | NF_ENC_F_ROUTING,
	    0, 0);
	run(tc, 9, 9000, NF_ENC_F_ROUTING, 0, 8);
	run(tc, 9, 1400, NF_ENC_F_NAT, 0, 0);
	run(tc, 9, 9000, NF_ENC_F_VLAN | NF_ENC_F_MAC | NF_ENC_F_ROUTING |
	    NF_ENC_F_NAT, 0, 8);
}

ATF_TC_WITHOUT_HEAD(ipfix);
ATF_TC_BODY(ipfix, tc)
{
	run(tc, 10, 1400, 0, NF_ENC_TIME_MILLI, 0);
	run(tc, 10, 1400, NF_ENC_F_VLAN | NF_ENC_F_MAC | NF_ENC_F_ROUTING,
	    NF_ENC_TIME_MILLI, 0);
	run(tc, 10, 700, 0, NF_ENC_TIME_UPTIME, 4);
	run(tc, 10, 65000, NF_ENC_F_ROUTING, NF_ENC_TIME_MILLI, 8);
	run(tc, 10, 1400, NF_ENC_F_NAT, NF_ENC_TIME_UPTIME, 4);
	run(tc, 10, 1400, NF_ENC_F_VLAN | NF_ENC_F_MAC | NF_ENC_F_ROUTING |
	    NF_ENC_F_NAT, NF_ENC_TIME_MILLI, 8);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, v1);
	ATF_TP_ADD_TC(tp, v5);
	ATF_TP_ADD_TC(tp, v9);
	ATF_TP_ADD_TC(tp, ipfix);
	return (atf_no_error());
}
