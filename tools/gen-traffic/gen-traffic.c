/*
 * gen-traffic: write a pcap of synthetic but realistic traffic and the
 * ground truth of its flows, both determined by a seed.
 *
 * The ground truth has one line per unidirectional flow (what a NetFlow
 * exporter reports) and per-family totals; octets are IP lengths, never
 * wire lengths.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <err.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"

#include "gen-traffic.h"

static const char *encap_names[] = { "none", "vlan", "qinq", "mpls" };

static __dead void
usage(void)
{
	fprintf(stderr, "usage: gen-traffic [-d seconds] [-m maxpkts] "
	    "[-n flows] [-s seed] [-t start]\n"
	    "\t-o file.pcap -g truth-file\n");
	exit(1);
}

static long long
number(const char *s, long long min, long long max, const char *what)
{
	const char *errstr;
	long long v;

	v = strtonum(s, min, max, &errstr);
	if (errstr != NULL)
		errx(1, "%s %s: %s", what, s, errstr);
	return (v);
}

static void
put_time(FILE *fp, uint64_t us)
{
	fprintf(fp, "%" PRIu64 ".%06" PRIu64, us / 1000000, us % 1000000);
}

static void
put_flow(FILE *fp, const struct tflow *f, int dir)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	int af;
	unsigned int sport, dport;

	af = f->af == 4 ? AF_INET : AF_INET6;
	if (inet_ntop(af, f->addr[dir], src, sizeof(src)) == NULL ||
	    inet_ntop(af, f->addr[dir ^ 1], dst, sizeof(dst)) == NULL)
		err(1, "inet_ntop");
	if (f->proto == 6 || f->proto == 17) {
		sport = f->port[dir];
		dport = f->port[dir ^ 1];
	} else {
		/* NetFlow convention: ICMP type and code in the dst port. */
		sport = 0;
		dport = (unsigned int)f->icmp[dir][0] << 8 | f->icmp[dir][1];
	}
	fprintf(fp, "flow %d %u %s %u %s %u %" PRIu64 " %" PRIu64 " ",
	    f->af, f->proto, src, sport, dst, dport, f->pkts[dir],
	    f->octets[dir]);
	put_time(fp, f->first[dir]);
	fputc(' ', fp);
	put_time(fp, f->last[dir]);
	fprintf(fp, " %s %u %" PRIu64 "\n", encap_names[f->encap],
	    (unsigned int)f->tos, f->nfrag[dir]);
}

static void
put_truth(const char *path, const struct tflow *flows, uint32_t nflows,
    const char *params)
{
	FILE *fp;
	uint64_t fl[2] = { 0, 0 }, pk[2] = { 0, 0 }, oc[2] = { 0, 0 };
	uint32_t i;
	int dir, fam;

	if (strcmp(path, "-") == 0)
		fp = stdout;
	else if ((fp = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	fprintf(fp, "# gen-traffic %s\n", params);
	fprintf(fp, "# flow af proto src sport dst dport packets octets "
	    "first last encap tos nonfirst-fragments\n");
	fprintf(fp, "# total af flows packets octets\n");
	for (i = 0; i < nflows; i++) {
		for (dir = 0; dir < 2; dir++) {
			if (flows[i].pkts[dir] == 0)
				continue;
			put_flow(fp, &flows[i], dir);
			fam = flows[i].af == 4 ? 0 : 1;
			fl[fam]++;
			pk[fam] += flows[i].pkts[dir];
			oc[fam] += flows[i].octets[dir];
		}
	}
	fprintf(fp, "total 4 %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
	    fl[0], pk[0], oc[0]);
	fprintf(fp, "total 6 %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
	    fl[1], pk[1], oc[1]);
	fprintf(fp, "total all %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
	    fl[0] + fl[1], pk[0] + pk[1], oc[0] + oc[1]);
	if (fflush(fp) != 0 || ferror(fp))
		err(1, "%s", path);
	if (fp != stdout && fclose(fp) != 0)
		err(1, "%s", path);
}

int
main(int argc, char *argv[])
{
	struct tflow *flows;
	struct tpkt *pkts;
	const char *pcap_path = NULL, *truth_path = NULL;
	char params[256];
	uint64_t seed = 1, start = 1700000000, dur = 60;
	uint32_t i, nflows = 200, cap = 500;
	size_t j, npkts;
	int ch;

	while ((ch = getopt(argc, argv, "d:g:m:n:o:s:t:")) != -1) {
		switch (ch) {
		case 'd':
			dur = (uint64_t)number(optarg, 1, 86400, "duration");
			break;
		case 'g':
			truth_path = optarg;
			break;
		case 'm':
			cap = (uint32_t)number(optarg, 1, 65535, "maxpkts");
			break;
		case 'n':
			nflows = (uint32_t)number(optarg, 1, 1000000, "flows");
			break;
		case 'o':
			pcap_path = optarg;
			break;
		case 's':
			seed = (uint64_t)number(optarg, 0, LLONG_MAX, "seed");
			break;
		case 't':
			/* pcap seconds are 32 bits; leave room for dur. */
			start = (uint64_t)number(optarg, 0, 4000000000LL,
			    "start");
			break;
		default:
			usage();
		}
	}
	if (optind != argc || pcap_path == NULL || truth_path == NULL)
		usage();
	snprintf(params, sizeof(params), "seed=%" PRIu64 " flows=%" PRIu32
	    " duration=%" PRIu64 " start=%" PRIu64 " maxpkts=%" PRIu32,
	    seed, nflows, dur, start, cap);

	if ((flows = calloc(nflows, sizeof(*flows))) == NULL)
		err(1, "calloc");
	rng_seed(seed);
	plan_init(nflows);
	for (i = 0; i < nflows; i++)
		plan_flow(&flows[i], i, start * 1000000, dur * 1000000, cap);
	pkts = plan_sorted(&npkts);

	pcap_open_out(pcap_path);
	for (j = 0; j < npkts; j++)
		frame_emit(&flows[pkts[j].flow], pkts[j].flow, &pkts[j]);
	pcap_close_out();
	put_truth(truth_path, flows, nflows, params);
	plan_free();
	free(flows);
	return (0);
}
