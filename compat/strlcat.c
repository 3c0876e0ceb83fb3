/*
 * strlcat(3) for platforms without it: append to a NUL-terminated dst
 * within dstsize bytes and return the length of the string it tried to
 * make.  If dst holds no NUL within dstsize, nothing is written and the
 * result is dstsize + strlen(src), as the OpenBSD manual specifies.
 */
#include <string.h>

#include "compat.h"

size_t
strlcat(char *dst, const char *src, size_t dstsize)
{
	const char	*end;
	size_t		 dlen, slen, room, n;

	slen = strlen(src);
	end = memchr(dst, '\0', dstsize);
	if (end == NULL)
		return (dstsize + slen);
	dlen = end - dst;
	room = dstsize - dlen - 1;
	n = slen < room ? slen : room;
	memcpy(dst + dlen, src, n);
	dst[dlen + n] = '\0';
	return (dlen + slen);
}
