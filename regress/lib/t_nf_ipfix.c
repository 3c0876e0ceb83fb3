/*
 * IPFIX: golden messages with variable-length, enterprise and RFC 5103
 * reverse fields; absolute and relative times; options with scope;
 * withdrawal; template lifetime; every framing rule.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nftest.h"

/* Message header with a given length; domain 1, export 1700000000. */
#define HDR(len, seq)	"000a " len " 6553f100 " seq " 00000001 "

/* 256: v4 addresses, proto, 8-byte counters, ms times, an enterprise
 * field, reverse octets and packets, and interfaceName (variable). */
#define TPL256	"0002 0040 0100 000b 0008 0004 000c 0004 0004 0001 " \
		"0001 0008 0002 0008 0098 0008 0099 0008 " \
		"8064 0004 00000009 8001 0008 00007279 8002 0008 00007279 " \
		"0052 ffff "
#define DATA256	"0100 0089 " \
		"0a000001 0a000002 06 00000000000003e8 000000000000000a " \
		"0000018bcfe56800 0000018bcfe569f4 deadbeef " \
		"00000000000007d0 0000000000000014 04 65746830 " \
		"0a000003 0a000004 11 0000000000000040 0000000000000001 " \
		"0000018bcfe56800 0000018bcfe56800 00000000 " \
		"0000000000000000 0000000000000000 ff 0003 414243 "

ATF_TC_WITHOUT_HEAD(golden);
ATF_TC_BODY(golden, tc)
{
	struct nft		 t;
	struct nf_exporter_info	 e;
	struct flow		*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("00d9", "00000000") TPL256 DATA256,
	    6, 4739), NF_OK);
	ATF_REQUIRE_EQ(t.n, 3);
	f = &t.f[0];
	ATF_CHECK(nft_is4(&f->src, "10.0.0.1"));
	ATF_CHECK(nft_is4(&f->dst, "10.0.0.2"));
	ATF_CHECK_EQ(f->protocol, 6);
	ATF_CHECK_EQ(f->octets, 1000);
	ATF_CHECK_EQ(f->packets, 10);
	ATF_CHECK_EQ(f->start_sec, 1700000000);
	ATF_CHECK_EQ(f->start_nsec, 0);
	ATF_CHECK_EQ(f->end_sec, 1700000000);
	ATF_CHECK_EQ(f->end_nsec, 500000000);
	ATF_CHECK_EQ(f->netflow_version, 10);
	ATF_CHECK_EQ(f->source_id, 1);
	ATF_CHECK_EQ(f->flow_sequence, 0);
	ATF_CHECK_EQ(f->export_sec, 1700000000);
	ATF_CHECK_EQ(f->sys_uptime_ms, 0);
	ATF_CHECK(f->fields & FLOW_ABS_TIMES);
	ATF_CHECK((f->fields & FLOW_FLOW_TIMES) == 0);
	/* RFC 5103: the reverse direction, swapped, own counters. */
	f = &t.f[1];
	ATF_CHECK(nft_is4(&f->src, "10.0.0.2"));
	ATF_CHECK(nft_is4(&f->dst, "10.0.0.1"));
	ATF_CHECK_EQ(f->octets, 2000);
	ATF_CHECK_EQ(f->packets, 20);
	ATF_CHECK_EQ(f->end_nsec, 500000000);
	/* A biflow whose reverse direction saw nothing gives one flow. */
	ATF_CHECK(nft_is4(&t.f[2].src, "10.0.0.3"));
	ATF_CHECK_EQ(t.f[2].protocol, 17);
	nft_exporter(&t, 6, 4739, &e);
	ATF_CHECK_EQ(e.c.reverse_flows, 1);
	ATF_CHECK_EQ(e.c.flows, 3);
	/* Sequence counts records: 2 now, so 2 is next. */
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("0099", "00000002") DATA256, 6, 4739),
	    NF_OK);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("0099", "00000007") DATA256, 6, 4739),
	    NF_OK);
	nft_exporter(&t, 6, 4739, &e);
	ATF_CHECK_EQ(e.c.seq_lost_records, 3);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(framing);
