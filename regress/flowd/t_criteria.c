/*
 * t_criteria: every filter criterion through the real parser and the
 * compiled evaluator.  For each: the rule matches a flow it should,
 * does not match one it should not, its negation flips both, and on a
 * flow without the field the criterion does not match while its
 * negation does.  Then the rule semantics and the upstream bugs.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <atf-c.h>

#include "compat.h"
#include "filter.h"
#include "flowd.h"

/* Friday 2024-03-15 12:00:00 UTC */
#define RECV_TIME	1710504000U

static void
utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
set4(struct xaddr *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	a->af = AF_INET;
	ATF_REQUIRE(inet_pton(AF_INET, s, &a->v4) == 1);
}

static void
set6(struct xaddr *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	a->af = AF_INET6;
	ATF_REQUIRE(inet_pton(AF_INET6, s, &a->v6) == 1);
}

/* A flow with every field the filter can look at. */
static void
base_flow(struct flow *f)
{
	memset(f, 0, sizeof(*f));
	f->fields = FLOW_RECV_TIME | FLOW_PROTO_FLAGS_TOS | FLOW_AGENT_ADDR4 |
	    FLOW_SRC_ADDR4 | FLOW_DST_ADDR4 | FLOW_SRCDST_PORT | FLOW_PACKETS |
	    FLOW_OCTETS | FLOW_IF_INDICES | FLOW_AGENT_INFO |
	    FLOW_EXPORTER_PORT;
	f->recv_sec = RECV_TIME;
	f->protocol = IPPROTO_TCP;
	f->tcp_flags = 0x12;
	f->tos = 0x10;
	set4(&f->agent, "192.0.2.1");
	set4(&f->src, "10.1.2.3");
	set4(&f->dst, "192.168.1.1");
	f->src_port = 1234;
	f->dst_port = 80;
	f->packets = 10;
	f->octets = 1500;
	f->if_in = 70000;
	f->if_out = 7;
	f->netflow_version = 9;
	f->exporter_port = 2055;
}

/* Parse "listen ... logfile ..." plus rules; NULL if it does not parse. */
static struct filter *
compile(const char *rules, struct flowd_config *conf)
{
	char	 buf[4096];
	int	 n;

	n = snprintf(buf, sizeof(buf), "%s\n", rules);
	ATF_REQUIRE(n > 0 && (size_t)n < sizeof(buf));
	conf_init(conf);
	if (conf_parse_buffer(buf, (size_t)n, "test", conf, 0) == -1) {
		conf_clear(conf);
		return (NULL);
	}
	return (filter_compile(&conf->filters));
}

/* Whether "discard RULE" discards f. */
static int
discards(const char *crit, const struct flow *f)
{
	struct flowd_config	 conf;
	struct filter		*fl;
	char			 rule[512];
	int			 r;

	snprintf(rule, sizeof(rule), "discard %s", crit);
	fl = compile(rule, &conf);
	if (fl == NULL)
		atf_tc_fail("rule does not parse: %s", rule);
	r = filter_eval(fl, f, NULL) == FILTER_DISCARD;
	filter_free(fl);
	conf_clear(&conf);
	return (r);
}

static int
parses(const char *rules)
{
	struct flowd_config	 conf;
	char			 buf[4096];
	int			 n, r;

	n = snprintf(buf, sizeof(buf), "%s\n", rules);
	conf_init(&conf);
	r = conf_parse_buffer(buf, (size_t)n, "test", &conf, CONF_QUIET);
	conf_clear(&conf);
	return (r == 0);
}

struct crit_case {
	const char	*rule;		/* matches base_flow() */
	const char	*negated;	/* its "!" form */
	void		(*miss)(struct flow *);	/* make it not match */
	uint32_t	 absent;	/* clear these: field missing */
};

static void
check_case(const struct crit_case *c)
{
	struct flow	 f;

	utc();
	base_flow(&f);
	ATF_CHECK_MSG(discards(c->rule, &f), "%s: no match", c->rule);
	ATF_CHECK_MSG(!discards(c->negated, &f), "%s: matched", c->negated);
	c->miss(&f);
	ATF_CHECK_MSG(!discards(c->rule, &f), "%s: matched after change",
	    c->rule);
	ATF_CHECK_MSG(discards(c->negated, &f), "%s: no match after change",
	    c->negated);
	/* tcp_flags needs "proto tcp", which reads the same field. */
	if (c->absent == 0)
		return;
	base_flow(&f);
	f.fields &= ~c->absent;
	ATF_CHECK_MSG(!discards(c->rule, &f), "%s: matched a flow without "
	    "the field", c->rule);
	ATF_CHECK_MSG(discards(c->negated, &f), "%s: did not match a flow "
	    "without the field", c->negated);
}

