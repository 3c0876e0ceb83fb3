/*
 * strlcpy(3) for platforms without it: copy at most dstsize - 1 bytes,
 * always NUL-terminate when dstsize > 0, and return strlen(src) so the
 * caller can detect truncation.
 */
#include <string.h>

#include "compat.h"

size_t
strlcpy(char *dst, const char *src, size_t dstsize)
{
	size_t	srclen, n;

	srclen = strlen(src);
	if (dstsize == 0)
		return (srclen);
	n = srclen < dstsize - 1 ? srclen : dstsize - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return (srclen);
}
