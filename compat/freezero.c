/*
 * freezero(3) for platforms without it: clear size bytes, then free.
 */
#include <stdlib.h>
#include <string.h>

#include "compat.h"

void
freezero(void *ptr, size_t size)
{
	if (ptr == NULL)
		return;
	explicit_bzero(ptr, size);
	free(ptr);
}
