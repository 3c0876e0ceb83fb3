/*
 * sandbox-openbsd.c: the collector needs only stdio (its descriptors)
 * and recvfd (a reopened log after rotation).
 */
#include <unistd.h>

#include "compat.h"
#include "sandbox.h"

int
sandbox_collector(void)
{
	return (pledge("stdio recvfd", NULL));
}

const char *
sandbox_name(void)
{
	return ("pledge");
}
