/* strtonum(3): every result and every error string. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"

static void
expect(const char *s, long long lo, long long hi, long long want,
    const char *werr, int werrno)
{
	const char	*errstr = "unset";
	long long	 v;

	errno = 12345;
	v = strtonum(s, lo, hi, &errstr);
	ATF_CHECK_EQ_MSG(v, want, "\"%s\": %lld, want %lld", s ? s : "NULL",
	    v, want);
	if (werr == NULL) {
		ATF_CHECK_MSG(errstr == NULL, "\"%s\": errstr %s", s, errstr);
		ATF_CHECK_EQ_MSG(errno, 12345, "\"%s\": errno changed", s);
	} else {
		ATF_CHECK_MSG(errstr != NULL && strcmp(errstr, werr) == 0,
		    "\"%s\": errstr %s, want %s", s ? s : "NULL",
		    errstr ? errstr : "NULL", werr);
		ATF_CHECK_EQ_MSG(errno, werrno, "\"%s\": errno %d", s, errno);
	}
}

ATF_TC_WITHOUT_HEAD(valid);
ATF_TC_BODY(valid, tc)
{
	expect("0", 0, 10, 0, NULL, 0);
	expect("10", 0, 10, 10, NULL, 0);
	expect("-5", -10, 10, -5, NULL, 0);
	expect("65535", 0, 65535, 65535, NULL, 0);
	expect("9223372036854775807", LLONG_MIN, LLONG_MAX, LLONG_MAX,
	    NULL, 0);
	expect("-9223372036854775808", LLONG_MIN, LLONG_MAX, LLONG_MIN,
	    NULL, 0);
	/* strtoll accepts leading blanks and a sign; so does strtonum. */
	expect(" 7", 0, 10, 7, NULL, 0);
	expect("+7", 0, 10, 7, NULL, 0);
	expect("010", 0, 100, 10, NULL, 0);	/* base 10, not octal */
}

ATF_TC_WITHOUT_HEAD(invalid);
ATF_TC_BODY(invalid, tc)
{
	expect("", 0, 10, 0, "invalid", EINVAL);
	expect("abc", 0, 10, 0, "invalid", EINVAL);
	expect("12abc", 0, 100, 0, "invalid", EINVAL);
	expect("1 ", 0, 10, 0, "invalid", EINVAL);
	expect("0x10", 0, 100, 0, "invalid", EINVAL);
	expect("-", 0, 10, 0, "invalid", EINVAL);
	/* minval > maxval is invalid whatever the string. */
	expect("5", 10, 1, 0, "invalid", EINVAL);
	expect(NULL, 0, 10, 0, "invalid", EINVAL);
}

ATF_TC_WITHOUT_HEAD(too_small);
ATF_TC_BODY(too_small, tc)
{
	expect("-1", 0, 10, 0, "too small", ERANGE);
	expect("4", 5, 10, 0, "too small", ERANGE);
	expect("-9223372036854775809", LLONG_MIN, LLONG_MAX, 0,
	    "too small", ERANGE);
	expect("-99999999999999999999999", 0, 10, 0, "too small", ERANGE);
}

ATF_TC_WITHOUT_HEAD(too_large);
ATF_TC_BODY(too_large, tc)
{
	expect("11", 0, 10, 0, "too large", ERANGE);
	expect("65536", 0, 65535, 0, "too large", ERANGE);
	expect("9223372036854775808", LLONG_MIN, LLONG_MAX, 0,
	    "too large", ERANGE);
	expect("99999999999999999999999", 0, 10, 0, "too large", ERANGE);
}

ATF_TC_WITHOUT_HEAD(null_errstr);
ATF_TC_BODY(null_errstr, tc)
{
	ATF_CHECK_EQ(strtonum("42", 0, 100, NULL), 42);
	ATF_CHECK_EQ(strtonum("420", 0, 100, NULL), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, valid);
	ATF_TP_ADD_TC(tp, invalid);
	ATF_TP_ADD_TC(tp, too_small);
	ATF_TP_ADD_TC(tp, too_large);
	ATF_TP_ADD_TC(tp, null_errstr);
	return (atf_no_error());
}
