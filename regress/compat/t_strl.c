/* strlcpy(3) and strlcat(3): truncation, zero sizes, return values. */
#include <string.h>

#include <atf-c.h>

#include "compat.h"

ATF_TC_WITHOUT_HEAD(strlcpy_fits);
ATF_TC_BODY(strlcpy_fits, tc)
{
	char	buf[8];

	ATF_CHECK_EQ(strlcpy(buf, "abc", sizeof(buf)), 3);
	ATF_CHECK_STREQ(buf, "abc");
	ATF_CHECK_EQ(strlcpy(buf, "", sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, "");
	ATF_CHECK_EQ(strlcpy(buf, "1234567", sizeof(buf)), 7);
	ATF_CHECK_STREQ(buf, "1234567");
}

ATF_TC_WITHOUT_HEAD(strlcpy_truncates);
ATF_TC_BODY(strlcpy_truncates, tc)
{
	char	buf[8];

	memset(buf, 'Z', sizeof(buf));
	ATF_CHECK_EQ(strlcpy(buf, "123456789", sizeof(buf)), 9);
	ATF_CHECK_STREQ(buf, "1234567");
	ATF_CHECK(strlcpy(buf, "12345678", sizeof(buf)) >= sizeof(buf));
	ATF_CHECK_STREQ(buf, "1234567");
	ATF_CHECK_EQ(strlcpy(buf, "xyz", 1), 3);
	ATF_CHECK_STREQ(buf, "");
}

ATF_TC_WITHOUT_HEAD(strlcpy_zero_size);
ATF_TC_BODY(strlcpy_zero_size, tc)
{
	char	buf[4] = "ZZZ";

	ATF_CHECK_EQ(strlcpy(buf, "hello", 0), 5);
	ATF_CHECK_STREQ(buf, "ZZZ");
	/* dst may be NULL when the size is 0. */
	ATF_CHECK_EQ(strlcpy(NULL, "hello", 0), 5);
}

ATF_TC_WITHOUT_HEAD(strlcat_fits);
ATF_TC_BODY(strlcat_fits, tc)
{
	char	buf[8] = "ab";

	ATF_CHECK_EQ(strlcat(buf, "cd", sizeof(buf)), 4);
	ATF_CHECK_STREQ(buf, "abcd");
	ATF_CHECK_EQ(strlcat(buf, "", sizeof(buf)), 4);
	ATF_CHECK_EQ(strlcat(buf, "efg", sizeof(buf)), 7);
	ATF_CHECK_STREQ(buf, "abcdefg");
}

ATF_TC_WITHOUT_HEAD(strlcat_truncates);
ATF_TC_BODY(strlcat_truncates, tc)
{
	char	buf[8] = "abcde";

	ATF_CHECK_EQ(strlcat(buf, "fghij", sizeof(buf)), 10);
	ATF_CHECK_STREQ(buf, "abcdefg");
	ATF_CHECK_EQ(strlcat(buf, "x", sizeof(buf)), 8);
	ATF_CHECK_STREQ(buf, "abcdefg");
}

ATF_TC_WITHOUT_HEAD(strlcat_unterminated);
ATF_TC_BODY(strlcat_unterminated, tc)
{
	char	buf[4] = { 'a', 'b', 'c', 'd' };

	/* No NUL within size: nothing written, size + strlen(src) back. */
	ATF_CHECK_EQ(strlcat(buf, "xy", sizeof(buf)), 6);
	ATF_CHECK(memcmp(buf, "abcd", 4) == 0);
	ATF_CHECK_EQ(strlcat(buf, "xy", 0), 2);
	ATF_CHECK_EQ(strlcat(buf, "xyz", 2), 5);
	ATF_CHECK(memcmp(buf, "abcd", 4) == 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, strlcpy_fits);
	ATF_TP_ADD_TC(tp, strlcpy_truncates);
	ATF_TP_ADD_TC(tp, strlcpy_zero_size);
	ATF_TP_ADD_TC(tp, strlcat_fits);
	ATF_TP_ADD_TC(tp, strlcat_truncates);
	ATF_TP_ADD_TC(tp, strlcat_unterminated);
	return (atf_no_error());
}
