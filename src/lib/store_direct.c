/*
 * store_direct.c: the store writer's batches written with O_DIRECT.
 *
 * Through the page cache, each 4 KiB page of a log is allocated,
 * tracked by the file system, copied into, written back and dropped
 * again, which costs nearly as much per record as decoding it; with
 * O_DIRECT the disk takes the batch from our buffer, for a third to a
 * half less (BENCHMARKS.md, "Direct log writes").  A direct write must start
 * and end on block boundaries, in the file and in memory, while a log
 * ends wherever its last record does; so a batch goes out as
 *
 *	| carry | records .......................... | tail |
 *	^ block boundary               block boundary ^
 *
 * carry being what the file already holds of its last, partial block
 * (kept from the previous batch, or read back), written again with the
 * same bytes, and tail, the new partial block, an ordinary write right
 * after the direct one: the log still ends on a whole record after
 * every batch.  The records are put in the buffer at the offset in a
 * block where they will land (the writer's phase, known when the
 * buffer starts filling), so only the carry is ever copied; a phase
 * gone wrong (after a rollback) costs a memmove.
 *
 * A direct write returns when the disk has the data, one at a time,
 * while the page cache's writeback keeps many on their way; so a batch
 * without STORE_W_DIRECT in its writer's flags (the log writer thread
 * clears it while batches wait behind it) goes through the page cache.
 *
 * Positional writes need O_APPEND off: the writer owns the end of its
 * log, as its rollback always assumed.  Where the file system or the
 * device refuses O_DIRECT, the writer goes back to ordinary writes and
 * O_APPEND for good.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "store.h"
#include "store_direct.h"

#ifndef O_DIRECT
#define O_DIRECT	0	/* none here: store_direct_open() declines */
#endif

struct store_direct {
	uint8_t	 carry[STORE_DIO_ALIGN];
	size_t	 carry_len;
	off_t	 carry_end;	/* the log's end when taken, or -1 */
	int	 fl;		/* status flags, O_APPEND and O_DIRECT off */
	int	 append;	/* O_APPEND as opened, back at the end */
	int	 direct;	/* O_DIRECT on now */
	int	 off;		/* refused: ordinary writes from now on */
};

static int
set_direct(struct store_direct *d, int fd, int on)
{
	if (d->direct == on)
		return (0);
	if (fcntl(fd, F_SETFL, on ? d->fl | O_DIRECT : d->fl) == -1)
		return (-1);
	d->direct = on;
	return (0);
}

/*
 * Batches still queued elsewhere point here too, so the state stays
 * until the writer closes; only its use ends.
 */
static void
give_up(struct store_writer *w)
{
	struct store_direct	*d = w->dio;

	d->off = 1;
	d->direct = 0;
	(void)fcntl(w->fd, F_SETFL, d->fl | d->append);
}

/* The file is tried once here: a refusal shows at open or first write. */
int
store_direct_open(struct store_writer *w, off_t size)
{
	struct store_direct	*d;
	int			 fl;

	if (O_DIRECT == 0 || (fl = fcntl(w->fd, F_GETFL)) == -1)
		return (-1);
	if (fcntl(w->fd, F_SETFL, (fl & ~O_APPEND) | O_DIRECT) == -1)
		return (-1);
	if (fcntl(w->fd, F_SETFL, fl & ~(O_APPEND | O_DIRECT)) == -1 ||
	    (d = calloc(1, sizeof(*d))) == NULL) {
		(void)fcntl(w->fd, F_SETFL, fl);
		return (-1);
	}
	d->fl = fl & ~(O_APPEND | O_DIRECT);
	d->append = fl & O_APPEND;
	d->carry_end = -1;
	w->dio = d;
	w->phase = (size_t)(size % STORE_DIO_ALIGN);
	w->buf = w->base + w->phase;
	return (0);
}

void
store_direct_close(struct store_writer *w)
{
	struct store_direct	*d = w->dio;

	if (d == NULL)
		return;
	if (!d->off)
		(void)fcntl(w->fd, F_SETFL, d->fl | d->append);
	free(d);
	w->dio = NULL;
}

static int
pwrite_all(int fd, const uint8_t *p, size_t len, off_t at)
{
	ssize_t	n;

	do {
		n = pwrite(fd, p, len, at);
	} while (n == -1 && errno == EINTR);
	if (n >= 0 && (size_t)n != len) {
		errno = ENOSPC;
		return (-1);
	}
	return (n == -1 ? -1 : 0);
}

/* Back to where the batch began, as the ordinary writes do. */
static int
roll_back(struct store_writer *w, off_t pos)
{
	int	saved = errno;

	w->nlost += w->npending;
	w->len = w->npending = 0;
	w->dio->carry_end = -1;
	(void)set_direct(w->dio, w->fd, 0);
	w->phase = (size_t)(pos % STORE_DIO_ALIGN);
	w->buf = w->base + w->phase;
	if (ftruncate(w->fd, pos) == -1)
		return (STORE_ERR_CORRUPT);
	errno = saved;
	return (STORE_ERR_PARTIAL);
}

/*
 * Write the batch; STORE_DIO_ORDINARY when it is left to the ordinary
 * write (refused, or the carry could not be read back).
 */
int
store_direct_flush(struct store_writer *w)
{
	struct store_direct	*d = w->dio;
	off_t			 pos, blk;
	size_t			 head, total, body, tail;

	if (d->off)
		return (STORE_DIO_ORDINARY);
	/* The caller wants this one through the page cache. */
	if (!(w->flags & STORE_W_DIRECT)) {
		if (set_direct(d, w->fd, 0) == -1)
			give_up(w);
		return (STORE_DIO_ORDINARY);
	}
	if ((pos = lseek(w->fd, 0, SEEK_END)) == -1)
		return (STORE_ERR_IO_SEEK);
	head = (size_t)(pos % STORE_DIO_ALIGN);
	blk = pos - (off_t)head;
	if (w->buf != w->base + head) {
		memmove(w->base + head, w->buf, w->len);
		w->buf = w->base + head;
	}
	if (head > 0 && d->carry_end == pos && d->carry_len == head)
		memcpy(w->base, d->carry, head);
	else if (head > 0 && (set_direct(d, w->fd, 0) == -1 ||
	    pread(w->fd, w->base, head, blk) != (ssize_t)head))
		return (STORE_DIO_ORDINARY);
	total = head + w->len;
	tail = total % STORE_DIO_ALIGN;
	body = total - tail;

	if (body > 0) {
		if (set_direct(d, w->fd, 1) == -1) {
			give_up(w);
			return (STORE_DIO_ORDINARY);
		}
		if (pwrite_all(w->fd, w->base, body, blk) == -1) {
			/* Misaligned for this device: nothing was written. */
			if (errno == EINVAL) {
				give_up(w);
				return (STORE_DIO_ORDINARY);
			}
			return (roll_back(w, pos));
		}
	}
	if (tail > 0 && (set_direct(d, w->fd, 0) == -1 ||
	    pwrite_all(w->fd, w->base + body, tail, blk + (off_t)body) == -1))
		return (roll_back(w, pos));

	memcpy(d->carry, w->base + body, tail);
	d->carry_len = tail;
	d->carry_end = pos + (off_t)w->len;
	w->nrecords += w->npending;
	w->nbatches++;
	if (body > 0)
		w->ndirect++;
	w->phase = tail;
	w->buf = w->base + tail;
	w->len = w->npending = 0;
	return (STORE_OK);
}
