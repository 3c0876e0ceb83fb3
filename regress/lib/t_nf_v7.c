/* NetFlow v7: golden datagram, exact length rules. */
#include <sys/types.h>

#include <stdint.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nftest.h"

#define V7_HDR	"0007 0001 000f4240 6553f100 00000000 0000002a 00000000"
#define V7_REC	"0a000001 0a000002 0a0000fe 0003 0004 0000000a 000003e8" \
		" 000f3e58 000f4240 0050 c000 ff 12 06 08 0010 0020 18 10" \
		" ffff c0a80001"

ATF_TC_WITHOUT_HEAD(golden);
ATF_TC_BODY(golden, tc)
{
	struct nft	 t;
	struct flow	*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, V7_HDR V7_REC, 4, 2055), NF_OK);
	ATF_REQUIRE_EQ(t.n, 1);
	f = &t.f[0];
	ATF_CHECK(nft_is4(&f->src, "10.0.0.1"));
	ATF_CHECK_EQ(f->tcp_flags, 0x12);
	ATF_CHECK_EQ(f->protocol, 6);
	ATF_CHECK_EQ(f->tos, 8);
	ATF_CHECK_EQ(f->src_as, 16);
	ATF_CHECK_EQ(f->dst_as, 32);
	ATF_CHECK_EQ(f->src_mask, 24);
	ATF_CHECK_EQ(f->dst_mask, 16);
	ATF_CHECK_EQ(f->flow_sequence, 42);
	ATF_CHECK_EQ(f->engine_type, 0);
	ATF_CHECK_EQ(f->netflow_version, 7);
	ATF_CHECK(f->fields & FLOW_FLOW_ENGINE_INFO);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(length_rules);
ATF_TC_BODY(length_rules, tc)
{
	struct nft	t;

	nft_init(&t, NULL);
	/* A v5-sized (48-byte) record is not a v7 one. */
	ATF_CHECK_EQ(nft_dec(&t, V7_HDR "0a000001 0a000002 0a0000fe 0003 "
	    "0004 0000000a 000003e8 000f3e58 000f4240 0050 c000 ff 12 06 08 "
	    "0010 0020 18 10 ffff", 1, 1), NF_BAD_LENGTH);
	ATF_CHECK_EQ(nft_dec(&t, V7_HDR V7_REC "00", 1, 1), NF_BAD_LENGTH);
	ATF_CHECK_EQ(nft_dec(&t, "0007 0000 000f4240 6553f100 00000000 "
	    "0000002a 00000000", 1, 1), NF_BAD_COUNT);
	ATF_CHECK_EQ(nft_dec(&t, "0007 0001 000f4240 6553f100 00000000",
	    1, 1), NF_SHORT);
	ATF_CHECK_EQ(t.n, 0);
	nft_done(&t);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden);
	ATF_TP_ADD_TC(tp, length_rules);
	return (atf_no_error());
}