static void miss_agent(struct flow *f) { set4(&f->agent, "192.0.3.1"); }
static void miss_agent6(struct flow *f) { set6(&f->agent, "2001:db9::1"); }
static void miss_eport(struct flow *f) { f->exporter_port = 9995; }
static void miss_ifin(struct flow *f) { f->if_in = 70001; }
static void miss_ifout(struct flow *f) { f->if_out = 8; }
static void miss_inet(struct flow *f)
{
	f->fields &= ~(FLOW_SRC_ADDR4 | FLOW_DST_ADDR4);
	f->fields |= FLOW_SRC_ADDR6 | FLOW_DST_ADDR6;
	set6(&f->src, "2001:db8::1");
	set6(&f->dst, "2001:db8::2");
}
static void miss_src(struct flow *f) { set4(&f->src, "11.1.2.3"); }
static void miss_dst(struct flow *f) { set4(&f->dst, "192.168.2.1"); }
static void miss_src6(struct flow *f) { set6(&f->src, "2001:db9::1"); }
static void miss_sport(struct flow *f) { f->src_port = 1235; }
static void miss_dport(struct flow *f) { f->dst_port = 1024; }
static void miss_proto(struct flow *f) { f->protocol = IPPROTO_UDP; }
static void miss_tos(struct flow *f) { f->tos = 0x11; }
static void miss_flags(struct flow *f) { f->tcp_flags = 0x10; }
static void miss_day(struct flow *f) { f->recv_sec += 86400; }	/* Sat */
static void miss_early(struct flow *f) { f->recv_sec -= 4 * 3600; }
static void miss_late(struct flow *f) { f->recv_sec += 6 * 3600; }
static void miss_packets(struct flow *f) { f->packets = 5; }
static void miss_octets(struct flow *f) { f->octets = 40; }
static void miss_version(struct flow *f) { f->netflow_version = 5; }
static void miss_list(struct flow *f) { set4(&f->src, "172.32.0.1"); }

static void
flow6(struct flow *f)
{
	f->fields &= ~(FLOW_SRC_ADDR4 | FLOW_DST_ADDR4 | FLOW_AGENT_ADDR4);
	f->fields |= FLOW_SRC_ADDR6 | FLOW_DST_ADDR6 | FLOW_AGENT_ADDR6;
	set6(&f->src, "2001:db8::1");
	set6(&f->dst, "2001:db8::2");
	set6(&f->agent, "2001:db8::3");
}

/*
 * name, rule, negated rule, change that makes it miss, fields whose
 * absence is tested.
 */
