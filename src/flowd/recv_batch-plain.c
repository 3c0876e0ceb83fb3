/*
 * recv_batch with recvmsg(2) in a loop, for platforms without
 * recvmmsg(2): the same batching semantics, one call per datagram.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "recv_batch.h"

struct recv_batch {
	u_int			 n;
	u_int			 got;
	struct recv_slot	*slots;
	uint8_t			*data;
	uint8_t			 cmsg[RXQ_OVFL_CMSG_SPACE];
};

struct recv_batch *
recv_batch_new(u_int n)
{
	struct recv_batch	*rb;

	if (n == 0 || n > 4096 || (rb = calloc(1, sizeof(*rb))) == NULL)
		return (NULL);
	rb->n = n;
	rb->slots = calloc(n, sizeof(*rb->slots));
	rb->data = reallocarray(NULL, n, RECV_SLOT_STRIDE);
	if (rb->slots == NULL || rb->data == NULL) {
		recv_batch_free(rb);
		return (NULL);
	}
	return (rb);
}

void
recv_batch_free(struct recv_batch *rb)
{
	if (rb == NULL)
		return;
	free(rb->slots);
	free(rb->data);
	free(rb);
}

int
recv_batch_read(struct recv_batch *rb, int fd, struct recv_drops *d)
{
	struct msghdr	 mh;
	struct iovec	 iov;
	uint32_t	 dropped;
	ssize_t		 r;

	for (rb->got = 0; rb->got < rb->n; rb->got++) {
		struct recv_slot	*s = &rb->slots[rb->got];

		memset(&mh, 0, sizeof(mh));
		iov.iov_base = rb->data + (size_t)rb->got * RECV_SLOT_STRIDE;
		iov.iov_len = RECV_DGRAM_MAX;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_name = &s->from;
		mh.msg_namelen = sizeof(s->from);
		mh.msg_control = rb->cmsg;
		mh.msg_controllen = sizeof(rb->cmsg);
		if ((r = recvmsg(fd, &mh, MSG_DONTWAIT)) == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				break;
			return (rb->got > 0 ? (int)rb->got : -1);
		}
		s->fromlen = mh.msg_namelen;
		s->data = iov.iov_base;
		s->len = (size_t)r;
		s->truncated = (mh.msg_flags & MSG_TRUNC) != 0;
		if (rxq_ovfl_parse(mh.msg_control, mh.msg_controllen,
		    &dropped) == 0)
			recv_drops_note(d, dropped);
	}
	return ((int)rb->got);
}

const struct recv_slot *
recv_batch_slot(const struct recv_batch *rb, u_int i)
{
	return (i < rb->got ? &rb->slots[i] : NULL);
}
