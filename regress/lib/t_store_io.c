/*
 * store_io.c: the writer and reader on real files and pipes: batches,
 * rollback of a failing write, legacy refusal, partial and corrupt
 * data, resync, and following a growing log.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "store.h"
#include "store_test.h"

#define V5_RECLEN	116

static int
make_log(const char *path, int n, size_t bufsize)
{
	struct store_writer	w;
	struct flow		f;
	int			fd, i;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 0600);
	ATF_REQUIRE(fd != -1);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, 0, bufsize, 0), STORE_OK);
	for (i = 0; i < n; i++) {
		test_v5_flow(&f);
		f.flow_sequence = i;
		ATF_REQUIRE_EQ(store_writer_put(&w, &f), STORE_OK);
	}
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	ATF_REQUIRE_EQ(w.nrecords, (uint64_t)n);
	close(fd);
	return (n);
}

/* Read path to the end; returns the count, sets *last to the error. */
static int
read_all(const char *path, int flags, int *last, struct store_reader *out,
    uint32_t *seqs, int maxseqs)
{
	struct store_reader	r;
	struct store_rec	rec;
	struct flow		f;
	int			fd, n = 0, e;

	fd = open(path, O_RDONLY);
	ATF_REQUIRE(fd != -1);
	ATF_REQUIRE_EQ(store_reader_open(&r, fd, flags, 0), STORE_OK);
	while ((e = store_reader_next(&r, &f, &rec)) == STORE_OK) {
		if (seqs != NULL && n < maxseqs)
			seqs[n] = f.flow_sequence;
		n++;
	}
	*last = e;
	store_reader_close(&r);
	if (out != NULL)
		*out = r;
	close(fd);
	return (n);
}