ATF_TC_BODY(framing, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;

	nft_init(&t, NULL);
	/* Header length one more, one less than the datagram. */
	ATF_CHECK_EQ(nft_dec(&t, HDR("00da", "00000000") TPL256 DATA256,
	    6, 1), NF_BAD_LENGTH);
	ATF_CHECK_EQ(nft_dec(&t, HDR("00d8", "00000000") TPL256 DATA256,
	    6, 1), NF_BAD_LENGTH);
	ATF_CHECK_EQ(nft_dec(&t, "000a 000c 6553f100 00000000", 6, 1),
	    NF_SHORT);
	/* Set of length 0 and 3, set past the end, half a set header. */
	ATF_CHECK_EQ(nft_dec(&t, HDR("0014", "00000000") "0002 0000", 6, 1),
	    NF_BAD_SET);
	ATF_CHECK_EQ(nft_dec(&t, HDR("0014", "00000000") "0100 0003", 6, 1),
	    NF_BAD_SET);
	ATF_CHECK_EQ(nft_dec(&t, HDR("0018", "00000000") "0100 000c "
	    "00000000", 6, 1), NF_BAD_SET);
	ATF_CHECK_EQ(nft_dec(&t, HDR("0012", "00000000") "0100", 6, 1),
	    NF_BAD_SET);
	ATF_CHECK_EQ(t.n, 0);
	/* A reserved set id is skipped and counted. */
	ATF_CHECK_EQ(nft_dec(&t, HDR("0018", "00000000") "0004 0008 "
	    "00000000", 6, 1), NF_OK);
	nft_exporter(&t, 6, 1, &e);
	ATF_CHECK_EQ(e.c.reserved_sets, 1);
	ATF_CHECK_EQ(e.c.reject[NF_BAD_SET], 4);
	ATF_CHECK_EQ(e.c.reject[NF_BAD_LENGTH], 2);
	nft_done(&t);
}

/* 257: seconds; 258: microseconds (NTP); 259: nanoseconds (NTP). */
#define TPL_ABS	"0002 0038 0101 0002 0096 0004 0097 0004 " \
		"0102 0002 009a 0008 009b 0008 " \
		"0103 0002 009c 0008 009d 0008 " \
		"0104 0003 00a0 0008 0016 0004 0015 0004 "
#define DATA_ABS "0101 000c 6553f100 6553f101 " \
		"0102 0014 e8fe6f80 80000000 e8fe6f81 40000000 " \
		"0103 0014 e8fe6f80 00000000 e8fe6f82 c0000000 " \
		"0104 0014 0000018bcfe56800 000003e8 000007d0 "

ATF_TC_WITHOUT_HEAD(times);
ATF_TC_BODY(times, tc)
{
	struct nft	 t;
	struct flow	*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("0090", "00000000") TPL_ABS DATA_ABS,
	    6, 1), NF_OK);
	ATF_REQUIRE_EQ(t.n, 4);
	f = &t.f[0];
	ATF_CHECK_EQ(f->start_sec, 1700000000);
	ATF_CHECK_EQ(f->end_sec, 1700000001);
	ATF_CHECK_EQ(f->end_nsec, 0);
	f = &t.f[1];
	ATF_CHECK_EQ(f->start_sec, 1700000000);
	ATF_CHECK_EQ(f->start_nsec, 500000000);
	ATF_CHECK_EQ(f->end_sec, 1700000001);
	ATF_CHECK_EQ(f->end_nsec, 250000000);
	f = &t.f[2];
	ATF_CHECK_EQ(f->start_sec, 1700000000);
	ATF_CHECK_EQ(f->end_sec, 1700000002);
	ATF_CHECK_EQ(f->end_nsec, 750000000);
	/* sysUpTime-relative, anchored by systemInitTimeMilliseconds. */
	f = &t.f[3];
	ATF_CHECK_EQ(f->flow_start, 1000);
	ATF_CHECK_EQ(f->flow_finish, 2000);
	ATF_CHECK_EQ(f->start_sec, 1700000001);
	ATF_CHECK_EQ(f->end_sec, 1700000002);
	ATF_CHECK((f->fields & (FLOW_FLOW_TIMES | FLOW_ABS_TIMES)) ==
	    (FLOW_FLOW_TIMES | FLOW_ABS_TIMES));
	/* Without IE 160 IPFIX has no uptime: relative times only. */
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("002c", "00000000")
	    "0002 0010 0105 0002 0016 0004 0015 0004 "
	    "0105 000c 000003e8 000007d0", 6, 1), NF_OK);
	ATF_REQUIRE_EQ(t.n, 5);
	ATF_CHECK(t.f[4].fields & FLOW_FLOW_TIMES);
	ATF_CHECK((t.f[4].fields & FLOW_ABS_TIMES) == 0);
	nft_done(&t);
}