#define CRITERIA(X)							\
	X(agent, "agent 192.0.2.0/24", "agent ! 192.0.2.0/24",		\
	    miss_agent, FLOW_AGENT_ADDR)				\
	X(agent_neg_before, "agent 192.0.2.1", "! agent 192.0.2.1",	\
	    miss_agent, FLOW_AGENT_ADDR)				\
	X(exporter_port, "agent any port 2055", "agent any port ! 2055",\
	    miss_eport, FLOW_EXPORTER_PORT)				\
	X(in_ifndx, "in_ifndx 70000", "in_ifndx ! 70000", miss_ifin,	\
	    FLOW_IF_INDICES)						\
	X(out_ifndx, "out_ifndx 7", "out_ifndx ! 7", miss_ifout,	\
	    FLOW_IF_INDICES)						\
	X(inet, "inet", "! inet", miss_inet, FLOW_SRCDST_ADDR)		\
	X(src, "src 10/8", "src ! 10/8", miss_src, FLOW_SRC_ADDR)	\
	X(src_host, "src 10.1.2.3", "src ! 10.1.2.3", miss_src,		\
	    FLOW_SRC_ADDR)						\
	X(dst, "dst 192.168.1.0/24", "dst ! 192.168.1.0/24", miss_dst,	\
	    FLOW_DST_ADDR)						\
	X(src_list, "src { 172.16/12, 10/8 }",				\
	    "src ! { 172.16/12 10/8 }", miss_list, FLOW_SRC_ADDR)	\
	X(src_port, "src any port 1234 proto tcp",			\
	    "src any port ! 1234 proto tcp", miss_sport,		\
	    FLOW_SRCDST_PORT)						\
	X(dst_port, "proto tcp dst any port 80",			\
	    "proto tcp dst any port ! 80", miss_dport, FLOW_SRCDST_PORT)\
	X(dst_port_range, "dst any port 1:1023 proto tcp",		\
	    "dst any port ! 1:1023 proto tcp", miss_dport,		\
	    FLOW_SRCDST_PORT)						\
	X(dst_port_lt, "dst any port < 1024 proto tcp",			\
	    "dst any port ! < 1024 proto tcp", miss_dport,		\
	    FLOW_SRCDST_PORT)						\
	X(proto_name, "proto tcp", "proto ! tcp", miss_proto,		\
	    FLOW_PROTO_FLAGS_TOS)					\
	X(proto_num, "proto 6", "! proto 6", miss_proto,		\
	    FLOW_PROTO_FLAGS_TOS)					\
	X(tos, "tos 0x10", "tos ! 0x10", miss_tos, FLOW_PROTO_FLAGS_TOS)\
	X(tcp_flags, "proto tcp tcp_flags mask 0x12 equals 0x12",	\
	    "proto tcp tcp_flags mask 0x12 ! equals 0x12", miss_flags, 0)	\
	X(days_list, "days fri,sun", "days ! fri,sun", miss_day,	\
	    FLOW_RECV_TIME)						\
	X(days_range, "days mon-fri", "days ! mon-fri", miss_day,	\
	    FLOW_RECV_TIME)						\
	X(after_time, "after 11:00", "after ! 11:00", miss_early,	\
	    FLOW_RECV_TIME)						\
	X(before_time, "before 12:00", "! before 12:00", miss_late,	\
	    FLOW_RECV_TIME)						\
	X(after_date, "after date 2024031510",				\
	    "after ! date 2024031510",	\
	    miss_early, FLOW_RECV_TIME)					\
	X(before_date, "before date 2024-03-15T13:00",			\
	    "before ! date 2024-03-15T13:00", miss_late, FLOW_RECV_TIME)\
	X(packets, "packets > 9", "packets ! > 9", miss_packets,	\
	    FLOW_PACKETS)						\
	X(octets, "octets 1000:2000", "octets ! 1000:2000", miss_octets,\
	    FLOW_OCTETS)						\
	X(version, "version 9", "version ! 9", miss_version,		\
	    FLOW_AGENT_INFO)

#define DEFINE_CASE(name, rule, neg, miss, absent)			\
ATF_TC_WITHOUT_HEAD(name);						\
ATF_TC_BODY(name, tc)							\
{									\
	static const struct crit_case c = { rule, neg, miss, absent };	\
	check_case(&c);							\
}
CRITERIA(DEFINE_CASE)

/* The same through IPv6 flows and prefixes. */
ATF_TC_WITHOUT_HEAD(ipv6);
ATF_TC_BODY(ipv6, tc)
{
	struct flow	 f;

	utc();
	base_flow(&f);
	flow6(&f);
	ATF_CHECK(discards("inet6", &f));
	ATF_CHECK(!discards("inet", &f));
	ATF_CHECK(discards("src 2001:db8::/32", &f));
	ATF_CHECK(discards("src [2001:db8::]/32 dst [2001:db8::2]", &f));
	ATF_CHECK(discards("agent 2001:db8::3", &f));
	ATF_CHECK(discards("src { 10/8, 2001:db8::/32 }", &f));
	/* A v4 prefix never holds a v6 address; "!" is the complement. */
	ATF_CHECK(!discards("src 10/8", &f));
	ATF_CHECK(discards("src ! 10/8", &f));
	miss_src6(&f);
	ATF_CHECK(!discards("src 2001:db8::/32", &f));
	miss_agent6(&f);
	ATF_CHECK(!discards("agent 2001:db8::/32", &f));
	/* inet matches on either address. */
	base_flow(&f);
	f.fields &= ~FLOW_DST_ADDR4;
	f.fields |= FLOW_DST_ADDR6;
	set6(&f.dst, "2001:db8::2");
	ATF_CHECK(discards("inet", &f));
	ATF_CHECK(discards("inet6", &f));
}