static uint32_t
get32be(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static off_t
file_size(const char *path)
{
	struct stat	sb;

	ATF_REQUIRE(stat(path, &sb) == 0);
	return (sb.st_size);
}

ATF_TC_WITHOUT_HEAD(round_trip_batches);
ATF_TC_BODY(round_trip_batches, tc)
{
	uint32_t	seq[20000];
	int		e, i;

	/* A small buffer forces many batches. */
	make_log("log", 20000, 4096);
	ATF_CHECK_EQ(file_size("log"), 20000 * V5_RECLEN);
	ATF_REQUIRE_EQ(read_all("log", 0, &e, NULL, seq, 20000), 20000);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
	for (i = 0; i < 20000; i++)
		ATF_REQUIRE_EQ(seq[i], (uint32_t)i);
}

/*
 * A writer that seals at flush (the collector's) writes exactly the
 * bytes of one that checksums each record as it is put: every field
 * set, IPv4 and IPv6, batches of every size.
 */
ATF_TC_WITHOUT_HEAD(seal_later_same_bytes);
ATF_TC_BODY(seal_later_same_bytes, tc)
{
	struct store_writer	w;
	struct flow		f;
	static uint8_t		a[1 << 20], b[1 << 20];
	const char		*path[2] = { "now", "later" };
	ssize_t			na, nb;
	int			fd, i, k;

	for (k = 0; k < 2; k++) {
		fd = open(path[k], O_RDWR | O_CREAT | O_TRUNC, 0600);
		ATF_REQUIRE(fd != -1);
		ATF_REQUIRE_EQ(store_writer_open(&w, fd, FLOW_ALL, 4096,
		    k ? STORE_W_SEAL_LATER : 0), STORE_OK);
		for (i = 0; i < 3000; i++) {
			test_full_flow(&f, i & 1);
			f.flow_sequence = i;
			f.octets = (uint64_t)i * 7919;
			ATF_REQUIRE_EQ(store_writer_put(&w, &f), STORE_OK);
			if (i % 97 == 0)
				ATF_REQUIRE_EQ(store_writer_flush(&w), STORE_OK);
		}
		ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
		close(fd);
	}
	ATF_REQUIRE((fd = open("now", O_RDONLY)) != -1);
	na = read(fd, a, sizeof(a));
	close(fd);
	ATF_REQUIRE((fd = open("later", O_RDONLY)) != -1);
	nb = read(fd, b, sizeof(b));
	close(fd);
	ATF_REQUIRE(na > 3000 * 100 && na < (ssize_t)sizeof(a));
	ATF_REQUIRE_EQ(na, nb);
	ATF_CHECK(memcmp(a, b, na) == 0);
	ATF_REQUIRE_EQ(read_all("later", 0, &i, NULL, NULL, 0), 3000);
	ATF_CHECK_EQ(i, STORE_ERR_EOF);
}

/* A batch that does not end on a record boundary is not ours to seal. */
ATF_TC_WITHOUT_HEAD(seal_refuses_torn_batch);
ATF_TC_BODY(seal_refuses_torn_batch, tc)
{
	struct flow	f;
	uint8_t		buf[2 * STORE_MAX_RECORD];
	size_t		n1, n2;

	test_full_flow(&f, 0);
	ATF_REQUIRE_EQ(store_flow_serialise_unsealed(&f, FLOW_ALL, buf,
	    sizeof(buf), &n1), STORE_OK);
	ATF_REQUIRE_EQ(store_flow_serialise_unsealed(&f, FLOW_ALL,
	    buf + n1, sizeof(buf) - n1, &n2), STORE_OK);
	ATF_REQUIRE(get32be(buf + 4) & FLOW_CRC32);
	ATF_CHECK_EQ(store_check_record(buf, n1), STORE_ERR_CRC_MISMATCH);
	ATF_CHECK_EQ(store_seal(buf, n1 + n2), STORE_OK);
	ATF_CHECK_EQ(store_check_record(buf, n1), STORE_OK);
	ATF_CHECK_EQ(store_check_record(buf + n1, n2), STORE_OK);
	ATF_CHECK_EQ(store_seal(buf, n1 + n2 - 1), STORE_ERR_INTERNAL);
	ATF_CHECK_EQ(store_seal(buf, n1 + 3), STORE_ERR_INTERNAL);
	ATF_CHECK_EQ(store_seal(buf, 0), STORE_OK);
}

ATF_TC_WITHOUT_HEAD(partial_trailing_record);
ATF_TC_BODY(partial_trailing_record, tc)
{
	struct store_reader	r;
	int			e;

	make_log("log", 3, 0);
	ATF_REQUIRE(truncate("log", 3 * V5_RECLEN - 5) == 0);
	ATF_CHECK_EQ(read_all("log", 0, &e, &r, NULL, 0), 2);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
	ATF_CHECK_EQ(r.partial, V5_RECLEN - 5);
	/* A lone partial header too. */
	ATF_REQUIRE(truncate("log", 2 * V5_RECLEN + 3) == 0);
	ATF_CHECK_EQ(read_all("log", 0, &e, &r, NULL, 0), 2);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
	ATF_CHECK_EQ(r.partial, 3);
}

static void
poke(const char *path, off_t off, const void *b, size_t len)
{
	int	fd;

	ATF_REQUIRE((fd = open(path, O_WRONLY)) != -1);
	ATF_REQUIRE(pwrite(fd, b, len, off) == (ssize_t)len);
	close(fd);
}

ATF_TC_WITHOUT_HEAD(corrupt_record_offset);
ATF_TC_BODY(corrupt_record_offset, tc)
{
	struct store_reader	r;
	int			e;

	make_log("log", 5, 0);
	poke("log", 2 * V5_RECLEN + 30, "\xff", 1);
	ATF_CHECK_EQ(read_all("log", 0, &e, &r, NULL, 0), 2);
	ATF_CHECK_EQ(e, STORE_ERR_CRC_MISMATCH);
	ATF_CHECK_EQ(r.err_off, 2 * V5_RECLEN);
	/* A bad version byte. */
	make_log("log", 5, 0);
	poke("log", 3 * V5_RECLEN, "\x20", 1);
	ATF_CHECK_EQ(read_all("log", 0, &e, &r, NULL, 0), 3);
	ATF_CHECK_EQ(e, STORE_ERR_UNSUP_VERSION);
	ATF_CHECK_EQ(r.err_off, 3 * V5_RECLEN);
}

ATF_TC_WITHOUT_HEAD(resync_one_record);
ATF_TC_BODY(resync_one_record, tc)
{
	struct store_reader	r;
	uint32_t		seq[10];
	int			e;

	make_log("log", 10, 0);
	poke("log", 4 * V5_RECLEN + 50, "\xde\xad", 2);
	ATF_CHECK_EQ(read_all("log", STORE_R_RESYNC, &e, &r, seq, 10), 9);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
	ATF_CHECK_EQ(r.nresync, 1);
	ATF_CHECK_EQ(r.nskipped, V5_RECLEN);
	ATF_CHECK_EQ(r.resync_off, 4 * V5_RECLEN);
	ATF_CHECK_EQ(r.resync_err, STORE_ERR_CRC_MISMATCH);
	ATF_CHECK_EQ(seq[3], 3);
	ATF_CHECK_EQ(seq[4], 5);
}

ATF_TC_WITHOUT_HEAD(resync_bad_sector);
ATF_TC_BODY(resync_bad_sector, tc)
{
	static uint8_t		zero[512], junk[512];
	struct store_reader	r;
	uint32_t		seq[100];
	int			e, n, i;

	/* A zeroed 512-byte sector loses only the records it touches. */
	make_log("log", 100, 0);
	poke("log", 4096, zero, sizeof(zero));
	n = read_all("log", STORE_R_RESYNC, &e, &r, seq, 100);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
	/* Records 35..39 overlap bytes 4096..4607. */
	ATF_CHECK_EQ(n, 95);
	ATF_CHECK_EQ(seq[34], 34);
	ATF_CHECK_EQ(seq[35], 40);
	/* Same with pseudo-random junk, and an odd offset. */
	for (i = 0; i < 512; i++)
		junk[i] = (uint8_t)(i * 37 + 11);
	make_log("log", 100, 0);
	poke("log", 4099, junk, sizeof(junk));
	n = read_all("log", STORE_R_RESYNC, &e, &r, seq, 100);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
	ATF_CHECK(n >= 94);
	ATF_CHECK_EQ(seq[n - 1], 99);
	/* Without resync the same file stops at the damage. */
	n = read_all("log", 0, &e, &r, NULL, 0);
	ATF_CHECK_EQ(n, 35);
	ATF_CHECK(e != STORE_OK && e != STORE_ERR_EOF);
}

ATF_TC_WITHOUT_HEAD(rollback_failed_write);
ATF_TC_BODY(rollback_failed_write, tc)
{
	struct store_writer	w;
	struct flow		f;
	struct rlimit		rl, old;
	int			fd, i, e, r;

	/* RLIMIT_FSIZE makes write(2) fail or come up short, like ENOSPC. */
	signal(SIGXFSZ, SIG_IGN);
	fd = open("log", O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 0600);
	ATF_REQUIRE(fd != -1);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, 0, 20 * V5_RECLEN, 0),
	    STORE_OK);
	test_v5_flow(&f);
	for (i = 0; i < 9; i++)
		ATF_REQUIRE_EQ(store_writer_put(&w, &f), STORE_OK);
	ATF_REQUIRE_EQ(store_writer_flush(&w), STORE_OK);
	ATF_REQUIRE_EQ(file_size("log"), 9 * V5_RECLEN);

	ATF_REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
	rl = old;
	rl.rlim_cur = 9 * V5_RECLEN + 300;	/* room for 2.6 records */
	ATF_REQUIRE(setrlimit(RLIMIT_FSIZE, &rl) == 0);
	for (i = 0; i < 9; i++)
		ATF_REQUIRE_EQ(store_writer_put(&w, &f), STORE_OK);
	r = store_writer_flush(&w);
	e = errno;
	ATF_REQUIRE(setrlimit(RLIMIT_FSIZE, &old) == 0);
	ATF_CHECK_EQ(r, STORE_ERR_PARTIAL);
	ATF_CHECK(e == EFBIG || e == ENOSPC);
	ATF_CHECK_EQ(w.nlost, 9);
	/* The short batch is gone; the earlier one is intact. */
	ATF_CHECK_EQ(file_size("log"), 9 * V5_RECLEN);
	/* Later batches land right after it. */
	ATF_REQUIRE_EQ(store_writer_put(&w, &f), STORE_OK);
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	close(fd);
	ATF_CHECK_EQ(file_size("log"), 10 * V5_RECLEN);
	ATF_CHECK_EQ(read_all("log", 0, &e, NULL, NULL, 0), 10);
	ATF_CHECK_EQ(e, STORE_ERR_EOF);
}

