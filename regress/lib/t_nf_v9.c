/*
 * NetFlow v9: golden datagrams (several templates per flowset, padding,
 * reduced-size fields, options with sampling), the flowd decoding bugs
 * as regressions, sequence loss and large datagrams.
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

/* uptime 1000000 ms, 1700000000 s, sequence 1, source id 0x11 */
#define HDR	"0009 0005 000f4240 6553f100 00000001 00000011 "
#define HDRSEQ(s) "0009 0005 000f4240 6553f100 " s " 00000011 "
/* Templates 256 (v4, 29-byte records) and 257 (v6, reduced counters) */
#define TPLS	"0000 0040 " \
		"0100 0009 0008 0004 000c 0004 0007 0002 000b 0002 " \
		"0004 0001 0002 0004 0001 0004 0016 0004 0015 0004 " \
		"0101 0004 001b 0010 001c 0010 0002 0002 0001 0002 "
/* Two records for 256 and two bytes of padding. */
#define DATA256	"0100 0040 " \
		"0a000001 0a000002 0050 c000 06 0000000a 000003e8 " \
		"000f3e58 000f4240 " \
		"0a000003 0a000004 0035 0035 11 00000001 00000040 " \
		"000f4240 000f4240 0000 "
#define DATA257	"0101 0028 20010db8000000000000000000000001 " \
		"20010db8000000000000000000000002 0005 0200 "

ATF_TC_WITHOUT_HEAD(golden);
ATF_TC_BODY(golden, tc)
{
	struct nft		 t;
	struct nf_exporter_info	 e;
	struct flow		*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR TPLS DATA256 DATA257, 5, 2055), NF_OK);
	ATF_REQUIRE_EQ(t.n, 3);
	f = &t.f[0];
	ATF_CHECK(nft_is4(&f->src, "10.0.0.1"));
	ATF_CHECK(nft_is4(&f->dst, "10.0.0.2"));
	ATF_CHECK_EQ(f->src_port, 80);
	ATF_CHECK_EQ(f->dst_port, 49152);
	ATF_CHECK_EQ(f->protocol, 6);
	ATF_CHECK_EQ(f->packets, 10);
	ATF_CHECK_EQ(f->octets, 1000);
	ATF_CHECK_EQ(f->flow_start, 999000);
	ATF_CHECK_EQ(f->flow_finish, 1000000);
	ATF_CHECK_EQ(f->start_sec, 1699999999);
	ATF_CHECK_EQ(f->end_sec, 1700000000);
	ATF_CHECK_EQ(f->end_nsec, 0);
	ATF_CHECK_EQ(f->source_id, 0x11);
	ATF_CHECK_EQ(f->flow_sequence, 1);
	ATF_CHECK_EQ(f->netflow_version, 9);
	ATF_CHECK_EQ(f->sys_uptime_ms, 1000000);
	ATF_CHECK_EQ(f->export_sec, 1700000000);
	ATF_CHECK_EQ(f->fields, FLOW_RECV_TIME | FLOW_AGENT_INFO |
	    FLOW_AGENT_ADDR4 | FLOW_EXPORTER_PORT | FLOW_FLOW_ENGINE_INFO |
	    FLOW_SRC_ADDR4 | FLOW_DST_ADDR4 | FLOW_SRCDST_PORT |
	    FLOW_PROTO_FLAGS_TOS | FLOW_PACKETS | FLOW_OCTETS |
	    FLOW_FLOW_TIMES | FLOW_ABS_TIMES);
	ATF_CHECK_EQ(t.f[1].protocol, 17);
	f = &t.f[2];
	ATF_CHECK_EQ(f->src.af, AF_INET6);
	ATF_CHECK_EQ(f->src.addr8[15], 1);
	ATF_CHECK_EQ(f->dst.addr8[15], 2);
	ATF_CHECK_EQ(f->packets, 5);		/* 2-byte counters */
	ATF_CHECK_EQ(f->octets, 512);
	ATF_CHECK((f->fields & (FLOW_SRC_ADDR6 | FLOW_DST_ADDR6)) ==
	    (FLOW_SRC_ADDR6 | FLOW_DST_ADDR6));
	ATF_CHECK((f->fields & (FLOW_SRC_ADDR4 | FLOW_DST_ADDR4)) == 0);
	nft_exporter(&t, 5, 2055, &e);
	ATF_CHECK_EQ(e.ntemplates, 2);
	ATF_CHECK_EQ(e.c.templates_added, 2);
	/* The same templates again only refresh them. */
	ATF_REQUIRE_EQ(nft_dec(&t, HDRSEQ("00000002") TPLS, 5, 2055), NF_OK);
	nft_exporter(&t, 5, 2055, &e);
	ATF_CHECK_EQ(e.c.templates_added, 2);
	ATF_CHECK_EQ(e.c.templates_updated, 0);
	/* Data alone, later, uses the cached templates. */
	ATF_REQUIRE_EQ(nft_dec(&t, HDRSEQ("00000003") DATA257, 5, 2055),
	    NF_OK);
	ATF_CHECK_EQ(t.n, 4);
	nft_done(&t);
}

