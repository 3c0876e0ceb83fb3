/*
 * strtonum(3) for platforms without it.  Errors are reported through
 * errstrp with exactly the OpenBSD strings: "invalid", "too small",
 * "too large"; errno is EINVAL or ERANGE accordingly.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "compat.h"

long long
strtonum(const char *numstr, long long minval, long long maxval,
    const char **errstrp)
{
	long long	 ll;
	char		*ep;
	const char	*errstr;
	int		 saved;

	ll = 0;
	errstr = NULL;
	if (minval > maxval || numstr == NULL) {
		errstr = "invalid";
		errno = EINVAL;
		goto out;
	}
	saved = errno;
	errno = 0;
	ll = strtoll(numstr, &ep, 10);
	if (numstr == ep || *ep != '\0') {
		errstr = "invalid";
		errno = EINVAL;
		ll = 0;
	} else if ((ll == LLONG_MIN && errno == ERANGE) || ll < minval) {
		errstr = "too small";
		errno = ERANGE;
		ll = 0;
	} else if ((ll == LLONG_MAX && errno == ERANGE) || ll > maxval) {
		errstr = "too large";
		errno = ERANGE;
		ll = 0;
	} else
		errno = saved;
out:
	if (errstrp != NULL)
		*errstrp = errstr;
	return (ll);
}
