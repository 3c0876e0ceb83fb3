/* store_v2.c: legacy version 2 records, read and converted to v3. */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdint.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "crc32.h"
#include "store.h"
#include "store_test.h"

/* RECV_TIME|PFT|SRC4|DST4|PORTS|IF|AS|ENGINE|CRC32, v2 sizes. */
#define V2_REC	"400648a6" "3b9aca00" "02060000" "0a000001" "0a000002" \
		"03e80016" "00030004" "fde8fde9" "08090000" "01020000" \
		"0000004d"

ATF_TC_WITHOUT_HEAD(header);
ATF_TC_BODY(header, tc)
{
	struct store_v2_header	h;
	uint8_t			b[16];

	test_unhex("012cf047 00000002 41a0a9c0 00000000", b, sizeof(b));
	ATF_CHECK_EQ(store_v2_check_header(b, sizeof(b), &h), STORE_OK);
	ATF_CHECK_EQ(h.start_time, 0x41a0a9c0U);
	b[0] = 0;
	ATF_CHECK_EQ(store_v2_check_header(b, sizeof(b), &h),
	    STORE_ERR_BAD_MAGIC);
	b[0] = 0x01;
	b[7] = 3;
	ATF_CHECK_EQ(store_v2_check_header(b, sizeof(b), &h),
	    STORE_ERR_UNSUP_VERSION);
	ATF_CHECK_EQ(store_v2_check_header(b, 8, &h), STORE_ERR_EOF);
}

ATF_TC_WITHOUT_HEAD(record_and_convert);
ATF_TC_BODY(record_and_convert, tc)
{
	struct flow	f, back;
	uint8_t		rec[128], v3[STORE_MAX_RECORD];
	size_t		len, rlen, v3len;
	uint32_t	crc;

	len = test_unhex(V2_REC, rec, sizeof(rec));
	crc = flowd_crc32(rec, len);
	rec[len++] = crc >> 24;
	rec[len++] = crc >> 16;
	rec[len++] = crc >> 8;
	rec[len++] = crc;
	ATF_REQUIRE_EQ(store_v2_record_len(rec, len, &rlen), STORE_OK);
	ATF_REQUIRE_EQ(rlen, len);
	ATF_REQUIRE_EQ(store_v2_deserialise(rec, len, &f), STORE_OK);
	ATF_CHECK_EQ(f.recv_sec, 1000000000U);
	ATF_CHECK_EQ(f.recv_usec, 0);
	ATF_CHECK_EQ(f.tcp_flags, 2);
	ATF_CHECK_EQ(f.protocol, 6);
	ATF_CHECK_EQ(f.src.af, AF_INET);
	ATF_CHECK_EQ(f.src_port, 1000);
	ATF_CHECK_EQ(f.dst_port, 22);
	/* 16-bit interfaces and AS numbers widened to 32 bits. */
	ATF_CHECK_EQ(f.if_in, 3);
	ATF_CHECK_EQ(f.if_out, 4);
	ATF_CHECK_EQ(f.src_as, 65000);
	ATF_CHECK_EQ(f.dst_as, 65001);
	ATF_CHECK_EQ(f.src_mask, 8);
	ATF_CHECK_EQ(f.dst_mask, 9);
	ATF_CHECK_EQ(f.engine_type, 1);
	ATF_CHECK_EQ(f.engine_id, 2);
	ATF_CHECK_EQ(f.flow_sequence, 77);
	ATF_CHECK_EQ(f.source_id, 0);
	/* Conversion: the same fields as a v3 record, with a fresh CRC. */
	ATF_REQUIRE_EQ(store_flow_serialise(&f, STORE_MASK_DEFAULT, v3,
	    sizeof(v3), &v3len), STORE_OK);
	ATF_CHECK_EQ(test_get32(v3 + 4), 0x400648a6U);
	ATF_CHECK_EQ(v3len, 8 + 8 + 4 + 4 + 4 + 4 + 8 + 12 + 12 + 4);
	ATF_REQUIRE_EQ(store_flow_deserialise(v3, v3len, &back, NULL),
	    STORE_OK);
	ATF_CHECK(test_flow_group_eq(&f, &back, f.fields));
	/* A damaged CRC and an unknown bit are errors. */
	rec[len - 1] ^= 1;
	ATF_CHECK_EQ(store_v2_deserialise(rec, len, &f),
	    STORE_ERR_CRC_MISMATCH);
	rec[1] |= 0x08;
	ATF_CHECK_EQ(store_v2_record_len(rec, len, &rlen),
	    STORE_ERR_UNKNOWN_FIELDS);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, header);
	ATF_TP_ADD_TC(tp, record_and_convert);
	return (atf_no_error());
}