/* Template 259: one of nearly every IE this decoder maps. */
#define TPL_MANY "0000 0070 0103 001a " \
		"0009 0001 000d 0001 0005 0001 0006 0001 000a 0002 " \
		"000e 0004 0010 0002 0011 0004 000f 0004 0017 0008 " \
		"0018 0004 001f 0003 0020 0002 0026 0001 0027 0001 " \
		"0038 0006 0039 0006 003a 0002 003b 0002 003c 0001 " \
		"003d 0001 0050 0006 0051 0006 0022 0004 0023 0001 " \
		"003e 0010 "
#define DATA_MANY "0103 0060 18 10 20 02 0102 00010000 fde8 00030d40 " \
		"0a0000fe 0000000100000000 00000007 0abcde 0303 01 05 " \
		"001122334455 66778899aabb 0064 00c8 04 01 ccddeeff0011 " \
		"223344556677 00000400 01 " \
		"20010db80000000000000000000000ff 0000 "

ATF_TC_WITHOUT_HEAD(many_fields);
ATF_TC_BODY(many_fields, tc)
{
	struct nft	 t;
	struct flow	*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR TPL_MANY DATA_MANY, 5, 2055), NF_OK);
	ATF_REQUIRE_EQ(t.n, 1);
	f = &t.f[0];
	ATF_CHECK_EQ(f->src_mask, 24);
	ATF_CHECK_EQ(f->dst_mask, 16);
	ATF_CHECK_EQ(f->tos, 0x20);
	ATF_CHECK_EQ(f->tcp_flags, 0x02);
	ATF_CHECK_EQ(f->if_in, 0x102);
	ATF_CHECK_EQ(f->if_out, 65536);
	ATF_CHECK_EQ(f->src_as, 65000);
	ATF_CHECK_EQ(f->dst_as, 200000);
	ATF_CHECK(nft_is4(&f->gateway, "10.0.0.254") ||
	    f->gateway.af == AF_INET6);
	ATF_CHECK_EQ(f->out_octets, 4294967296ULL);
	ATF_CHECK_EQ(f->out_packets, 7);
	ATF_CHECK_EQ(f->flow_label, 0xabcde);
	ATF_CHECK_EQ(f->icmp_type, 3);
	ATF_CHECK_EQ(f->icmp_code, 3);
	ATF_CHECK_EQ(f->engine_type, 1);
	ATF_CHECK_EQ(f->engine_id, 5);
	ATF_CHECK_EQ(f->src_mac[0], 0x00);
	ATF_CHECK_EQ(f->src_mac[5], 0x55);
	ATF_CHECK_EQ(f->post_dst_mac[0], 0x66);
	ATF_CHECK_EQ(f->dst_mac[0], 0xcc);
	ATF_CHECK_EQ(f->post_src_mac[5], 0x77);
	ATF_CHECK_EQ(f->src_vlan, 100);
	ATF_CHECK_EQ(f->dst_vlan, 200);
	ATF_CHECK_EQ(f->ip_version, 4);
	ATF_CHECK_EQ(f->direction, FLOW_DIR_EGRESS);
	ATF_CHECK_EQ(f->sampling_interval, 1024);
	ATF_CHECK_EQ(f->sampling_algorithm, 1);
	/* The real v4 next hop came first; the v6 one does not replace it. */
	ATF_CHECK(nft_is4(&f->gateway, "10.0.0.254"));
	ATF_CHECK(f->fields & FLOW_GATEWAY_ADDR4);
	ATF_CHECK((f->fields & FLOW_GATEWAY_ADDR6) == 0);
	ATF_CHECK((f->fields & (FLOW_AS_INFO | FLOW_IF_INDICES |
	    FLOW_REVERSE_COUNTERS | FLOW_FLOW_INFO | FLOW_MAC_ADDRS |
	    FLOW_VLANS | FLOW_SAMPLING)) == (FLOW_AS_INFO | FLOW_IF_INDICES |
	    FLOW_REVERSE_COUNTERS | FLOW_FLOW_INFO | FLOW_MAC_ADDRS |
	    FLOW_VLANS | FLOW_SAMPLING));
	nft_done(&t);
}

