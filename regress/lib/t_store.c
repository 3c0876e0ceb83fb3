/*
 * store.c: store v3 records byte for byte against flowd.log(5):
 * golden records for every field bit, the verified flowd 0.9.1 v5
 * example, CRC placement, minor 1 skipping, the validation fixes, and
 * the body length of any mask as the sum of its bits' lengths.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "crc32.h"
#include "store.h"
#include "store_test.h"

ATF_TC_WITHOUT_HEAD(golden_each_bit);
ATF_TC_BODY(golden_each_bit, tc)
{
	/* Expected bytes written by hand from the layout tables. */
	static const struct {
		uint32_t	 mask;
		int		 inet6;
		const char	*hex;
	} g[] = {
	{ FLOW_TAG, 0, "60010000 00000001 01020304" },
	{ FLOW_RECV_TIME, 0, "60020000 00000002 11121314 15161718" },
	{ FLOW_PROTO_FLAGS_TOS, 0, "60010000 00000004 21222300" },
	{ FLOW_AGENT_ADDR4, 0, "60010000 00000008 c0000201" },
	{ FLOW_AGENT_ADDR6, 1, "60040000 00000010"
	    " 20010db8000000000000000000000001" },
	{ FLOW_SRC_ADDR4, 0, "60010000 00000020 0a000001" },
	{ FLOW_SRC_ADDR6, 1, "60040000 00000040"
	    " 20010db8000000000000000000000002" },
	{ FLOW_DST_ADDR4, 0, "60010000 00000080 0a000002" },
	{ FLOW_DST_ADDR6, 1, "60040000 00000100"
	    " 20010db8000000000000000000000003" },
	{ FLOW_GATEWAY_ADDR4, 0, "60010000 00000200 0a000003" },
	{ FLOW_GATEWAY_ADDR6, 1, "60040000 00000400"
	    " 20010db8000000000000000000000004" },
	{ FLOW_SRCDST_PORT, 0, "60010000 00000800 31323334" },
	{ FLOW_PACKETS, 0, "60020000 00001000 41424344 45464748" },
	{ FLOW_OCTETS, 0, "60020000 00002000 51525354 55565758" },
	{ FLOW_IF_INDICES, 0, "60020000 00004000 61626364 65666768" },
	{ FLOW_AGENT_INFO, 0, "60040000 00008000 71727374 75767778"
	    " 797a7b7c 7d7e0000" },
	{ FLOW_FLOW_TIMES, 0, "60020000 00010000 81828384 85868788" },
	{ FLOW_AS_INFO, 0, "60030000 00020000 91929394 95969798 999a0000" },
	{ FLOW_FLOW_ENGINE_INFO, 0, "60030000 00040000 a1a2a3a4 a5a6a7a8"
	    " a9aaabac" },
	{ FLOW_ABS_TIMES, 0, "61040000 00080000 b1b2b3b4 b5b6b7b8 b9babbbc"
	    " bdbebfc0" },
	{ FLOW_MAC_ADDRS, 0, "61060000 00100000 01020304 05060708 090a0b0c"
	    " 0d0e0f10 11121314 15161718" },
	{ FLOW_VLANS, 0, "61010000 00200000 c1c2c3c4" },
	{ FLOW_FLOW_INFO, 0, "61030000 00400000 04010300 d1d20000"
	    " 000abcde" },
	{ FLOW_SAMPLING, 0, "61020000 00800000 e1e2e3e4 e5e60000" },
	{ FLOW_EXPORTER_PORT, 0, "61010000 01000000 f1f20000" },
	{ FLOW_REVERSE_COUNTERS, 0, "61040000 02000000 01020304 05060708"
	    " 11121314 15161718" },
	/* NAT: per-address IP version, IPv4 in the first 4 of 16 bytes. */
	{ FLOW_NAT, 0, "610a0000 04000000 04060000 cb007109 00000000"
	    " 00000000 00000000 20010db8 00000000 00000000 00000005"
	    " f3f4f5f6" },
	{ FLOW_NAT, 1, "610a0000 04000000 06000000 20010db8 00000000"
	    " 00000000 00000006 00000000 00000000 00000000 00000000"
	    " f3f4f5f6" },
	{ FLOW_TAG | FLOW_CRC32, 0, "60020000 40000001 01020304 f3bb1a45" },
	};
	struct flow	f, back;
	uint8_t		buf[STORE_MAX_RECORD], want[STORE_MAX_RECORD];
	size_t		len, wlen;
	uint32_t	crc;
	size_t		i;

	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		test_full_flow(&f, g[i].inet6);
		wlen = test_unhex(g[i].hex, want, sizeof(want));
		ATF_REQUIRE_EQ_MSG(store_flow_serialise(&f, g[i].mask, buf,
		    sizeof(buf), &len), STORE_OK, "mask %08x", g[i].mask);
		ATF_CHECK_EQ_MSG(len, wlen, "mask %08x", g[i].mask);
		ATF_CHECK_MSG(len == wlen && memcmp(buf, want, len) == 0,
		    "mask %08x: got %s", g[i].mask, test_hex(buf, len));
		/* And back: the group's values survive. */
		ATF_REQUIRE_EQ(store_flow_deserialise(buf, len, &back, &crc),
		    STORE_OK);
		ATF_CHECK_EQ(back.fields, g[i].mask);
		ATF_CHECK(test_flow_group_eq(&f, &back, g[i].mask));
	}
}

