/*
 * filter.c through its C API: building rules, canonical printing,
 * compiling, evaluating, counters, and local time across DST changes.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "addr.h"
#include "filter.h"

static char *
rule_text(const struct filter_rule *r)
{
	static char	 buf[1024];
	FILE		*fp;

	ATF_REQUIRE((fp = fmemopen(buf, sizeof(buf), "w")) != NULL);
	ATF_REQUIRE(filter_rule_print(fp, r) == 0);
	fclose(fp);
	return (buf);
}

static struct filter_prefix *
prefixes(const char *a, const char *b)
{
	struct filter_prefix	*v;

	ATF_REQUIRE((v = calloc(2, sizeof(*v))) != NULL);
	ATF_REQUIRE(addr_pton_prefix(a, &v[0].addr, &v[0].len) == 0);
	if (b != NULL)
		ATF_REQUIRE(addr_pton_prefix(b, &v[1].addr, &v[1].len) == 0);
	return (v);
}

ATF_TC_WITHOUT_HEAD(build_and_print);
ATF_TC_BODY(build_and_print, tc)
{
	struct filter_rule	*r;
	struct filter_crit	 c;

	ATF_REQUIRE((r = filter_rule_new(FILTER_ACCEPT)) != NULL);
	ATF_CHECK_STREQ(rule_text(r), "accept all");
	r->tagged = 1;
	r->tag = 7;
	r->quick = 1;

	/* Added out of order; printed in canonical order. */
	memset(&c, 0, sizeof(c));
	c.kind = FK_PROTO;
	c.u.range.lo = c.u.range.hi = 17;
	ATF_REQUIRE(filter_rule_add(r, &c) == 0);
	memset(&c, 0, sizeof(c));
	c.kind = FK_DST_PORT;
	c.u.range.lo = 1024;
	c.u.range.hi = 65535;
	ATF_REQUIRE(filter_rule_add(r, &c) == 0);
	memset(&c, 0, sizeof(c));
	c.kind = FK_SRC;
	c.neg = 1;
	c.u.pfx.v = prefixes("10/8", "2001:db8::/32");
	c.u.pfx.n = 2;
	ATF_REQUIRE(filter_rule_add(r, &c) == 0);
	memset(&c, 0, sizeof(c));
	c.kind = FK_DAYS;
	c.u.days = 0x3f;	/* sun-fri */
	ATF_REQUIRE(filter_rule_add(r, &c) == 0);
	memset(&c, 0, sizeof(c));
	c.kind = FK_PACKETS;
	c.u.range.lo = 0;
	c.u.range.hi = 9;
	ATF_REQUIRE(filter_rule_add(r, &c) == 0);
	ATF_CHECK_STREQ(rule_text(r), "accept tag 7 quick "
	    "src ! { 10.0.0.0/8, [2001:db8::]/32 } dst any port >= 1024 "
	    "proto udp days mon-fri,sun packets <= 9");

	/* A second criterion of one kind is refused. */
	memset(&c, 0, sizeof(c));
	c.kind = FK_PROTO;
	ATF_CHECK(filter_rule_add(r, &c) == -1);
	ATF_CHECK(filter_rule_find(r, FK_PROTO) != NULL);
	ATF_CHECK(filter_rule_find(r, FK_TOS) == NULL);
	filter_rule_free(r);
}

ATF_TC_WITHOUT_HEAD(names);
ATF_TC_BODY(names, tc)
{
	ATF_CHECK_EQ(filter_proto_lookup("TCP"), 6);
	ATF_CHECK_EQ(filter_proto_lookup("icmp6"), 58);
	ATF_CHECK_EQ(filter_proto_lookup("nosuchproto"), -1);
	ATF_CHECK_STREQ(filter_proto_name(17), "udp");
	ATF_CHECK(filter_proto_name(254) == NULL);
	ATF_CHECK_EQ(filter_day_lookup("Sunday"), 0);
	ATF_CHECK_EQ(filter_day_lookup("sat"), 6);
	ATF_CHECK_EQ(filter_day_lookup("sa"), -1);
	ATF_CHECK_EQ(filter_range_max(FK_TOS), 255);
	ATF_CHECK_EQ(filter_crit_fields(&(struct filter_crit){ .kind =
	    FK_VERSION }), FLOW_AGENT_INFO);
}