/*
 * NAT: template 260 has IPv4 (225-228) and IPv6 (281, 282) post-NAT
 * fields, 261 IPv4 only with 1-byte (reduced-size) ports.  Records:
 * NAT44, NAT46 (the v4 fields zero), and 261's source side only.
 */
#define TPL_NAT	"0000 0044 " \
		"0104 000b 0008 0004 000c 0004 0007 0002 000b 0002 " \
		"0004 0001 00e1 0004 00e2 0004 00e3 0002 00e4 0002 " \
		"0119 0010 011a 0010 " \
		"0105 0003 00e1 0004 00e3 0001 00e4 0001 "
#define DATA_NAT "0104 0078 " \
		"0a000001 c6336401 c000 0050 06 cb007101 c6336401 9c40 0050 " \
		"00000000000000000000000000000000 " \
		"00000000000000000000000000000000 " \
		"0a000002 0a000003 1000 0035 11 00000000 00000000 1001 0035 " \
		"20010db8000000000000000000640001 " \
		"0064ff9b0000000000000000c6336401 0000 " \
		"0105 000c c6336409 07 08 0000 "

ATF_TC_WITHOUT_HEAD(nat);
ATF_TC_BODY(nat, tc)
{
	struct nft		 t;
	struct nf_exporter_info	 e;
	struct flow		*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR TPL_NAT DATA_NAT, 5, 2055), NF_OK);
	ATF_REQUIRE_EQ(t.n, 3);
	f = &t.f[0];
	ATF_CHECK(f->fields & FLOW_NAT);
	ATF_CHECK(nft_is4(&f->src, "10.0.0.1"));
	ATF_CHECK_EQ(f->src_port, 49152);
	ATF_CHECK(nft_is4(&f->nat_src, "203.0.113.1"));
	ATF_CHECK(nft_is4(&f->nat_dst, "198.51.100.1"));
	ATF_CHECK_EQ(f->nat_src_port, 40000);
	ATF_CHECK_EQ(f->nat_dst_port, 80);
	/* Zero IPv4 NAT fields are "not translated", IPv6 ones fill in. */
	f = &t.f[1];
	ATF_CHECK(f->fields & FLOW_NAT);
	ATF_CHECK(nft_is6(&f->nat_src, "2001:db8::64:1"));
	ATF_CHECK(nft_is6(&f->nat_dst, "64:ff9b::198.51.100.1"));
	ATF_CHECK_EQ(f->nat_src_port, 4097);
	ATF_CHECK_EQ(f->nat_dst_port, 53);
	/* Reduced-size ports; the destination side was never reported. */
	f = &t.f[2];
	ATF_CHECK_EQ(f->fields & (FLOW_NAT | FLOW_SRC_ADDR | FLOW_DST_ADDR),
	    FLOW_NAT);
	ATF_CHECK(nft_is4(&f->nat_src, "198.51.100.9"));
	ATF_CHECK_EQ(f->nat_dst.af, 0);
	ATF_CHECK_EQ(f->nat_src_port, 7);
	ATF_CHECK_EQ(f->nat_dst_port, 8);
	/* Flows without NAT IEs have no NAT group. */
	ATF_REQUIRE_EQ(nft_dec(&t, HDRSEQ("00000002") TPLS DATA256, 5, 2055),
	    NF_OK);
	ATF_REQUIRE_EQ(t.n, 5);
	ATF_CHECK((t.f[3].fields & FLOW_NAT) == 0);
	/* A post-NAT IPv6 address of 4 bytes is skipped and counted. */
	ATF_REQUIRE_EQ(nft_dec(&t, HDRSEQ("00000003")
	    "0000 000c 0106 0001 011a 0004 "
	    "0106 0008 c6336401", 5, 2055), NF_OK);
	ATF_REQUIRE_EQ(t.n, 6);
	ATF_CHECK((t.f[5].fields & FLOW_NAT) == 0);
	nft_exporter(&t, 5, 2055, &e);
	ATF_CHECK_EQ(e.c.bad_fields, 1);
	nft_done(&t);
}

