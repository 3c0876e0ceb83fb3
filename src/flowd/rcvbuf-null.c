/* Platforms whose SO_RCVBUF means what it says and has no override. */
#include <sys/types.h>
#include <sys/socket.h>

#include "compat.h"
#include "listen.h"

int
rcvbuf_set(int fd, int size)
{
	return (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)));
}