ATF_TC_WITHOUT_HEAD(verified_v5_example);
ATF_TC_BODY(verified_v5_example, tc)
{
	struct flow	f;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len;

	/* flowd 0.9.1 stored a v5 flow with ALL as 60 1b 00 00 40 07 fa ae. */
	test_v5_flow(&f);
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_ALL_V30, buf,
	    sizeof(buf), &len), STORE_OK);
	ATF_CHECK_EQ(len, 116);
	ATF_CHECK_STREQ(test_hex(buf, 8), "601b00004007faae");
	/* Our default mask writes the very same record for a v5 flow. */
	ATF_REQUIRE_EQ(store_flow_serialise(&f, 0, buf, sizeof(buf), &len),
	    STORE_OK);
	ATF_CHECK_EQ(len, 116);
	ATF_CHECK_STREQ(test_hex(buf, 8), "601b00004007faae");
}

ATF_TC_WITHOUT_HEAD(crc_for_every_source);
ATF_TC_BODY(crc_for_every_source, tc)
{
	struct flow	f, back;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len;
	uint32_t	crc = 0;

	/* A v9/IPFIX flow never has FLOW_CRC32 itself (flowd 0.9.1 bug). */
	test_v5_flow(&f);
	f.netflow_version = 9;
	f.fields &= ~FLOW_CRC32;
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_ALL, buf, sizeof(buf),
	    &len), STORE_OK);
	ATF_CHECK(test_get32(buf + 4) & FLOW_CRC32);
	ATF_CHECK_EQ(test_get32(buf + len - 4), flowd_crc32(buf, len - 4));
	ATF_REQUIRE_EQ(store_flow_deserialise(buf, len, &back, &crc),
	    STORE_OK);
	ATF_CHECK_EQ(crc, flowd_crc32(buf, len - 4));
	/* And a mask without CRC32 writes none even if the flow had one. */
	f.fields |= FLOW_CRC32;
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_ALL & ~FLOW_CRC32, buf,
	    sizeof(buf), &len), STORE_OK);
	ATF_CHECK((test_get32(buf + 4) & FLOW_CRC32) == 0);
	ATF_CHECK_EQ(len, 112);
}

ATF_TC_WITHOUT_HEAD(engine_byte_order);
ATF_TC_BODY(engine_byte_order, tc)
{
	struct flow	f, back;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len;

	memset(&f, 0, sizeof(f));
	f.fields = FLOW_FLOW_ENGINE_INFO;
	f.engine_type = 1;
	f.engine_id = 2;
	f.flow_sequence = 3;
	f.source_id = 0x01020304;
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_FLOW_ENGINE_INFO, buf,
	    sizeof(buf), &len), STORE_OK);
	/* Not 01 00 02 00 as flowd 0.9.1 wrote on little-endian hosts. */
	ATF_CHECK_STREQ(test_hex(buf, len),
	    "6003000000040000000100020000000301020304");
	ATF_REQUIRE_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_OK);
	ATF_CHECK_EQ(back.engine_type, 1);
	ATF_CHECK_EQ(back.engine_id, 2);
	ATF_CHECK_EQ(back.source_id, 0x01020304U);
}