/* flowd §8.1: a flowset of length 0 looped forever. */
ATF_TC_WITHOUT_HEAD(zero_length_flowset);
ATF_TC_BODY(zero_length_flowset, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(nft_dec(&t, HDR "0001 0000 0100 0004", 5, 1),
	    NF_BAD_SET);
	ATF_CHECK_EQ(nft_dec(&t, HDR "0002 0000", 5, 1), NF_BAD_SET);
	ATF_CHECK_EQ(nft_dec(&t, HDR "0100 0002 0000", 5, 1), NF_BAD_SET);
	/* A flowset running past the datagram. */
	ATF_CHECK_EQ(nft_dec(&t, HDR "0000 0044 0100 0001 0008 0004", 5, 1),
	    NF_BAD_SET);
	/* Nothing from a datagram whose later flowset is broken. */
	ATF_CHECK_EQ(nft_dec(&t, HDR TPLS DATA256 "0001 0000", 5, 1),
	    NF_BAD_SET);
	ATF_CHECK_EQ(t.n, 0);
	nft_exporter(&t, 5, 1, &e);
	ATF_CHECK_EQ(e.c.reject[NF_BAD_SET], 5);
	ATF_CHECK_EQ(e.ntemplates, 0);
	nft_done(&t);
}

/* Zero bytes after the last flowset are padding; other bytes are not. */
ATF_TC_WITHOUT_HEAD(trailing_bytes);
ATF_TC_BODY(trailing_bytes, tc)
{
	struct nft	t;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(nft_dec(&t, HDR TPLS DATA256 "0000 0000 0000 0000 00",
	    5, 1), NF_OK);
	ATF_CHECK_EQ(t.n, 2);
	ATF_CHECK_EQ(nft_dec(&t, HDR DATA256 "00 00 01", 5, 1), NF_BAD_SET);
	ATF_CHECK_EQ(t.n, 2);
	/* A reserved flowset id is skipped and counted. */
	ATF_CHECK_EQ(nft_dec(&t, HDR "0005 0008 00000000" DATA256, 5, 1),
	    NF_OK);
	ATF_CHECK_EQ(t.n, 4);
	nft_done(&t);
}

/* flowd §8.2: a template with no fields divided by zero on data. */
ATF_TC_WITHOUT_HEAD(zero_field_template);
ATF_TC_BODY(zero_field_template, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(nft_dec(&t, HDR "0000 0008 0100 0000 "
	    "0100 0008 00000000", 5, 1), NF_BAD_TEMPLATE);
	ATF_CHECK_EQ(t.n, 0);
	/* A field of length 0 is as bad. */
	ATF_CHECK_EQ(nft_dec(&t, HDR "0000 000c 0100 0001 0008 0000 "
	    "0100 0008 00000000", 5, 1), NF_BAD_TEMPLATE);
	nft_exporter(&t, 5, 1, &e);
	ATF_CHECK_EQ(e.ntemplates, 0);
	ATF_CHECK_EQ(e.c.reject[NF_BAD_TEMPLATE], 2);
	ATF_CHECK_EQ(e.c.reject[NF_NO_TEMPLATE], 2);
	nft_done(&t);
}

