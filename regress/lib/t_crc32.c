/*
 * crc32.c: the store CRC against check values and a bitwise model;
 * crc32_clmul.c, where the CPU has it, against the same model.
 */
#include <sys/types.h>

#include <stdint.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "crc32.h"

/* One bit at a time, straight from the definition. */
static uint32_t
model_from(uint32_t c, const uint8_t *p, size_t len)
{
	int	k;

	while (len-- > 0) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0xedb88320U : c >> 1;
	}
	return (c);
}

static uint32_t
model(const uint8_t *p, size_t len)
{
	return (model_from(0, p, len));
}

ATF_TC_WITHOUT_HEAD(vectors);
ATF_TC_BODY(vectors, tc)
{
	ATF_CHECK_EQ(flowd_crc32("123456789", 9), 0x2dfd2d88U);
	ATF_CHECK_EQ(flowd_crc32("", 0), 0U);
	/* Initial value 0: leading zero bytes do not change it. */
	ATF_CHECK_EQ(flowd_crc32("\0\0\0\0", 4), 0U);
	ATF_CHECK_EQ(flowd_crc32("\xff\xff\xff\xff", 4), 0xdebb20e3U);
	/* Not zlib's crc32 ("123456789" -> 0xcbf43926). */
	ATF_CHECK(flowd_crc32("123456789", 9) != 0xcbf43926U);
}

ATF_TC_WITHOUT_HEAD(model_and_split);
ATF_TC_BODY(model_and_split, tc)
{
	uint8_t		buf[300];
	uint32_t	c;
	size_t		len, cut;

	for (len = 0; len < sizeof(buf); len++)
		buf[len] = (uint8_t)(len * 131 + 7);
	for (len = 0; len < sizeof(buf); len += 7) {
		ATF_REQUIRE_EQ(flowd_crc32(buf, len), model(buf, len));
		for (cut = 0; cut <= len; cut += 5) {
			c = flowd_crc32_update(FLOWD_CRC32_INIT, buf, cut);
			c = flowd_crc32_update(c, buf + cut, len - cut);
			ATF_REQUIRE_EQ(c, model(buf, len));
		}
	}
	/* Unaligned start. */
	ATF_CHECK_EQ(flowd_crc32(buf + 1, 101), model(buf + 1, 101));
}

/* Every whole-block length and several starting values. */
ATF_TC_WITHOUT_HEAD(clmul);
ATF_TC_BODY(clmul, tc)
{
	uint8_t		buf[1024 + 1];
	uint32_t	c0, want, got;
	size_t		len, i;
	int		k;

	if (!flowd_crc32_clmul_ok())
		atf_tc_skip("no carry-less multiply on this machine");
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 197 + (i >> 3));
	for (len = 16; len < sizeof(buf); len += 16) {
		for (k = 0; k < 3; k++) {
			c0 = k == 0 ? 0 : k == 1 ? 0xffffffffU : 0x9e3779b9U;
			/* The model with a starting value: feed it first. */
			want = model_from(c0, buf + 1, len);
			got = flowd_crc32_clmul(c0, buf + 1, len);
			ATF_REQUIRE_EQ_MSG(got, want, "len %zu start %#x: %#x, "
			    "want %#x", len, c0, got, want);
		}
	}
}

/*
 * Every length, every start offset within a block: the whole-message
 * path (a zero-filled first block, then the multiplier throughout)
 * against the model.
 */
ATF_TC_WITHOUT_HEAD(every_length);
ATF_TC_BODY(every_length, tc)
{
	uint8_t		buf[320 + 16];
	size_t		len, i, start;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 89 + (i >> 4) + 3);
	for (start = 0; start < 16; start += 5)
		for (len = 0; len <= 320; len++)
			ATF_REQUIRE_EQ_MSG(flowd_crc32(buf + start, len),
			    model(buf + start, len), "len %zu start %zu",
			    len, start);
	if (!flowd_crc32_clmul_ok())
		return;
	for (len = 16; len <= 320; len++)
		ATF_REQUIRE_EQ_MSG(flowd_crc32_clmul_all(buf + 1, len),
		    model(buf + 1, len), "clmul_all len %zu", len);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, vectors);
	ATF_TP_ADD_TC(tp, model_and_split);
	ATF_TP_ADD_TC(tp, clmul);
	ATF_TP_ADD_TC(tp, every_length);
	return (atf_no_error());
}