/*
 * Options template 300, scope observationDomainId, with
 * systemInitTimeMilliseconds, samplingPacketInterval 64 and
 * selectorAlgorithm 3: later flows of the domain get both.
 */
#define OPT	"0003 001a 012c 0004 0001 0095 0004 00a0 0008 0131 0004 " \
		"0130 0002 " \
		"012c 0016 00000001 0000018bcfe56800 00000040 0003 "
#define TPL_REL	"0002 0014 0105 0003 0016 0004 0015 0004 0002 0004 "
#define DATA_REL "0105 0010 000003e8 000007d0 00000005 "

ATF_TC_WITHOUT_HEAD(options);
ATF_TC_BODY(options, tc)
{
	struct nft		 t;
	struct nf_exporter_info	 e;
	struct flow		*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("0064", "00000000") OPT TPL_REL
	    DATA_REL, 6, 1), NF_OK);
	ATF_REQUIRE_EQ(t.n, 1);
	f = &t.f[0];
	ATF_CHECK_EQ(f->start_sec, 1700000001);
	ATF_CHECK_EQ(f->end_sec, 1700000002);
	ATF_CHECK(f->fields & FLOW_SAMPLING);
	ATF_CHECK_EQ(f->sampling_interval, 64);
	ATF_CHECK_EQ(f->sampling_algorithm, 3);
	ATF_CHECK_EQ(f->packets, 5);
	nft_exporter(&t, 6, 1, &e);
	ATF_CHECK_EQ(e.c.options_records, 1);
	ATF_CHECK_EQ(e.c.flows, 1);
	/* Scope count 0, and more scope fields than fields. */
	ATF_CHECK_EQ(nft_dec(&t, HDR("001e", "00000002")
	    "0003 000e 012d 0001 0000 0095 0004", 6, 1), NF_BAD_TEMPLATE);
	ATF_CHECK_EQ(nft_dec(&t, HDR("001e", "00000002")
	    "0003 000e 012d 0001 0002 0095 0004", 6, 1), NF_BAD_TEMPLATE);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(withdrawal);
ATF_TC_BODY(withdrawal, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("0090", "00000000") TPL_ABS DATA_ABS,
	    6, 1), NF_OK);
	ATF_CHECK_EQ(t.n, 4);
	nft_exporter(&t, 6, 1, &e);
	ATF_CHECK_EQ(e.ntemplates, 4);
	/* Withdraw 257 (and pad the set), then its data has no template. */
	ATF_CHECK_EQ(nft_dec(&t, HDR("001c", "00000004")
	    "0002 000c 0101 0000 00000000", 6, 1), NF_OK);
	ATF_CHECK_EQ(nft_dec(&t, HDR("001c", "00000004")
	    "0101 000c 6553f100 6553f101", 6, 1), NF_NO_TEMPLATE);
	nft_exporter(&t, 6, 1, &e);
	ATF_CHECK_EQ(e.ntemplates, 3);
	ATF_CHECK_EQ(e.c.templates_withdrawn, 1);
	/* Withdraw every data template (id 2, count 0). */
	ATF_CHECK_EQ(nft_dec(&t, HDR("0018", "00000004")
	    "0002 0008 0002 0000", 6, 1), NF_OK);
	nft_exporter(&t, 6, 1, &e);
	ATF_CHECK_EQ(e.ntemplates, 0);
	ATF_CHECK_EQ(e.c.templates_withdrawn, 4);
	/* A withdrawal naming a reserved id is malformed. */
	ATF_CHECK_EQ(nft_dec(&t, HDR("0018", "00000004")
	    "0002 0008 0005 0000", 6, 1), NF_BAD_TEMPLATE);
	ATF_CHECK_EQ(t.n, 4);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(lifetime);
