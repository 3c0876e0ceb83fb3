/*
 * reallocarray(3), recallocarray(3), freezero(3), explicit_bzero(3):
 * overflow is refused, new space is zeroed, contents survive a move.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"

/* Sizes the compiler cannot see, so it does not warn about them. */
static volatile size_t	huge = SIZE_MAX;
static volatile size_t	half = SIZE_MAX / 2;
static volatile size_t	root = (size_t)1 << (sizeof(size_t) * 4);

ATF_TC_WITHOUT_HEAD(reallocarray_overflow);
ATF_TC_BODY(reallocarray_overflow, tc)
{
	void	*p, *q;

	errno = 0;
	ATF_CHECK(reallocarray(NULL, half + 1, 2) == NULL);
	ATF_CHECK_EQ(errno, ENOMEM);
	errno = 0;
	ATF_CHECK(reallocarray(NULL, 2, half + 1) == NULL);
	ATF_CHECK_EQ(errno, ENOMEM);
	errno = 0;
	ATF_CHECK(reallocarray(NULL, root, root) == NULL);
	ATF_CHECK_EQ(errno, ENOMEM);
	/* The existing object is untouched on failure. */
	ATF_REQUIRE((p = reallocarray(NULL, 4, 4)) != NULL);
	memset(p, 'a', 16);
	q = reallocarray(p, huge, huge);
	ATF_CHECK(q == NULL);
	if (q == NULL) {
		ATF_CHECK(((char *)p)[15] == 'a');
		free(p);
	} else
		free(q);
}

ATF_TC_WITHOUT_HEAD(reallocarray_grows);
ATF_TC_BODY(reallocarray_grows, tc)
{
	int	*p, *q, i;

	ATF_REQUIRE((p = reallocarray(NULL, 10, sizeof(*p))) != NULL);
	for (i = 0; i < 10; i++)
		p[i] = i;
	ATF_REQUIRE((q = reallocarray(p, 1000, sizeof(*q))) != NULL);
	for (i = 0; i < 10; i++)
		ATF_CHECK_EQ(q[i], i);
	free(q);
	/* A zero product is allowed and gives something freeable. */
	p = reallocarray(NULL, 0, sizeof(*p));
	free(p);
}

ATF_TC_WITHOUT_HEAD(recallocarray_zeroes);
ATF_TC_BODY(recallocarray_zeroes, tc)
{
	unsigned char	*p;
	size_t		 i;

	ATF_REQUIRE((p = recallocarray(NULL, 0, 8, 1)) != NULL);
	for (i = 0; i < 8; i++)
		ATF_CHECK_EQ(p[i], 0);
	memset(p, 0xaa, 8);
	ATF_REQUIRE((p = recallocarray(p, 8, 64, 1)) != NULL);
	for (i = 0; i < 8; i++)
		ATF_CHECK_EQ(p[i], 0xaa);
	for (i = 8; i < 64; i++)
		ATF_CHECK_EQ_MSG(p[i], 0, "byte %zu not zeroed", i);
	ATF_REQUIRE((p = recallocarray(p, 64, 4, 1)) != NULL);
	for (i = 0; i < 4; i++)
		ATF_CHECK_EQ(p[i], 0xaa);
	free(p);
}

ATF_TC_WITHOUT_HEAD(recallocarray_overflow);
ATF_TC_BODY(recallocarray_overflow, tc)
{
	void	*p;

	ATF_REQUIRE((p = recallocarray(NULL, 0, 4, 4)) != NULL);
	errno = 0;
	ATF_CHECK(recallocarray(p, 4, half, 4) == NULL);
	ATF_CHECK_EQ(errno, ENOMEM);
	errno = 0;
	ATF_CHECK(recallocarray(p, half, 4, 4) == NULL);
	ATF_CHECK_EQ(errno, ENOMEM);
	free(p);
	errno = 0;
	ATF_CHECK(recallocarray(NULL, 0, half, 4) == NULL);
	ATF_CHECK_EQ(errno, ENOMEM);
}

ATF_TC_WITHOUT_HEAD(freezero_and_bzero);
ATF_TC_BODY(freezero_and_bzero, tc)
{
	char	buf[32];
	char	*p;
	size_t	i;

	memset(buf, 'x', sizeof(buf));
	explicit_bzero(buf, 16);
	for (i = 0; i < 16; i++)
		ATF_CHECK_EQ(buf[i], 0);
	ATF_CHECK_EQ(buf[16], 'x');
	explicit_bzero(buf, 0);
	ATF_REQUIRE((p = malloc(64)) != NULL);
	memset(p, 'y', 64);
	freezero(p, 64);
	freezero(NULL, 0);
	freezero(NULL, 100);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, reallocarray_overflow);
	ATF_TP_ADD_TC(tp, reallocarray_grows);
	ATF_TP_ADD_TC(tp, recallocarray_zeroes);
	ATF_TP_ADD_TC(tp, recallocarray_overflow);
	ATF_TP_ADD_TC(tp, freezero_and_bzero);
	return (atf_no_error());
}
