/*
 * NetFlow v5 encoder: golden datagrams, flow_sequence across datagrams,
 * packing to max_datagram, IPv6 refused and counted, narrowing.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nf_encode.h"
#include "nfenctest.h"

/* header: uptime 10500, 1700000010.5, engine 1/2, 1-in-100 mode 01 */
#define HDR(count, seq)	"0005" count "00002904 6553f10a 1dcd6500" seq \
			"01 02 4064"
#define REC4	"0a000001 c0000202 0a0000fe 0003 0004 0000000a 000005dc" \
		"000003e8 00001388 04d2 0050 00 1b 06 10 fde9 fdea 18 10 0000"

ATF_TC_WITHOUT_HEAD(golden_one);
ATF_TC_BODY(golden_one, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	net_opts(&o, 5);
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow4(&f);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) == 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	net_check_hex(buf, len, HDR("0001", "00000000") REC4);
	ATF_CHECK(nf_encoder_next(e, buf, sizeof(buf), &now) == 0);
	ATF_CHECK_EQ(nf_encoder_stats(e)->flows_sent, 1);
	ATF_CHECK_EQ(nf_encoder_stats(e)->datagrams, 1);
	nf_encoder_free(e);
}

/* ICMP: type/code in dstport; unsampled: sampling field 0. */
ATF_TC_WITHOUT_HEAD(golden_icmp_unsampled);
ATF_TC_BODY(golden_icmp_unsampled, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	net_opts(&o, 5);
	o.sampling_interval = 0;
	o.engine_type = o.engine_id = 0;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow4(&f);
	f.protocol = 1;
	f.src_port = 0;
	f.dst_port = 0;
	f.tcp_flags = 0;
	f.icmp_type = 3;
	f.icmp_code = 1;
	f.fields &= ~FLOW_AS_INFO;
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	net_check_hex(buf, len,
	    "0005 0001 00002904 6553f10a 1dcd6500 00000000 00 00 0000"
	    "0a000001 c0000202 0a0000fe 0003 0004 0000000a 000005dc"
	    "000003e8 00001388 0000 0301 00 00 01 10 0000 0000 00 00 0000");
	nf_encoder_free(e);
}

ATF_TC_WITHOUT_HEAD(sequence_across_datagrams);
ATF_TC_BODY(sequence_across_datagrams, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;
	int			 i;

	net_opts(&o, 5);
	o.max_datagram = 24 + 30 * 48 + 47;	/* room for 30, not 31 */
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	ATF_CHECK_EQ(nf_encoder_max_records(e), 30);
	net_flow4(&f);
	net_now(&now, 0);
	for (i = 0; i < 35; i++)
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_CHECK(nf_encoder_ready(e));
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	ATF_REQUIRE_EQ(len, 24 + 30 * 48);
	ATF_CHECK_EQ(net_get16(buf + 2), 30);
	ATF_CHECK_EQ(net_get32(buf + 16), 0);
	ATF_CHECK(!nf_encoder_ready(e));
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	ATF_REQUIRE_EQ(len, 24 + 5 * 48);
	ATF_CHECK_EQ(net_get16(buf + 2), 5);
	ATF_CHECK_EQ(net_get32(buf + 16), 30);
	ATF_CHECK(nf_encoder_next(e, buf, sizeof(buf), &now) == 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	net_check_hex(buf, len, HDR("0001", "00000023") REC4);
	nf_encoder_free(e);
}

/* A limit of header + 3 records gives datagrams of exactly that size. */
ATF_TC_WITHOUT_HEAD(pack_to_max_datagram);
ATF_TC_BODY(pack_to_max_datagram, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len, max;
	int			 i;

	for (max = 24 + 3 * 48; max < 24 + 4 * 48; max += 47) {
		net_opts(&o, 5);
		o.max_datagram = max;
		ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
		ATF_CHECK_EQ(nf_encoder_max_records(e), 3);
		net_flow4(&f);
		net_now(&now, 0);
		for (i = 0; i < 7; i++)
			ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
		ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now),
		    24 + 3 * 48);
		ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now),
		    24 + 3 * 48);
		len = nf_encoder_next(e, buf, sizeof(buf), &now);
		ATF_CHECK_EQ(len, 24 + 48);
		ATF_CHECK_EQ(net_get32(buf + 16), 6);
		nf_encoder_free(e);
	}
	/* A buffer shorter than max_datagram bounds the datagram. */
	net_opts(&o, 5);
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	for (i = 0; i < 3; i++)
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, 24 + 2 * 48 + 10, &now),
	    24 + 2 * 48);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, 50, &now), 0);
	ATF_CHECK_EQ(nf_encoder_stats(e)->buffer_too_small, 1);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now), 24 + 48);
	nf_encoder_free(e);
	/* Less than one record: refused at setup. */
	o.max_datagram = 24 + 47;
	ATF_CHECK(nf_encoder_new(&o) == NULL && errno == EINVAL);
}

