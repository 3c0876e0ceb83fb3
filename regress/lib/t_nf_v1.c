/* NetFlow v1 decoding: golden datagram, exact length rules. */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdint.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nftest.h"

#define V1_HDR	"0001 0002 000f4240 6553f100 1dcd6500"
#define V1_REC1	"0a000001 0a000002 0a0000fe 0003 0004 0000000a 000003e8" \
		" 000f3e58 000f4240 0050 c000 0000 06 10 1b 00 0000 00000000"
#define V1_REC2	"c0a80101 c0a80102 00000000 ffff 0001 ffffffff ffffffff" \
		" 00000000 00000001 0035 0035 0000 11 00 00 00 0000 00000000"

ATF_TC_WITHOUT_HEAD(golden);
ATF_TC_BODY(golden, tc)
{
	struct nft	 t;
	struct flow	*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, V1_HDR V1_REC1 V1_REC2, 9, 2055), NF_OK);
	ATF_REQUIRE_EQ(t.n, 2);
	f = &t.f[0];
	ATF_CHECK(nft_is4(&f->src, "10.0.0.1"));
	ATF_CHECK(nft_is4(&f->dst, "10.0.0.2"));
	ATF_CHECK(nft_is4(&f->gateway, "10.0.0.254"));
	ATF_CHECK(nft_is4(&f->agent, "192.0.2.9"));
	ATF_CHECK_EQ(f->exporter_port, 2055);
	ATF_CHECK_EQ(f->if_in, 3);
	ATF_CHECK_EQ(f->if_out, 4);
	ATF_CHECK_EQ(f->packets, 10);
	ATF_CHECK_EQ(f->octets, 1000);
	ATF_CHECK_EQ(f->flow_start, 999000);
	ATF_CHECK_EQ(f->flow_finish, 1000000);
	ATF_CHECK_EQ(f->src_port, 80);
	ATF_CHECK_EQ(f->dst_port, 49152);
	ATF_CHECK_EQ(f->protocol, 6);
	ATF_CHECK_EQ(f->tos, 0x10);
	ATF_CHECK_EQ(f->tcp_flags, 0x1b);
	ATF_CHECK_EQ(f->sys_uptime_ms, 1000000);
	ATF_CHECK_EQ(f->export_sec, 1700000000);
	ATF_CHECK_EQ(f->export_nsec, 500000000);
	ATF_CHECK_EQ(f->netflow_version, 1);
	ATF_CHECK_EQ(f->recv_sec, 1700000000);
	ATF_CHECK_EQ(f->recv_usec, 250000);
	/* Absolute times from the header's uptime and export time. */
	ATF_CHECK_EQ(f->start_sec, 1699999999);
	ATF_CHECK_EQ(f->start_nsec, 500000000);
	ATF_CHECK_EQ(f->end_sec, 1700000000);
	ATF_CHECK_EQ(f->end_nsec, 500000000);
	ATF_CHECK_EQ(f->fields, FLOW_RECV_TIME | FLOW_AGENT_INFO |
	    FLOW_AGENT_ADDR4 | FLOW_EXPORTER_PORT | FLOW_SRC_ADDR4 |
	    FLOW_DST_ADDR4 | FLOW_GATEWAY_ADDR4 | FLOW_IF_INDICES |
	    FLOW_PACKETS | FLOW_OCTETS | FLOW_FLOW_TIMES | FLOW_SRCDST_PORT |
	    FLOW_ABS_TIMES | FLOW_PROTO_FLAGS_TOS);
	/* v1 has no AS, engine or CRC: the store writer adds CRC. */
	ATF_CHECK((f->fields & (FLOW_AS_INFO | FLOW_FLOW_ENGINE_INFO |
	    FLOW_CRC32)) == 0);
	f = &t.f[1];
	ATF_CHECK_EQ(f->if_in, 65535);
	ATF_CHECK_EQ(f->packets, 4294967295ULL);
	ATF_CHECK_EQ(f->octets, 4294967295ULL);
	ATF_CHECK_EQ(f->protocol, 17);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(length_rules);
ATF_TC_BODY(length_rules, tc)
{
	struct nft			t;
	struct nf_exporter_info		e;
	char				buf[8192];
	int				i;

	nft_init(&t, NULL);
	/* One byte more or less than header + count x 48. */
	ATF_CHECK_EQ(nft_dec(&t, V1_HDR V1_REC1 V1_REC2 "00", 1, 1),
	    NF_BAD_LENGTH);
	ATF_CHECK_EQ(nft_dec(&t, V1_HDR V1_REC1, 1, 1), NF_BAD_LENGTH);
	/* Count 0, and 31 records (the maximum is 30, softflowd's). */
	ATF_CHECK_EQ(nft_dec(&t, "0001 0000 000f4240 6553f100 1dcd6500",
	    1, 1), NF_BAD_COUNT);
	strlcpy(buf, "0001 001f 000f4240 6553f100 1dcd6500", sizeof(buf));
	for (i = 0; i < 31; i++)
		strlcat(buf, V1_REC1, sizeof(buf));
	ATF_CHECK_EQ(nft_dec(&t, buf, 1, 1), NF_BAD_COUNT);
	/* 30 records are fine. */
	strlcpy(buf, "0001 001e 000f4240 6553f100 1dcd6500", sizeof(buf));
	for (i = 0; i < 30; i++)
		strlcat(buf, V1_REC1, sizeof(buf));
	ATF_CHECK_EQ(nft_dec(&t, buf, 1, 1), NF_OK);
	ATF_CHECK_EQ(t.n, 30);
	/* Shorter than the header, shorter than a version word. */
	ATF_CHECK_EQ(nft_dec(&t, "0001 0001 000f4240", 1, 1), NF_SHORT);
	ATF_CHECK_EQ(nft_dec(&t, "00", 1, 1), NF_SHORT);
	ATF_CHECK_EQ(nft_dec(&t, "", 1, 1), NF_SHORT);
	ATF_CHECK_EQ(nft_dec(&t, "0002 0001 00000000", 1, 1),
	    NF_BAD_VERSION);
	ATF_CHECK_EQ(t.n, 30);
	nft_exporter(&t, 1, 1, &e);
	ATF_CHECK_EQ(e.c.reject[NF_BAD_LENGTH], 2);
	ATF_CHECK_EQ(e.c.reject[NF_BAD_COUNT], 2);
	ATF_CHECK_EQ(e.c.reject[NF_SHORT], 3);
	ATF_CHECK_EQ(e.c.reject[NF_BAD_VERSION], 1);
	ATF_CHECK_EQ(e.c.reject[NF_OK], 1);
	ATF_CHECK_EQ(e.c.packets, 9);
	ATF_CHECK_EQ(e.c.flows, 30);
	nft_done(&t);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden);
	ATF_TP_ADD_TC(tp, length_rules);
	return (atf_no_error());
}
