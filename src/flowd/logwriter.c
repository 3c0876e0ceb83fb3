/*
 * logwriter.c: the collector's log writes on a thread of their own.
 *
 * A write(2) to the log can block for tens or hundreds of milliseconds
 * when the disk is busy (journal commits, writeback of what was written
 * before, dirty page throttling).  Done inline, that stalls the receive
 * loop, the socket buffer fills, and the kernel drops datagrams while
 * the disk has long caught up on average.  So the collector hands each
 * full batch (whole records only, as the store writer builds them) to
 * this thread and carries on with an empty buffer; up to
 * LOGWRITER_MAX_QUEUED batches, LOGWRITER_MAX_BYTES of records, may
 * wait for the disk before the collector waits too.  The batches are
 * written in order, each with the store writer's own write-or-roll-back,
 * so the log's contents are exactly what they would be without the
 * thread.
 *
 * Results come back through logwriter_collect(): records written or
 * rolled back are added to the collector's store writer and failures
 * are logged from the collector, as before.  Before the log descriptor
 * is closed (rotation, reload, exit) the queue is drained.
 */
#include <sys/types.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "log.h"
#include "logwriter.h"

/* A batch is the store writer as it was when handed over. */
struct lw_batch {
	struct lw_batch		*next;
	struct store_writer	 w;
};

static void
batch_free(struct lw_batch *b)
{
	if (b != NULL) {
		free(b->w.base);
		free(b);
	}
}

/* Write one batch exactly as the store writer would have. */
static void
write_batch(struct logwriter *lw, struct lw_batch *b)
{
	size_t	len = b->w.len;
	int	r, e;

	r = store_writer_flush(&b->w);
	e = errno;

	pthread_mutex_lock(&lw->mtx);
	lw->qbytes -= len;
	lw->nlost += b->w.nlost;
	lw->total_direct += b->w.ndirect;
	if (r != STORE_OK) {
		lw->nfailed++;
		lw->last_err = r;
		lw->last_errno = e;
	}
	lw->nqueued--;
	b->next = lw->spare;
	lw->spare = b;
	lw->nspare++;
	pthread_cond_broadcast(&lw->done);
	pthread_mutex_unlock(&lw->mtx);
}

/*
 * The thread never allocates or frees: the first malloc(3) or free(3)
 * of a thread makes the C library set up an arena for it (mmap(2) and
 * mprotect(2), which the sandbox refuses).  The collector frees the
 * spare buffers a backlog leaves.
 */
static void *
lw_main(void *arg)
{
	struct logwriter	*lw = arg;
	struct lw_batch		*b;

	/* It ends with the process (exit(3) after a drain). */
	pthread_mutex_lock(&lw->mtx);
	lw->running = 1;
	pthread_cond_broadcast(&lw->done);
	for (;;) {
		while (lw->head == NULL)
			pthread_cond_wait(&lw->work, &lw->mtx);
		b = lw->head;
		if ((lw->head = b->next) == NULL)
			lw->tail = NULL;
		/*
		 * With batches waiting the disk is behind: the page cache
		 * keeps many writes on their way, a direct write only one.
		 */
		else
			b->w.flags &= ~STORE_W_DIRECT;
		pthread_mutex_unlock(&lw->mtx);
		write_batch(lw, b);
		pthread_mutex_lock(&lw->mtx);
	}
	/* NOTREACHED */
	return (NULL);
}

/* With the lock held. */
static int
queue_full(const struct logwriter *lw, size_t len)
{
	return (lw->nqueued >= LOGWRITER_MAX_QUEUED ||
	    (lw->nqueued > 0 && lw->qbytes + len > LOGWRITER_MAX_BYTES));
}

/*
 * The store writer's batch is full (or due): queue it and give the
 * writer an empty buffer.  Without memory for one, write it here, after
 * those queued, so that the order of the records never changes.
 */