ATF_TC_WITHOUT_HEAD(refuse_v2_append);
ATF_TC_BODY(refuse_v2_append, tc)
{
	struct store_writer	w;
	int			fd;

	fd = open("log", O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 0600);
	ATF_REQUIRE(fd != -1);
	ATF_REQUIRE(write(fd, "\x01\x2c\xf0\x47\0\0\0\x02\0\0\0\0\0\0\0\0",
	    16) == 16);
	ATF_CHECK_EQ(store_writer_open(&w, fd, 0, 0, 0), STORE_ERR_LEGACY);
	close(fd);
	ATF_CHECK_EQ(file_size("log"), 16);
	/* A v3 log is fine. */
	make_log("log", 1, 0);
	fd = open("log", O_RDWR | O_APPEND);
	ATF_REQUIRE_EQ(store_writer_open(&w, fd, 0, 0, 0), STORE_OK);
	ATF_REQUIRE_EQ(store_writer_close(&w), STORE_OK);
	close(fd);
}

ATF_TC_WITHOUT_HEAD(follow_growing_file);
ATF_TC_BODY(follow_growing_file, tc)
{
	struct store_reader	r;
	struct store_rec	rec;
	struct flow		f;
	uint8_t			whole[3 * V5_RECLEN];
	int			fd, wfd, n, cut;

	make_log("src", 3, 0);
	ATF_REQUIRE((fd = open("src", O_RDONLY)) != -1);
	ATF_REQUIRE(read(fd, whole, sizeof(whole)) == sizeof(whole));
	close(fd);

	wfd = open("log", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	ATF_REQUIRE(wfd != -1);
	ATF_REQUIRE((fd = open("log", O_RDONLY)) != -1);
	ATF_REQUIRE_EQ(store_reader_open(&r, fd, STORE_R_FOLLOW, 0),
	    STORE_OK);
	ATF_CHECK_EQ(store_reader_next(&r, &f, &rec), STORE_ERR_AGAIN);
	/* Drip the log in pieces that split headers and bodies. */
	n = 0;
	for (cut = 0; cut < (int)sizeof(whole); cut += 37) {
		ATF_REQUIRE(write(wfd, whole + cut,
		    (int)sizeof(whole) - cut < 37 ?
		    (int)sizeof(whole) - cut : 37) > 0);
		for (;;) {
			int e = store_reader_next(&r, &f, &rec);

			if (e == STORE_ERR_AGAIN)
				break;
			ATF_REQUIRE_EQ(e, STORE_OK);
			ATF_CHECK_EQ(f.flow_sequence, (uint32_t)n);
			n++;
		}
		ATF_REQUIRE_EQ(store_reader_wait(&r, 0), STORE_OK);
	}
	ATF_CHECK_EQ(n, 3);
	store_reader_close(&r);
	close(fd);
	close(wfd);
}

ATF_TC_WITHOUT_HEAD(follow_pipe);
ATF_TC_BODY(follow_pipe, tc)
{
	struct store_reader	r;
	struct store_rec	rec;
	struct flow		f;
	uint8_t			whole[V5_RECLEN];
	int			fd, p[2];

	make_log("src", 1, 0);
	ATF_REQUIRE((fd = open("src", O_RDONLY)) != -1);
	ATF_REQUIRE(read(fd, whole, sizeof(whole)) == sizeof(whole));
	close(fd);
	ATF_REQUIRE(pipe(p) == 0);
	ATF_REQUIRE(write(p[1], whole, 100) == 100);
	ATF_REQUIRE_EQ(store_reader_open(&r, p[0], STORE_R_FOLLOW, 0),
	    STORE_OK);
	ATF_REQUIRE(write(p[1], whole + 100, V5_RECLEN - 100) ==
	    V5_RECLEN - 100);
	ATF_CHECK_EQ(store_reader_next(&r, &f, &rec), STORE_OK);
	close(p[1]);
	ATF_CHECK_EQ(store_reader_next(&r, &f, &rec), STORE_ERR_AGAIN);
	store_reader_close(&r);
	close(p[0]);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, round_trip_batches);
	ATF_TP_ADD_TC(tp, seal_later_same_bytes);
	ATF_TP_ADD_TC(tp, seal_refuses_torn_batch);
	ATF_TP_ADD_TC(tp, partial_trailing_record);
	ATF_TP_ADD_TC(tp, corrupt_record_offset);
	ATF_TP_ADD_TC(tp, resync_one_record);
	ATF_TP_ADD_TC(tp, resync_bad_sector);
	ATF_TP_ADD_TC(tp, rollback_failed_write);
	ATF_TP_ADD_TC(tp, refuse_v2_append);
	ATF_TP_ADD_TC(tp, follow_growing_file);
	ATF_TP_ADD_TC(tp, follow_pipe);
	return (atf_no_error());
}
