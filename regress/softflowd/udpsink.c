/*
 * udpsink: a test collector.  Receives UDP datagrams on 127.0.0.1 and,
 * on SIGTERM, drains the socket and writes every datagram into a pcap
 * (raw IPv4 + UDP to the given port) for tshark to decode.
 *
 *	udpsink portfile out.pcap wire-port
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"

#define LINKTYPE_RAW	101

static volatile sig_atomic_t	stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void
put32(FILE *fp, uint32_t v)
{
	if (fwrite(&v, sizeof(v), 1, fp) != 1)
		err(1, "fwrite");
}

static void
put16(FILE *fp, uint16_t v)
{
	if (fwrite(&v, sizeof(v), 1, fp) != 1)
		err(1, "fwrite");
}

static void
record(FILE *fp, const uint8_t *d, size_t n, uint16_t port)
{
	struct timeval	tv;
	uint8_t		h[28];
	uint16_t	tot = (uint16_t)(n + 28);

	gettimeofday(&tv, NULL);
	put32(fp, (uint32_t)tv.tv_sec);
	put32(fp, (uint32_t)tv.tv_usec);
	put32(fp, (uint32_t)n + 28);
	put32(fp, (uint32_t)n + 28);
	memset(h, 0, sizeof(h));
	h[0] = 0x45;
	h[2] = (uint8_t)(tot >> 8);
	h[3] = (uint8_t)tot;
	h[8] = 64;
	h[9] = IPPROTO_UDP;
	h[12] = 127;
	h[15] = 1;
	h[16] = 127;
	h[19] = 1;
	h[20] = 0x27;		/* source port 9995 */
	h[21] = 0x0b;
	h[22] = (uint8_t)(port >> 8);
	h[23] = (uint8_t)port;
	h[24] = (uint8_t)((n + 8) >> 8);
	h[25] = (uint8_t)(n + 8);
	if (fwrite(h, sizeof(h), 1, fp) != 1 || fwrite(d, n, 1, fp) != 1)
		err(1, "fwrite");
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in	 sin;
	struct sigaction	 sa;
	socklen_t		 sl = sizeof(sin);
	static uint8_t		 buf[65536];
	const char		*errstr;
	FILE			*pf, *out;
	ssize_t			 n;
	uint16_t		 wport;
	int			 fd, rb = 8 << 20;

	if (argc != 4)
		errx(1, "usage: udpsink portfile out.pcap wire-port");
	wport = (uint16_t)strtonum(argv[3], 1, 65535, &errstr);
	if (errstr != NULL)
		errx(1, "port %s: %s", argv[3], errstr);
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		err(1, "socket");
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rb, sizeof(rb));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == -1)
		err(1, "bind");
	if ((out = fopen(argv[2], "w")) == NULL)
		err(1, "%s", argv[2]);
	put32(out, 0xa1b2c3d4);
	put16(out, 2);
	put16(out, 4);
	put32(out, 0);
	put32(out, 0);
	put32(out, 65535);
	put32(out, LINKTYPE_RAW);
	/* No SA_RESTART: recv() must return when the signal comes. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) == -1)
		err(1, "sigaction");
	/* The port file appears only once the socket is bound. */
	if ((pf = fopen(argv[1], "w")) == NULL)
		err(1, "%s", argv[1]);
	fprintf(pf, "%u\n", ntohs(sin.sin_port));
	fclose(pf);
	while (!stop) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err(1, "recv");
		}
		record(out, buf, (size_t)n, wport);
	}
	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		record(out, buf, (size_t)n, wport);
	if (fclose(out) != 0)
		err(1, "%s", argv[2]);
	return (0);
}
