/*
 * collector.c: the unprivileged process that does the work.  It drops
 * to the flowd user inside the chroot, enters the sandbox, then loops:
 * read every listener in batches, run each datagram through the
 * pipeline, and hand the records in large batches to its log writer
 * thread (logwriter.c), which writes them while the loop goes on
 * receiving: when the buffer fills, or at the latest FLUSH_MSECS after
 * the first record that is waiting (one write per datagram would cost
 * more than the decoding at a few ten thousand datagrams a second).
 * After a wake-up that emptied the sockets having found less than a
 * batch, it lets datagrams gather for GATHER_USECS before polling
 * again, so that a steady stream is read in batches rather than one
 * wake-up (and its system calls) per datagram, which cost more than
 * all the decoding and storing of its flows.  It asks the parent for
 * the log and logsock descriptors (at start, on SIGUSR1 for rotation,
 * and after a reload), and takes new listeners and rules from the
 * parent on SIGHUP.  Nothing it has buffered is lost on SIGTERM,
 * SIGUSR1 or a reload: it is written out, and the writer thread
 * drained, first.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "daemon.h"
#include "listen.h"
#include "log.h"
#include "logwriter.h"
#include "privsep_msg.h"
#include "recv_batch.h"
#include "sandbox.h"
#include "sigpipe.h"

/* Batches read from one listener before the others get their turn. */
#define ROUNDS_PER_LISTENER	8
/* Records wait in memory at most this long before they are written. */
#define FLUSH_MSECS		100
/*
 * How long datagrams gather after a wake-up that emptied the sockets,
 * and the smallest receive buffer that allows it: 1 MiB holds about 400
 * export datagrams, which would take 400,000 a second to overflow in
 * that time (and a stream that fast never lets the sockets empty).
 */
#define GATHER_USECS		1000
#define GATHER_MIN_RCVBUF	(1024 * 1024)
/* How long a missing logsock consumer is left alone before a retry. */
#define LOGSOCK_RETRY_SECS	30

struct collector;
static void	reconf_message(struct collector *);

struct collector {
	const struct flowd_opts	*opts;
	int			 psock;
	struct flowd_config	 conf;
	struct pipeline		 pl;
	struct store_writer	 writer;
	int			 have_writer;
	struct logwriter	 lw;		/* writes writer's batches */
	struct recv_batch	*rb;
	u_int			 rbn;		/* its size */
	int			*lfd;
	struct recv_drops	*ldrops;	/* one per listener */
	size_t			 nlfd;
	int			*ffd;
	size_t			 nffd;
	uint64_t		 drops_before;	/* of listeners closed */
	int			 drops_partial;	/* SO_MEMINFO refused */
	struct timespec		 flush_at;	/* when buffered records go */
	int			 flush_armed;
	int			 gather;	/* buffers big enough to nap */
	time_t			 logsock_retry;
	/* A reload being received from the parent. */
	int			 in_reconf;
	int			 reconf_ready;
	int			*new_lfd;
	size_t			 new_nlfd;
	int			*new_ffd;
	size_t			 new_nffd;
	char			*new_text;
	size_t			 new_tlen;
	struct psmsg		 msg;
};

static int
fd_append(int **v, size_t *n, int fd)
{
	int	*nv;

	if ((nv = reallocarray(*v, *n + 1, sizeof(**v))) == NULL)
		return (-1);
	nv[(*n)++] = fd;
	*v = nv;
	return (0);
}

static void
fds_close(int *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		close(v[i]);
	free(v);
}

static void
flush_log(struct collector *cl)
{
	int	r;

	cl->flush_armed = 0;
	if (!cl->have_writer)
		return;
	if ((r = store_writer_flush(&cl->writer)) != STORE_OK)
		log_warnx("log write failed, batch rolled back: %s (%s)",
		    store_strerror(r), strerror(errno));
}

/* Everything buffered or queued is in the file (for counts, close). */
static void
flush_log_wait(struct collector *cl)
{
	flush_log(cl);
	if (cl->have_writer)
		logwriter_drain(&cl->lw, &cl->writer);
}

