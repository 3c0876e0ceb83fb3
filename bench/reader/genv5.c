/*
 * genv5: the same NetFlow v5 flows two ways, for comparing readers.
 *
 * Every flow is sent to 127.0.0.1:port in v5 datagrams of 30 records
 * (for nfcapd) and stored in a flowd log the way a collector stores a
 * v5 record (agent = sender address, receive time = send time, all
 * v3.0 fields but TAG, with CRC), through the real store writer.
 *
 *	genv5 -n flows -p port -o log [-b datagrams_per_ms]
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <err.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "store.h"

#define V5_HDR		24
#define V5_REC		48
#define V5_MAXREC	30
#define UPTIME0		600000000U	/* exporter up ~7 days */

static uint8_t *
p16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
	return (p + 2);
}

static uint8_t *
p32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
	return (p + 4);
}

/* Flow i, deterministic and varied enough to defeat trivial caching. */
static void
make_flow(struct flow *f, uint32_t i, const struct timeval *now,
    uint32_t uptime)
{
	uint32_t	h = i * 2654435761U;

	memset(f, 0, sizeof(*f));
	f->fields = FLOW_ALL_V30 & ~(FLOW_TAG | FLOW_AGENT_ADDR6 |
	    FLOW_SRC_ADDR6 | FLOW_DST_ADDR6 | FLOW_GATEWAY_ADDR6);
	f->recv_sec = now->tv_sec;
	f->recv_usec = now->tv_usec;
	f->tcp_flags = (h >> 8) & 0x3f;
	f->protocol = (h % 10 < 7) ? 6 : ((h % 10 < 9) ? 17 : 1);
	f->tos = 0;
	f->agent.af = AF_INET;
	f->agent.v4.s_addr = htonl(INADDR_LOOPBACK);
	f->src.af = AF_INET;
	f->src.v4.s_addr = htonl(0x0a000000 | (h & 0xffff));
	f->dst.af = AF_INET;
	f->dst.v4.s_addr = htonl(0xc0a80000 | ((h >> 16) & 0xffff));
	f->gateway.af = AF_INET;
	f->gateway.v4.s_addr = htonl(0x0a0000fe);
	f->src_port = 1024 + (h % 60000);
	f->dst_port = (h & 1) ? 443 : 53;
	f->packets = 1 + (h % 1000);
	f->octets = f->packets * (40 + (h % 1460));
	f->if_in = 1 + (h % 4);
	f->if_out = 5 + (h % 4);
	f->sys_uptime_ms = uptime;
	f->export_sec = now->tv_sec;
	f->export_nsec = now->tv_usec * 1000;
	f->netflow_version = 5;
	f->flow_start = uptime - 60000 + (h % 30000);
	f->flow_finish = uptime - (h % 1000);
	f->src_as = 64496 + (h % 16);
	f->dst_as = 64512 + (h % 16);
	f->src_mask = 16;
	f->dst_mask = 24;
	f->engine_type = 1;
	f->engine_id = 2;
}

static uint8_t *
v5_record(uint8_t *p, const struct flow *f)
{
	memcpy(p, &f->src.v4, 4);
	memcpy(p + 4, &f->dst.v4, 4);
	memcpy(p + 8, &f->gateway.v4, 4);
	p = p16(p + 12, f->if_in);
	p = p16(p, f->if_out);
	p = p32(p, f->packets);
	p = p32(p, f->octets);
	p = p32(p, f->flow_start);
	p = p32(p, f->flow_finish);
	p = p16(p, f->src_port);
	p = p16(p, f->dst_port);
	*p++ = 0;
	*p++ = f->tcp_flags;
	*p++ = f->protocol;
	*p++ = f->tos;
	p = p16(p, f->src_as);
	p = p16(p, f->dst_as);
	*p++ = f->src_mask;
	*p++ = f->dst_mask;
	return (p16(p, 0));
}

int
main(int argc, char **argv)
{
	struct store_writer	 w;
	struct sockaddr_in	 sin;
	struct timeval		 now;
	struct timespec		 ms = { 0, 1000000 };
	struct flow		 f;
	uint8_t			 dgram[V5_HDR + V5_MAXREC * V5_REC], *p;
	const char		*errstr, *path = NULL;
	long long		 nflows = 0, i, burst = 16, port = 0;
	uint32_t		 seq = 0, uptime;
	int			 ch, s, fd, r, n, sent = 0;

	while ((ch = getopt(argc, argv, "b:n:o:p:")) != -1) {
		switch (ch) {
		case 'b':
			burst = strtonum(optarg, 1, 100000, &errstr);
			if (errstr != NULL)
				errx(1, "-b %s: %s", optarg, errstr);
			break;
		case 'n':
			nflows = strtonum(optarg, 1, INT_MAX, &errstr);
			if (errstr != NULL)
				errx(1, "-n %s: %s", optarg, errstr);
			break;
		case 'o':
			path = optarg;
			break;
		case 'p':
			port = strtonum(optarg, 1, 65535, &errstr);
			if (errstr != NULL)
				errx(1, "-p %s: %s", optarg, errstr);
			break;
		default:
			errx(1, "usage: genv5 -n flows -p port -o log "
			    "[-b datagrams_per_ms]");
		}
	}
	if (nflows == 0 || port == 0 || path == NULL)
		errx(1, "usage: genv5 -n flows -p port -o log "
		    "[-b datagrams_per_ms]");
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		err(1, "socket");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 0600);
	if (fd == -1)
		err(1, "open %s", path);
	if ((r = store_writer_open(&w, fd, FLOW_ALL_V30, 0, 0)) != STORE_OK)
		errx(1, "%s: %s", path, store_strerror(r));

	for (i = 0; i < nflows; i += n) {
		n = (nflows - i < V5_MAXREC) ? nflows - i : V5_MAXREC;
		gettimeofday(&now, NULL);
		uptime = UPTIME0 + (uint32_t)(i / 1000);
		p = p16(dgram, 5);
		p = p16(p, n);
		p = p32(p, uptime);
		p = p32(p, now.tv_sec);
		p = p32(p, now.tv_usec * 1000);
		p = p32(p, seq);
		*p++ = 1;		/* engine type */
		*p++ = 2;		/* engine id */
		p = p16(p, 0);
		for (r = 0; r < n; r++) {
			make_flow(&f, i + r, &now, uptime);
			f.flow_sequence = seq;
			p = v5_record(p, &f);
			if ((ch = store_writer_put(&w, &f)) != STORE_OK)
				errx(1, "%s: %s", path, store_strerror(ch));
		}
		seq += n;
		if (sendto(s, dgram, p - dgram, 0, (struct sockaddr *)&sin,
		    sizeof(sin)) == -1)
			err(1, "sendto");
		/* Pace the datagrams so the collector's socket keeps up. */
		if (++sent % burst == 0)
			nanosleep(&ms, NULL);
	}
	if ((r = store_writer_close(&w)) != STORE_OK)
		errx(1, "%s: %s", path, store_strerror(r));
	close(fd);
	printf("%lld flows in %d datagrams\n", nflows, sent);
	return (0);
}
