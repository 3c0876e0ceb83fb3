/*
 * Keeps libcompat.a non-empty on platforms that need no replacement, as
 * some archivers refuse to create an empty archive.
 */
#include "compat.h"

int	compat_present(void);

int
compat_present(void)
{
	return (1);
}
