/*
 * bench/filter: flows per second through the compiled filter on one
 * core, for rule sets of 1, 10 and 100 rules parsed from flowd.conf
 * text, over a fixed pseudo-random mix of 65536 flows (90% IPv4).
 * Each set runs for at least half a second of CPU time (thread CPU
 * time, not wall time); the best of three runs is printed.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compat.h"
#include "filter.h"
#include "flowd.h"

#define NFLOWS	4096

static const char rules1[] =
    "accept tag 1 src 10/8\n";

static const char rules10[] =
    "accept tag 1 src 10/8\n"
    "accept tag 2 dst 10/8\n"
    "accept tag 3 dst any port 80 proto tcp\n"
    "accept tag 4 proto tcp dst any port 443\n"
    "discard proto tcp tcp_flags mask 0x12 ! equals 0x12\n"
    "accept tag 5 proto udp dst any port 53\n"
    "discard in_ifndx 10\n"
    "accept tag 6 src { 172.16/12, 192.168/16 }\n"
    "discard packets <= 1 octets < 64\n"
    "accept tag 7 dst 2001:db8::/32\n";

static const char rules10_time[] =
    "accept tag 1 src 10/8 days mon-fri\n"
    "accept tag 2 dst 10/8 after 08:00 before 18:00\n"
    "accept tag 3 dst any port 80 proto tcp\n"
    "accept tag 4 proto tcp dst any port 443 days sat,sun\n"
    "discard proto tcp tcp_flags mask 0x12 ! equals 0x12\n"
    "accept tag 5 proto udp dst any port 53 after 12:00\n"
    "discard in_ifndx 10 after date 2024-01-01\n"
    "accept tag 6 src { 172.16/12, 192.168/16 }\n"
    "discard packets <= 1 octets < 64\n"
    "accept tag 7 dst 2001:db8::/32\n";

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t
rnd(void)
{
	/* xorshift64*: fixed seed, same flows every run. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return ((uint32_t)((rng * 2685821657736338717ULL) >> 32));
}

static void
make_flows(struct flow *fv)
{
	static const uint32_t	 nets[] = {
		0x0a000000, 0xac100000, 0xc0a80000, 0xc6336400, 0x08080800
	};
	static const uint16_t	 ports[] = { 80, 443, 53, 22, 123, 8080 };
	struct flow		*f;
	size_t			 i;
	uint32_t		 r;

	for (i = 0; i < NFLOWS; i++) {
		f = &fv[i];
		memset(f, 0, sizeof(*f));
		r = rnd();
		f->fields = FLOW_RECV_TIME | FLOW_PROTO_FLAGS_TOS |
		    FLOW_AGENT_ADDR4 | FLOW_SRCDST_PORT | FLOW_PACKETS |
		    FLOW_OCTETS | FLOW_IF_INDICES | FLOW_AGENT_INFO;
		f->agent.af = AF_INET;
		f->agent.v4.s_addr = htonl(0xc0000201 + r % 4);
		if (r % 10 == 0) {
			f->fields |= FLOW_SRC_ADDR6 | FLOW_DST_ADDR6;
			f->src.af = f->dst.af = AF_INET6;
			f->src.addr32[0] = htonl(0x20010db8);
			f->src.addr32[3] = rnd();
			f->dst.addr32[0] = htonl(r % 3 ? 0x20010db8 : 0x2a000000);
			f->dst.addr32[3] = rnd();
		} else {
			f->fields |= FLOW_SRC_ADDR4 | FLOW_DST_ADDR4;
			f->src.af = f->dst.af = AF_INET;
			f->src.v4.s_addr = htonl(nets[rnd() % 5] | (rnd() & 0xffff));
			f->dst.v4.s_addr = htonl(nets[rnd() % 5] | (rnd() & 0xffff));
		}
		r = rnd();
		f->protocol = r % 3 == 0 ? 17 : r % 7 == 0 ? 1 : 6;
		f->tcp_flags = (uint8_t)rnd();
		f->src_port = (uint16_t)(1024 + rnd() % 60000);
		f->dst_port = ports[rnd() % 6];
		f->packets = 1 + rnd() % 100;
		f->octets = f->packets * (40 + rnd() % 1400);
		f->if_in = rnd() % 16;
		f->if_out = rnd() % 16;
		f->netflow_version = 9;
		/* A week from Monday 2024-03-11, so days and times vary. */
		f->recv_sec = 1710115200U + rnd() % (7 * 86400);
	}
}

