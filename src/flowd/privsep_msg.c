/*
 * privsep_msg.c: message framing for the privsep socketpair.  A message
 * is an 8-byte header (type, payload length, in host order: both ends
 * are the same program on the same host) followed by the payload; the
 * descriptor, if any, rides with the header's sendmsg.  Every length is
 * checked before anything is read into memory.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "privsep_msg.h"

struct psmsg_hdr {
	uint32_t	type;
	uint32_t	len;
};

static int
write_all(int s, const uint8_t *p, size_t n)
{
	ssize_t	r;

	while (n > 0) {
		if ((r = write(s, p, n)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return (-1);
		}
		p += r;
		n -= (size_t)r;
	}
	return (0);
}

/* 0 on EOF before any byte, 1 when all n bytes arrived, -1 otherwise. */
static int
read_all(int s, uint8_t *p, size_t n)
{
	size_t	got = 0;
	ssize_t	r;

	while (got < n) {
		if ((r = read(s, p + got, n - got)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return (-1);
		}
		if (r == 0) {
			if (got == 0)
				return (0);
			errno = EPIPE;
			return (-1);
		}
		got += (size_t)r;
	}
	return (1);
}

int
psmsg_send(int s, uint32_t type, const void *data, size_t len, int fd)
{
	struct psmsg_hdr	 h;
	struct msghdr		 mh;
	struct iovec		 iov;
	struct cmsghdr		*cm;
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(int))];
	} cmsgbuf;
	ssize_t			 r;

	if (len > PSMSG_MAX_PAYLOAD) {
		errno = EMSGSIZE;
		return (-1);
	}
	h.type = type;
	h.len = (uint32_t)len;
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = &h;
	iov.iov_len = sizeof(h);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (fd != -1) {
		memset(&cmsgbuf, 0, sizeof(cmsgbuf));
		mh.msg_control = cmsgbuf.buf;
		mh.msg_controllen = sizeof(cmsgbuf.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	do {
		r = sendmsg(s, &mh, 0);
	} while (r == -1 && (errno == EINTR || errno == EAGAIN));
	if (r == -1)
		return (-1);
	if ((size_t)r != sizeof(h)) {
		/* Partial header on a stream socket: finish it plainly. */
		if (write_all(s, (uint8_t *)&h + r, sizeof(h) - (size_t)r) == -1)
			return (-1);
	}
	return (write_all(s, data, len));
}

int
psmsg_init(struct psmsg *m)
{
	memset(m, 0, sizeof(*m));
	m->fd = -1;
	if ((m->buf = malloc(PSMSG_MAX_PAYLOAD)) == NULL)
		return (-1);
	return (0);
}

void
psmsg_free(struct psmsg *m)
{
	if (m->fd != -1)
		close(m->fd);
	free(m->buf);
	memset(m, 0, sizeof(*m));
	m->fd = -1;
}

int
psmsg_recv(int s, struct psmsg *m)
{
	struct psmsg_hdr	 h;
	struct msghdr		 mh;
	struct iovec		 iov;
	struct cmsghdr		*cm;
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(int))];
	} cmsgbuf;
	ssize_t			 r;
	int			 fd;

	if (m->fd != -1) {
		/* A descriptor the caller did not take is not leaked. */
		close(m->fd);
		m->fd = -1;
	}
	memset(&mh, 0, sizeof(mh));
	memset(&cmsgbuf, 0, sizeof(cmsgbuf));
	iov.iov_base = &h;
	iov.iov_len = sizeof(h);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cmsgbuf.buf;
	mh.msg_controllen = sizeof(cmsgbuf.buf);
	do {
		r = recvmsg(s, &mh, 0);
	} while (r == -1 && (errno == EINTR || errno == EAGAIN));
	if (r == -1)
		return (-1);
	if (r == 0)
		return (0);
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len != CMSG_LEN(sizeof(int)))
			continue;
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
		if (m->fd != -1)
			close(fd);	/* only one per message */
		else
			m->fd = fd;
	}
	if ((mh.msg_flags & MSG_CTRUNC) != 0) {
		errno = EMSGSIZE;
		return (-1);
	}
	if ((size_t)r < sizeof(h) &&
	    read_all(s, (uint8_t *)&h + r, sizeof(h) - (size_t)r) != 1)
		return (-1);
	if (h.len > PSMSG_MAX_PAYLOAD) {
		errno = EMSGSIZE;
		return (-1);
	}
	m->type = h.type;
	m->len = h.len;
	if (h.len > 0 && read_all(s, m->buf, h.len) != 1)
		return (-1);
	return (1);
}

int
psmsg_get(const struct psmsg *m, void *dst, size_t n)
{
	if (m->len != n) {
		errno = EMSGSIZE;
		return (-1);
	}
	memcpy(dst, m->buf, n);
	return (0);
}
