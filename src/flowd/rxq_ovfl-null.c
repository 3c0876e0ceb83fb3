/*
 * Platforms that do not report per-socket receive drops: flowd says
 * "unknown" rather than showing a zero it cannot vouch for.
 */
#include <sys/types.h>

#include <errno.h>

#include "compat.h"
#include "recv_batch.h"

int
rxq_ovfl_enable(int fd)
{
	(void)fd;
	errno = EOPNOTSUPP;
	return (-1);
}

int
rxq_ovfl_parse(const void *control, size_t len, uint32_t *dropped)
{
	(void)control;
	(void)len;
	(void)dropped;
	return (-1);
}

int
recv_drops_update(int fd, struct recv_drops *d)
{
	(void)fd;
	(void)d;
	errno = EOPNOTSUPP;
	return (-1);
}