static char *
hundred_rules(void)
{
	char	*buf, *p;
	size_t	 len = 100 * 96;
	int	 i, n;

	if ((buf = p = malloc(len)) == NULL)
		err(1, NULL);
	for (i = 0; i < 100; i++) {
		switch (i % 5) {
		case 0:
			n = snprintf(p, len, "accept tag %d src 10.%d/16\n",
			    i, i);
			break;
		case 1:
			n = snprintf(p, len, "accept tag %d dst any port %d "
			    "proto tcp\n", i, 1000 + i);
			break;
		case 2:
			n = snprintf(p, len, "discard in_ifndx %d proto udp\n",
			    100 + i);
			break;
		case 3:
			n = snprintf(p, len, "accept tag %d src { 172.%d/16, "
			    "192.168.%d/24 }\n", i, 16 + i % 16, i);
			break;
		default:
			n = snprintf(p, len, "discard packets %d octets > %d\n",
			    i, i * 1000);
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	return (buf);
}

static double
now(void)
{
	struct timespec	 ts;

	/*
	 * CPU time of this thread: the machine is shared, and time spent
	 * waiting for the CPU is not the filter's.
	 */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static void
run(const char *label, const char *text, const struct flow *fv)
{
	struct flowd_config	 conf;
	struct filter		*fl;
	double			 t0, t, best = 0;
	uint64_t		 n, total = 0, accepted = 0;
	size_t			 i;
	int			 round;

	conf_init(&conf);
	if (conf_parse_buffer(text, strlen(text), label, &conf, 0) == -1)
		errx(1, "%s: rules do not parse", label);
	if ((fl = filter_compile(&conf.filters)) == NULL)
		errx(1, "filter_compile");
	for (round = 0; round < 3; round++) {
		n = 0;
		t0 = now();
		do {
			for (i = 0; i < NFLOWS; i++)
				accepted += filter_eval(fl, &fv[i], NULL) ==
				    FILTER_ACCEPT;
			n += NFLOWS;
			total += NFLOWS;
		} while ((t = now() - t0) < 0.5);
		if ((double)n / t > best)
			best = (double)n / t;
	}
	printf("filter %-22s %7.1f M flows/s  (%zu rules, %.0f%% "
	    "accepted)\n", label, best / 1e6, filter_nrules(fl),
	    100.0 * (double)accepted / (double)total);
	filter_free(fl);
	conf_clear(&conf);
}

/* "filter [label]": all sets, or only those whose label starts so. */
int
main(int argc, char **argv)
{
	struct flow	*fv;
	const char	*only;
	char		*r100;

	setenv("TZ", "UTC", 1);
	tzset();
	if ((fv = calloc(NFLOWS, sizeof(*fv))) == NULL)
		err(1, NULL);
	make_flows(fv);
	r100 = hundred_rules();
	only = argc > 1 ? argv[1] : "";
	if (strncmp("1 rule", only, strlen(only)) == 0)
		run("1 rule", rules1, fv);
	if (strncmp("10 rules", only, strlen(only)) == 0)
		run("10 rules", rules10, fv);
	if (strncmp("10 rules, days/times", only, strlen(only)) == 0)
		run("10 rules, days/times", rules10_time, fv);
	if (strncmp("100 rules", only, strlen(only)) == 0)
		run("100 rules", r100, fv);
	free(r100);
	free(fv);
	return (0);
}
