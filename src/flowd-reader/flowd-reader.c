/*
 * flowd-reader: print, filter, convert and summarise flowd logs.
 *
 * Inputs are read through the store reader (one big buffer, no
 * allocation per record); text goes out through one checked buffer;
 * -o writes a store v3 log through the batching writer, copying
 * records byte for byte when nothing about them changes.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "flow_format.h"
#include "store.h"
#include "flowd-reader.h"
#include "reader_filter.h"

#define FMT_TEXT	0
#define FMT_CSV		1
#define FMT_JSON	2

#define FOLLOW_WAIT_MS	200

struct opts {
	long long		 head;		/* -H, 0 = no limit */
	int			 legacy;	/* -L */
	int			 utc;		/* -U */
	int			 debug;		/* -d */
	int			 quiet;		/* -q */
	int			 verbose;	/* -v */
	int			 format;	/* -c, -j */
	int			 follow;	/* -F */
	int			 resync;	/* -r */
	int			 summary;	/* -S */
	int			 have_cols;	/* -s */
	struct flow_cols	 cols;
	const char		*outpath;	/* -o */
	uint32_t		 display;
	uint32_t		 storemask;
	struct reader_filter	 filter;
	int			 have_filter;
};

struct stats {
	uint64_t	read;
	uint64_t	passed;
	uint64_t	resyncs;
	uint64_t	skipped;
};

static struct opts		 o;
static struct stats		 st;
static struct out		 text;
static struct store_writer	 w;
static int			 have_writer;

static __dead void
usage(void)
{
	fprintf(stderr,
	    "usage: flowd-reader [-cdFhjLqrSUv] [-e rules] [-f filter_file] "
	    "[-H count]\n"
	    "                    [-o output] [-s field,...] log ...\n");
	exit(1);
}

static void
load_filter(int fromfile, const char *arg)
{
	char	ebuf[512];
	int	r;

	if (o.have_filter)
		errx(1, "only one of -e and -f may be given");
	if (fromfile)
		r = reader_filter_load_file(arg, &o.filter, ebuf, sizeof(ebuf));
	else
		r = reader_filter_load_string(arg, &o.filter, ebuf,
		    sizeof(ebuf));
	if (r != 0)
		errx(1, "%s", ebuf);
	o.have_filter = 1;
}

static void
open_output(void)
{
	struct stat	sb;
	int		fd, r;

	if (strcmp(o.outpath, "-") == 0) {
		if (isatty(STDOUT_FILENO))
			errx(1, "refusing to write a binary log to a terminal");
		fd = STDOUT_FILENO;
		if (!o.debug)
			o.quiet = 1;
	} else {
		/* Truncate: stale bytes after a shorter log corrupt it. */
		fd = open(o.outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd == -1)
			err(1, "open %s", o.outpath);
		if (fstat(fd, &sb) == -1)
			err(1, "fstat %s", o.outpath);
	}
	r = store_writer_open(&w, fd, o.storemask, STORE_WBUF_LARGE,
	    STORE_W_NOFSYNC);
	if (r != STORE_OK)
		errx(1, "%s: %s", o.outpath, store_strerror(r));
	have_writer = 1;
}

static void
write_flow(const struct flow *f, const struct store_rec *rec)
{
	uint32_t	eff;
	int		r;

	errno = 0;
	eff = store_effective_fields(f, w.mask);
	/* Same fields as stored: copy the bytes, CRC and all. */
	if (rec->raw != NULL && eff == rec->mask)
		r = store_writer_put_raw(&w, rec->raw, rec->len);
	else
		r = store_writer_put(&w, f);
	if (r == STORE_ERR_EMPTY)
		return;
	if (r != STORE_OK)
		errx(1, "write %s: %s%s%s", o.outpath, store_strerror(r),
		    errno != 0 ? ": " : "", errno != 0 ? strerror(errno) : "");
}