/* flowd §8.3: a field count beyond the flowset over-read. */
ATF_TC_WITHOUT_HEAD(specifier_overread);
ATF_TC_BODY(specifier_overread, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(nft_dec(&t, HDR "0000 0010 0100 0003 0008 0004 "
	    "000c 0004", 5, 1), NF_BAD_TEMPLATE);
	/* Half a specifier at the end of the flowset. */
	ATF_CHECK_EQ(nft_dec(&t, HDR "0000 000e 0100 0002 0008 0004 000c",
	    5, 1), NF_BAD_TEMPLATE);
	nft_exporter(&t, 5, 1, &e);
	ATF_CHECK_EQ(e.ntemplates, 0);
	/* Options template whose lengths overrun. */
	ATF_CHECK_EQ(nft_dec(&t, HDR "0001 0010 0102 0004 0008 0001 0004 "
	    "0000", 5, 1), NF_BAD_TEMPLATE);
	nft_done(&t);
}

/*
 * flowd dropped flows whose addresses were of different families,
 * including templates with only one address.  Here: kept as they are.
 */
ATF_TC_WITHOUT_HEAD(af_mismatch);
ATF_TC_BODY(af_mismatch, tc)
{
	struct nft	 t;
	struct flow	*f;

	nft_init(&t, NULL);
	/* 260: source address only; 261: v4 src, v6 dst. */
	ATF_REQUIRE_EQ(nft_dec(&t, HDR "0000 0020 "
	    "0104 0002 0008 0004 0002 0004 "
	    "0105 0003 0008 0004 001c 0010 0002 0004 "
	    "0104 000c 0a000001 00000003 "
	    "0105 001c 0a000001 20010db8000000000000000000000009 00000004",
	    5, 1), NF_OK);
	ATF_REQUIRE_EQ(t.n, 2);
	f = &t.f[0];
	ATF_CHECK((f->fields & FLOW_SRCDST_ADDR) == FLOW_SRC_ADDR4);
	ATF_CHECK(nft_is4(&f->src, "10.0.0.1"));
	ATF_CHECK_EQ(f->dst.af, 0);
	f = &t.f[1];
	ATF_CHECK((f->fields & FLOW_SRCDST_ADDR) ==
	    (FLOW_SRC_ADDR4 | FLOW_DST_ADDR6));
	/* 262: both families, v4 ones zero: the v6 ones are the flow's. */
	ATF_REQUIRE_EQ(nft_dec(&t, HDR "0000 001c "
	    "0106 0005 0008 0004 000c 0004 001b 0010 001c 0010 0002 0004 "
	    "0106 0030 00000000 00000000 20010db8000000000000000000000001 "
	    "20010db8000000000000000000000002 00000001", 5, 1), NF_OK);
	ATF_REQUIRE_EQ(t.n, 3);
	f = &t.f[2];
	ATF_CHECK((f->fields & FLOW_SRCDST_ADDR) ==
	    (FLOW_SRC_ADDR6 | FLOW_DST_ADDR6));
	ATF_CHECK_EQ(f->src.af, AF_INET6);
	ATF_CHECK_EQ(f->dst.addr8[15], 2);
	nft_done(&t);
}

/*
 * Options template (scope: system) announcing 1:100 random sampling;
 * later flows of that source id carry it, other source ids do not.
 */
#define OPT_TPL	"0001 0018 0102 0004 0008 0001 0004 0022 0004 0023 0001 " \
		"0000 "
#define OPT_DATA "0102 0010 00000000 00000064 02 000000 "

