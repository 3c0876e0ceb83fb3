/*
 * logwriter.h: the collector's log writes on a thread of their own, so
 * that a slow disk stalls the writes and not the receiving.
 */
#ifndef FLOWD_LOGWRITER_H
#define FLOWD_LOGWRITER_H

#include <pthread.h>

#include "store.h"

/*
 * Batches waiting for the disk at most, and bytes of records in them:
 * a busy collector fills its batches (512 KiB, or 4 MiB written
 * direct), a quiet one hands over what FLUSH_MSECS gathered, so both
 * limits count.
 */
#define LOGWRITER_MAX_QUEUED	64
#define LOGWRITER_MAX_BYTES	(64 * 1024 * 1024)
/* Empty buffers kept for reuse; those of a backlog beyond go back. */
#define LOGWRITER_SPARES	4

struct lw_batch;

struct logwriter {
	pthread_t		 thread;
	pthread_mutex_t		 mtx;
	pthread_cond_t		 work;		/* a batch queued */
	pthread_cond_t		 done;		/* a batch written */
	struct lw_batch		*head, *tail;	/* queued, oldest first */
	struct lw_batch		*spare;		/* written, buffers to reuse */
	u_int			 nqueued;	/* and the one being written */
	size_t			 qbytes;	/* their records' bytes */
	u_int			 nspare;
	int			 running;
	/* Failures since the collector last looked (logwriter_collect). */
	uint64_t		 nlost;		/* records rolled back */
	uint64_t		 nfailed;	/* batches rolled back */
	int			 last_err;	/* the last failure's */
	int			 last_errno;
	/* Since start, for the statistics. */
	uint64_t		 total_batches;
	uint64_t		 total_direct;	/* of them, with O_DIRECT */
	uint64_t		 total_waits;	/* the queue was full */
	u_int			 max_queued;
};

int	logwriter_start(struct logwriter *);
void	logwriter_attach(struct logwriter *, struct store_writer *);
void	logwriter_collect(struct logwriter *, struct store_writer *);
void	logwriter_drain(struct logwriter *, struct store_writer *);
void	logwriter_detach(struct logwriter *, struct store_writer *);
void	logwriter_log_stats(struct logwriter *);

#endif
