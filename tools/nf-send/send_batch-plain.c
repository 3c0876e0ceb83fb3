/*
 * send_batch with one send(2) per datagram, for platforms without
 * sendmmsg(2).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "compat.h"
#include "send_batch.h"

struct send_batch {
	int		 fd;
	unsigned int	 n;
	const void	*buf[SEND_BATCH_MAX];
	size_t		 len[SEND_BATCH_MAX];
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
	sb->buf[sb->n] = buf;
	sb->len[sb->n] = len;
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
	unsigned int	i, tries;
	uint64_t	failed = 0;

	for (i = 0; i < sb->n; i++) {
		for (tries = 0; tries < 1000; tries++) {
			if (send(sb->fd, sb->buf[i], sb->len[i], 0) != -1)
				break;
			if (errno != ENOBUFS && errno != EAGAIN &&
			    errno != EINTR) {
				tries = 1000;
				break;
			}
			usleep(100);
		}
		if (tries == 1000)
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
