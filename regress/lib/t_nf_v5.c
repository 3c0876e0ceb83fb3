/*
 * NetFlow v5: golden datagram, engine fields as values (flowd stored
 * them shifted on little-endian hosts), sampling, sequence loss.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nftest.h"

/* count 2, uptime 1000000, 1700000000.5, seq 100, engine 1/2, 1:100 */
#define V5_HDR	"0005 0002 000f4240 6553f100 1dcd6500 00000064 01 02 4064"
#define V5_REC1	"0a000001 0a000002 0a0000fe 0003 0004 0000000a 000003e8" \
		" 000f3e58 000f4240 0050 c000 00 1b 06 10 fde8 0001 18 10 0000"
#define V5_REC2	"0a000003 0a000004 00000000 0001 0002 00000001 00000040" \
		" 000f4240 000f4240 0000 0800 00 00 01 00 0000 0000 00 00 0000"

static void
v5hdr(char *buf, size_t len, u_int count, uint32_t seq, int et, int ei)
{
	snprintf(buf, len, "0005 %04x 000f4240 6553f100 1dcd6500 %08x "
	    "%02x %02x 0000", count, seq, et, ei);
}

ATF_TC_WITHOUT_HEAD(golden);
ATF_TC_BODY(golden, tc)
{
	struct nft	 t;
	struct flow	*f;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, V5_HDR V5_REC1 V5_REC2, 7, 9995), NF_OK);
	ATF_REQUIRE_EQ(t.n, 2);
	f = &t.f[0];
	ATF_CHECK(nft_is4(&f->src, "10.0.0.1"));
	ATF_CHECK(nft_is4(&f->dst, "10.0.0.2"));
	ATF_CHECK(nft_is4(&f->gateway, "10.0.0.254"));
	ATF_CHECK_EQ(f->tcp_flags, 0x1b);
	ATF_CHECK_EQ(f->protocol, 6);
	ATF_CHECK_EQ(f->tos, 0x10);
	ATF_CHECK_EQ(f->src_as, 65000);
	ATF_CHECK_EQ(f->dst_as, 1);
	ATF_CHECK_EQ(f->src_mask, 24);
	ATF_CHECK_EQ(f->dst_mask, 16);
	/* flowd regression: engine 1/2 must not read back as 256/512. */
	ATF_CHECK_EQ(f->engine_type, 1);
	ATF_CHECK_EQ(f->engine_id, 2);
	ATF_CHECK_EQ(f->flow_sequence, 100);
	ATF_CHECK_EQ(f->sampling_algorithm, 1);
	ATF_CHECK_EQ(f->sampling_interval, 100);
	ATF_CHECK(f->fields & FLOW_SAMPLING);
	ATF_CHECK(f->fields & FLOW_FLOW_ENGINE_INFO);
	ATF_CHECK(f->fields & FLOW_AS_INFO);
	ATF_CHECK_EQ(f->netflow_version, 5);
	ATF_CHECK_EQ(f->exporter_port, 9995);
	ATF_CHECK_EQ(t.f[1].protocol, 1);
	ATF_CHECK_EQ(t.f[1].dst_port, 0x0800);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(no_sampling);
ATF_TC_BODY(no_sampling, tc)
{
	struct nft	t;
	char		buf[1024];

	nft_init(&t, NULL);
	v5hdr(buf, sizeof(buf), 1, 0, 0, 0);
	strlcat(buf, V5_REC1, sizeof(buf));
	ATF_REQUIRE_EQ(nft_dec(&t, buf, 1, 1), NF_OK);
	ATF_CHECK((t.f[0].fields & FLOW_SAMPLING) == 0);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(length_rules);
ATF_TC_BODY(length_rules, tc)
{
	struct nft	t;
	char		buf[8192];
	int		i;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(nft_dec(&t, V5_HDR V5_REC1, 1, 1), NF_BAD_LENGTH);
	ATF_CHECK_EQ(nft_dec(&t, V5_HDR V5_REC1 V5_REC2 "000000", 1, 1),
	    NF_BAD_LENGTH);
	v5hdr(buf, sizeof(buf), 0, 0, 0, 0);
	ATF_CHECK_EQ(nft_dec(&t, buf, 1, 1), NF_BAD_COUNT);
	v5hdr(buf, sizeof(buf), 31, 0, 0, 0);
	for (i = 0; i < 31; i++)
		strlcat(buf, V5_REC1, sizeof(buf));
	ATF_CHECK_EQ(nft_dec(&t, buf, 1, 1), NF_BAD_COUNT);
	v5hdr(buf, sizeof(buf), 30, 0, 0, 0);
	for (i = 0; i < 30; i++)
		strlcat(buf, V5_REC1, sizeof(buf));
	ATF_CHECK_EQ(nft_dec(&t, buf, 1, 1), NF_OK);
	ATF_CHECK_EQ(t.n, 30);
	ATF_CHECK_EQ(nft_dec(&t, "0005 0001 000f4240 6553f100 1dcd6500",
	    1, 1), NF_SHORT);
	nft_done(&t);
}

static enum nf_reason
send_seq(struct nft *t, u_int count, uint32_t seq, int engine)
{
	char	buf[4096];
	u_int	i;

	v5hdr(buf, sizeof(buf), count, seq, 0, engine);
	for (i = 0; i < count; i++)
		strlcat(buf, V5_REC2, sizeof(buf));
	return (nft_dec(t, buf, 3, 2055));
}

ATF_TC_WITHOUT_HEAD(sequence);
ATF_TC_BODY(sequence, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(send_seq(&t, 2, 1000, 0), NF_OK);
	ATF_CHECK_EQ(send_seq(&t, 3, 1002, 0), NF_OK);	/* in order */
	ATF_CHECK_EQ(send_seq(&t, 1, 1010, 0), NF_OK);	/* 5 lost */
	/* Another engine has its own sequence space. */
	ATF_CHECK_EQ(send_seq(&t, 1, 7, 1), NF_OK);
	ATF_CHECK_EQ(send_seq(&t, 1, 8, 1), NF_OK);
	ATF_CHECK_EQ(send_seq(&t, 1, 1011, 0), NF_OK);	/* in order */
	ATF_CHECK_EQ(send_seq(&t, 1, 3, 0), NF_OK);	/* backwards */
	/* Wrap-around at 2^32 is not loss. */
	ATF_CHECK_EQ(send_seq(&t, 2, 0xfffffffe, 1), NF_OK);
	ATF_CHECK_EQ(send_seq(&t, 1, 0, 1), NF_OK);
	nft_exporter(&t, 3, 2055, &e);
	ATF_CHECK_EQ(e.c.seq_lost_records, 5);
	ATF_CHECK_EQ(e.c.seq_resets, 2);	/* backwards, and 9->fffe */
	ATF_CHECK_EQ(e.ndomains, 2);
	nft_done(&t);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden);
	ATF_TP_ADD_TC(tp, no_sampling);
	ATF_TP_ADD_TC(tp, length_rules);
	ATF_TP_ADD_TC(tp, sequence);
	return (atf_no_error());
}