/* Start the clock on records that were just buffered. */
static void
flush_arm(struct collector *cl)
{
	if (cl->flush_armed || !cl->have_writer || cl->writer.len == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &cl->flush_at);
	cl->flush_at.tv_nsec += (long)FLUSH_MSECS * 1000000L;
	if (cl->flush_at.tv_nsec >= 1000000000L) {
		cl->flush_at.tv_sec++;
		cl->flush_at.tv_nsec -= 1000000000L;
	}
	cl->flush_armed = 1;
}

/* Milliseconds poll(2) may sleep: until the flush is due, or long. */
static int
flush_wait(struct collector *cl)
{
	struct timespec	now;
	long long	ms;

	if (!cl->flush_armed)
		return (1000);
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(cl->flush_at.tv_sec - now.tv_sec) * 1000 +
	    (cl->flush_at.tv_nsec - now.tv_nsec) / 1000000;
	if (ms <= 0) {
		flush_log(cl);
		return (1000);
	}
	return ((int)ms);
}

/* Bring every listener's drop count up to this moment. */
static uint64_t
kernel_drops(struct collector *cl)
{
	uint64_t	n = cl->drops_before;
	size_t		i;

	for (i = 0; i < cl->nlfd; i++) {
		if (recv_drops_update(cl->lfd[i], &cl->ldrops[i]) == -1)
			cl->drops_partial = 1;
		n += cl->ldrops[i].total;
	}
	return (n);
}

/* Whether every listener can hold GATHER_USECS of a fast stream. */
static int
gather_ok(struct collector *cl)
{
	size_t	i;

	for (i = 0; i < cl->nlfd; i++)
		if (listen_rcvbuf(cl->lfd[i]) < GATHER_MIN_RCVBUF)
			return (0);
	return (1);
}

/* Wait for the parent's answer to a request (nothing else is pending). */
static int
ask_parent(struct collector *cl, uint32_t req, uint32_t want, int *fd)
{
	int	e;

	*fd = -1;
	if (psmsg_send(cl->psock, req, NULL, 0, -1) == -1)
		fatal("request to parent");
	for (;;) {
		if (psmsg_recv(cl->psock, &cl->msg) != 1)
			fatalx("parent went away");
		if (cl->msg.type == want)
			break;
		/* A reload the parent started meanwhile. */
		reconf_message(cl);
	}
	if (psmsg_get(&cl->msg, &e, sizeof(e)) == -1)
		fatalx("malformed answer %u from parent", cl->msg.type);
	*fd = cl->msg.fd;
	cl->msg.fd = -1;
	return (e);
}

static void
open_log(struct collector *cl)
{
	int	fd, e, r;

	if (cl->have_writer) {
		logwriter_detach(&cl->lw, &cl->writer);
		if ((r = store_writer_close(&cl->writer)) != STORE_OK)
			log_warnx("closing log: %s", store_strerror(r));
		close(cl->writer.fd);
		cl->have_writer = 0;
		cl->pl.writer = NULL;
	}
	if (cl->conf.logfile == NULL)
		return;
	if ((e = ask_parent(cl, M_OPEN_LOG, M_LOG_FD, &fd)) != 0 || fd == -1)
		fatalx("cannot open log %s: %s", cl->conf.logfile,
		    strerror(e ? e : EIO));
	/* The log writer thread computes the CRCs, off the receive path. */
	if ((r = store_writer_open(&cl->writer, fd, cl->conf.store_mask,
	    cl->conf.log_direct ? STORE_WBUF_MAX : STORE_WBUF_LARGE,
	    (cl->conf.log_direct ? STORE_W_DIRECT : 0) | STORE_W_DROPBEHIND |
	    STORE_W_SEAL_LATER)) != STORE_OK)
		fatalx("log %s: %s", cl->conf.logfile, store_strerror(r));
	logwriter_attach(&cl->lw, &cl->writer);
	cl->have_writer = 1;
	cl->pl.writer = &cl->writer;
}

/* A missing logsock consumer is logged, never fatal: retried later. */
static void
open_logsock(struct collector *cl)
{
	int	fd, e;

	if (cl->pl.logsock != -1) {
		close(cl->pl.logsock);
		cl->pl.logsock = -1;
	}
	if (cl->conf.logsock == NULL)
		return;
	e = ask_parent(cl, M_OPEN_LOGSOCK, M_LOGSOCK_FD, &fd);
	if (e != 0 || fd == -1) {
		log_warnx("logsock %s: %s; retrying in %d s", cl->conf.logsock,
		    strerror(e ? e : EIO), LOGSOCK_RETRY_SECS);
		cl->logsock_retry = time(NULL) + LOGSOCK_RETRY_SECS;
		return;
	}
	cl->pl.logsock = fd;
	cl->logsock_retry = 0;
}

