/*
 * sandbox-null.c: platforms without a syscall filter keep only the
 * chroot and the unprivileged user.
 */
#include <sys/types.h>

#include "compat.h"
#include "sf_main.h"

int
sf_sandbox(int offline)
{
	(void)offline;
	return (0);
}
