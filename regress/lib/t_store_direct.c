/*
 * store_direct.c: a writer with STORE_W_DIRECT leaves exactly the bytes
 * an ordinary one does, batch after batch of every size, when it
 * appends to a log that does not end on a block, when something else
 * moved the end under it, and when a write fails; where the file
 * system has no O_DIRECT it writes the ordinary way.  Where it has,
 * the batches are checked to have gone out direct.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "store.h"
#include "store_test.h"

#define MAXLOG		(8 << 20)

/* Can this directory's file system take an aligned O_DIRECT write? */
static int
direct_here(void)
{
#ifdef O_DIRECT
	void	*p;
	int	 fd, ok;

	fd = open("probe", O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT, 0600);
	if (fd == -1)
		return (0);
	ATF_REQUIRE(posix_memalign(&p, 4096, 4096) == 0);
	memset(p, 0, 4096);
	ok = write(fd, p, 4096) == 4096;
	free(p);
	close(fd);
	unlink("probe");
	return (ok);
#else
	return (0);
#endif
}

static int
open_log(const char *path, int trunc)
{
	int	fd;

	fd = open(path, O_RDWR | O_CREAT | O_APPEND | (trunc ? O_TRUNC : 0),
	    0600);
	ATF_REQUIRE(fd != -1);
	return (fd);
}

/* Records first..first+n, with flushes where "cut" says. */
static void
put_range(struct store_writer *w, int first, int n, int (*cut)(int))
{
	struct flow	f;
	int		i;

	for (i = first; i < first + n; i++) {
		test_full_flow(&f, i & 1);
		f.flow_sequence = i;
		f.octets = (uint64_t)i * 7919;
		ATF_REQUIRE_EQ(store_writer_put(w, &f), STORE_OK);
		if (cut != NULL && cut(i))
			ATF_REQUIRE_EQ(store_writer_flush(w), STORE_OK);
	}
}

/*
 * Batches of 1 record (less than a block), of a few blocks, and long
 * runs that the buffer alone cuts.
 */
static int
cut_mixed(int i)
{
	if (i < 200)
		return (1);
	if (i < 2000)
		return (i % 37 == 0);
	return (i % 1013 == 0);
}

static uint8_t *
slurp(const char *path, size_t *len)
{
	uint8_t	*p;
	ssize_t	 n;
	int	 fd;

	ATF_REQUIRE((p = malloc(MAXLOG)) != NULL);
	ATF_REQUIRE((fd = open(path, O_RDONLY)) != -1);
	n = read(fd, p, MAXLOG);
	close(fd);
	ATF_REQUIRE(n >= 0 && n < MAXLOG);
	*len = (size_t)n;
	return (p);
}

static void
same_files(const char *a, const char *b)
{
	uint8_t	*pa, *pb;
	size_t	 na, nb;

	pa = slurp(a, &na);
	pb = slurp(b, &nb);
	ATF_REQUIRE_EQ(na, nb);
	ATF_CHECK(memcmp(pa, pb, na) == 0);
	free(pa);
	free(pb);
}

/* Records in a log, *last the reader's last word (EOF at the end). */
static int
read_all_count(const char *path, int *last)
{
	struct store_reader	r;
	struct store_rec	rec;
	struct flow		f;
	int			fd, n = 0, e;

	ATF_REQUIRE((fd = open(path, O_RDONLY)) != -1);
	ATF_REQUIRE_EQ(store_reader_open(&r, fd, 0, 0), STORE_OK);
	while ((e = store_reader_next(&r, &f, &rec)) == STORE_OK) {
		ATF_REQUIRE_EQ(f.flow_sequence, (uint32_t)n);
		n++;
	}
	*last = e;
	store_reader_close(&r);
	close(fd);
	return (n);
}

/* The same records both ways, with the given writer flags besides. */
static uint64_t
write_both(int n, size_t bufsize, int flags)
{
	struct store_writer	w;
	uint64_t		ndirect;
	int			fd;

	fd = open_log("ordinary", 1);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, FLOW_ALL, bufsize, flags),
	    STORE_OK);
	put_range(&w, 0, n, cut_mixed);
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	close(fd);

	fd = open_log("direct", 1);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, FLOW_ALL, bufsize,
	    flags | STORE_W_DIRECT), STORE_OK);
	put_range(&w, 0, n, cut_mixed);
	ndirect = w.ndirect;
	ATF_REQUIRE_EQ(w.nlost, 0);
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	close(fd);
	same_files("ordinary", "direct");
	return (ndirect);
}

