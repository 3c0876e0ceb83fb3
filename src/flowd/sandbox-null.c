/*
 * sandbox-null.c: platforms with neither pledge nor seccomp.  The
 * collector still runs chrooted as an unprivileged user; that is all.
 */
#include "compat.h"
#include "sandbox.h"

int
sandbox_collector(void)
{
	return (0);
}

const char *
sandbox_name(void)
{
	return ("none");
}
