/*
 * IPFIX encoder: golden messages, the sequence number as data records
 * sent before the message (options data included), 64-bit counters,
 * millisecond and sysUptime times, IPv6 template, packing.
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

#define COMMON	"0001 0008 0002 0008 000a 0004 000e 0004 003d 0001 0088 0001"
#define T1024	"0002 0048 0400 0010 0008 0004 000c 0004 0098 0008 0099 0008" \
		COMMON "0007 0002 000b 0002 0004 0001 0006 0001 003c 0001" \
		"0005 0001"
#define T1025	"0002 0040 0401 000e 0008 0004 000c 0004 0098 0008 0099 0008" \
		COMMON "0020 0002 0004 0001 003c 0001 0005 0001"
/* scope 143; 160, 305, 306, 304, 82, 130, 131, 34, 35; padded to 52 */
#define OT	"0003 0034 0100 000a 0001 008f 0004 00a0 0008 0131 0004" \
		"0132 0004 0130 0002 0052 0010 0082 0004 0083 0010 0022 0004" \
		"0023 0001 0000"
/* domain 42, boot 1700000000000 ms, take 1 skip 99, systematic,
 * "eth0", exporter 192.0.2.1, 1 in 100 deterministic; padded to 68 */
#define OD	"0100 0044 0000002a 0000018bcfe56800 00000001 00000063 0001" \
		"65746830 00000000 00000000 00000000 c0000201" \
		"00000000 00000000 00000000 00000000 00000064 01 00"
/* start 1700000001000 ms, end 1700000005000 ms */
#define REC4	"0a000001 c0000202 0000018bcfe56be8 0000018bcfe57b88" \
		"00000000000005dc 000000000000000a 00000003 00000004 01 02" \
		"04d2 0050 06 1b 04 10"

static struct nf_encoder *
mk(int tmpl, size_t max)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;

	net_opts(&o, 10);
	o.templates = tmpl;
	if (max != 0)
		o.max_datagram = max;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	return (e);
}

ATF_TC_WITHOUT_HEAD(golden_templates_then_data);
ATF_TC_BODY(golden_templates_then_data, tc)
{
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	e = mk(NF_ENC_TMPL_IPV4, 0);
	net_flow4(&f);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	net_check_hex(buf, len, "000a 014e 6553f10a 00000000 0000002a"
	    T1024 T1025 OT OD "0400 003e" REC4);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	/* before it: the options record and one flow */
	net_check_hex(buf, len, "000a 0088 6553f10a 00000002 0000002a"
	    "0400 0078" REC4 REC4);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	ATF_CHECK_EQ(net_get32(buf + 8), 4);
	nf_encoder_free(e);
}

/* Counters above 2^32 survive; softflowd's 4-byte fields would not. */
ATF_TC_WITHOUT_HEAD(counters_64bit);
ATF_TC_BODY(counters_64bit, tc)
{
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	e = mk(NF_ENC_TMPL_IPV4, 0);
	net_flow4(&f);
	f.octets = 0x123456789aULL;
	f.packets = 0x100000001ULL;
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	ATF_REQUIRE_EQ(len, 16 + 4 + 58);
	ATF_CHECK_EQ(net_get32(buf + 20 + 24), 0x12);
	ATF_CHECK_EQ(net_get32(buf + 20 + 28), 0x3456789a);
	ATF_CHECK_EQ(net_get32(buf + 20 + 32), 1);
	ATF_CHECK_EQ(net_get32(buf + 20 + 36), 1);
	ATF_CHECK_EQ(nf_encoder_stats(e)->values_narrowed, 0);
	nf_encoder_free(e);
}

/* softflowd's default: 22/21 sysUptime times, origin in IE 160. */
ATF_TC_WITHOUT_HEAD(uptime_times);
ATF_TC_BODY(uptime_times, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	net_opts(&o, 10);
	o.templates = NF_ENC_TMPL_IPV4;
	o.ipfix_times = NF_ENC_TIME_UPTIME;
	o.counter_bytes = 4;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow4(&f);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	net_check_hex(buf + 16, 72, "0002 0048 0400 0010 0008 0004 000c 0004"
	    "0016 0004 0015 0004 0001 0004 0002 0004 000a 0004 000e 0004"
	    "003d 0001 0088 0001 0007 0002 000b 0002 0004 0001 0006 0001"
	    "003c 0001 0005 0001");
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	net_check_hex(buf, len, "000a 003e 6553f10a 00000001 0000002a"
	    "0400 002e 0a000001 c0000202 000003e8 00001388 000005dc"
	    "0000000a 00000003 00000004 01 02 04d2 0050 06 1b 04 10");
	nf_encoder_free(e);
}

