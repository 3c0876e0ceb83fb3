/*
 * recv_batch with recvmmsg(2): one system call returns up to the whole
 * batch.  Each slot has its own 64 KiB buffer and control buffer, so
 * the drop counter the kernel attaches to each datagram can be read.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <stdlib.h>

#include "compat.h"
#include "recv_batch.h"

struct recv_batch {
	u_int			 n;
	u_int			 got;
	struct mmsghdr		*msgs;
	struct iovec		*iov;
	struct recv_slot	*slots;
	uint8_t			*data;
	uint8_t			*cmsg;
};

struct recv_batch *
recv_batch_new(u_int n)
{
	struct recv_batch	*rb;
	struct msghdr		*mh;
	u_int			 i;

	if (n == 0 || n > 4096 || (rb = calloc(1, sizeof(*rb))) == NULL)
		return (NULL);
	rb->n = n;
	rb->msgs = calloc(n, sizeof(*rb->msgs));
	rb->iov = calloc(n, sizeof(*rb->iov));
	rb->slots = calloc(n, sizeof(*rb->slots));
	rb->data = reallocarray(NULL, n, RECV_SLOT_STRIDE);
	rb->cmsg = calloc(n, RXQ_OVFL_CMSG_SPACE);
	if (rb->msgs == NULL || rb->iov == NULL || rb->slots == NULL ||
	    rb->data == NULL || rb->cmsg == NULL) {
		recv_batch_free(rb);
		return (NULL);
	}
	/* The kernel only changes the lengths and flags: set up once. */
	for (i = 0; i < n; i++) {
		mh = &rb->msgs[i].msg_hdr;
		rb->iov[i].iov_base = rb->data + (size_t)i * RECV_SLOT_STRIDE;
		rb->iov[i].iov_len = RECV_DGRAM_MAX;
		mh->msg_iov = &rb->iov[i];
		mh->msg_iovlen = 1;
		mh->msg_name = &rb->slots[i].from;
		mh->msg_control = rb->cmsg + (size_t)i * RXQ_OVFL_CMSG_SPACE;
	}
	return (rb);
}

void
recv_batch_free(struct recv_batch *rb)
{
	if (rb == NULL)
		return;
	free(rb->msgs);
	free(rb->iov);
	free(rb->slots);
	free(rb->data);
	free(rb->cmsg);
	free(rb);
}

int
recv_batch_read(struct recv_batch *rb, int fd, struct recv_drops *d)
{
	struct msghdr	*mh;
	uint32_t	 dropped;
	u_int		 i;
	int		 r;

	for (i = 0; i < rb->n; i++) {
		mh = &rb->msgs[i].msg_hdr;
		mh->msg_namelen = sizeof(rb->slots[i].from);
		mh->msg_controllen = RXQ_OVFL_CMSG_SPACE;
		mh->msg_flags = 0;
	}
	rb->got = 0;
	r = recvmmsg(fd, rb->msgs, rb->n, MSG_DONTWAIT, NULL);
	if (r == -1)
		return ((errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR) ? 0 : -1);
	for (i = 0; i < (u_int)r; i++) {
		mh = &rb->msgs[i].msg_hdr;
		rb->slots[i].fromlen = mh->msg_namelen;
		rb->slots[i].data = rb->iov[i].iov_base;
		rb->slots[i].len = rb->msgs[i].msg_len;
		rb->slots[i].truncated = (mh->msg_flags & MSG_TRUNC) != 0;
		if (rxq_ovfl_parse(mh->msg_control, mh->msg_controllen,
		    &dropped) == 0)
			recv_drops_note(d, dropped);
	}
	rb->got = (u_int)r;
	return (r);
}

const struct recv_slot *
recv_batch_slot(const struct recv_batch *rb, u_int i)
{
	return (i < rb->got ? &rb->slots[i] : NULL);
}
