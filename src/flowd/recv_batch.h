/*
 * recv_batch: read up to n datagrams from a socket per call, with their
 * sender addresses, into buffers allocated once.  recvmmsg(2) where the
 * platform has it; a recvfrom loop elsewhere.  The kernel's count of
 * datagrams it dropped for lack of buffer space is reported where the
 * platform can tell (SO_RXQ_OVFL on Linux).
 */
#ifndef FLOWD_RECV_BATCH_H
#define FLOWD_RECV_BATCH_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

/* The largest UDP payload; never truncate an export datagram. */
#define RECV_DGRAM_MAX	65535

struct recv_batch;

struct recv_slot {
	struct sockaddr_storage	 from;
	socklen_t		 fromlen;
	const uint8_t		*data;
	size_t			 len;
	int			 truncated;	/* MSG_TRUNC: never decode */
};

struct recv_batch *recv_batch_new(u_int);
void	 recv_batch_free(struct recv_batch *);
/*
 * Reads what is queued on the non-blocking socket, up to the batch size.
 * Returns the number read (0 when nothing was waiting) or -1.
 */
int	 recv_batch_read(struct recv_batch *, int);
const struct recv_slot *recv_batch_slot(const struct recv_batch *, u_int);
/* Kernel drops seen on this socket so far, if the platform reports them. */
uint64_t recv_batch_kernel_drops(const struct recv_batch *);

/* rxq_ovfl-<os>.c: ask the kernel to report its drops, and read them. */
int	 rxq_ovfl_enable(int);
int	 rxq_ovfl_parse(const void *, size_t, uint32_t *);
#define RXQ_OVFL_CMSG_SPACE	64

#endif