ATF_TC_BODY(lifetime, tc)
{
	struct nft		t;
	struct nf_limits	lim;
	struct nf_exporter_info	e;

	nf_limits_default(&lim);
	lim.ipfix_template_lifetime = 10;
	nft_init(&t, &lim);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("0090", "00000000") TPL_ABS DATA_ABS,
	    6, 1), NF_OK);
	t.now.tv_sec += 10;
	ATF_CHECK_EQ(nft_dec(&t, HDR("001c", "00000004")
	    "0101 000c 6553f100 6553f101", 6, 1), NF_OK);
	t.now.tv_sec += 1;
	ATF_CHECK_EQ(nft_dec(&t, HDR("001c", "00000005")
	    "0101 000c 6553f100 6553f101", 6, 1), NF_NO_TEMPLATE);
	nft_exporter(&t, 6, 1, &e);
	ATF_CHECK_EQ(e.c.templates_expired, 1);
	ATF_CHECK_EQ(t.n, 5);
	/* A re-announcement renews it. */
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("0090", "00000000") TPL_ABS DATA_ABS,
	    6, 1), NF_OK);
	ATF_CHECK_EQ(t.n, 9 + 1);	/* 4 more, and the held data set */
	nft_done(&t);
}

/* NAT, ICMP IPv6 type/code, end reason, bad sizes. */
ATF_TC_WITHOUT_HEAD(misc_ies);
ATF_TC_BODY(misc_ies, tc)
{
	struct nft		 t;
	struct nf_exporter_info	 e;
	struct flow		*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("005f", "00000000")
	    "0002 0028 0106 0008 00e1 0004 00e2 0004 00e3 0002 00e4 0002 "
	    "0088 0001 00b2 0001 00b3 0001 0008 0002 "
	    "0002 000c 0107 0001 008b 0002 "
	    "0106 0015 c6336401 c6336402 1f90 0050 03 80 00 0a01 "
	    "0107 0006 0104", 6, 1), NF_OK);
	ATF_REQUIRE_EQ(t.n, 2);
	f = &t.f[0];
	ATF_CHECK_EQ(f->end_reason, FLOW_END_EOF);
	ATF_CHECK(nft_is4(&f->nat_src, "198.51.100.1"));
	ATF_CHECK(nft_is4(&f->nat_dst, "198.51.100.2"));
	ATF_CHECK_EQ(f->nat_src_port, 8080);
	ATF_CHECK_EQ(f->nat_dst_port, 80);
	ATF_CHECK(f->fields & FLOW_NAT);
	ATF_CHECK((t.f[1].fields & FLOW_NAT) == 0);
	ATF_CHECK_EQ(f->icmp_type, 128);
	ATF_CHECK_EQ(f->icmp_code, 0);
	/* A 2-byte IPv4 address is skipped, not misread. */
	ATF_CHECK((f->fields & FLOW_SRC_ADDR) == 0);
	ATF_CHECK_EQ(t.f[1].icmp_type, 1);
	ATF_CHECK_EQ(t.f[1].icmp_code, 4);
	nft_exporter(&t, 6, 1, &e);
	ATF_CHECK_EQ(e.c.bad_fields, 1);
	nft_done(&t);
}