/* Eval over a list: 0 quick discard of 10/8, 1 tag 3 for udp. */
ATF_TC_WITHOUT_HEAD(eval_and_stats);
ATF_TC_BODY(eval_and_stats, tc)
{
	struct filter_list	 l = TAILQ_HEAD_INITIALIZER(l);
	struct filter_rule	*r;
	struct filter_crit	 c;
	struct filter		*fl;
	struct filter_verdict	 v;
	struct flow		 f;
	int			 i;

	ATF_REQUIRE((r = filter_rule_new(FILTER_DISCARD)) != NULL);
	r->quick = 1;
	memset(&c, 0, sizeof(c));
	c.kind = FK_SRC;
	c.u.pfx.v = prefixes("10/8", NULL);
	c.u.pfx.n = 1;
	ATF_REQUIRE(filter_rule_add(r, &c) == 0);
	TAILQ_INSERT_TAIL(&l, r, entry);
	ATF_REQUIRE((r = filter_rule_new(FILTER_ACCEPT)) != NULL);
	r->tagged = 1;
	r->tag = 3;
	memset(&c, 0, sizeof(c));
	c.kind = FK_PROTO;
	c.u.range.lo = c.u.range.hi = 17;
	ATF_REQUIRE(filter_rule_add(r, &c) == 0);
	TAILQ_INSERT_TAIL(&l, r, entry);
	ATF_REQUIRE((fl = filter_compile(&l)) != NULL);

	memset(&f, 0, sizeof(f));
	f.fields = FLOW_SRC_ADDR4 | FLOW_PROTO_FLAGS_TOS;
	f.src.af = AF_INET;
	for (i = 0; i < 10; i++) {
		/* even: 10.0.0.i udp (discarded); odd: 11.0.0.i udp */
		f.src.v4.s_addr = htonl(((i % 2 ? 11U : 10U) << 24) | (u_int)i);
		f.protocol = 17;
		ATF_CHECK_EQ(filter_eval(fl, &f, &v), i % 2 ? FILTER_ACCEPT :
		    FILTER_DISCARD);
		if (i % 2)
			ATF_CHECK(v.tagged && v.tag == 3 && v.rule == 1);
	}
	f.protocol = 6;
	ATF_CHECK_EQ(filter_eval(fl, &f, &v), FILTER_ACCEPT);
	ATF_CHECK_EQ(v.rule, -1);

	filter_stats(fl, &l);
	r = TAILQ_FIRST(&l);
	ATF_CHECK_EQ(r->evaluations, 11);
	ATF_CHECK_EQ(r->matches, 5);
	ATF_CHECK_EQ(r->wins, 5);
	r = TAILQ_NEXT(r, entry);
	ATF_CHECK_EQ(r->evaluations, 6);
	ATF_CHECK_EQ(r->matches, 5);
	ATF_CHECK_EQ(r->wins, 5);
	filter_reset_stats(fl);
	filter_stats(fl, &l);
	ATF_CHECK_EQ(TAILQ_FIRST(&l)->evaluations, 0);
	filter_free(fl);
	filter_list_free(&l);

	/* An empty list accepts everything. */
	ATF_REQUIRE((fl = filter_compile(&l)) != NULL);
	ATF_CHECK_EQ(filter_nrules(fl), 0);
	ATF_CHECK_EQ(filter_eval(fl, &f, NULL), FILTER_ACCEPT);
	filter_free(fl);
}

/*
 * The evaluator caches the UTC offset per 15 minutes; around DST
 * changes (and a half-hour one) it must agree with localtime_r().
 */
ATF_TC_WITHOUT_HEAD(local_time_dst);
ATF_TC_BODY(local_time_dst, tc)
{
	static const char *const zones[] = {
		"Europe/Berlin", "Australia/Lord_Howe", "America/St_Johns"
	};
	struct filter_list	 l = TAILQ_HEAD_INITIALIZER(l);
	struct filter_rule	*r;
	struct filter_crit	 c;
	struct filter		*fl;
	struct flow		 f;
	char			 path[128];
	uint32_t		 t, tod;
	int			 wday, want, day;
	size_t			 z;

	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s",
		    zones[z]);
		if (access(path, R_OK) != 0)
			continue;
		setenv("TZ", zones[z], 1);
		tzset();
		/* One rule per day: "after HH:MM:SS" at a varying time. */
		for (day = 0; day < 7; day++) {
			ATF_REQUIRE((r = filter_rule_new(FILTER_DISCARD)));
			memset(&c, 0, sizeof(c));
			c.kind = FK_DAYS;
			c.u.days = (uint8_t)(1 << day);
			ATF_REQUIRE(filter_rule_add(r, &c) == 0);
			memset(&c, 0, sizeof(c));
			c.kind = FK_AFTER_TIME;
			c.u.tod = 1800 + (uint32_t)day * 3600;
			ATF_REQUIRE(filter_rule_add(r, &c) == 0);
			TAILQ_INSERT_TAIL(&l, r, entry);
		}
		ATF_REQUIRE((fl = filter_compile(&l)) != NULL);
		memset(&f, 0, sizeof(f));
		f.fields = FLOW_RECV_TIME;
		/* 2024-03-20 .. 2024-04-10 and 2024-10-20 .. 2024-11-10 */
		for (t = 1710892800U; t < 1731196800U;
		    t += 617) {
			if (t > 1712707200U && t < 1729382400U)
				t = 1729382400U;
			f.recv_sec = t;
			ATF_REQUIRE(filter_local_time(t, &wday, &tod) == 0);
			want = tod >= 1800 + (uint32_t)wday * 3600;
			ATF_CHECK_EQ_MSG(filter_eval(fl, &f, NULL) ==
			    FILTER_DISCARD, want, "%s at %u", zones[z], t);
		}
		filter_free(fl);
		filter_list_free(&l);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, build_and_print);
	ATF_TP_ADD_TC(tp, names);
	ATF_TP_ADD_TC(tp, eval_and_stats);
	ATF_TP_ADD_TC(tp, local_time_dst);
	return (atf_no_error());
}
