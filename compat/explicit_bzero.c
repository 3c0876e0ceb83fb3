/*
 * explicit_bzero(3) for platforms without it.  The store goes through a
 * volatile function pointer so the compiler cannot prove it dead.
 */
#include <string.h>

#include "compat.h"

static void *(*const volatile zero_fn)(void *, int, size_t) = memset;

void
explicit_bzero(void *buf, size_t len)
{
	zero_fn(buf, 0, len);
}