ATF_TC_WITHOUT_HEAD(same_bytes_every_batch_size);
ATF_TC_BODY(same_bytes_every_batch_size, tc)
{
	uint64_t	nd;
	int		e;

	nd = write_both(20000, 64 * 1024, 0);
	if (direct_here())
		ATF_CHECK(nd > 100);
	else
		ATF_CHECK_EQ(nd, 0);
	ATF_CHECK_EQ(read_all_count("direct", &e), 20000);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
	/* The collector's way: checksums at flush, and the big buffer. */
	nd = write_both(20000, STORE_WBUF_MAX, STORE_W_SEAL_LATER);
	if (direct_here())
		ATF_CHECK(nd > 0);
	ATF_CHECK_EQ(read_all_count("direct", &e), 20000);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
}

/*
 * Appending to a log that ends inside a block: its last partial block
 * is read back and written again unchanged; and the descriptor has its
 * O_APPEND again, O_DIRECT off, once the writer is closed.
 */
ATF_TC_WITHOUT_HEAD(append_to_partial_block);
ATF_TC_BODY(append_to_partial_block, tc)
{
	struct store_writer	w;
	int			fd, k, fl;

	for (k = 0; k < 2; k++) {
		fd = open_log(k ? "direct" : "ordinary", 1);
		ATF_REQUIRE_EQ(store_writer_open(&w, fd, FLOW_ALL, 0, 0),
		    STORE_OK);
		put_range(&w, 0, 37, NULL);
		ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
		ATF_REQUIRE_EQ(store_writer_open(&w, fd, FLOW_ALL, 64 * 1024,
		    k ? STORE_W_DIRECT : 0), STORE_OK);
		put_range(&w, 37, 5000, cut_mixed);
		ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
		fl = fcntl(fd, F_GETFL);
		ATF_CHECK(fl & O_APPEND);
#ifdef O_DIRECT
		ATF_CHECK(!(fl & O_DIRECT));
#endif
		close(fd);
	}
	same_files("ordinary", "direct");
}

/*
 * Something else appends between two batches: the end is no longer
 * where the writer's records were placed for (a memmove) nor where
 * its carry came from (read back).  Nothing is overwritten.
 */
ATF_TC_WITHOUT_HEAD(end_moved_underneath);
ATF_TC_BODY(end_moved_underneath, tc)
{
	struct store_writer	w, x;
	int			fd, fx, k;

	for (k = 0; k < 2; k++) {
		fd = open_log(k ? "direct" : "ordinary", 1);
		ATF_REQUIRE_EQ(store_writer_open(&w, fd, FLOW_ALL, 64 * 1024,
		    k ? STORE_W_DIRECT : 0), STORE_OK);
		put_range(&w, 0, 300, cut_mixed);
		ATF_REQUIRE_EQ(store_writer_flush(&w), STORE_OK);
		/* Records waiting in w's buffer while another one writes. */
		put_range(&w, 300, 50, NULL);
		fx = open_log(k ? "direct" : "ordinary", 0);
		ATF_REQUIRE_EQ(store_writer_open(&x, fx, FLOW_ALL, 0, 0),
		    STORE_OK);
		put_range(&x, 100000, 3, NULL);
		ATF_REQUIRE_EQ(store_writer_close(&x), STORE_OK);
		close(fx);
		put_range(&w, 350, 3000, cut_mixed);
		ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
		close(fd);
	}
	same_files("ordinary", "direct");
}

/* Bytes that records first..first+n take, written the ordinary way. */
static off_t
range_len(int first, int n)
{
	struct store_writer	w;
	struct stat		st;
	int			fd;

	fd = open_log("measure", 1);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, 0, 1 << 20, 0), STORE_OK);
	put_range(&w, first, n, NULL);
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	ATF_REQUIRE(fstat(fd, &st) == 0);
	close(fd);
	return (st.st_size);
}

/* One batch of records first..first+n that fails at "limit" bytes. */
static void
fail_batch(struct store_writer *w, int first, int n, off_t limit)
{
	struct rlimit	rl, old;
	struct stat	st;
	off_t		before;
	uint64_t	lost = w->nlost;
	int		r, e;

	ATF_REQUIRE(fstat(w->fd, &st) == 0);
	before = st.st_size;
	ATF_REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
	rl = old;
	rl.rlim_cur = limit;
	ATF_REQUIRE(setrlimit(RLIMIT_FSIZE, &rl) == 0);
	put_range(w, first, n, NULL);
	r = store_writer_flush(w);
	e = errno;
	ATF_REQUIRE(setrlimit(RLIMIT_FSIZE, &old) == 0);
	ATF_CHECK_EQ(r, STORE_ERR_PARTIAL);
	ATF_CHECK(e == EFBIG || e == ENOSPC);
	ATF_CHECK_EQ(w->nlost - lost, (uint64_t)n);
	ATF_REQUIRE(fstat(w->fd, &st) == 0);
	ATF_CHECK_EQ(st.st_size, before);
}

/*
 * A batch that fails (here RLIMIT_FSIZE, like a full disk) is rolled
 * back to the record before it, and later batches follow on: once
 * where the direct part went out and the tail did not, once where the
 * limit cut the direct part itself (which the kernel then refuses as
 * misaligned: the writer goes on the ordinary way).
 */