ATF_TC_WITHOUT_HEAD(no_empty_records);
ATF_TC_BODY(no_empty_records, tc)
{
	struct flow	f;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len;

	/* Mask 0 means the documented default, not "nothing". */
	test_v5_flow(&f);
	ATF_CHECK_EQ(store_effective_fields(&f, 0),
	    store_effective_fields(&f, STORE_MASK_DEFAULT));
	ATF_REQUIRE_EQ(store_flow_serialise(&f, 0, buf, sizeof(buf), &len),
	    STORE_OK);
	ATF_CHECK(len > STORE_HDR_LEN + 4);
	/* A mask sharing no data field with the flow writes nothing. */
	memset(&f, 0, sizeof(f));
	f.fields = FLOW_TAG;
	ATF_CHECK_EQ(store_flow_serialise(&f, FLOW_RECV_TIME | FLOW_CRC32, buf,
	    sizeof(buf), &len), STORE_ERR_EMPTY);
	f.fields = 0;
	ATF_CHECK_EQ(store_flow_serialise(&f, 0, buf, sizeof(buf), &len),
	    STORE_ERR_EMPTY);
	/* An address with no family is not stored as garbage. */
	f.fields = FLOW_SRC_ADDR4;
	ATF_CHECK_EQ(store_flow_serialise(&f, 0, buf, sizeof(buf), &len),
	    STORE_ERR_EMPTY);
}

ATF_TC_WITHOUT_HEAD(len_words_validated);
ATF_TC_BODY(len_words_validated, tc)
{
	struct flow	f, back;
	uint8_t		buf[STORE_MAX_RECORD + 8];
	size_t		len;

	test_v5_flow(&f);
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_ALL & ~FLOW_CRC32, buf,
	    sizeof(buf), &len), STORE_OK);
	/* One word too many, bytes present: the mask does not say so. */
	buf[1]++;
	memset(buf + len, 0, 4);
	ATF_CHECK_EQ(store_flow_deserialise(buf, len + 4, &back, NULL),
	    STORE_ERR_LENGTH);
	/* One word too few. */
	buf[1] -= 2;
	ATF_CHECK_EQ(store_flow_deserialise(buf, len - 4, &back, NULL),
	    STORE_ERR_LENGTH);
	buf[1]++;
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL), STORE_OK);
	/* A length that disagrees with the bytes handed over. */
	ATF_CHECK_EQ(store_flow_deserialise(buf, len - 4, &back, NULL),
	    STORE_ERR_BUFFER_SIZE);
}

ATF_TC_WITHOUT_HEAD(header_checks);
ATF_TC_BODY(header_checks, tc)
{
	struct flow	f, back;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len;

	test_v5_flow(&f);
	ATF_REQUIRE_EQ(store_flow_serialise(&f, 0, buf, sizeof(buf), &len),
	    STORE_OK);
	buf[0] = 0x40;		/* major 2 */
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_ERR_UNSUP_VERSION);
	buf[0] = 0x60;
	buf[len - 1] ^= 1;	/* CRC */
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_ERR_CRC_MISMATCH);
	buf[len - 1] ^= 1;
	buf[20] ^= 0x80;	/* a data byte */
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_ERR_CRC_MISMATCH);
	buf[20] ^= 0x80;
	buf[4] |= 0x80;		/* RESERVED bit */
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_ERR_UNKNOWN_FIELDS);
	buf[4] &= 0x7f;
	buf[5] |= 0x08;		/* bit 19 in a minor 0 record */
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_ERR_UNKNOWN_FIELDS);
	buf[5] &= ~0x08;
	buf[7] |= 0x10;		/* AGENT_ADDR6 next to AGENT_ADDR4 */
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_ERR_FLOW_INVALID);
	buf[7] &= ~0x10;
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL), STORE_OK);
	/* 8-byte empty records from flowd 0.9.1 without store lines read. */
	ATF_CHECK_EQ(store_flow_deserialise((const uint8_t *)
	    "\x60\x00\x00\x00\x00\x00\x00\x00", 8, &back, NULL), STORE_OK);
	ATF_CHECK_EQ(back.fields, 0);
}

ATF_TC_WITHOUT_HEAD(minor_version_choice);
ATF_TC_BODY(minor_version_choice, tc)
{
	struct flow	f;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len;

	test_full_flow(&f, 0);
	f.fields = FLOW_ALL_V30;
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_ALL, buf, sizeof(buf),
	    &len), STORE_OK);
	ATF_CHECK_EQ(buf[0], 0x60);
	f.fields |= FLOW_VLANS;
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_ALL, buf, sizeof(buf),
	    &len), STORE_OK);
	ATF_CHECK_EQ(buf[0], 0x61);
	/* The store mask can keep a log readable by flowd 0.9.1. */
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_ALL_V30, buf, sizeof(buf),
	    &len), STORE_OK);
	ATF_CHECK_EQ(buf[0], 0x60);
	/* The largest record we write. */
	test_full_flow(&f, 1);
	f.fields = FLOW_ALL;
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_ALL, buf, sizeof(buf),
	    &len), STORE_OK);
	ATF_CHECK_EQ(len, STORE_MAX_WRITTEN);
}

