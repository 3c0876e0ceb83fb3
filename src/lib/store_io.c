/*
 * store_io.c: file I/O for the store.
 *
 * The writer batches serialised records in one buffer and hands each
 * batch to a single write(2).  If that write fails or is short, the
 * file is truncated back to where the batch began, so the log never
 * ends in a partial record of ours (flowd.log(5), "Writing").
 *
 * The reader keeps one large buffer, returns pointers into it and
 * decodes into the caller's struct flow: no allocation per record.  A
 * partial trailing record is end of data; a corrupt one is an error at
 * its byte offset, or, in resync mode, is skipped up to the next offset
 * that holds a valid record.  In follow mode end of data means "try
 * again later", and a partial record stays buffered until it is whole.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "store.h"
#include "store_bytes.h"
#include "store_direct.h"

int
store_writer_open(struct store_writer *w, int fd, uint32_t mask,
    size_t bufsize, int flags)
{
	struct stat	st;
	struct store_v2_header h;
	uint8_t		hdr[STORE_V2_HDR_LEN];

	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->flags = flags;
	w->mask = mask != 0 ? mask : STORE_MASK_DEFAULT;
	if (bufsize == 0)
		bufsize = STORE_WBUF_DEFAULT;
	if (bufsize < STORE_MAX_RECORD)
		bufsize = STORE_MAX_RECORD;
	if (bufsize > STORE_WBUF_MAX)
		bufsize = STORE_WBUF_MAX;
	if (fstat(fd, &st) == -1)
		return (STORE_ERR_IO);
	w->seekable = S_ISREG(st.st_mode);
	/* A v2 log has a file header; v3 records after it are garbage. */
	if (w->seekable && st.st_size >= STORE_V2_HDR_LEN &&
	    pread(fd, hdr, sizeof(hdr), 0) == (ssize_t)sizeof(hdr) &&
	    store_v2_check_header(hdr, sizeof(hdr), &h) != STORE_ERR_BAD_MAGIC)
		return (STORE_ERR_LEGACY);
	if ((w->base = store_writer_buf_new(bufsize)) == NULL)
		return (STORE_ERR_INTERNAL);
	w->buf = w->base;
	w->size = bufsize;
	/* Declined (no O_DIRECT here): ordinary writes, as without it. */
	if ((flags & STORE_W_DIRECT) && w->seekable)
		(void)store_direct_open(w, st.st_size);
	return (STORE_OK);
}

/*
 * A batch buffer: aligned, with a block's room in front for a direct
 * write's carry (store_direct.c).
 */
uint8_t *
store_writer_buf_new(size_t size)
{
	void	*p;

	if (size > SIZE_MAX - STORE_DIO_ALIGN ||
	    posix_memalign(&p, STORE_DIO_ALIGN, size + STORE_DIO_ALIGN) != 0)
		return (NULL);
	return (p);
}

/*
 * After a handoff: fill base next.  Records start where they will
 * land in a block, which follows from where the batch handed over
 * started and how long it is.
 */
void
store_writer_rebuf(struct store_writer *w, uint8_t *base)
{
	if (w->dio != NULL)
		w->phase = (w->phase + w->len) % STORE_DIO_ALIGN;
	w->base = base;
	w->buf = base + w->phase;
	w->len = w->npending = 0;
}

int
store_writer_put(struct store_writer *w, const struct flow *f)
{
	size_t	len;
	int	r;

	if (w->size - w->len < STORE_MAX_WRITTEN &&
	    (r = store_writer_flush(w)) != STORE_OK)
		return (r);
	if (w->flags & STORE_W_SEAL_LATER)
		r = store_flow_serialise_unsealed(f, w->mask, w->buf + w->len,
		    w->size - w->len, &len);
	else
		r = store_flow_serialise(f, w->mask, w->buf + w->len,
		    w->size - w->len, &len);
	if (r != STORE_OK)
		return (r);
	w->len += len;
	w->npending++;
	return (STORE_OK);
}

