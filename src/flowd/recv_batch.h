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
/*
 * Slots sit 64 KiB + 1.5 KiB apart: at exactly 64 KiB the starts of a
 * batch of ~1.4 KiB export datagrams would all fall in the same cache
 * sets and evict each other before they are decoded.
 */
#define RECV_SLOT_STRIDE	(65536 + 1536)

struct recv_batch;

struct recv_slot {
	struct sockaddr_storage	 from;
	socklen_t		 fromlen;
	const uint8_t		*data;
	size_t			 len;
	int			 truncated;	/* MSG_TRUNC: never decode */
};

/*
 * The kernel's drop count of one socket, kept by whoever reads it.  The
 * kernel keeps a running 32-bit total per socket, from 0 when it is
 * made, and reports it with each datagram (SO_RXQ_OVFL) and, on Linux,
 * on request (SO_MEMINFO); what it grew by since the last report is
 * what was lost meanwhile.  Each socket needs its own: the totals of
 * two sockets have nothing to do with each other.
 */
struct recv_drops {
	uint64_t	total;		/* drops counted so far */
	uint32_t	last;		/* the kernel's total at that point */
};

/*
 * A datagram's count is the one when it was queued, so it can be older
 * than a SO_MEMINFO count taken since: a report that is not ahead of
 * the last one (in 32-bit serial arithmetic) adds nothing.
 */
static inline void
recv_drops_note(struct recv_drops *d, uint32_t now)
{
	if ((int32_t)(now - d->last) <= 0)
		return;
	d->total += (uint32_t)(now - d->last);
	d->last = now;
}

struct recv_batch *recv_batch_new(u_int);
void	 recv_batch_free(struct recv_batch *);
/*
 * Reads what is queued on the non-blocking socket, up to the batch size,
 * noting the kernel's drop count in d.  Returns the number read (0 when
 * nothing was waiting) or -1.
 */
int	 recv_batch_read(struct recv_batch *, int, struct recv_drops *);
const struct recv_slot *recv_batch_slot(const struct recv_batch *, u_int);

/* rxq_ovfl-<os>.c: ask the kernel to report its drops, and read them. */
int	 rxq_ovfl_enable(int);
int	 rxq_ovfl_parse(const void *, size_t, uint32_t *);
/*
 * Ask the socket for its count now, so that drops after the last
 * datagram read are not missed (a datagram only carries the count as
 * it was when that datagram was queued).  -1 where the platform cannot.
 */
int	 recv_drops_update(int, struct recv_drops *);
#define RXQ_OVFL_CMSG_SPACE	64

#endif
