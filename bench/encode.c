/*
 * encode: encoder throughput on one core.  A pool of varied
 * flows (IPv4 TCP/UDP/ICMP, and a third IPv6 for v9/IPFIX) is queued
 * and drained into datagrams over and over; flows/s counts flows that
 * ended up in a returned datagram.
 *
 *	encode [-n flows]	(default 10000000 per version)
 *
 * Time is the thread's CPU time, so other load on the machine does
 * not count against us (caches shared with it still do).
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
#include <unistd.h>

#include "compat.h"
#include "nf_encode.h"

#define POOL	4096

static struct flow	pool4[POOL], pool46[POOL];

static void
mkpool(struct flow *pool, int with6)
{
	struct flow	*f;
	uint32_t	 x = 12345;
	int		 i;

	for (i = 0; i < POOL; i++) {
		f = &pool[i];
		memset(f, 0, sizeof(*f));
		x = x * 1103515245 + 12345;
		f->fields = FLOW_PROTO_FLAGS_TOS | FLOW_SRCDST_PORT |
		    FLOW_PACKETS | FLOW_OCTETS | FLOW_IF_INDICES |
		    FLOW_FLOW_TIMES | FLOW_FLOW_INFO;
		if (with6 && i % 3 == 2) {
			f->fields |= FLOW_SRC_ADDR6 | FLOW_DST_ADDR6;
			f->src.af = f->dst.af = AF_INET6;
			f->src.addr32[0] = htonl(0x20010db8);
			f->src.addr32[3] = x;
			f->dst.addr32[0] = htonl(0x20010db8);
			f->dst.addr32[3] = ~x;
		} else {
			f->fields |= FLOW_SRC_ADDR4 | FLOW_DST_ADDR4;
			f->src.af = f->dst.af = AF_INET;
			f->src.v4.s_addr = x;
			f->dst.v4.s_addr = ~x;
		}
		f->protocol = i % 7 == 0 ? 1 : (i % 2 ? 6 : 17);
		if (f->protocol == 1 && f->src.af == AF_INET6)
			f->protocol = 58;
		f->src_port = (uint16_t)x;
		f->dst_port = (uint16_t)(x >> 16);
		f->tcp_flags = (uint8_t)x;
		f->packets = 1 + x % 1000;
		f->octets = f->packets * 64;
		f->if_in = 1;
		f->if_out = 2;
		f->flow_start = x % 100000;
		f->flow_finish = f->flow_start + 1000;
		f->end_reason = FLOW_END_IDLE;
	}
}

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static void
run(const char *name, int version, const struct flow *pool, long long n)
{
	struct nf_encoder_opts		 o;
	struct nf_encoder		*e;
	const struct nf_encoder_stats	*st;
	struct timeval			 tv;
	static uint8_t			 buf[2048];
	long long			 i;
	uint64_t			 sink = 0;
	double				 t0, t;
	size_t				 len;

	nf_encoder_opts_init(&o, version);
	o.boot_time.tv_sec = 1700000000;
	o.queue_flows = 256;
	if ((e = nf_encoder_new(&o)) == NULL)
		err(1, "nf_encoder_new");
	tv.tv_sec = 1700000100;
	tv.tv_usec = 0;
	t0 = now_s();
	for (i = 0; i < n; i++) {
		if (nf_encoder_add(e, &pool[i % POOL], &tv) == -1)
			errx(1, "nf_encoder_add failed");
		/* as an exporter does: full datagrams while the batch lasts */
		while (nf_encoder_ready(e) &&
		    (len = nf_encoder_next(e, buf, sizeof(buf), &tv)) > 0)
			sink += buf[len - 1];
	}
	while ((len = nf_encoder_next(e, buf, sizeof(buf), &tv)) > 0)
		sink += buf[len - 1];
	t = now_s() - t0;
	st = nf_encoder_stats(e);
	printf("%-14s %11llu flows %7.3f s %7.2f Mflows/s %6.1f flows/dgram "
	    "%5.1f B/flow%s\n", name, (unsigned long long)st->flows_sent, t,
	    st->flows_sent / t / 1e6, (double)st->flows_sent / st->datagrams,
	    (double)st->octets / st->flows_sent, sink == 1 ? " " : "");
	nf_encoder_free(e);
}

int
main(int argc, char *argv[])
{
	const char	*errstr;
	long long	 n = 10000000;
	int		 ch;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		switch (ch) {
		case 'n':
			n = strtonum(optarg, 1, 1LL << 40, &errstr);
			if (errstr != NULL)
				errx(1, "-n %s: %s", optarg, errstr);
			break;
		default:
			fprintf(stderr, "usage: encode [-n flows]\n");
			return (1);
		}
	}
	mkpool(pool4, 0);
	mkpool(pool46, 1);
	run("v1", 1, pool4, n);
	run("v5", 5, pool4, n);
	run("v9 ipv4", 9, pool4, n);
	run("v9 mixed", 9, pool46, n);
	run("ipfix ipv4", 10, pool4, n);
	run("ipfix mixed", 10, pool46, n);
	return (0);
}