ATF_TC_WITHOUT_HEAD(minor1_skipped_by_minor0_path);
ATF_TC_BODY(minor1_skipped_by_minor0_path, tc)
{
	struct flow	f, full, old;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len;
	uint32_t	crc_full = 0, crc_old = 0;

	test_full_flow(&f, 0);
	f.fields = FLOW_ALL;
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_ALL, buf, sizeof(buf),
	    &len), STORE_OK);
	ATF_REQUIRE_EQ(buf[0], 0x61);
	ATF_REQUIRE_EQ(store_flow_deserialise(buf, len, &full, &crc_full),
	    STORE_OK);
	/* A reader that knows only v3.0 skips 19-26, still checks the CRC. */
	ATF_REQUIRE_EQ(store_flow_deserialise_known(buf, len, &old, &crc_old,
	    FLOW_ALL_V30), STORE_OK);
	ATF_CHECK_EQ(old.fields, f.fields & STORE_FIELDS_V30 &
	    ~(FLOW_AGENT_ADDR6 | FLOW_SRC_ADDR6 | FLOW_DST_ADDR6 |
	    FLOW_GATEWAY_ADDR6));
	ATF_CHECK_EQ(crc_old, crc_full);
	ATF_CHECK_EQ(crc_old, test_get32(buf + len - 4));
	ATF_CHECK(test_flow_group_eq(&f, &old, old.fields & ~FLOW_CRC32));
	/* A skipped byte still counts: corrupt one inside the VLAN group. */
	buf[len - 4 - 40 - 16 - 4 - 8 - 12 - 4 + 1] ^= 0xff;
	ATF_CHECK_EQ(store_flow_deserialise_known(buf, len, &old, NULL,
	    FLOW_ALL_V30), STORE_ERR_CRC_MISMATCH);
}

ATF_TC_WITHOUT_HEAD(unknown_bits_in_newer_minor);
ATF_TC_BODY(unknown_bits_in_newer_minor, tc)
{
	uint8_t		buf[64];
	size_t		len;
	struct flow	f;
	uint32_t	crc = 0;

	/* A minor 1 record with bit 27, which this reader does not know. */
	len = test_unhex("61040000 48200001 01020304 c1c2c3c4 deadbeef"
	    " e598c0fa", buf, sizeof(buf));
	ATF_REQUIRE_EQ(store_flow_deserialise(buf, len, &f, &crc), STORE_OK);
	ATF_CHECK_EQ(f.fields, FLOW_TAG | FLOW_VLANS | FLOW_CRC32);
	ATF_CHECK_EQ(f.tag, 0x01020304U);
	ATF_CHECK_EQ(f.src_vlan, 0xc1c2);
	ATF_CHECK_EQ(crc, 0xe598c0faU);
	/* Unknown bits need at least four bytes each. */
	buf[1] = 3;
	memcpy(buf + 16, "\xe5\x98\xc0\xfa", 4);
	ATF_CHECK_EQ(store_flow_deserialise(buf, 20, &f, NULL),
	    STORE_ERR_LENGTH);
	/* The same bit in a minor 0 record is an error. */
	len = test_unhex("60020000 08000001 01020304 deadbeef", buf,
	    sizeof(buf));
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &f, NULL),
	    STORE_ERR_UNKNOWN_FIELDS);
}