static void
print_flow(const struct flow *f, const struct store_rec *rec)
{
	char	*p;
	size_t	 n;
	int	 fl = o.utc ? FLOW_FMT_UTC : 0;

	p = out_reserve(&text, FLOW_FMT_MAXLEN);
	if (o.have_cols) {
		switch (o.format) {
		case FMT_CSV:
			n = flow_format_cols_csv(p, FLOW_FMT_MAXLEN, f,
			    rec->crc, &o.cols, fl);
			break;
		case FMT_JSON:
			n = flow_format_cols_json(p, FLOW_FMT_MAXLEN, f,
			    rec->crc, &o.cols, fl);
			break;
		default:
			n = flow_format_cols_text(p, FLOW_FMT_MAXLEN, f,
			    rec->crc, &o.cols, fl);
			break;
		}
	} else {
		switch (o.format) {
		case FMT_CSV:
			n = flow_format_csv(p, FLOW_FMT_MAXLEN, f);
			break;
		case FMT_JSON:
			/* Machine output: every field the flow has. */
			n = flow_format_json(p, FLOW_FMT_MAXLEN, f, rec->crc,
			    STORE_DISPLAY_ALL, fl);
			break;
		default:
			n = flow_format_text(p, FLOW_FMT_MAXLEN, f, rec->crc,
			    o.display, fl);
			break;
		}
	}
	if (n == 0)
		errx(1, "internal error: flow line too long");
	out_commit(&text, n);
}

static void
note_resync(const char *name, struct store_reader *r)
{
	fprintf(stderr, "flowd-reader: %s: offset %lld: %s; skipped %zu "
	    "bytes to the next valid record\n", name,
	    (long long)r->resync_off, store_strerror(r->resync_err),
	    r->resync_len);
}

/* Read one input to its end; returns 0, or 1 after an error. */
static int
process(const char *name, int fd, int last)
{
	struct store_reader	r;
	struct store_rec	rec;
	struct flow		f;
	uint64_t		nresync = 0;
	long long		passed = 0;
	char			tbuf[64];
	int			e, flags = 0;

	if (o.legacy)
		flags |= STORE_R_V2;
	if (o.resync)
		flags |= STORE_R_RESYNC;
	if (o.follow && last)
		flags |= STORE_R_FOLLOW;
	if (store_reader_open(&r, fd, flags, 0) != STORE_OK)
		errx(1, "out of memory");
	/* JSON Lines stays pure JSON: no LOGFILE lines there. */
	if (o.verbose && !o.quiet && !o.summary && o.format != FMT_JSON) {
		out_str(&text, "LOGFILE ");
		out_str(&text, name);
		out_str(&text, "\n");
	}
	for (;;) {
		e = store_reader_next(&r, &f, &rec);
		if (e == STORE_ERR_AGAIN) {
			out_flush(&text);
			if (have_writer)
				store_writer_flush(&w);
			if (store_reader_wait(&r, FOLLOW_WAIT_MS) != STORE_OK)
				break;
			continue;
		}
		if (r.nresync != nresync) {
			nresync = r.nresync;
			out_flush(&text);
			note_resync(name, &r);
		}
		if (e != STORE_OK)
			break;
		if (o.legacy && r.nrecords == 1 && o.verbose && !o.quiet &&
		    !o.summary && o.format != FMT_JSON) {
			flow_iso_time(tbuf, sizeof(tbuf), r.v2hdr.start_time,
			    o.utc);
			out_str(&text, "LOGFILE ");
			out_str(&text, name);
			out_str(&text, " started at ");
			out_str(&text, tbuf);
			out_str(&text, "\n");
		}
		st.read++;
		if (o.have_filter && !o.filter.match(o.filter.ctx, &f))
			continue;
		st.passed++;
		passed++;
		if (have_writer)
			write_flow(&f, &rec);
		if (o.summary)
			summary_add(&f);
		else if (!o.quiet)
			print_flow(&f, &rec);
		/* -H counts flows passed on, not flows read. */
		if (o.head > 0 && passed >= o.head)
			break;
	}
	st.resyncs += r.nresync;
	st.skipped += r.nskipped;
	store_reader_close(&r);
	if (e == STORE_ERR_EOF && r.partial > 0) {
		out_flush(&text);
		fprintf(stderr, "flowd-reader: %s: partial record of %zu bytes "
		    "at end of data ignored\n", name, r.partial);
	}
	if (e == STORE_OK || e == STORE_ERR_EOF)
		return (0);
	out_flush(&text);
	if (e == STORE_ERR_IO)
		warn("read %s", name);
	else
		warnx("%s: offset %lld: %s", name, (long long)r.err_off,
		    store_strerror(e));
	return (1);
}