static void
reconf_reset(struct collector *cl)
{
	fds_close(cl->new_lfd, cl->new_nlfd);
	fds_close(cl->new_ffd, cl->new_nffd);
	free(cl->new_text);
	cl->new_lfd = cl->new_ffd = NULL;
	cl->new_nlfd = cl->new_nffd = 0;
	cl->new_text = NULL;
	cl->in_reconf = 0;
	cl->reconf_ready = 0;
}

/* The parent sent a complete new config: switch to it. */
static void
reconf_apply(struct collector *cl)
{
	struct flowd_config	 nc;
	struct recv_drops	*nd;
	struct stat		*ost = NULL, st;
	size_t			 i, j;

	if (cl->new_text == NULL ||
	    conf_load_text(cl->new_text, cl->new_tlen, &nc) == -1) {
		log_warnx("reload: new config not usable, keeping the old");
		conf_clear(&nc);
		reconf_reset(cl);
		return;
	}
	flush_log(cl);
	if ((nd = calloc(cl->new_nlfd ? cl->new_nlfd : 1,
	    sizeof(*nd))) == NULL ||
	    (ost = calloc(cl->nlfd ? cl->nlfd : 1, sizeof(*ost))) == NULL)
		fatal("reload");
	/*
	 * Kernel drops of the old descriptors stay counted.  A listener
	 * the parent kept is the same socket under a new descriptor: its
	 * running count goes on from where it was, not from 0.
	 */
	cl->drops_before = kernel_drops(cl);
	for (i = 0; i < cl->nlfd; i++)
		if (fstat(cl->lfd[i], &ost[i]) == -1)
			ost[i].st_ino = 0;
	for (j = 0; j < cl->new_nlfd; j++) {
		if (fstat(cl->new_lfd[j], &st) == -1)
			continue;
		for (i = 0; i < cl->nlfd; i++)
			if (ost[i].st_ino != 0 && ost[i].st_ino == st.st_ino &&
			    ost[i].st_dev == st.st_dev)
				nd[j].last = cl->ldrops[i].last;
	}
	free(ost);
	for (i = 0; i < cl->nlfd; i++)
		close(cl->lfd[i]);
	free(cl->lfd);
	free(cl->ldrops);
	cl->ldrops = nd;
	fds_close(cl->ffd, cl->nffd);
	cl->lfd = cl->new_lfd;
	cl->nlfd = cl->new_nlfd;
	cl->ffd = cl->new_ffd;
	cl->nffd = cl->new_nffd;
	cl->new_lfd = cl->new_ffd = NULL;
	cl->new_nlfd = cl->new_nffd = 0;
	if (pipeline_reconfigure(&cl->pl, &nc) == -1) {
		log_warnx("reload: cannot compile the rules, keeping the old");
		conf_clear(&nc);
	} else {
		conf_clear(&cl->conf);
		cl->conf = nc;
		cl->pl.conf = &cl->conf;
	}
	cl->pl.forward = cl->ffd;
	cl->pl.nforward = cl->nffd;
	cl->gather = gather_ok(cl);
	free(cl->new_text);
	cl->new_text = NULL;
	cl->in_reconf = 0;
	cl->reconf_ready = 0;
	open_log(cl);
	open_logsock(cl);
	log_info("reloaded: %zu listeners, %zu rules", cl->nlfd,
	    filter_nrules(cl->pl.filter));
}

