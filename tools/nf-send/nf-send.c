/*
 * nf-send: replay the UDP payloads of a pcap file (NetFlow/IPFIX export
 * datagrams) to a collector, at a given rate or flat out, batched with
 * sendmmsg(2) where the platform has it.  Used by bench/ to load flowd
 * and nfcapd with identical traffic, and by tests to feed a collector.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>

#include <err.h>
#include <limits.h>
#include <errno.h>
#include <netdb.h>
#include <pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "pcap_udp.h"
#include "send_batch.h"

#define MAX_DGRAMS	(1U << 20)

struct dgram {
	uint8_t	*data;
	size_t	 len;
};

struct dgram_set {
	struct dgram		*d;
	size_t			 n;
	size_t			 cap;
	uint64_t		 bytes;
};

static __dead void
usage(void)
{
	fprintf(stderr, "usage: %s [-q] [-b burst] [-c count] [-l loops] "
	    "[-p port] [-r rate] -f file.pcap host:port\n", __progname);
	exit(1);
}

static void
collect(const struct udp_payload *p, void *arg)
{
	struct dgram_set	*s = arg;
	struct dgram		*nd;

	if (s->n >= MAX_DGRAMS)
		errx(1, "more than %u datagrams in capture", MAX_DGRAMS);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		if ((nd = reallocarray(s->d, s->cap, sizeof(*nd))) == NULL)
			err(1, NULL);
		s->d = nd;
	}
	s->d[s->n].len = p->len;
	if ((s->d[s->n].data = malloc(p->len ? p->len : 1)) == NULL)
		err(1, NULL);
	memcpy(s->d[s->n].data, p->data, p->len);
	s->bytes += p->len;
	s->n++;
}

static void
resolve(const char *spec, struct sockaddr_storage *ss, socklen_t *sslen)
{
	struct addrinfo	 hints, *res;
	char		 host[256], *port;
	int		 r;

	if (strlcpy(host, spec, sizeof(host)) >= sizeof(host))
		errx(1, "destination too long");
	if ((port = strrchr(host, ':')) == NULL)
		errx(1, "destination must be host:port");
	*port++ = '\0';
	if (host[0] == '[') {
		size_t	l = strlen(host);

		if (l < 2 || host[l - 1] != ']')
			errx(1, "bad address %s", spec);
		host[l - 1] = '\0';
		memmove(host, host + 1, l - 1);
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if ((r = getaddrinfo(host, port, &hints, &res)) != 0)
		errx(1, "%s: %s", spec, gai_strerror(r));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	freeaddrinfo(res);
}

static double
now_sec(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

int
main(int argc, char **argv)
{
	struct dgram_set	 set;
	struct sockaddr_storage	 dst, src;
	struct send_batch	*sb;
	const char		*file = NULL, *errstr;
	char			 ebuf[512];
	socklen_t		 dstlen;
	uint64_t		 count = 0, queued = 0, sent, sentbytes = 0;
	uint64_t		 failed = 0;
	long long		 loops = 1, rate = 0, sport = 0, burst = 64;
	double			 t0, el;
	size_t			 i;
	int			 ch, s, quiet = 0, bufsz = 4 * 1024 * 1024;

	while ((ch = getopt(argc, argv, "b:c:f:l:p:qr:")) != -1) {
		switch (ch) {
		case 'b':
			burst = strtonum(optarg, 1, 1000000, &errstr);
			if (errstr != NULL)
				errx(1, "burst %s: %s", optarg, errstr);
			break;
		case 'c':
			count = strtonum(optarg, 1, LLONG_MAX, &errstr);
			if (errstr != NULL)
				errx(1, "count %s: %s", optarg, errstr);
			break;
		case 'f':
			file = optarg;
			break;
		case 'l':
			loops = strtonum(optarg, 1, 1000000000, &errstr);
			if (errstr != NULL)
				errx(1, "loops %s: %s", optarg, errstr);
			break;
		case 'p':
			sport = strtonum(optarg, 1, 65535, &errstr);
			if (errstr != NULL)
				errx(1, "port %s: %s", optarg, errstr);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'r':
			rate = strtonum(optarg, 1, 100000000, &errstr);
			if (errstr != NULL)
				errx(1, "rate %s: %s", optarg, errstr);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1 || file == NULL)
		usage();
	resolve(argv[0], &dst, &dstlen);

	memset(&set, 0, sizeof(set));
	if (pcap_udp_read(file, collect, &set, NULL, ebuf, sizeof(ebuf)) == -1)
		errx(1, "%s", ebuf);
	if (set.n == 0)
		errx(1, "%s: no UDP datagrams", file);

	if ((s = socket(dst.ss_family, SOCK_DGRAM, 0)) == -1)
		err(1, "socket");
	(void)setsockopt(s, SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof(bufsz));
	if (sport != 0) {
		/* A fixed source port makes the exporter's identity stable. */
		memset(&src, 0, sizeof(src));
		src.ss_family = dst.ss_family;
		if (dst.ss_family == AF_INET)
			((struct sockaddr_in *)&src)->sin_port =
			    htons((uint16_t)sport);
		else
			((struct sockaddr_in6 *)&src)->sin6_port =
			    htons((uint16_t)sport);
		if (bind(s, (struct sockaddr *)&src, dstlen) == -1)
			err(1, "bind source port %lld", sport);
	}
	if (connect(s, (struct sockaddr *)&dst, dstlen) == -1)
		err(1, "connect");
	if ((sb = send_batch_new(s)) == NULL)
		err(1, NULL);

	if (count == 0)
		count = (uint64_t)loops * set.n;
	t0 = now_sec();
	for (i = 0; queued < count; i = (i + 1) % set.n) {
		/* With a rate, sleep until each burst is due. */
		if (rate > 0 && (queued % (uint64_t)burst) == 0) {
			double	due = t0 + (double)queued / rate;
			double	t = now_sec();

			if (due > t)
				usleep((useconds_t)((due - t) * 1e6));
		}
		send_batch_add(sb, set.d[i].data, set.d[i].len);
		queued++;
		sentbytes += set.d[i].len;
		if (send_batch_full(sb) || rate > 0)
			failed += send_batch_flush(sb);
	}
	failed += send_batch_flush(sb);
	el = now_sec() - t0;
	sent = queued - failed;
	if (!quiet)
		printf("sent %llu datagrams (%llu bytes) in %.3f s: %.0f "
		    "datagrams/s; %llu failed\n", (unsigned long long)sent,
		    (unsigned long long)sentbytes, el, el > 0 ? sent / el : 0,
		    (unsigned long long)failed);
	send_batch_free(sb);
	close(s);
	for (i = 0; i < set.n; i++)
		free(set.d[i].data);
	free(set.d);
	return (failed ? 2 : 0);
}
