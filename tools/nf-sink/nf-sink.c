/*
 * nf-sink: the null collector.  It binds a UDP socket like flowd's
 * listener and reads it with flowd's own code (same receive buffer,
 * batches of 64 datagrams into 64 KiB slots, recvmmsg where the
 * platform has it, poll between batches) and only counts what it reads:
 * no decoding, no storing.  What it cannot receive, no collector on
 * the same machine can; bench/bench-collector.sh uses it to tell the
 * sender out-running any receiver from a collector being slow.
 * On SIGTERM or SIGINT it reads what is still queued, prints its
 * counts and exits.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "listen.h"
#include "recv_batch.h"

#define SINK_BATCH	64

static volatile sig_atomic_t	stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static __dead void
usage(void)
{
	fprintf(stderr, "usage: %s [-b bufsize] host:port\n", __progname);
	exit(1);
}

static int
bind_spec(const char *spec, int bufsize)
{
	struct addrinfo	 hints, *res;
	char		 host[256], *port;
	int		 r, fd;

	if (strlcpy(host, spec, sizeof(host)) >= sizeof(host))
		errx(1, "address too long");
	if ((port = strrchr(host, ':')) == NULL)
		errx(1, "address must be host:port");
	*port++ = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	if ((r = getaddrinfo(host, port, &hints, &res)) != 0)
		errx(1, "%s: %s", spec, gai_strerror(r));
	if ((fd = socket(res->ai_family, SOCK_DGRAM, 0)) == -1)
		err(1, "socket");
	if (bufsize > 0 && rcvbuf_set(fd, bufsize) == -1)
		err(1, "receive buffer %d", bufsize);
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1)
		err(1, "bind %s", spec);
	freeaddrinfo(res);
	return (fd);
}

int
main(int argc, char **argv)
{
	struct recv_batch	*rb;
	struct recv_drops	 drops;
	struct sigaction	 sa;
	struct pollfd		 pfd;
	uint64_t		 ndgrams = 0, nbytes = 0, nwakeups = 0;
	const char		*errstr;
	int			 ch, fd, r, i, bufsize = 0;

	while ((ch = getopt(argc, argv, "b:")) != -1) {
		switch (ch) {
		case 'b':
			bufsize = strtonum(optarg, 65536, INT_MAX, &errstr);
			if (errstr != NULL)
				errx(1, "bufsize %s: %s", optarg, errstr);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	fd = bind_spec(argv[0], bufsize);
	(void)rxq_ovfl_enable(fd);
	if ((rb = recv_batch_new(SINK_BATCH)) == NULL)
		err(1, NULL);
	memset(&drops, 0, sizeof(drops));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		if (stop) {
			/* What is queued when told to stop still counts. */
			pfd.revents = 0;
		} else if (poll(&pfd, 1, 1000) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		} else
			nwakeups++;
		while ((r = recv_batch_read(rb, fd, &drops)) > 0) {
			ndgrams += (uint64_t)r;
			for (i = 0; i < r; i++)
				nbytes += recv_batch_slot(rb, i)->len;
		}
		if (r == -1 && errno != EINTR)
			err(1, "receive");
		if (stop)
			break;
	}
	printf("received %llu datagrams (%llu bytes) in %llu wake-ups\n",
	    (unsigned long long)ndgrams, (unsigned long long)nbytes,
	    (unsigned long long)nwakeups);
	recv_batch_free(rb);
	return (0);
}