/* A reload message; the switch happens later, from the main loop. */
static void
reconf_message(struct collector *cl)
{
	struct psmsg	*m = &cl->msg;

	switch (m->type) {
	case M_RECONF_BEGIN:
		reconf_reset(cl);
		cl->in_reconf = 1;
		break;
	case M_RECONF_LISTENER:
	case M_RECONF_FORWARD:
		if (!cl->in_reconf || m->fd == -1 || m->len != 0)
			fatalx("unexpected reload message");
		if (fd_append(m->type == M_RECONF_LISTENER ? &cl->new_lfd :
		    &cl->new_ffd, m->type == M_RECONF_LISTENER ?
		    &cl->new_nlfd : &cl->new_nffd, m->fd) == -1)
			fatal("reload");
		m->fd = -1;
		break;
	case M_RECONF_TEXT:
		if (!cl->in_reconf || cl->new_text != NULL ||
		    (cl->new_text = malloc(m->len + 1)) == NULL)
			fatalx("unexpected reload text");
		memcpy(cl->new_text, m->buf, m->len);
		cl->new_text[m->len] = '\0';
		cl->new_tlen = m->len;
		break;
	case M_RECONF_END:
		if (!cl->in_reconf)
			fatalx("unexpected reload end");
		cl->reconf_ready = 1;
		break;
	default:
		fatalx("unexpected message %u from parent", m->type);
	}
}

static void
parent_message(struct collector *cl)
{
	int	r;

	if ((r = psmsg_recv(cl->psock, &cl->msg)) == 0) {
		flush_log_wait(cl);
		fatalx("parent closed the connection");
	}
	if (r == -1)
		fatal("message from parent");
	reconf_message(cl);
}

/*
 * Read one listener, up to ROUNDS_PER_LISTENER batches, adding the
 * datagrams read to *count.  Returns -1 if it had nothing, 0 if it was
 * emptied, 1 if more may be waiting.
 */
static int
read_listener(struct collector *cl, size_t li, u_int *count)
{
	const struct recv_slot	*s;
	struct timeval		 now;
	int			 n, i, round, full = 0;

	for (round = 0; round < ROUNDS_PER_LISTENER; round++) {
		if ((n = recv_batch_read(cl->rb, cl->lfd[li],
		    &cl->ldrops[li])) <= 0) {
			if (n == -1 && errno != ECONNREFUSED)
				log_warn("receive");
			return (round == 0 ? -1 : 0);
		}
		full = (u_int)n == cl->rbn;
		*count += (u_int)n;
		gettimeofday(&now, NULL);
		for (i = 0; i < n; i++) {
			s = recv_batch_slot(cl->rb, (u_int)i);
			if (s->truncated) {
				cl->pl.st.datagrams++;
				cl->pl.st.truncated++;
				continue;
			}
			pipeline_datagram(&cl->pl, s->data, s->len,
			    (const struct sockaddr *)&s->from, s->fromlen,
			    &now);
		}
		if (!full)
			return (0);
	}
	return (1);
}

static void
log_stats(struct collector *cl)
{
	pipeline_log_stats(&cl->pl, kernel_drops(cl));
	logwriter_log_stats(&cl->lw);
	if (cl->drops_partial)
		log_info("kernel drops may be counted short: this system "
		    "reports them only with each datagram, or not at all");
}

/* Signals arrive through a pipe so poll(2) wakes up for them. */
static int
setup_signals(void)
{
	static const int caught[] = { SIGTERM, SIGINT, SIGUSR1, SIGUSR2,
#ifdef SIGINFO
	    SIGINFO,
#endif
	    0 };
	/* The parent handles reloads. */
	static const int ignored[] = { SIGHUP, SIGPIPE, 0 };

	return (sigpipe_open(caught, ignored));
}