/* Append a record already in store format (pass-through). */
int
store_writer_put_raw(struct store_writer *w, const uint8_t *rec, size_t len)
{
	int	r;

	if (len > STORE_MAX_RECORD)
		return (STORE_ERR_BUFFER_SIZE);
	if (w->size - w->len < len && (r = store_writer_flush(w)) != STORE_OK)
		return (r);
	memcpy(w->buf + w->len, rec, len);
	w->len += len;
	w->npending++;
	return (STORE_OK);
}

/*
 * A log is written once and read later (or, tailed, near its end), so
 * what lies a few MiB behind the end gains nothing from staying in the
 * page cache.  Each time the log grows past a multiple of the lag, the
 * kernel is asked to drop the last three lags' worth: that starts the
 * writeback of the newest (one large writeback rather than one per
 * batch) and frees the older pages, clean by then, so a collector
 * streaming gigabytes keeps reusing a few warm pages instead of
 * filling memory with cold ones (in a virtual machine each fresh page
 * can also cost a fault in the host).  Pages still being written are
 * skipped by the kernel and left to its usual reclaim.
 */
static void
drop_behind(struct store_writer *w, off_t start, off_t end)
{
#ifdef POSIX_FADV_DONTNEED
	off_t	b, lo;

	if (start / STORE_DROPBEHIND_LAG == end / STORE_DROPBEHIND_LAG)
		return;
	b = end / STORE_DROPBEHIND_LAG * STORE_DROPBEHIND_LAG;
	lo = b > 3 * STORE_DROPBEHIND_LAG ? b - 3 * STORE_DROPBEHIND_LAG : 0;
	(void)posix_fadvise(w->fd, lo, b - lo, POSIX_FADV_DONTNEED);
#else
	(void)w;
	(void)start;
	(void)end;
#endif
}

/* Pipes cannot be rolled back: write everything or report corruption. */
static int
flush_stream(struct store_writer *w)
{
	size_t	off = 0;
	ssize_t	n;

	while (off < w->len) {
		n = write(w->fd, w->buf + off, w->len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->nlost += w->npending;
			w->len = w->npending = 0;
			return (off == 0 ? STORE_ERR_IO : STORE_ERR_CORRUPT);
		}
		off += n;
	}
	w->nrecords += w->npending;
	w->nbatches++;
	w->len = w->npending = 0;
	return (STORE_OK);
}

int
store_writer_flush(struct store_writer *w)
{
	off_t	pos;
	ssize_t	n;
	int	fl, r, saved;

	if (w->len == 0)
		return (STORE_OK);
	if (w->handoff != NULL)
		return (w->handoff(w, w->handoff_arg));
	/*
	 * Records put unsealed get their CRC32 now (one put raw gets its
	 * own again).  A batch that fails to seal is never written.
	 */
	if ((w->flags & STORE_W_SEAL_LATER) &&
	    store_seal(w->buf, w->len) != STORE_OK) {
		w->nlost += w->npending;
		w->len = w->npending = 0;
		return (STORE_ERR_INTERNAL);
	}
	if (!w->seekable)
		return (flush_stream(w));
	if (w->dio != NULL && (r = store_direct_flush(w)) != STORE_DIO_ORDINARY)
		return (r);
	/*
	 * With O_APPEND the batch lands at the end, wherever we are; so
	 * it does where direct writes took O_APPEND off (the writer owns
	 * the end of its log).
	 */
	if ((fl = fcntl(w->fd, F_GETFL)) == -1)
		return (STORE_ERR_IO);
	pos = lseek(w->fd, 0, (fl & O_APPEND) || w->dio != NULL ?
	    SEEK_END : SEEK_CUR);
	if (pos == -1)
		return (STORE_ERR_IO_SEEK);
	do {
		n = write(w->fd, w->buf, w->len);
	} while (n == -1 && errno == EINTR);
	if (n == (ssize_t)w->len) {
		if (w->flags & STORE_W_DROPBEHIND)
			drop_behind(w, pos, pos + n);
		w->nrecords += w->npending;
		w->nbatches++;
		w->len = w->npending = 0;
		return (STORE_OK);
	}
	saved = (n == -1) ? errno : ENOSPC;
	w->nlost += w->npending;
	w->len = w->npending = 0;
	if (ftruncate(w->fd, pos) == -1 ||
	    lseek(w->fd, pos, SEEK_SET) == -1)
		return (STORE_ERR_CORRUPT);
	errno = saved;
	return (STORE_ERR_PARTIAL);
}