ATF_TC_WITHOUT_HEAD(rollback_failed_batch);
ATF_TC_BODY(rollback_failed_batch, tc)
{
	struct store_writer	w;
	struct stat		st;
	off_t			len, blk, body;
	uint64_t		nd;
	int			fd, direct = direct_here();

	signal(SIGXFSZ, SIG_IGN);
	len = range_len(999, 2000);
	fd = open_log("direct", 1);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, 0, 1 << 20, STORE_W_DIRECT),
	    STORE_OK);
	put_range(&w, 0, 999, NULL);
	ATF_REQUIRE_EQ(store_writer_flush(&w), STORE_OK);
	ATF_REQUIRE(fstat(fd, &st) == 0);
	ATF_REQUIRE(st.st_size % 4096 != 0);

	/* Room for the whole blocks, not for the tail after them. */
	blk = st.st_size - st.st_size % 4096;
	body = (st.st_size % 4096 + len) / 4096 * 4096;
	ATF_REQUIRE(st.st_size + len - (blk + body) > 1);
	nd = w.ndirect;
	fail_batch(&w, 999, 2000, blk + body + 1);
	ATF_CHECK_EQ(w.ndirect, nd);
	put_range(&w, 2999, 1500, cut_mixed);
	ATF_REQUIRE_EQ(store_writer_flush(&w), STORE_OK);
	if (direct)
		ATF_CHECK(w.ndirect > nd);

	ATF_REQUIRE(fstat(fd, &st) == 0);
	fail_batch(&w, 999, 2000, st.st_size + 3 * 4096 + 100);
	nd = w.ndirect;
	put_range(&w, 4499, 1500, cut_mixed);
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	close(fd);

	/* The same log written without the failed batches. */
	fd = open_log("ordinary", 1);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, 0, 1 << 20, 0), STORE_OK);
	put_range(&w, 0, 999, NULL);
	put_range(&w, 2999, 3000, NULL);
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	close(fd);
	same_files("ordinary", "direct");
}

/*
 * Batches the caller sends through the page cache (the log writer
 * thread does while others wait behind them), between direct ones:
 * the direct batch after one starts from a carry it has to read back.
 */
ATF_TC_WITHOUT_HEAD(some_batches_through_page_cache);
ATF_TC_BODY(some_batches_through_page_cache, tc)
{
	struct store_writer	w;
	uint64_t		nd;
	int			fd, i, e;

	fd = open_log("ordinary", 1);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, FLOW_ALL, 64 * 1024, 0),
	    STORE_OK);
	put_range(&w, 0, 6000, NULL);
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	close(fd);

	fd = open_log("direct", 1);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, FLOW_ALL, 64 * 1024,
	    STORE_W_DIRECT), STORE_OK);
	for (i = 0; i < 6000; i += 500) {
		if ((i / 500) % 3 == 1)
			w.flags &= ~STORE_W_DIRECT;
		nd = w.ndirect;
		put_range(&w, i, 500, NULL);
		ATF_REQUIRE_EQ(store_writer_flush(&w), STORE_OK);
		if (!(w.flags & STORE_W_DIRECT))
			ATF_CHECK_EQ(w.ndirect, nd);
		else if (direct_here())
			ATF_CHECK(w.ndirect > nd);
		w.flags |= STORE_W_DIRECT;
	}
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	close(fd);
	same_files("ordinary", "direct");
	ATF_CHECK_EQ(read_all_count("direct", &e), 6000);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
}

/* A pipe has no O_DIRECT and no blocks: the ordinary stream. */
ATF_TC_WITHOUT_HEAD(pipe_stays_ordinary);
ATF_TC_BODY(pipe_stays_ordinary, tc)
{
	struct store_writer	w;
	uint8_t			buf[65536];
	ssize_t			n;
	size_t			total = 0;
	int			p[2];

	ATF_REQUIRE(pipe(p) == 0);
	ATF_REQUIRE_EQ(store_writer_open(&w, p[1], 0, 4096, STORE_W_DIRECT),
	    STORE_OK);
	ATF_CHECK(w.dio == NULL);
	put_range(&w, 0, 100, NULL);
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		total += (size_t)n;
	close(p[0]);
	ATF_CHECK_EQ(w.ndirect, 0);
	ATF_CHECK_EQ(w.nrecords, 100);
	ATF_CHECK(total > 100 * 100);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, same_bytes_every_batch_size);
	ATF_TP_ADD_TC(tp, append_to_partial_block);
	ATF_TP_ADD_TC(tp, end_moved_underneath);
	ATF_TP_ADD_TC(tp, rollback_failed_batch);
	ATF_TP_ADD_TC(tp, some_batches_through_page_cache);
	ATF_TP_ADD_TC(tp, pipe_stays_ordinary);
	return (atf_no_error());
}