/* Upstream: "src any"/"dst any" without a port never matched. */
ATF_TC_WITHOUT_HEAD(bug_any_matches);
ATF_TC_BODY(bug_any_matches, tc)
{
	struct flow	 f;

	base_flow(&f);
	ATF_CHECK(discards("dst any", &f));
	ATF_CHECK(discards("src any", &f));
	ATF_CHECK(discards("agent any", &f));
	ATF_CHECK(!discards("src ! any", &f));
	f.fields = 0;
	ATF_CHECK(discards("dst any", &f));
	flow6(&f);
	ATF_CHECK(discards("src any dst any", &f));
}

/* Upstream: a lone "days" or "after" was rejected. */
ATF_TC_WITHOUT_HEAD(bug_lone_days_after);
ATF_TC_BODY(bug_lone_days_after, tc)
{
	struct flow	 f;

	utc();
	base_flow(&f);
	ATF_CHECK(discards("days fri", &f));
	ATF_CHECK(discards("after 12:00", &f));
	ATF_CHECK(discards("before 12:00", &f));
	ATF_CHECK(!discards("after 12:00:01", &f));
	ATF_CHECK(discards("days mon-fri after 08:30 before 17:30", &f));
	/* Wrapping ranges: fri-mon covers Friday. */
	ATF_CHECK(discards("days fri-mon", &f));
	ATF_CHECK(!discards("days sat-thu", &f));
}

/* Upstream: "after date"/"before date" crashed on 64-bit Linux. */
ATF_TC_WITHOUT_HEAD(bug_dates);
ATF_TC_BODY(bug_dates, tc)
{
	struct flow	 f;

	utc();
	base_flow(&f);
	ATF_CHECK(discards("after date 2024", &f));
	ATF_CHECK(discards("after date 20240315115959", &f));
	ATF_CHECK(!discards("after date 20240315120000", &f));	/* strict */
	ATF_CHECK(!discards("before date 20240315120000", &f));
	ATF_CHECK(discards("before date 2024-03-15T12:00:01", &f));
	ATF_CHECK(discards("after date 2024-03-15 before date 2024-03-16",
	    &f));
}

/* Upstream: clauses had to come in one fixed order. */
ATF_TC_WITHOUT_HEAD(bug_clause_order);
ATF_TC_BODY(bug_clause_order, tc)
{
	struct flow	 f;

	utc();
	base_flow(&f);
	ATF_CHECK(discards("tcp_flags equals 0x12 proto tcp", &f));
	ATF_CHECK(discards("before 13:00 days fri after 11:00", &f));
	ATF_CHECK(discards("proto tcp dst any port 80 src 10/8 agent "
	    "192.0.2.1 quick", &f));
	ATF_CHECK(discards("version 9 tos 0x10 in_ifndx 70000 inet", &f));
}

/* Upstream: ifindex stopped at 65535 though the store holds 32 bits. */
ATF_TC_WITHOUT_HEAD(bug_ifindex_32bit);
ATF_TC_BODY(bug_ifindex_32bit, tc)
{
	struct flow	 f;

	base_flow(&f);
	f.if_in = 4294967295U;
	ATF_CHECK(discards("in_ifndx 4294967295", &f));
	ATF_CHECK(!discards("in_ifndx 65535", &f));
	ATF_CHECK(!parses("discard in_ifndx 4294967296"));
}

ATF_TC_WITHOUT_HEAD(parse_time_checks);
ATF_TC_BODY(parse_time_checks, tc)
{
	ATF_CHECK(!parses("discard dst any port 80"));
	ATF_CHECK(!parses("discard dst any port 80 proto icmp"));
	ATF_CHECK(!parses("discard dst any port 80 proto ! tcp"));
	ATF_CHECK(parses("discard dst any port 80 proto udp"));
	ATF_CHECK(!parses("discard tcp_flags equals 2"));
	ATF_CHECK(!parses("discard tcp_flags equals 2 proto udp"));
	ATF_CHECK(!parses("discard tag 1 all"));
	ATF_CHECK(!parses("discard inet src 2001:db8::/32"));
	ATF_CHECK(parses("discard inet src ! 2001:db8::/32"));
	ATF_CHECK(parses("discard src { 10/8, 2001:db8::/32 } inet"));
	ATF_CHECK(!parses("discard after 10:00 before 09:00"));
	ATF_CHECK(!parses("discard src 10.0.0.1/8"));
}

