/*
 * recallocarray(3) for platforms without it.  The new space is zeroed,
 * and when the object moves or shrinks the old contents are cleared
 * before the memory goes back to the allocator, so secrets and stale
 * packet data do not survive.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

void *
recallocarray(void *ptr, size_t oldnmemb, size_t newnmemb, size_t size)
{
	size_t	 oldsize, newsize;
	void	*newptr;

	/* Checked here rather than left to calloc, which may abort. */
	if (size != 0 && (newnmemb > SIZE_MAX / size ||
	    oldnmemb > SIZE_MAX / size)) {
		errno = ENOMEM;
		return (NULL);
	}
	if (ptr == NULL)
		return (calloc(newnmemb, size));
	newsize = newnmemb * size;
	oldsize = oldnmemb * size;

	if ((newptr = malloc(newsize == 0 ? 1 : newsize)) == NULL)
		return (NULL);
	if (newsize > oldsize) {
		memcpy(newptr, ptr, oldsize);
		memset((char *)newptr + oldsize, 0, newsize - oldsize);
	} else
		memcpy(newptr, ptr, newsize);
	explicit_bzero(ptr, oldsize);
	free(ptr);
	return (newptr);
}