/*
 * 272: a biflow (RFC 5103 reverse octets) with every post-NAT IE.  The
 * IPv4 destination is zero and the IPv6 one real (NAT44 source, NAT64
 * destination), the IPv6 source zero.
 */
#define TPL_NAT	"0002 0040 0110 000d 0008 0004 000c 0004 0007 0002 " \
		"000b 0002 0004 0001 0001 0008 8001 0008 00007279 " \
		"00e1 0004 00e2 0004 00e3 0002 00e4 0002 0119 0010 011a 0010 "
#define DATA_NAT "0110 004d " \
		"0a000001 0a000002 c000 0050 06 00000000000003e8 " \
		"00000000000007d0 cb007101 00000000 9c40 0050 " \
		"00000000000000000000000000000000 " \
		"0064ff9b0000000000000000c6336402 "

ATF_TC_WITHOUT_HEAD(nat);
ATF_TC_BODY(nat, tc)
{
	struct nft	 t;
	struct flow	*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR("009d", "00000000") TPL_NAT DATA_NAT,
	    6, 4739), NF_OK);
	ATF_REQUIRE_EQ(t.n, 2);
	f = &t.f[0];
	ATF_CHECK(f->fields & FLOW_NAT);
	ATF_CHECK_EQ(f->octets, 1000);
	ATF_CHECK(nft_is4(&f->nat_src, "203.0.113.1"));
	ATF_CHECK(nft_is6(&f->nat_dst, "64:ff9b::198.51.100.2"));
	ATF_CHECK_EQ(f->nat_src_port, 40000);
	ATF_CHECK_EQ(f->nat_dst_port, 80);
	/* The reverse flow sees the same binding from the other side. */
	f = &t.f[1];
	ATF_CHECK(nft_is4(&f->src, "10.0.0.2"));
	ATF_CHECK_EQ(f->src_port, 80);
	ATF_CHECK_EQ(f->octets, 2000);
	ATF_CHECK(f->fields & FLOW_NAT);
	ATF_CHECK(nft_is6(&f->nat_src, "64:ff9b::198.51.100.2"));
	ATF_CHECK(nft_is4(&f->nat_dst, "203.0.113.1"));
	ATF_CHECK_EQ(f->nat_src_port, 80);
	ATF_CHECK_EQ(f->nat_dst_port, 40000);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(bad_record);
ATF_TC_BODY(bad_record, tc)
{
	struct nft	t;

	nft_init(&t, NULL);
	/* One variable-length field: 1 byte, then a 16-byte claim. */
	ATF_CHECK_EQ(nft_dec(&t, HDR("0024", "00000000")
	    "0002 000c 0108 0001 0052 ffff "
	    "0108 0008 01 41 ff 00", 6, 1), NF_BAD_RECORD);
	ATF_CHECK_EQ(nft_dec(&t, HDR("0018", "00000000")
	    "0108 0008 01 41 05 41", 6, 1), NF_BAD_RECORD);
	/* Field of length 0; truncated enterprise number. */
	ATF_CHECK_EQ(nft_dec(&t, HDR("001c", "00000000")
	    "0002 000c 0109 0001 0008 0000", 6, 1), NF_BAD_TEMPLATE);
	ATF_CHECK_EQ(nft_dec(&t, HDR("001e", "00000000")
	    "0002 000e 0109 0001 8008 0004 0000", 6, 1), NF_BAD_TEMPLATE);
	nft_done(&t);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden);
	ATF_TP_ADD_TC(tp, framing);
	ATF_TP_ADD_TC(tp, times);
	ATF_TP_ADD_TC(tp, options);
	ATF_TP_ADD_TC(tp, withdrawal);
	ATF_TP_ADD_TC(tp, lifetime);
	ATF_TP_ADD_TC(tp, misc_ies);
	ATF_TP_ADD_TC(tp, bad_record);
	ATF_TP_ADD_TC(tp, nat);
	return (atf_no_error());
}
