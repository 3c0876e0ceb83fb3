/*
 * decode: offline decoder throughput on one core.  Builds typical
 * datagrams in memory (v5 with 30 records, v9 and IPFIX with an
 * IPv4 template of the usual fields, as many records as fit in
 * 1400 bytes), then decodes them in a loop for about a second per
 * version and prints flows per second of CPU time (the machine may be
 * shared; wall-clock rates are printed beside them).
 *
 *	decode [seconds [v5|v9|ipfix]]
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compat.h"
#include "nf_decode.h"

#define NDGRAMS	64
#define MTU	1400		/* v9/IPFIX datagram size */
#define BUFLEN	1500		/* v5: 24 + 30 x 48 */

struct dgrams {
	uint8_t	 buf[NDGRAMS][BUFLEN];
	size_t	 len[NDGRAMS];
	uint8_t	 tpl[BUFLEN];	/* sent once before the loop */
	size_t	 tpllen;
};

static uint64_t	sink;

static uint8_t *
put16(uint8_t *p, uint32_t v)
{
	*p++ = v >> 8;
	*p++ = v;
	return (p);
}

static uint8_t *
put32(uint8_t *p, uint32_t v)
{
	p = put16(p, v >> 16);
	return (put16(p, v & 0xffff));
}

static uint8_t *
put64(uint8_t *p, uint64_t v)
{
	p = put32(p, v >> 32);
	return (put32(p, v & 0xffffffff));
}

static void
count_flow(const struct flow *f, void *arg)
{
	(void)arg;
	sink += f->octets;
}

static void
build_v5(struct dgrams *d)
{
	uint8_t	*p;
	int	 i, j;

	d->tpllen = 0;
	for (i = 0; i < NDGRAMS; i++) {
		p = d->buf[i];
		p = put16(p, 5);
		p = put16(p, 30);
		p = put32(p, 1000000);
		p = put32(p, 1700000000);
		p = put32(p, 0);
		p = put32(p, i * 30);
		p = put32(p, 0);
		for (j = 0; j < 30; j++) {
			p = put32(p, 0x0a000000 | (i << 8) | j);
			p = put32(p, 0xc0a80000 | j);
			p = put32(p, 0x0a0000fe);
			p = put16(p, 1);
			p = put16(p, 2);
			p = put32(p, 10 + j);
			p = put32(p, 1000 + j);
			p = put32(p, 999000);
			p = put32(p, 1000000);
			p = put16(p, 1024 + j);
			p = put16(p, 443);
			*p++ = 0;
			*p++ = 0x1b;
			*p++ = 6;
			*p++ = 0;
			p = put16(p, 65000);
			p = put16(p, 65001);
			*p++ = 24;
			*p++ = 16;
			p = put16(p, 0);
		}
		d->len[i] = p - d->buf[i];
	}
}

/* The IPv4 fields most exporters send; IPFIX gets 8-byte counters
 * and absolute millisecond times instead of 4-byte and uptime ones. */
static const uint16_t ies_v9[][2] = {
	{ 8, 4 }, { 12, 4 }, { 15, 4 }, { 10, 4 }, { 14, 4 }, { 2, 4 },
	{ 1, 4 }, { 22, 4 }, { 21, 4 }, { 7, 2 }, { 11, 2 }, { 6, 1 },
	{ 4, 1 }, { 5, 1 }, { 16, 4 }, { 17, 4 }, { 9, 1 }, { 13, 1 },
};
static const uint16_t ies_ipfix[][2] = {
	{ 8, 4 }, { 12, 4 }, { 15, 4 }, { 10, 4 }, { 14, 4 }, { 2, 8 },
	{ 1, 8 }, { 152, 8 }, { 153, 8 }, { 7, 2 }, { 11, 2 }, { 6, 1 },
	{ 4, 1 }, { 5, 1 }, { 16, 4 }, { 17, 4 }, { 9, 1 }, { 13, 1 },
};
#define NIES	(sizeof(ies_v9) / sizeof(ies_v9[0]))

static uint8_t *
record(uint8_t *p, const uint16_t ies[][2], int i, int j)
{
	size_t	k;

	for (k = 0; k < NIES; k++) {
		switch (ies[k][0]) {
		case 8:
			p = put32(p, 0x0a000000 | (i << 8) | j);
			break;
		case 152:
			p = put64(p, 1700000000000ULL);
			break;
		case 153:
			p = put64(p, 1700000000500ULL);
			break;
		default:
			if (ies[k][1] == 8)
				p = put64(p, 1000 + j);
			else if (ies[k][1] == 4)
				p = put32(p, 100 + j);
			else if (ies[k][1] == 2)
				p = put16(p, 80 + j);
			else
				*p++ = j;
			break;
		}
	}
	return (p);
}

