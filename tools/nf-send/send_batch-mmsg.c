/*
 * send_batch with sendmmsg(2): one system call for up to SEND_BATCH_MAX
 * datagrams.  ENOBUFS/EAGAIN (the local queue is full) is retried after
 * a short pause, since a benchmark sender must not lose datagrams to
 * its own socket.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "send_batch.h"

struct send_batch {
	int		fd;
	unsigned int	n;
	struct mmsghdr	msg[SEND_BATCH_MAX];
	struct iovec	iov[SEND_BATCH_MAX];
};

struct send_batch *
send_batch_new(int fd)
{
	struct send_batch	*sb;

	if ((sb = calloc(1, sizeof(*sb))) == NULL)
		return (NULL);
	sb->fd = fd;
	return (sb);
}

void
send_batch_add(struct send_batch *sb, const void *buf, size_t len)
{
	struct mmsghdr	*m = &sb->msg[sb->n];

	sb->iov[sb->n].iov_base = (void *)(uintptr_t)buf;
	sb->iov[sb->n].iov_len = len;
	memset(m, 0, sizeof(*m));
	m->msg_hdr.msg_iov = &sb->iov[sb->n];
	m->msg_hdr.msg_iovlen = 1;
	sb->n++;
}

int
send_batch_full(const struct send_batch *sb)
{
	return (sb->n == SEND_BATCH_MAX);
}

uint64_t
send_batch_flush(struct send_batch *sb)
{
	unsigned int	done = 0, tries = 0;
	uint64_t	failed = 0;
	int		r;

	while (done < sb->n) {
		r = sendmmsg(sb->fd, sb->msg + done, sb->n - done, 0);
		if (r > 0) {
			done += r;
			tries = 0;
			continue;
		}
		if (r == -1 && (errno == ENOBUFS || errno == EAGAIN ||
		    errno == EINTR) && tries++ < 1000) {
			usleep(100);
			continue;
		}
		/* A refused datagram (ECONNREFUSED...) is skipped, counted. */
		done++;
		failed++;
	}
	sb->n = 0;
	return (failed);
}

void
send_batch_free(struct send_batch *sb)
{
	free(sb);
}