ATF_TC_WITHOUT_HEAD(nat_versions);
ATF_TC_BODY(nat_versions, tc)
{
	struct flow	f, back;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len, off;
	uint32_t	crc = 0;

	test_full_flow(&f, 0);
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_TAG | FLOW_NAT, buf,
	    sizeof(buf), &len), STORE_OK);
	ATF_REQUIRE_EQ(len, 8 + 4 + 40);
	off = 8 + 4;
	ATF_REQUIRE_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_OK);
	ATF_CHECK_EQ(back.nat_src.af, AF_INET);
	ATF_CHECK_EQ(back.nat_dst.af, AF_INET6);
	ATF_CHECK_EQ(back.nat_src_port, 0xf3f4);
	ATF_CHECK_EQ(back.nat_dst_port, 0xf5f6);
	/* Only 0, 4 and 6 are IP versions; resync must not accept it. */
	buf[off] = 5;
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_ERR_FLOW_INVALID);
	ATF_CHECK_EQ(store_check_record(buf, len), STORE_ERR_FLOW_INVALID);
	buf[off] = 4;
	buf[off + 1] = 0x46;
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_ERR_FLOW_INVALID);
	/* Version 0: the address bytes are not looked at. */
	buf[off + 1] = 0;
	ATF_REQUIRE_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_OK);
	ATF_CHECK_EQ(back.nat_dst.af, 0);
	/* Pad bytes are ignored, as in every other group. */
	buf[off + 2] = 0xff;
	ATF_CHECK_EQ(store_flow_deserialise(buf, len, &back, NULL),
	    STORE_OK);
	/* A reader that stops at bit 25 skips the group and keeps the CRC. */
	ATF_REQUIRE_EQ(store_flow_serialise(&f, FLOW_TAG | FLOW_NAT |
	    FLOW_CRC32, buf, sizeof(buf), &len), STORE_OK);
	ATF_REQUIRE_EQ(store_flow_deserialise_known(buf, len, &back, &crc,
	    FLOW_ALL & ~FLOW_NAT), STORE_OK);
	ATF_CHECK_EQ(back.fields, FLOW_TAG | FLOW_CRC32);
	ATF_CHECK_EQ(back.tag, 0x01020304U);
	ATF_CHECK_EQ(crc, test_get32(buf + len - 4));
}

ATF_TC_WITHOUT_HEAD(round_trip_masks);
ATF_TC_BODY(round_trip_masks, tc)
{
	struct flow	f, back;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len;
	uint32_t	mask, x = 12345;
	int		i, inet6;

	for (i = 0; i < 5000; i++) {
		x = x * 1103515245 + 12345;
		mask = (x >> 3) & FLOW_ALL;
		inet6 = (x >> 30) & 1;
		test_full_flow(&f, inet6);
		f.fields = FLOW_ALL;
		if (store_flow_serialise(&f, mask, buf, sizeof(buf), &len) ==
		    STORE_ERR_EMPTY)
			continue;
		ATF_REQUIRE_EQ(len, STORE_HDR_LEN + (size_t)buf[1] * 4);
		ATF_REQUIRE_EQ(store_flow_deserialise(buf, len, &back, NULL),
		    STORE_OK);
		ATF_REQUIRE_EQ(back.fields, store_effective_fields(&f, mask));
		ATF_REQUIRE(test_flow_group_eq(&f, &back, back.fields));
	}
}

/* golden_each_bit checks each bit's length; any mask is their sum. */
ATF_TC_WITHOUT_HEAD(fields_len_sums);
ATF_TC_BODY(fields_len_sums, tc)
{
	uint32_t	m, bit, sum, x = 0x12345678U;
	int		i, n;

	ATF_CHECK_EQ(store_fields_len(0), 0);
	ATF_CHECK_EQ(store_fields_len(FLOW_TAG | FLOW_SRC_ADDR6), 4 + 16);
	for (n = 0; n < 20000; n++) {
		/* xorshift32: masks of every density and position. */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		m = (n & 1) ? x : x & (x >> 7);
		sum = 0;
		for (i = 0; i < 32; i++) {
			bit = (uint32_t)1 << i;
			if (m & bit)
				sum += store_fields_len(bit);
		}
		ATF_REQUIRE_EQ_MSG(store_fields_len(m), sum, "mask %#x", m);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden_each_bit);
	ATF_TP_ADD_TC(tp, verified_v5_example);
	ATF_TP_ADD_TC(tp, crc_for_every_source);
	ATF_TP_ADD_TC(tp, engine_byte_order);
	ATF_TP_ADD_TC(tp, no_empty_records);
	ATF_TP_ADD_TC(tp, len_words_validated);
	ATF_TP_ADD_TC(tp, header_checks);
	ATF_TP_ADD_TC(tp, minor_version_choice);
	ATF_TP_ADD_TC(tp, minor1_skipped_by_minor0_path);
	ATF_TP_ADD_TC(tp, unknown_bits_in_newer_minor);
	ATF_TP_ADD_TC(tp, nat_versions);
	ATF_TP_ADD_TC(tp, round_trip_masks);
	ATF_TP_ADD_TC(tp, fields_len_sums);
	return (atf_no_error());
}