static void
build_tpl(struct dgrams *d, int ipfix, size_t *reclen, int *nrec)
{
	const uint16_t	(*ies)[2] = ipfix ? ies_ipfix : ies_v9;
	uint8_t		*p = d->tpl, *set;
	size_t		 k;

	*reclen = 0;
	for (k = 0; k < NIES; k++)
		*reclen += ies[k][1];
	*nrec = (MTU - (ipfix ? 16 : 20) - 4) / *reclen;
	if (ipfix) {
		p = put16(p, 10);
		p = put16(p, 0);		/* length, below */
		p = put32(p, 1700000000);
		p = put32(p, 0);
		p = put32(p, 1);
	} else {
		p = put16(p, 9);
		p = put16(p, 1);
		p = put32(p, 1000000);
		p = put32(p, 1700000000);
		p = put32(p, 0);
		p = put32(p, 1);
	}
	set = p;
	p = put16(p, ipfix ? 2 : 0);
	p = put16(p, 8 + NIES * 4);
	p = put16(p, 256);
	p = put16(p, NIES);
	for (k = 0; k < NIES; k++) {
		p = put16(p, ies[k][0]);
		p = put16(p, ies[k][1]);
	}
	(void)set;
	d->tpllen = p - d->tpl;
	if (ipfix)
		put16(d->tpl + 2, d->tpllen);
}

static void
build_data(struct dgrams *d, int ipfix)
{
	const uint16_t	(*ies)[2] = ipfix ? ies_ipfix : ies_v9;
	size_t		 reclen;
	uint8_t		*p;
	int		 i, j, nrec;

	build_tpl(d, ipfix, &reclen, &nrec);
	for (i = 0; i < NDGRAMS; i++) {
		p = d->buf[i];
		if (ipfix) {
			p = put16(p, 10);
			p = put16(p, 0);
			p = put32(p, 1700000000);
			p = put32(p, (i + 1) * nrec);
			p = put32(p, 1);
		} else {
			p = put16(p, 9);
			p = put16(p, nrec);
			p = put32(p, 1000000);
			p = put32(p, 1700000000);
			p = put32(p, i + 2);
			p = put32(p, 1);
		}
		p = put16(p, 256);
		p = put16(p, 4 + nrec * reclen);
		for (j = 0; j < nrec; j++)
			p = record(p, ies, i, j);
		d->len[i] = p - d->buf[i];
		if (ipfix)
			put16(d->buf[i] + 2, d->len[i]);
	}
}

static double
now(clockid_t clk)
{
	struct timespec	ts;

	clock_gettime(clk, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static void
run(const char *name, struct dgrams *d, double secs)
{
	struct nf_collector	*col;
	struct sockaddr_in	 sin;
	struct timeval		 tv;
	struct nf_stats		 st;
	double			 t0, t1, w0, w1;
	uint64_t		 rounds = 0;
	enum nf_reason		 r;
	int			 i;

	if ((col = nf_collector_new(NULL)) == NULL)
		err(1, "nf_collector_new");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(2055);
	sin.sin_addr.s_addr = htonl(0xc0000201);
	tv.tv_sec = 1700000000;
	tv.tv_usec = 0;
	if (d->tpllen != 0 && nf_decode(col, d->tpl, d->tpllen,
	    (struct sockaddr *)&sin, sizeof(sin), &tv, count_flow,
	    NULL) != NF_OK)
		errx(1, "%s: template rejected", name);
	w0 = now(CLOCK_MONOTONIC);
	t0 = now(CLOCK_PROCESS_CPUTIME_ID);
	do {
		for (i = 0; i < NDGRAMS; i++)
			if ((r = nf_decode(col, d->buf[i], d->len[i],
			    (struct sockaddr *)&sin, sizeof(sin), &tv,
			    count_flow, NULL)) != NF_OK)
				errx(1, "%s: datagram %d: %s", name, i,
				    nf_reason_str(r));
		rounds++;
	} while ((t1 = now(CLOCK_PROCESS_CPUTIME_ID)) - t0 < secs);
	w1 = now(CLOCK_MONOTONIC);
	nf_collector_stats(col, &st);
	printf("%-6s %8.2f M flows/s  %8.1f k datagrams/s  (CPU %.2f s; "
	    "wall %.2f s, %.2f M flows/s)\n", name,
	    st.c.flows / (t1 - t0) / 1e6, rounds * NDGRAMS / (t1 - t0) / 1e3,
	    t1 - t0, w1 - w0, st.c.flows / (w1 - w0) / 1e6);
	nf_collector_free(col);
}

int
main(int argc, char *argv[])
{
	struct dgrams	*d;
	const char	*errstr, *only = argc > 2 ? argv[2] : NULL;
	double		 secs = 1.0;

	if (argc > 1) {
		secs = strtonum(argv[1], 1, 60, &errstr);
		if (errstr != NULL)
			errx(1, "seconds %s: %s", argv[1], errstr);
	}
	if ((d = calloc(1, sizeof(*d))) == NULL)
		err(1, "calloc");
	if (only == NULL || strcmp(only, "v5") == 0) {
		build_v5(d);
		run("v5", d, secs);
	}
	if (only == NULL || strcmp(only, "v9") == 0) {
		build_data(d, 0);
		run("v9", d, secs);
	}
	if (only == NULL || strcmp(only, "ipfix") == 0) {
		build_data(d, 1);
		run("ipfix", d, secs);
	}
	free(d);
	return (sink == 0);
}
