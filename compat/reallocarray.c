/*
 * reallocarray(3) for platforms without it: realloc(p, n * size) that
 * fails with ENOMEM instead of wrapping when the product overflows.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "compat.h"

void *
reallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return (NULL);
	}
	return (realloc(ptr, nmemb * size));
}