ATF_TC_WITHOUT_HEAD(options_sampling);
ATF_TC_BODY(options_sampling, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, HDR OPT_TPL OPT_DATA TPLS DATA256, 5, 1),
	    NF_OK);
	ATF_REQUIRE_EQ(t.n, 2);
	ATF_CHECK(t.f[0].fields & FLOW_SAMPLING);
	ATF_CHECK_EQ(t.f[0].sampling_interval, 100);
	ATF_CHECK_EQ(t.f[0].sampling_algorithm, 2);
	/* Counters are stored raw, never scaled. */
	ATF_CHECK_EQ(t.f[0].packets, 10);
	nft_exporter(&t, 5, 1, &e);
	ATF_CHECK_EQ(e.c.options_records, 1);
	ATF_CHECK_EQ(e.c.flows, 2);
	/* Source id 0x12 has no sampling options. */
	ATF_REQUIRE_EQ(nft_dec(&t, "0009 0005 000f4240 6553f100 00000001 "
	    "00000012 " TPLS DATA256, 5, 1), NF_OK);
	ATF_REQUIRE_EQ(t.n, 4);
	ATF_CHECK((t.f[2].fields & FLOW_SAMPLING) == 0);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(sequence);
ATF_TC_BODY(sequence, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(nft_dec(&t, HDRSEQ("00000001") TPLS, 5, 1), NF_OK);
	ATF_CHECK_EQ(nft_dec(&t, HDRSEQ("00000002") DATA256, 5, 1), NF_OK);
	ATF_CHECK_EQ(nft_dec(&t, HDRSEQ("00000005") DATA256, 5, 1), NF_OK);
	ATF_CHECK_EQ(nft_dec(&t, HDRSEQ("00000006") DATA256, 5, 1), NF_OK);
	ATF_CHECK_EQ(nft_dec(&t, HDRSEQ("00000004") DATA256, 5, 1), NF_OK);
	nft_exporter(&t, 5, 1, &e);
	ATF_CHECK_EQ(e.c.seq_lost_packets, 2);
	ATF_CHECK_EQ(e.c.seq_resets, 1);
	nft_done(&t);
}

/* flowd read into 2048 bytes and lost the rest of larger datagrams. */
ATF_TC_WITHOUT_HEAD(large_datagram);
ATF_TC_BODY(large_datagram, tc)
{
	struct nft	t;
	uint8_t		buf[8192];
	size_t		len, dlen;
	int		i;

	nft_init(&t, NULL);
	len = nft_hex(HDR TPLS, buf, sizeof(buf));
	dlen = 4 + 200 * 29;
	buf[len] = 0x01;
	buf[len + 1] = 0x00;
	buf[len + 2] = dlen >> 8;
	buf[len + 3] = dlen & 0xff;
	len += 4;
	for (i = 0; i < 200; i++) {
		len += nft_hex("0a000001 0a000002 0050 c000 06 00000001 "
		    "00000064 000f3e58 000f4240", buf + len, sizeof(buf) - len);
		buf[len - 13] = i;	/* packets: low byte */
	}
	ATF_REQUIRE(len > 4096);
	ATF_CHECK_EQ(nft_decb(&t, buf, len, 5, 1), NF_OK);
	ATF_CHECK_EQ(t.n, 200);
	ATF_CHECK_EQ(t.f[199].packets, 199);
	nft_done(&t);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden);
	ATF_TP_ADD_TC(tp, many_fields);
	ATF_TP_ADD_TC(tp, zero_length_flowset);
	ATF_TP_ADD_TC(tp, trailing_bytes);
	ATF_TP_ADD_TC(tp, zero_field_template);
	ATF_TP_ADD_TC(tp, specifier_overread);
	ATF_TP_ADD_TC(tp, af_mismatch);
	ATF_TP_ADD_TC(tp, options_sampling);
	ATF_TP_ADD_TC(tp, sequence);
	ATF_TP_ADD_TC(tp, large_datagram);
	ATF_TP_ADD_TC(tp, nat);
	return (atf_no_error());
}