int
store_writer_close(struct store_writer *w)
{
	int	r;

	r = store_writer_flush(w);
	/* Durability point: at close (and so at every reopen/rotation). */
	if (w->seekable && !(w->flags & STORE_W_NOFSYNC) &&
	    fsync(w->fd) == -1 && r == STORE_OK)
		r = STORE_ERR_IO;
	store_direct_close(w);
	free(w->base);
	w->base = w->buf = NULL;
	w->size = 0;
	return (r);
}

int
store_reader_open(struct store_reader *r, int fd, int flags, size_t bufsize)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->flags = flags;
	r->known = FLOW_ALL;
	if (bufsize == 0)
		bufsize = STORE_RBUF_DEFAULT;
	if (bufsize < 4 * STORE_MAX_RECORD)
		bufsize = 4 * STORE_MAX_RECORD;
	if ((r->buf = malloc(bufsize)) == NULL)
		return (STORE_ERR_INTERNAL);
	r->size = bufsize;
	return (STORE_OK);
}

void
store_reader_close(struct store_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->size = 0;
}

/* Read more input after the buffered bytes; sets eof at end of input. */
static int
fill(struct store_reader *r)
{
	ssize_t	n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->boff += r->start;
		r->end -= r->start;
		r->start = 0;
	}
	do {
		n = read(r->fd, r->buf + r->end, r->size - r->end);
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		return (STORE_ERR_IO);
	if (n == 0)
		r->eof = 1;
	r->end += n;
	return (STORE_OK);
}

/*
 * At end of input with fewer than "need" bytes buffered: in follow
 * mode come back later, otherwise report the leftover as partial.
 */
static int
at_end(struct store_reader *r)
{
	if (r->flags & STORE_R_FOLLOW) {
		r->eof = 0;
		return (STORE_ERR_AGAIN);
	}
	r->partial = r->end - r->start;
	return (STORE_ERR_EOF);
}

/*
 * Make sure "need" bytes are buffered at start.  Returns OK, or EOF /
 * AGAIN when the input ends first, or an I/O error.
 */
static int
want(struct store_reader *r, size_t need)
{
	int	e;

	while (r->end - r->start < need) {
		if (r->eof)
			return (at_end(r));
		if ((e = fill(r)) != STORE_OK)
			return (e);
	}
	return (STORE_OK);
}

/* Could a v3 record start at p?  Cheap checks before the full one. */
static int
plausible_header(const uint8_t *p)
{
	return ((p[0] >> 5) == STORE_VER_MAJOR && p[2] == 0 && p[3] == 0 &&
	    (get32(p + 4) & FLOW_RESERVED) == 0);
}

/*
 * Resync: find the next offset holding a record that validates fully.
 * A record with a CRC is trusted on its own; one without must also be
 * followed by a plausible header or by the end of the input, which
 * makes a false match on garbage unlikely.
 */
static int
resync(struct store_reader *r, int why)
{
	const uint8_t	*p;
	size_t		 reclen;
	int		 e;

	r->resync_off = r->boff + r->start;
	r->resync_len = 0;
	r->resync_err = why;
	r->nresync++;
	for (;;) {
		r->start++;
		r->resync_len++;
		r->nskipped++;
		if ((e = want(r, STORE_HDR_LEN)) != STORE_OK)
			return (e);
		p = r->buf + r->start;
		if (!plausible_header(p))
			continue;
		reclen = STORE_HDR_LEN + (size_t)p[1] * 4;
		/* A candidate running past EOF may be garbage: keep going. */
		if ((e = want(r, reclen)) == STORE_ERR_EOF)
			continue;
		if (e != STORE_OK)
			return (e);
		p = r->buf + r->start;
		if (store_check_record(p, reclen) != STORE_OK)
			continue;
		if ((get32(p + 4) & FLOW_CRC32) == 0) {
			e = want(r, reclen + STORE_HDR_LEN);
			if (e == STORE_ERR_EOF || e == STORE_ERR_AGAIN) {
				/* Only a record ending exactly at EOF counts. */
				if (r->end - r->start != reclen)
					continue;
			} else if (e != STORE_OK)
				return (e);
			else if (!plausible_header(r->buf + r->start + reclen))
				continue;
		}
		return (STORE_OK);
	}
}