/* Last match wins; quick stops; no match accepts; the winner's tag. */
ATF_TC_WITHOUT_HEAD(semantics);
ATF_TC_BODY(semantics, tc)
{
	struct flowd_config	 conf;
	struct filter		*fl;
	struct filter_verdict	 v;
	struct filter_rule	*r;
	struct flow		 f;
	uint64_t		 want[4][3] = {
		/* evaluations, matches, wins */
		{ 3, 3, 0 }, { 3, 2, 0 }, { 3, 2, 2 }, { 1, 1, 1 }
	};
	int			 i;

	fl = compile(
	    "accept tag 1 all\n"
	    "discard src 10/8\n"
	    "accept tag 2 quick dst 192.168/16\n"
	    "discard all\n", &conf);
	ATF_REQUIRE(fl != NULL);
	ATF_CHECK_EQ(filter_nrules(fl), 4);

	base_flow(&f);		/* src 10/8, dst 192.168/16: rule 2 quick */
	ATF_CHECK_EQ(filter_eval(fl, &f, &v), FILTER_ACCEPT);
	ATF_CHECK_EQ(v.rule, 2);
	ATF_CHECK(v.tagged);
	ATF_CHECK_EQ(v.tag, 2);

	set4(&f.dst, "8.8.8.8");	/* all rules but 2: last is discard */
	ATF_CHECK_EQ(filter_eval(fl, &f, &v), FILTER_DISCARD);
	ATF_CHECK_EQ(v.rule, 3);

	base_flow(&f);
	set4(&f.src, "11.0.0.1");	/* 0 and 2: quick accept tag 2 */
	ATF_CHECK_EQ(filter_apply(fl, &f), FILTER_ACCEPT);
	ATF_CHECK(f.fields & FLOW_TAG);
	ATF_CHECK_EQ(f.tag, 2);

	filter_stats(fl, &conf.filters);
	i = 0;
	TAILQ_FOREACH(r, &conf.filters, entry) {
		ATF_CHECK_EQ_MSG(r->evaluations, want[i][0], "rule %d evals "
		    "%llu", i, (unsigned long long)r->evaluations);
		ATF_CHECK_EQ_MSG(r->matches, want[i][1], "rule %d matches "
		    "%llu", i, (unsigned long long)r->matches);
		ATF_CHECK_EQ_MSG(r->wins, want[i][2], "rule %d wins %llu", i,
		    (unsigned long long)r->wins);
		i++;
	}
	filter_free(fl);
	conf_clear(&conf);

	/* Nothing matches: accepted, untagged. */
	fl = compile("discard src 1.2.3.4\n", &conf);
	ATF_REQUIRE(fl != NULL);
	base_flow(&f);
	ATF_CHECK_EQ(filter_eval(fl, &f, &v), FILTER_ACCEPT);
	ATF_CHECK_EQ(v.rule, -1);
	ATF_CHECK(!v.tagged);
	filter_free(fl);
	conf_clear(&conf);

	/* Tags do not accumulate: an untagged accept wins untagged. */
	fl = compile("accept tag 5 all\naccept all\n", &conf);
	ATF_REQUIRE(fl != NULL);
	base_flow(&f);
	ATF_CHECK_EQ(filter_apply(fl, &f), FILTER_ACCEPT);
	ATF_CHECK(!(f.fields & FLOW_TAG));
	filter_free(fl);
	conf_clear(&conf);
}

ATF_TP_ADD_TCS(tp)
{
#define ADD_CASE(name, rule, neg, miss, absent)	ATF_TP_ADD_TC(tp, name);
	CRITERIA(ADD_CASE)
	ATF_TP_ADD_TC(tp, ipv6);
	ATF_TP_ADD_TC(tp, bug_any_matches);
	ATF_TP_ADD_TC(tp, bug_lone_days_after);
	ATF_TP_ADD_TC(tp, bug_dates);
	ATF_TP_ADD_TC(tp, bug_clause_order);
	ATF_TP_ADD_TC(tp, bug_ifindex_32bit);
	ATF_TP_ADD_TC(tp, parse_time_checks);
	ATF_TP_ADD_TC(tp, semantics);
	return (atf_no_error());
}