ATF_TC_WITHOUT_HEAD(ipv6_counted_and_skipped);
ATF_TC_BODY(ipv6_counted_and_skipped, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];

	net_opts(&o, 5);
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow6(&f);
	net_now(&now, 0);
	errno = 0;
	ATF_CHECK(nf_encoder_add(e, &f, &now) == -1 && errno == EAFNOSUPPORT);
	/* no address at all: no family to carry it in either */
	f.fields &= ~(FLOW_SRC_ADDR6 | FLOW_DST_ADDR6);
	ATF_CHECK(nf_encoder_add(e, &f, &now) == -1 && errno == EAFNOSUPPORT);
	ATF_CHECK_EQ(nf_encoder_stats(e)->flows_unsupported, 2);
	ATF_CHECK_EQ(nf_encoder_stats(e)->flows_added, 0);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now), 0);
	nf_encoder_free(e);
}

ATF_TC_WITHOUT_HEAD(narrowing_and_limits);
ATF_TC_BODY(narrowing_and_limits, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	net_opts(&o, 5);
	o.queue_flows = 2;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow4(&f);
	f.if_in = 70000;
	f.src_as = 4200000000U;
	f.octets = 1ULL << 40;
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_CHECK(nf_encoder_ready(e));
	errno = 0;
	ATF_CHECK(nf_encoder_add(e, &f, &now) == -1 && errno == ENOBUFS);
	ATF_CHECK_EQ(nf_encoder_stats(e)->flows_queue_full, 1);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	ATF_REQUIRE_EQ(len, 24 + 2 * 48);
	ATF_CHECK_EQ(net_get16(buf + 24 + 12), 0xffff);
	ATF_CHECK_EQ(net_get32(buf + 24 + 20), 0xffffffffU);
	ATF_CHECK_EQ(net_get16(buf + 24 + 40), 23456);	/* AS_TRANS */
	ATF_CHECK_EQ(nf_encoder_stats(e)->values_narrowed, 6);
	nf_encoder_free(e);

	o.queue_flows = 16;
	o.sampling_interval = 0x4000;	/* needs more than 14 bits */
	errno = 0;
	ATF_CHECK(nf_encoder_new(&o) == NULL && errno == EINVAL);
	o.sampling_interval = 0x3fff;
	o.sampling_algorithm = NF_ENC_SAMPLE_RANDOM;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	ATF_CHECK_EQ(net_get16(buf + 22), 0xbfff);
	nf_encoder_free(e);
}

/* Uptime from absolute times when the flow has no sysUptime ones. */
ATF_TC_WITHOUT_HEAD(uptime_from_absolute);
ATF_TC_BODY(uptime_from_absolute, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];

	net_opts(&o, 5);
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow4(&f);
	f.fields = (f.fields & ~FLOW_FLOW_TIMES) | FLOW_ABS_TIMES;
	f.start_sec = NET_BOOT + 2;
	f.start_nsec = 345000000;
	f.end_sec = NET_BOOT + 9;
	f.end_nsec = 999999999;
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	ATF_CHECK_EQ(net_get32(buf + 24 + 24), 2345);
	ATF_CHECK_EQ(net_get32(buf + 24 + 28), 9999);
	nf_encoder_free(e);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden_one);
	ATF_TP_ADD_TC(tp, golden_icmp_unsampled);
	ATF_TP_ADD_TC(tp, sequence_across_datagrams);
	ATF_TP_ADD_TC(tp, pack_to_max_datagram);
	ATF_TP_ADD_TC(tp, ipv6_counted_and_skipped);
	ATF_TP_ADD_TC(tp, narrowing_and_limits);
	ATF_TP_ADD_TC(tp, uptime_from_absolute);
	return (atf_no_error());
}
