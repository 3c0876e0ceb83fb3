/*
 * pcapfile.c: classic pcap files (version 2.4, either byte order,
 * micro- or nanosecond stamps) read in large blocks.
 *
 * libpcap reads a file through a 4 KiB stdio buffer and copies every
 * packet out of it: on a large capture that costs more system time
 * than the whole flow table.  Here the file comes in blocks of 256 KiB
 * and packets are handed out as pointers into the block, several at a
 * time so the caller can prefetch flows ahead.  Every length is checked
 * against what was read; a damaged file is an error with its offset,
 * never an over-read.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "sf_pcapfile.h"

#define MAGIC_US	0xa1b2c3d4U
#define MAGIC_NS	0xa1b23c4dU
#define FILE_HDR	24
#define REC_HDR		16
#define MIN_BUFSIZE	(REC_HDR + SF_PCAPFILE_MAXSNAP)
/* Big enough to make reads cheap, small enough to stay in the cache. */
#define DEF_BUFSIZE	MIN_BUFSIZE
#define AHEAD		8192

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p)	__builtin_prefetch((p), 0)
#else
#define PREFETCH(p)	do { (void)(p); } while (0)
#endif

struct sf_pcapfile {
	sf_pcapfile_read_fn	*rd;
	void			*arg;
	uint8_t			*buf;
	size_t			 size;
	size_t			 len;		/* bytes in buf */
	size_t			 pos;		/* first unread byte */
	uint64_t		 off;		/* file offset of buf[0] */
	int			 eof;
	int			 swap;
	int			 nsec;
	size_t			 ahead;		/* prefetched up to here */
	uint32_t		 snaplen;	/* records are cut to it */
	uint32_t		 linktype;
};

static uint32_t
get32(const uint8_t *p, int swap)
{
	uint32_t	v;

	memcpy(&v, p, sizeof(v));
	if (swap)
		v = (v >> 24) | ((v >> 8) & 0xff00U) | ((v << 8) & 0xff0000U) |
		    (v << 24);
	return (v);
}

static uint16_t
get16(const uint8_t *p, int swap)
{
	uint16_t	v;

	memcpy(&v, p, sizeof(v));
	if (swap)
		v = (uint16_t)((v >> 8) | (v << 8));
	return (v);
}

/* Read until n bytes are at dst or the source ends; -1 on error. */
static ssize_t
fill(struct sf_pcapfile *f, uint8_t *dst, size_t n)
{
	size_t	got = 0;
	ssize_t	r;

	while (got < n) {
		r = f->rd(f->arg, dst + got, n - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return (-1);
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return ((ssize_t)got);
}

struct sf_pcapfile *
sf_pcapfile_open(sf_pcapfile_read_fn *rd, void *arg, size_t bufsize,
    int *notpcap, char *err, size_t errlen)
{
	struct sf_pcapfile	*f;
	uint8_t			 h[FILE_HDR];
	uint32_t		 magic;
	ssize_t			 n;

	*notpcap = 0;
	if (bufsize == 0)
		bufsize = DEF_BUFSIZE;
	if (bufsize < MIN_BUFSIZE)
		bufsize = MIN_BUFSIZE;
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return (NULL);
	}
	f->rd = rd;
	f->arg = arg;
	if ((n = fill(f, h, sizeof(h))) == -1) {
		snprintf(err, errlen, "read: %s", strerror(errno));
		goto fail;
	}
	if (n < 4)
		goto notpcap;
	memcpy(&magic, h, sizeof(magic));
	if (magic != MAGIC_US && magic != MAGIC_NS) {
		f->swap = 1;
		magic = get32(h, 1);
		if (magic != MAGIC_US && magic != MAGIC_NS)
			goto notpcap;
	}
	f->nsec = magic == MAGIC_NS;
	if (n < FILE_HDR) {
		snprintf(err, errlen, "truncated pcap file header");
		goto fail;
	}
	/* Older minor versions may swap caplen and len: libpcap's job. */
	if (get16(h + 4, f->swap) != 2 || get16(h + 6, f->swap) != 4)
		goto notpcap;
	if ((f->buf = malloc(bufsize)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	f->size = bufsize;
	f->off = FILE_HDR;
	f->snaplen = get32(h + 16, f->swap);
	/* As libpcap: a nonsense snapshot length means the largest. */
	if (f->snaplen == 0 || f->snaplen > SF_PCAPFILE_MAXSNAP)
		f->snaplen = SF_PCAPFILE_MAXSNAP;
	f->linktype = get32(h + 20, f->swap) & 0x03ffffffU;
	return (f);
 notpcap:
	*notpcap = 1;
 fail:
	free(f);
	return (NULL);
}

void
sf_pcapfile_free(struct sf_pcapfile *f)
{
	if (f == NULL)
		return;
	free(f->buf);
	free(f);
}

uint32_t
sf_pcapfile_linktype(const struct sf_pcapfile *f)
{
	return (f->linktype);
}

uint32_t
sf_pcapfile_snaplen(const struct sf_pcapfile *f)
{
	return (f->snaplen);
}

/* Move the unread tail to the front and read behind it. */
static int
refill(struct sf_pcapfile *f, char *err, size_t errlen)
{
	size_t	keep = f->len - f->pos;
	ssize_t	n;

	memmove(f->buf, f->buf + f->pos, keep);
	f->off += f->pos;
	f->pos = 0;
	f->ahead = 0;
	f->len = keep;
	if ((n = fill(f, f->buf + keep, f->size - keep)) == -1) {
		snprintf(err, errlen, "read: %s", strerror(errno));
		return (-1);
	}
	if ((size_t)n < f->size - keep)
		f->eof = 1;
	f->len += (size_t)n;
	return (0);
}

int
sf_pcapfile_next(struct sf_pcapfile *f, struct sf_pcap_rec *r, int max,
    char *err, size_t errlen)
{
	const uint8_t	*h;
	uint32_t	 caplen, sec, frac;
	size_t		 avail;
	int		 n = 0;

	while (n < max) {
		avail = f->len - f->pos;
		h = f->buf + f->pos;
		caplen = avail >= REC_HDR ? get32(h + 8, f->swap) : 0;
		if (avail >= REC_HDR && caplen > SF_PCAPFILE_MAXSNAP) {
			snprintf(err, errlen, "record at offset %llu: "
			    "capture length %u over %u",
			    (unsigned long long)(f->off + f->pos), caplen,
			    SF_PCAPFILE_MAXSNAP);
			return (-1);
		}
		if (avail < REC_HDR || avail - REC_HDR < caplen) {
			/* Records already handed out must stay put. */
			if (n > 0)
				break;
			if (f->eof) {
				if (avail == 0)
					return (0);
				snprintf(err, errlen, "truncated record at "
				    "offset %llu",
				    (unsigned long long)(f->off + f->pos));
				return (-1);
			}
			if (refill(f, err, errlen) == -1)
				return (-1);
			continue;
		}
		/* Stream the next lines in while this batch is worked on. */
		while (f->ahead < f->pos + AHEAD && f->ahead < f->len) {
			PREFETCH(f->buf + f->ahead);
			f->ahead += 64;
		}
		sec = get32(h, f->swap);
		frac = get32(h + 4, f->swap);
		if (f->nsec)
			frac /= 1000;
		r[n].ts_us = (uint64_t)sec * 1000000 + frac;
		r[n].len = get32(h + 12, f->swap);
		r[n].caplen = caplen < f->snaplen ? caplen : f->snaplen;
		r[n].data = h + REC_HDR;
		f->pos += REC_HDR + (size_t)caplen;
		n++;
	}
	return (n);
}