__dead void
collector_main(const struct flowd_opts *o, int psock, char *text,
    size_t tlen, int *lfd, size_t nlfd, int *ffd, size_t nffd)
{
	struct collector	 cl;
	struct pollfd		*pfd = NULL;
	struct timespec		 nap;
	unsigned char		 sig;
	size_t			 i, npfd = 0;
	int			 sigr, n, r, more, stop = 0;
	u_int			 got;

	memset(&cl, 0, sizeof(cl));
	cl.opts = o;
	cl.psock = psock;
	cl.lfd = lfd;
	cl.nlfd = nlfd;
	cl.ffd = ffd;
	cl.nffd = nffd;
	if ((cl.ldrops = calloc(nlfd ? nlfd : 1, sizeof(*cl.ldrops))) == NULL)
		fatal(NULL);
	setproctitle("collector");
	log_procinit("collector");
	if (psmsg_init(&cl.msg) == -1)
		fatal(NULL);
	if (conf_load_text(text, tlen, &cl.conf) == -1)
		fatalx("cannot read the canonical config");
	free(text);
	if (pipeline_init(&cl.pl, &cl.conf) == -1)
		fatal("pipeline");
	cl.pl.forward = cl.ffd;
	cl.pl.nforward = cl.nffd;
	cl.rbn = cl.conf.recv_batch ? cl.conf.recv_batch :
	    FLOWD_DEF_RECV_BATCH;
	if ((cl.rb = recv_batch_new(cl.rbn)) == NULL)
		fatal("receive buffers");
	cl.gather = gather_ok(&cl);
	if ((sigr = setup_signals()) == -1)
		fatal("signals");

	if (geteuid() == 0 && !o->insecure) {
		if (drop_privileges(cl.conf.user ? cl.conf.user : FLOWD_USER,
		    cl.conf.chroot ? cl.conf.chroot : FLOWD_CHROOT, 1) == -1)
			fatalx("cannot drop privileges");
	}
	/* Before the sandbox, which refuses new threads and processes. */
	if (logwriter_start(&cl.lw) == -1)
		fatal("log writer thread");
	if (sandbox_collector() == -1) {
		if (!o->insecure)
			fatal("sandbox (%s)", sandbox_name());
		log_warn("sandbox (%s) not entered", sandbox_name());
	}
	open_log(&cl);
	open_logsock(&cl);
	log_info("collecting on %zu listeners (sandbox: %s)", cl.nlfd,
	    sandbox_name());

	while (!stop) {
		if (npfd != cl.nlfd + 2) {
			free(pfd);
			npfd = cl.nlfd + 2;
			if ((pfd = calloc(npfd, sizeof(*pfd))) == NULL)
				fatal(NULL);
		}
		pfd[0].fd = sigr;
		pfd[0].events = POLLIN;
		pfd[1].fd = cl.psock;
		pfd[1].events = POLLIN;
		for (i = 0; i < cl.nlfd; i++) {
			pfd[i + 2].fd = cl.lfd[i];
			pfd[i + 2].events = POLLIN;
		}
		/* With data buffered, sleep no longer than it may wait. */
		n = poll(pfd, npfd, flush_wait(&cl));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		got = more = 0;
		for (i = 2; i < npfd && i - 2 < cl.nlfd; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLERR)))
				continue;
			if ((r = read_listener(&cl, i - 2, &got)) == 1)
				more = 1;
		}
		/* Nothing came in for a while: write what is waiting. */
		if (n == 0)
			flush_log(&cl);
		flush_arm(&cl);
		if (cl.have_writer)
			logwriter_collect(&cl.lw, &cl.writer);
		if (cl.logsock_retry != 0 && time(NULL) >= cl.logsock_retry)
			open_logsock(&cl);
		if (pfd[1].revents & (POLLIN | POLLHUP))
			parent_message(&cl);
		if (cl.reconf_ready)
			reconf_apply(&cl);
		if (pfd[0].revents & POLLIN) {
			while (read(sigr, &sig, 1) == 1) {
				switch (sig) {
				case SIGTERM:
				case SIGINT:
					stop = 1;
					break;
				case SIGUSR1:
					log_info("reopening the log");
					open_log(&cl);
					open_logsock(&cl);
					break;
				default:
					/*
					 * Hand over what is buffered, but do
					 * not wait for a disk that may be the
					 * very thing being looked into.
					 */
					flush_log(&cl);
					logwriter_collect(&cl.lw, &cl.writer);
					log_stats(&cl);
					break;
				}
			}
		}
		/*
		 * A wake-up that found a whole batch waiting was not woken
		 * by a trickle: the nap would only add a sleep to the poll.
		 */
		if (got > 0 && got < cl.rbn && !more && cl.gather && !stop) {
			nap.tv_sec = 0;
			nap.tv_nsec = GATHER_USECS * 1000L;
			(void)nanosleep(&nap, NULL);
		}
	}
	flush_log_wait(&cl);
	log_stats(&cl);
	if (cl.have_writer) {
		logwriter_detach(&cl.lw, &cl.writer);
		(void)store_writer_close(&cl.writer);
	}
	log_info("exiting");
	exit(0);
}
