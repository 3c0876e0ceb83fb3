/*
 * Linux caps SO_RCVBUF at net.core.rmem_max (about 200 KiB by default),
 * far too little for a collector; the privileged parent may go past it
 * with SO_RCVBUFFORCE.  The kernel doubles the value it is given, so
 * half is asked for.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include "compat.h"
#include "listen.h"

int
rcvbuf_set(int fd, int size)
{
	int	half = size / 2 > 0 ? size / 2 : size;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &half,
	    sizeof(half)) == 0)
		return (0);
	return (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &half, sizeof(half)));
}
