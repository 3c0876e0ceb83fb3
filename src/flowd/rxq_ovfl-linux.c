/*
 * Linux reports, with every datagram, how many the socket has dropped
 * so far for lack of buffer space (SO_RXQ_OVFL).  flowd shows it with
 * its counters, so overload is never a silent loss.  That count is the
 * one of the moment the datagram was queued, so drops after the last
 * datagram read would wait for the next one to be seen: SO_MEMINFO
 * (Linux 4.12) gives the same counter on request.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <linux/sock_diag.h>

#include <string.h>
#include <stdint.h>

#include "compat.h"
#include "recv_batch.h"

int
rxq_ovfl_enable(int fd)
{
	int	one = 1;

	return (setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one)));
}

int
rxq_ovfl_parse(const void *control, size_t len, uint32_t *dropped)
{
	struct msghdr	 mh;
	struct cmsghdr	*cm;

	memset(&mh, 0, sizeof(mh));
	mh.msg_control = (void *)(uintptr_t)control;
	mh.msg_controllen = len;
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SO_RXQ_OVFL &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(uint32_t))) {
			memcpy(dropped, CMSG_DATA(cm), sizeof(uint32_t));
			return (0);
		}
	}
	return (-1);
}

int
recv_drops_update(int fd, struct recv_drops *d)
{
#ifdef SO_MEMINFO
	uint32_t	mem[SK_MEMINFO_VARS];
	socklen_t	len = sizeof(mem);

	memset(mem, 0, sizeof(mem));
	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &len) == -1)
		return (-1);
	/* An older kernel may know fewer variables than these headers. */
	if (len < (SK_MEMINFO_DROPS + 1) * sizeof(mem[0]))
		return (-1);
	recv_drops_note(d, mem[SK_MEMINFO_DROPS]);
	return (0);
#else
	(void)fd;
	(void)d;
	return (-1);
#endif
}