static int
handoff(struct store_writer *w, void *arg)
{
	struct logwriter	*lw = arg;
	struct lw_batch		*b, *x, *extra = NULL;
	uint8_t			*empty;
	size_t			 len;
	int			 r;

	pthread_mutex_lock(&lw->mtx);
	if (queue_full(lw, w->len)) {
		lw->total_waits++;
		while (queue_full(lw, w->len))
			pthread_cond_wait(&lw->done, &lw->mtx);
	}
	if ((b = lw->spare) != NULL && b->w.size == w->size) {
		lw->spare = b->next;
		lw->nspare--;
	} else
		b = NULL;
	/* A backlog's buffers beyond a few go back (freed unlocked). */
	while (lw->nspare > LOGWRITER_SPARES) {
		x = lw->spare;
		lw->spare = x->next;
		lw->nspare--;
		x->next = extra;
		extra = x;
	}
	pthread_mutex_unlock(&lw->mtx);
	while ((x = extra) != NULL) {
		extra = x->next;
		batch_free(x);
	}

	if (b == NULL && (b = calloc(1, sizeof(*b))) != NULL &&
	    (b->w.base = store_writer_buf_new(w->size)) == NULL) {
		free(b);
		b = NULL;
	}
	if (b == NULL) {
		logwriter_drain(lw, w);
		w->handoff = NULL;
		r = store_writer_flush(w);
		w->handoff = handoff;
		return (r);
	}
	empty = b->w.base;
	len = w->len;
	b->w = *w;
	b->w.handoff = NULL;
	b->w.nlost = 0;
	b->w.ndirect = 0;
	b->next = NULL;
	store_writer_rebuf(w, empty);

	pthread_mutex_lock(&lw->mtx);
	if (lw->tail != NULL)
		lw->tail->next = b;
	else
		lw->head = b;
	lw->tail = b;
	lw->qbytes += len;
	if (++lw->nqueued > lw->max_queued)
		lw->max_queued = lw->nqueued;
	lw->total_batches++;
	pthread_cond_signal(&lw->work);
	pthread_mutex_unlock(&lw->mtx);
	return (STORE_OK);
}

int
logwriter_start(struct logwriter *lw)
{
	sigset_t	all, old;
	int		e;

	memset(lw, 0, sizeof(*lw));
	if ((e = pthread_mutex_init(&lw->mtx, NULL)) != 0 ||
	    (e = pthread_cond_init(&lw->work, NULL)) != 0 ||
	    (e = pthread_cond_init(&lw->done, NULL)) != 0) {
		errno = e;
		return (-1);
	}
	/* Signals stay with the collector's loop (see sigpipe.c). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	e = pthread_create(&lw->thread, NULL, lw_main, lw);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		errno = e;
		return (-1);
	}
	/*
	 * The thread's own start-up system calls are over before the
	 * collector enters the sandbox, whatever the C library does.
	 */
	pthread_mutex_lock(&lw->mtx);
	while (!lw->running)
		pthread_cond_wait(&lw->done, &lw->mtx);
	pthread_mutex_unlock(&lw->mtx);
	return (0);
}

void
logwriter_attach(struct logwriter *lw, struct store_writer *w)
{
	if (!lw->running)
		return;
	w->handoff = handoff;
	w->handoff_arg = lw;
}

/*
 * Take in the thread's failures since the last look: the records rolled
 * back count as the store writer's (the "lost to write errors" counter)
 * and are logged from here.
 */
void
logwriter_collect(struct logwriter *lw, struct store_writer *w)
{
	uint64_t	nlost, nfail;
	int		err, eno;

	if (!lw->running)
		return;
	pthread_mutex_lock(&lw->mtx);
	nlost = lw->nlost;
	nfail = lw->nfailed;
	err = lw->last_err;
	eno = lw->last_errno;
	lw->nlost = lw->nfailed = 0;
	pthread_mutex_unlock(&lw->mtx);

	w->nlost += nlost;
	if (nfail > 0)
		log_warnx("log write failed, %llu batch%s (%llu records) "
		    "rolled back: %s (%s)", (unsigned long long)nfail,
		    nfail == 1 ? "" : "es", (unsigned long long)nlost,
		    store_strerror(err), strerror(eno));
}

/* With the other counters (SIGUSR2): how far the disk fell behind. */
void
logwriter_log_stats(struct logwriter *lw)
{
	uint64_t	nbat, ndir, nwait;
	u_int		maxq;

	if (!lw->running)
		return;
	pthread_mutex_lock(&lw->mtx);
	nbat = lw->total_batches;
	ndir = lw->total_direct;
	nwait = lw->total_waits;
	maxq = lw->max_queued;
	pthread_mutex_unlock(&lw->mtx);
	log_info("log writer: %llu batches (%llu with O_DIRECT), at most %u "
	    "of %d waiting for the disk, receiving paused %llu times for it",
	    (unsigned long long)nbat, (unsigned long long)ndir, maxq,
	    LOGWRITER_MAX_QUEUED, (unsigned long long)nwait);
}

/* Wait until every batch handed over is written. */
void
logwriter_drain(struct logwriter *lw, struct store_writer *w)
{
	if (!lw->running)
		return;
	pthread_mutex_lock(&lw->mtx);
	while (lw->nqueued > 0)
		pthread_cond_wait(&lw->done, &lw->mtx);
	pthread_mutex_unlock(&lw->mtx);
	logwriter_collect(lw, w);
}

/* Before the log is closed: everything written, the writer on its own. */
void
logwriter_detach(struct logwriter *lw, struct store_writer *w)
{
	if (!lw->running || w->handoff == NULL)
		return;
	(void)store_writer_flush(w);
	logwriter_drain(lw, w);
	w->handoff = NULL;
	w->handoff_arg = NULL;
}