static int
next_v2(struct store_reader *r, struct flow *f, struct store_rec *rec)
{
	size_t	reclen;
	int	e;

	if (!r->v2_started) {
		if ((e = want(r, STORE_V2_HDR_LEN)) != STORE_OK)
			return (e);
		e = store_v2_check_header(r->buf + r->start, STORE_V2_HDR_LEN,
		    &r->v2hdr);
		if (e != STORE_OK) {
			r->err_off = r->boff + r->start;
			return (r->err = e);
		}
		r->start += STORE_V2_HDR_LEN;
		r->v2_started = 1;
	}
	if ((e = want(r, 4)) != STORE_OK)
		return (e);
	if ((e = store_v2_record_len(r->buf + r->start, 4, &reclen)) ==
	    STORE_OK && (e = want(r, reclen)) == STORE_OK)
		e = store_v2_deserialise(r->buf + r->start, reclen, f);
	if (e == STORE_ERR_EOF || e == STORE_ERR_AGAIN || e == STORE_ERR_IO)
		return (e);
	if (e != STORE_OK) {
		r->err_off = r->boff + r->start;
		return (r->err = e);
	}
	rec->raw = NULL;
	rec->len = 0;
	rec->crc = (f->fields & FLOW_CRC32) ?
	    get32(r->buf + r->start + reclen - 4) : 0;
	rec->mask = f->fields;
	rec->off = r->boff + r->start;
	r->start += reclen;
	r->nrecords++;
	return (STORE_OK);
}

int
store_reader_next(struct store_reader *r, struct flow *f,
    struct store_rec *rec)
{
	const uint8_t	*p;
	size_t		 reclen;
	int		 e;

	if (r->flags & STORE_R_V2)
		return (next_v2(r, f, rec));
	for (;;) {
		if ((e = want(r, STORE_HDR_LEN)) != STORE_OK)
			return (e);
		p = r->buf + r->start;
		e = store_check_header(p, &reclen);
		if (e == STORE_OK) {
			if ((e = want(r, reclen)) != STORE_OK)
				return (e);
			p = r->buf + r->start;
			e = store_flow_deserialise_known(p, reclen, f,
			    &rec->crc, r->known);
		}
		if (e == STORE_OK)
			break;
		if (!(r->flags & STORE_R_RESYNC)) {
			r->err_off = r->boff + r->start;
			return (r->err = e);
		}
		if ((e = resync(r, e)) != STORE_OK)
			return (e);
	}
	rec->raw = p;
	rec->len = reclen;
	rec->mask = get32(p + 4);
	rec->off = r->boff + r->start;
	if ((rec->mask & FLOW_CRC32) == 0)
		rec->crc = 0;
	r->start += reclen;
	r->nrecords++;
	r->partial = 0;
	return (STORE_OK);
}

/*
 * Follow mode: wait up to ms milliseconds for the input to grow.  A
 * regular file that shrank (truncated for rotation) is read again from
 * its start.
 */
int
store_reader_wait(struct store_reader *r, int ms)
{
	struct pollfd	pfd;
	struct timespec	ts;
	struct stat	st;

	if (fstat(r->fd, &st) == -1)
		return (STORE_ERR_IO);
	if (!S_ISREG(st.st_mode)) {
		pfd.fd = r->fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, ms) == -1 && errno != EINTR)
			return (STORE_ERR_IO);
		return (STORE_OK);
	}
	if (st.st_size < r->boff + (off_t)r->end) {
		if (lseek(r->fd, 0, SEEK_SET) == -1)
			return (STORE_ERR_IO_SEEK);
		r->start = r->end = 0;
		r->boff = 0;
		r->ntruncated++;
		return (STORE_OK);
	}
	if (st.st_size > r->boff + (off_t)r->end)
		return (STORE_OK);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
	return (STORE_OK);
}
