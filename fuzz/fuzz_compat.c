/*
 * fuzz_compat: the compat string and number functions against their
 * specifications.  The input is split into a number string for
 * strtonum and bytes for strlcpy/strlcat into small buffers; each
 * result is checked, so a wrong answer aborts like a crash would.
 */
#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_strtonum(const char *s, long long lo, long long hi)
{
	const char	*errstr;
	long long	 v, ref;
	char		*ep;
	int		 ok;

	v = strtonum(s, lo, hi, &errstr);
	errno = 0;
	ref = strtoll(s, &ep, 10);
	ok = ep != s && *ep == '\0';
	if (!ok || lo > hi) {
		if (errstr == NULL || strcmp(errstr, "invalid") != 0 || v != 0)
			abort();
		return;
	}
	if ((errno == ERANGE && ref == LLONG_MIN) || ref < lo) {
		if (errstr == NULL || strcmp(errstr, "too small") != 0)
			abort();
	} else if ((errno == ERANGE && ref == LLONG_MAX) || ref > hi) {
		if (errstr == NULL || strcmp(errstr, "too large") != 0)
			abort();
	} else if (errstr != NULL || v != ref)
		abort();
}

static void
check_strl(const char *a, const char *b, size_t size)
{
	char	dst[24];
	size_t	r, alen, blen, kept, want;

	alen = strlen(a);
	blen = strlen(b);
	memset(dst, 'Z', sizeof(dst));
	if (strlcpy(dst, a, size) != alen)
		abort();
	if (size == 0) {
		if (dst[0] != 'Z')
			abort();
		return;
	}
	kept = alen < size - 1 ? alen : size - 1;
	if (strlen(dst) != kept || memcmp(dst, a, kept) != 0 ||
	    dst[kept + 1] != 'Z')
		abort();
	r = strlcat(dst, b, size);
	want = kept + blen < size - 1 ? kept + blen : size - 1;
	if (r != kept + blen || strlen(dst) != want ||
	    memcmp(dst + kept, b, want - kept) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 a[32], b[32];
	long long	 lo, hi;
	size_t		 la, lb, dsize;

	if (size < 3 || size > 256)
		return (0);
	dsize = data[0] % 23;
	lo = (long long)(int8_t)data[1] * 1000000000000000LL;
	hi = lo + (long long)data[2] * 10000000000000000LL;
	data += 3;
	size -= 3;
	la = size / 2 < sizeof(a) - 1 ? size / 2 : sizeof(a) - 1;
	memcpy(a, data, la);
	a[la] = '\0';
	lb = size - size / 2 < sizeof(b) - 1 ? size - size / 2 : sizeof(b) - 1;
	memcpy(b, data + size / 2, lb);
	b[lb] = '\0';

	check_strtonum(a, lo, hi);
	check_strtonum(b, LLONG_MIN, LLONG_MAX);
	check_strtonum(a, 10, 5);
	check_strl(a, b, dsize);
	return (0);
}