static void
csv_header(void)
{
	char	*p;
	size_t	 n;

	if (!o.have_cols) {
		out_str(&text, FLOW_CSV_HEADER "\n");
		return;
	}
	p = out_reserve(&text, FLOW_FMT_MAXLEN);
	if ((n = flow_cols_header(p, FLOW_FMT_MAXLEN, &o.cols)) == 0)
		errx(1, "CSV header too long");
	out_commit(&text, n);
}

static void
parse_args(int argc, char **argv)
{
	const char	*errstr;
	int		 ch;

	o.display = STORE_DISPLAY_BRIEF;
	while ((ch = getopt(argc, argv, "cde:Ff:H:hjLo:qrSs:Uv")) != -1) {
		switch (ch) {
		case 'c':
			o.format = FMT_CSV;
			break;
		case 'd':
			o.debug = 1;
			break;
		case 'e':
			load_filter(0, optarg);
			break;
		case 'F':
			o.follow = 1;
			break;
		case 'f':
			load_filter(1, optarg);
			break;
		case 'H':
			o.head = strtonum(optarg, 1, LLONG_MAX, &errstr);
			if (errstr != NULL)
				errx(1, "-H %s: %s", optarg, errstr);
			break;
		case 'j':
			o.format = FMT_JSON;
			break;
		case 'L':
			o.legacy = 1;
			break;
		case 'o':
			o.outpath = optarg;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'r':
			o.resync = 1;
			break;
		case 'S':
			o.summary = 1;
			break;
		case 's':
			if (flow_cols_parse(optarg, &o.cols, &errstr) == -1)
				errx(1, "-s %s: %s (known: %s)", optarg, errstr,
				    flow_col_names());
			o.have_cols = 1;
			break;
		case 'U':
			o.utc = 1;
			break;
		case 'v':
			o.verbose = 1;
			o.display = STORE_DISPLAY_ALL;
			break;
		case 'h':
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	if (o.have_filter && o.filter.store_mask != 0) {
		/* flowd-reader 0.9.1: store lines set both masks. */
		o.storemask = o.filter.store_mask;
		o.display = o.filter.store_mask;
	}
}

int
main(int argc, char **argv)
{
	const char	*name;
	int		 i, fd, ret = 0, nstdin = 0;

	parse_args(argc, argv);
	argc -= optind;
	argv += optind;
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") == 0 && ++nstdin > 1)
			errx(1, "stdin given more than once");
	out_init(&text, STDOUT_FILENO, "stdout");
	if (o.outpath != NULL)
		open_output();
	if (o.summary)
		summary_init();
	if (!o.quiet && !o.summary && o.format == FMT_CSV)
		csv_header();

	for (i = 0; i < argc && ret == 0; i++) {
		name = argv[i];
		if (strcmp(name, "-") == 0) {
			fd = STDIN_FILENO;
			name = "stdin";
		} else if ((fd = open(name, O_RDONLY)) == -1) {
			warn("open %s", name);
			ret = 1;
			break;
		}
		ret = process(name, fd, i == argc - 1);
		if (fd != STDIN_FILENO)
			close(fd);
	}

	if (have_writer) {
		i = store_writer_close(&w);
		if (i != STORE_OK)
			errx(1, "write %s: %s", o.outpath, store_strerror(i));
		if (w.fd != STDOUT_FILENO && close(w.fd) == -1)
			err(1, "close %s", o.outpath);
	}
	if (o.summary && !o.quiet)
		summary_print(&text);
	out_flush(&text);
	if (o.debug) {
		fprintf(stderr, "flowd-reader: %llu flows read, %llu passed, "
		    "%llu resyncs (%llu bytes skipped)\n",
		    (unsigned long long)st.read, (unsigned long long)st.passed,
		    (unsigned long long)st.resyncs,
		    (unsigned long long)st.skipped);
		fprintf(stderr, "flowd-reader: store mask 0x%08x\n",
		    o.storemask != 0 ? o.storemask : STORE_MASK_DEFAULT);
		if (o.have_filter && o.filter.dump != NULL)
			o.filter.dump(o.filter.ctx, stderr);
	}
	if (o.have_filter && o.filter.free != NULL)
		o.filter.free(o.filter.ctx);
	return (ret);
}