ATF_TC_WITHOUT_HEAD(ipv6_template);
ATF_TC_BODY(ipv6_template, tc)
{
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	e = mk(NF_ENC_TMPL_IPV6, 0);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	net_check_hex(buf + 16, 72, "0002 0048 0800 0010 001b 0010 001c 0010"
	    "0098 0008 0099 0008" COMMON "0007 0002 000b 0002 0004 0001"
	    "0006 0001 003c 0001 0005 0001");
	net_check_hex(buf + 16 + 72, 64, "0002 0040 0801 000e 001b 0010"
	    "001c 0010 0098 0008 0099 0008" COMMON "008b 0002 0004 0001"
	    "003c 0001 0005 0001");
	net_flow6(&f);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	net_check_hex(buf, len, "000a 0066 6553f10a 00000001 0000002a"
	    "0800 0056 20010db8000000000000000000000001"
	    "20010db8000000000000000000000002"
	    "0000018bcfe56be8 0000018bcfe57b88"
	    "00000000000005dc 000000000000000a 00000003 00000004 01 02"
	    "04d2 01bb 06 1b 06 10");
	nf_encoder_free(e);
}

/* Optional groups are appended after softflowd's fields. */
ATF_TC_WITHOUT_HEAD(optional_fields);
ATF_TC_BODY(optional_fields, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	net_opts(&o, 10);
	o.templates = NF_ENC_TMPL_IPV4;
	o.fields = NF_ENC_F_VLAN | NF_ENC_F_MAC | NF_ENC_F_ROUTING;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow4(&f);
	f.fields |= FLOW_VLANS | FLOW_MAC_ADDRS;
	f.src_vlan = 10;
	f.dst_vlan = 20;
	memcpy(f.src_mac, "\x02\x00\x00\x00\x00\x01", 6);
	memcpy(f.dst_mac, "\x02\x00\x00\x00\x00\x02", 6);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	/* 16 + 9 fields */
	ATF_CHECK_EQ(net_get16(buf + 16 + 6), 25);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	net_check_hex(buf + 20 + 58, len - 20 - 58,
	    "000a 0014 020000000001 020000000002"
	    "0a0000fe 0000fde9 0000fdea 18 10");
	nf_encoder_free(e);
}

ATF_TC_WITHOUT_HEAD(pack_to_max_datagram);
ATF_TC_BODY(pack_to_max_datagram, tc)
{
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[4096];
	size_t			 len, max = 16 + 4 + 7 * 58;
	int			 i;
	uint32_t		 seq;

	e = mk(NF_ENC_TMPL_IPV4, 0);
	net_flow4(&f);
	net_now(&now, 0);
	for (i = 0; i < 100; i++)
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	/* 1400 - 16 - 256 - 4 = 1124: 19 records */
	ATF_CHECK_EQ(len, 16 + 256 + 4 + 19 * 58);
	ATF_CHECK_EQ(net_get32(buf + 8), 0);
	seq = 20;
	while ((len = nf_encoder_next(e, buf, max, &now)) > 0) {
		ATF_CHECK(len <= max);
		ATF_CHECK_EQ(net_get16(buf + 2), len);
		ATF_CHECK_EQ(net_get32(buf + 8), seq);
		seq += (uint32_t)(len - 20) / 58;
		if (nf_encoder_pending(e) > 0)
			ATF_CHECK_EQ(len, max);
	}
	ATF_CHECK_EQ(seq, 101);
	nf_encoder_free(e);
}

/* A new sysUptime origin goes out at once, in IE 160 (1700000007250). */
ATF_TC_WITHOUT_HEAD(set_boot_refreshes);
ATF_TC_BODY(set_boot_refreshes, tc)
{
	struct nf_encoder	*e;
	struct timeval		 now, boot;
	uint8_t			 buf[2048];
	size_t			 len, off;

	e = mk(NF_ENC_TMPL_IPV4, 0);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now), 0);
	boot.tv_sec = NET_BOOT + 7;
	boot.tv_usec = 250000;
	nf_encoder_set_boot(e, &boot);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	/* header, two template sets, options template, options data */
	off = 16 + 72 + 64 + 52;
	ATF_REQUIRE(len == off + 68);
	ATF_CHECK_EQ(net_get16(buf + off), 256);
	net_check_hex(buf + off + 8, 8, "0000018bcfe58452");
	nf_encoder_free(e);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden_templates_then_data);
	ATF_TP_ADD_TC(tp, counters_64bit);
	ATF_TP_ADD_TC(tp, uptime_times);
	ATF_TP_ADD_TC(tp, ipv6_template);
	ATF_TP_ADD_TC(tp, optional_fields);
	ATF_TP_ADD_TC(tp, pack_to_max_datagram);
	ATF_TP_ADD_TC(tp, set_boot_refreshes);
	return (atf_no_error());
}
