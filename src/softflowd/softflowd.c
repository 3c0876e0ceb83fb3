/*
 * softflowd: a NetFlow/IPFIX exporter tracking the flows of a live
 * interface or a capture file, command-line compatible with softflowd
 * 1.1.  This file holds the options and the main loop; the work is in
 * decode.c, flowtable.c, expire.c, export.c and ctl.c.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <net/if.h>

#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "sf_capture.h"
#include "sf_main.h"
#include "sf_pcapfile.h"

#define SF_VERSION	"1.1.0"
#define DEF_PIDFILE	"/var/run/softflowd.pid"
#define DEF_CTLSOCK	"/var/run/softflowd.ctl"
#define DEF_CHROOT	"/var/run/softflowd/chroot"
#define DEF_USER	"nobody"
#define DEF_MAXFLOWS	8192
#define MAX_FLOWS_CAP	16000000

static volatile sig_atomic_t	got_signal;

static __dead void
usage(int code)
{
	fprintf(stderr,
"Usage: softflowd [options] [bpf_program]\n"
"This is softflowd version %s. Valid commandline options:\n"
"  -i [idx:]interface      Specify interface to listen on\n"
"  -r pcap_file            Specify packet capture file to read\n"
"  -t timeout=time         Specify named timeout\n"
"  -m max_flows            Specify maximum number of flows to track (default %d)\n"
"  -n host:port            Send Cisco NetFlow(tm)-compatible packets to host:port\n"
"  -p pidfile              Record pid in specified file\n"
"                          (default: %s)\n"
"  -c socketfile           Location of control socket\n"
"                          (default: %s)\n"
"  -v 1|5|9|10             NetFlow export packet version\n"
"                          10 means IPFIX\n"
"  -L hoplimit             Set TTL/hoplimit for export datagrams\n"
"  -T full|port|proto|ip|  Set flow tracking level (default: full)\n"
"     vlan                 (\"vlan\" tracking means \"full\" tracking with vlanid)\n"
"     ether                (\"ether\" tracking means \"vlan\" tracking with ether header)\n"
"  -6                      Track IPv6 flows, regardless of whether selected \n"
"                          NetFlow export protocol supports it\n"
"  -d                      Don't daemonise (run in foreground)\n"
"  -D                      Debug mode: foreground + verbosity + track v6 flows\n"
"  -P udp|tcp|sctp         Specify transport layer protocol for exporting packets\n"
"  -A sec|milli|micro|nano Specify absolute time format form exporting records\n"
"  -s sampling_rate        Specify periodical sampling rate (denominator)\n"
"  -B bytes                Libpcap buffer size in bytes\n"
"  -b                      Bidirectional mode in IPFIX (-b work with -v 10)\n"
"  -a                      Adjusting time for reading pcap file (-a work with -r)\n"
"  -C capture_length       Specify length for packet capture (snaplen)\n"
"  -l                      Load balancing mode for multiple destinations\n"
"  -N                      Disable promiscuous mode\n"
"  -S send_interface_name  Specify send interface name\n"
"  -e source_address       Specify source address for export datagrams\n"
"  -x number_of_mpls_labels Specify number of MPLS labels\n"
"  -H mac_address          Specify the MAC address that means egress\n"
"  -I time                 Re-base sysUpTime when older than time\n"
"  -g                      Log the CPU time used at exit\n"
"  -h                      Display this help\n"
"\n"
"Valid timeout names and default values:\n"
"  tcp     (default   3600)  tcp.rst (default    120)  tcp.fin (default    300)\n"
"  udp     (default    300)  icmp    (default    300)  general (default   3600)\n"
"  maxlife (default 604800)  expint  (default     60)  active  (default      0)\n",
	    SF_VERSION, DEF_MAXFLOWS, DEF_PIDFILE, DEF_CTLSOCK);
	exit(code);
}

static long long
number(const char *s, long long min, long long max, const char *what)
{
	const char	*errstr;
	long long	 v;

	v = strtonum(s, min, max, &errstr);
	if (errstr != NULL) {
		fprintf(stderr, "Invalid %s \"%s\": %s\n", what, s, errstr);
		usage(1);
	}
	return (v);
}

static void
on_signal(int sig)
{
	got_signal = sig;
}

static uint64_t
wall_us(void)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	return ((uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec);
}

static void
emit(void *arg, const struct sf_flow *f, const uint32_t *labels, int reason,
    uint64_t now)
{
	struct sf_ctx	*cx = arg;
	char		 line[512];

	if (cx->verbose) {
		sf_format_flow(line, sizeof(line), f, 0);
		log_debug("EXPIRED: %s", line);
	}
	sf_export_flow(cx->exp, f, labels, reason, now);
}

static void
scan(struct sf_ctx *cx, uint64_t now)
{
	uint64_t	s = now / 1000000, ei = cx->to.expint;

	if (!cx->time_expiry || s < cx->next_scan)
		return;
	sf_track_expire(cx->track, now);
	/* expint clusters the scans, as softflowd's does its exports. */
	cx->next_scan = ei > 1 ? (s / ei + 1) * ei : s + 1;
	sf_export_flush(cx->exp, now);
}

/*
 * The first half of a packet's way: sampling, decoding, the counters.
 * 1 when it goes on to the tracker.
 */
static int
pkt_begin(struct sf_ctx *cx, uint64_t ts, const u_char *p, uint32_t caplen,
    uint32_t len, struct sf_pkt *pk)
{
	int	r;

	if (cx->sample > 1 && (cx->sample_ctr++ % cx->sample) != 0) {
		cx->non_sampled++;
		return (0);
	}
	if (!cx->have_boot) {
		cx->have_boot = 1;
		if (cx->pkt_clock) {
			cx->boot.tv_sec = (time_t)(ts / 1000000);
			cx->boot.tv_usec = (suseconds_t)(ts % 1000000);
			sf_export_set_boot(cx->exp, &cx->boot);
		}
	}
	r = sf_decode(cx->dlt, p, caplen, len, pk, &cx->dst);
	if (r == SF_DEC_NONIP) {
		cx->ign_nonip++;
		return (0);
	}
	cx->pkts_processed++;
	if (r == SF_DEC_SHORT) {
		cx->ign_short++;
		return (0);
	}
	if (!cx->offline && sf_export_is_own(cx->exp, pk)) {
		/* Our own export datagrams are not traffic to report. */
		cx->own_export++;
		cx->pkts_processed--;
		return (0);
	}
	return (1);
}

/*
 * The second half, in packet order: the tracker, then the clock
 * (packet time moves only here, so a batch never expires a flow that
 * one of its earlier packets was about to refresh).
 */
static void
pkt_end(struct sf_ctx *cx, const struct sf_pkt *pk, const struct sf_prep *pr,
    uint64_t ts)
{
	int	r;

	if (cx->pkt_clock && ts > cx->now_us)
		cx->now_us = ts;
	r = pr != NULL ? sf_track_packet_prep(cx->track, pk, pr, ts) :
	    sf_track_packet(cx->track, pk, ts);
	if (r == -1) {
		cx->pkts_processed--;
		cx->ign_nonip++;
		return;
	}
	if (cx->pkt_clock)
		scan(cx, cx->now_us);
	if (sf_track_stats(cx->track)->flows_now > cx->max_flows_check)
		sf_track_evict(cx->track, cx->now_us);
}

static void
packet(u_char *arg, const struct pcap_pkthdr *h, const u_char *p)
{
	struct sf_ctx	*cx = (struct sf_ctx *)arg;
	struct sf_pkt	 pk;
	uint64_t	 ts;

	ts = (uint64_t)h->ts.tv_sec * 1000000 + (uint64_t)h->ts.tv_usec;
	if (pkt_begin(cx, ts, p, h->caplen, h->len, &pk))
		pkt_end(cx, &pk, NULL, ts);
}

/*
 * A batch from the fast file reader in three passes, so the cache
 * misses of its flows overlap: decode and hash (prefetching the hash
 * slots), prefetch the flows the slots name, then track in order.
 */
static void
batch(struct sf_ctx *cx, const struct sf_pcap_rec *r, int n)
{
	struct sf_pkt		pk[SF_BATCH];
	struct sf_prep		pr[SF_BATCH];
	struct pcap_pkthdr	h;
	uint8_t			go[SF_BATCH];
	u_int			nnew = 0;
	int			i;

	memset(&h, 0, sizeof(h));
	for (i = 0; i < n; i++) {
		go[i] = 0;
		if (cx->have_prog) {
			h.caplen = r[i].caplen;
			h.len = r[i].len;
			if (pcap_offline_filter(&cx->prog, &h, r[i].data) == 0)
				continue;
		}
		go[i] = (uint8_t)pkt_begin(cx, r[i].ts_us, r[i].data,
		    r[i].caplen, r[i].len, &pk[i]);
		if (go[i])
			sf_track_prep(cx->track, &pk[i], &pr[i]);
	}
	for (i = 0; i < n; i++)
		if (go[i])
			sf_track_prefetch(cx->track, &pr[i], &nnew);
	for (i = 0; i < n; i++)
		if (go[i])
			pkt_end(cx, &pk[i], &pr[i], r[i].ts_us);
}

static void
write_pidfile(const char *path)
{
	FILE	*fp;
	char	 buf[32];
	long	 pid;

	if ((fp = fopen(path, "r")) != NULL) {
		if (fgets(buf, sizeof(buf), fp) != NULL) {
			buf[strcspn(buf, "\n")] = '\0';
			pid = strtonum(buf, 1, INT32_MAX, NULL);
			if (pid > 0 && kill((pid_t)pid, 0) == 0)
				fatalx("pid file %s names running process "
				    "%ld", path, pid);
		}
		fclose(fp);
	}
	if ((fp = fopen(path, "w")) == NULL) {
		log_warn("%s", path);
		return;
	}
	fprintf(fp, "%ld\n", (long)getpid());
	fclose(fp);
}

static void
run_offline(struct sf_ctx *cx)
{
	struct sf_pcap_rec	r[SF_BATCH];
	char			err[256];
	int			n;

	for (;;) {
		if (cx->pf != NULL)
			n = sf_pcapfile_next(cx->pf, r, SF_BATCH, err,
			    sizeof(err));
		else
			n = pcap_dispatch(cx->pcap, 1024, packet,
			    (u_char *)cx);
		/* What was read is tracked, even when a signal came. */
		if (n > 0 && cx->pf != NULL)
			batch(cx, r, n);
		if (n <= 0 || got_signal != 0 || cx->run != SF_RUN)
			break;
	}
	if (n == -1)
		log_warnx("%s: %s", cx->pf != NULL ? "pcap file" : "pcap",
		    cx->pf != NULL ? err : pcap_geterr(cx->pcap));
	else if (n == 0)
		log_info("Shutting down after pcap EOF");
	if (cx->run == SF_RUN)
		cx->run = SF_SHUTDOWN;
}

static void
run_live(struct sf_ctx *cx, uint32_t rebase)
{
	struct pollfd	pfd[2];
	int		nfd, pcapfd;

	pcapfd = pcap_get_selectable_fd(cx->pcap);
	while (cx->run == SF_RUN) {
		if (got_signal != 0) {
			log_info("Shutting down on signal %d",
			    (int)got_signal);
			cx->run = SF_SHUTDOWN;
			break;
		}
		nfd = 0;
		pfd[0].fd = cx->gather ? pcapfd : -1;
		pfd[0].events = POLLIN;
		pfd[1].fd = cx->ctl_fd;
		pfd[1].events = POLLIN;
		nfd = 2;
		if (poll(pfd, (nfds_t)nfd, 1000) == -1 && errno != EINTR)
			fatal("poll");
		if (cx->gather)
			(void)pcap_dispatch(cx->pcap, 4096, packet,
			    (u_char *)cx);
		cx->now_us = wall_us();
		if (cx->ctl_fd != -1 && (pfd[1].revents & POLLIN))
			sf_ctl_accept(cx);
		scan(cx, cx->now_us);
		if (sf_track_evict(cx->track, cx->now_us) > 0)
			sf_export_flush(cx->exp, cx->now_us);
		if (rebase != 0 && cx->now_us / 1000000 >
		    (uint64_t)cx->boot.tv_sec + rebase) {
			cx->boot.tv_sec = (time_t)(cx->now_us / 1000000);
			cx->boot.tv_usec = (suseconds_t)(cx->now_us % 1000000);
			sf_export_set_boot(cx->exp, &cx->boot);
		}
	}
}

int
main(int argc, char *argv[])
{
	struct sf_ctx		 cx;
	struct sf_track_conf	 tc;
	struct sf_export_conf	 xc;
	struct sf_capture_conf	 cc;
	const char		*targets = NULL, *pidfile = DEF_PIDFILE;
	const char		*ctlpath = DEF_CTLSOCK, *ifarg = NULL;
	const char		*errstr, *colon;
	char			 err[256], filter[4096], ifname[IF_NAMESIZE];
	int			 ch, fg = 0, debug = 0, v6 = -1, version = 5;
	int			 level = SF_T_FULL, snaplen = 0, i, lb = 0;
	int			 promisc = 1, bufsize = 0, use_pkt_time = 0;
	int			 cputime = 0, biflow = 0, nmpls = 0;
	uint32_t		 maxflows = DEF_MAXFLOWS, ifindex = 0;
	uint32_t		 rebase = 0;
	long long		 v;

	memset(&cx, 0, sizeof(cx));
	memset(&xc, 0, sizeof(xc));
	memset(&cc, 0, sizeof(cc));
	cx.ctl_fd = -1;
	cx.gather = 1;
	xc.proto = IPPROTO_UDP;
	xc.hoplimit = -1;
	xc.times = SF_TIMES_UPTIME;
	sf_timeouts_default(&cx.to);
	log_init(1, LOG_DAEMON);

	while ((ch = getopt(argc, argv,
	    "6hdDL:T:H:i:r:t:n:m:p:c:v:s:P:A:B:baC:lR:MNS:x:I:ge:")) != -1) {
		switch (ch) {
		case '6':
			v6 = 1;
			break;
		case 'h':
			usage(0);
		case 'D':
			debug = 1;
			v6 = 1;
			/* FALLTHROUGH */
		case 'd':
			fg = 1;
			break;
		case 'L':
			xc.hoplimit = (int)number(optarg, 0, 255, "hop limit");
			break;
		case 'T':
			if ((level = sf_parse_level(optarg)) == -1) {
				fprintf(stderr, "Unknown tracking level\n");
				usage(1);
			}
			break;
		case 'H':
			if (sf_parse_mac(optarg, xc.dir_mac) == -1) {
				fprintf(stderr, "Invalid MAC address \"%s\"\n",
				    optarg);
				usage(1);
			}
			xc.have_dir_mac = 1;
			break;
		case 'i':
		case 'r':
			if (ifarg != NULL || cc.path != NULL) {
				fprintf(stderr,
				    "Packet source already specified.\n");
				usage(1);
			}
			if (ch == 'r')
				cc.path = optarg;
			else
				ifarg = optarg;
			break;
		case 't':
			if (sf_set_timeout(&cx.to, optarg) == -1) {
				fprintf(stderr, "Invalid -t option \"%s\"\n",
				    optarg);
				usage(1);
			}
			break;
		case 'n':
			targets = optarg;
			break;
		case 'm':
			maxflows = (uint32_t)number(optarg, 0, MAX_FLOWS_CAP,
			    "max flows");
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'c':
			ctlpath = optarg;
			break;
		case 'v':
			if (strcmp(optarg, "1") == 0 ||
			    strcmp(optarg, "5") == 0 ||
			    strcmp(optarg, "9") == 0 ||
			    strcmp(optarg, "10") == 0)
				version = (int)strtonum(optarg, 1, 10, NULL);
			else if (strcasecmp(optarg, "psamp") == 0 ||
			    strcasecmp(optarg, "ntopng") == 0) {
				fprintf(stderr, "Export \"%s\" is not "
				    "supported\n", optarg);
				exit(1);
			} else {
				fprintf(stderr, "Invalid NetFlow version\n");
				exit(1);
			}
			break;
		case 's':
			cx.sample = (uint32_t)number(optarg, 0, UINT32_MAX,
			    "sampling rate");
			break;
		case 'P':
			if (strcasecmp(optarg, "udp") == 0)
				xc.proto = IPPROTO_UDP;
			else if (strcasecmp(optarg, "tcp") == 0)
				xc.proto = IPPROTO_TCP;
			else if (strcasecmp(optarg, "sctp") == 0)
				xc.proto = IPPROTO_SCTP;
			else {
				fprintf(stderr, "Unknown transport \"%s\"\n",
				    optarg);
				usage(1);
			}
			break;
		case 'A':
			if ((xc.times = sf_parse_timefmt(optarg)) == -1) {
				fprintf(stderr, "Unknown time format\n");
				usage(1);
			}
			break;
		case 'B':
			bufsize = (int)number(optarg, 0, INT32_MAX,
			    "buffer size");
			break;
		case 'b':
			biflow = 1;
			break;
		case 'a':
			use_pkt_time = 1;
			break;
		case 'C':
			snaplen = (int)number(optarg, 1, 262144, "snaplen");
			break;
		case 'l':
			lb = 1;
			break;
		case 'R':
			fprintf(stderr, "PSAMP receive mode (-R) is not "
			    "supported\n");
			exit(1);
		case 'M':
			/* softflowd's reader thread; one loop is enough. */
			break;
		case 'N':
			promisc = 0;
			break;
		case 'S':
			xc.bind_dev = optarg;
			break;
		case 'x':
			nmpls = (int)number(optarg, 0, 10, "MPLS label count");
			break;
		case 'I':
			if ((v = sf_convtime(optarg)) == -1 || v == 0) {
				fprintf(stderr, "Invalid -I time\n");
				usage(1);
			}
			rebase = (uint32_t)v;
			break;
		case 'g':
			cputime = 1;
			break;
		case 'e':
			xc.source = optarg;
			break;
		default:
			fprintf(stderr, "Invalid commandline option.\n");
			usage(1);
		}
	}
	if (ifarg == NULL && cc.path == NULL) {
		fprintf(stderr, "You must specify a packet source.\n");
		usage(1);
	}
	/* The BPF expression: every remaining argument. */
	filter[0] = '\0';
	for (i = optind; i < argc; i++) {
		if (i > optind)
			(void)strlcat(filter, " ", sizeof(filter));
		if (strlcat(filter, argv[i], sizeof(filter)) >= sizeof(filter))
			fatalx("filter expression too long");
	}
	if (v6 == -1)
		v6 = version == 9 || version == 10;
	if (snaplen == 0)
		snaplen = v6 ? 160 : 96;
	if (ifarg != NULL) {
		if ((colon = strchr(ifarg, ':')) != NULL &&
		    colon != ifarg && isdigit((unsigned char)*ifarg)) {
			char	num[16];

			if ((size_t)(colon - ifarg) >= sizeof(num))
				fatalx("bad interface index");
			memcpy(num, ifarg, (size_t)(colon - ifarg));
			num[colon - ifarg] = '\0';
			ifindex = (uint32_t)strtonum(num, 0, UINT32_MAX,
			    &errstr);
			if (errstr != NULL)
				fatalx("interface index %s: %s", num, errstr);
			ifarg = colon + 1;
		} else
			ifindex = if_nametoindex(ifarg);
		if (strlcpy(ifname, ifarg, sizeof(ifname)) >= sizeof(ifname))
			fatalx("interface name too long: %s", ifarg);
		cc.ifname = ifname;
	}
	cx.offline = cc.path != NULL;
	/*
	 * A capture file is its own clock: flows and export headers use
	 * packet time (softflowd mixes in the wall clock: B19).  -a also
	 * runs the timeouts on that clock.
	 */
	cx.pkt_clock = cx.offline;
	cx.time_expiry = !cx.offline || use_pkt_time;
	if (cx.offline) {
		fg = 1;
		ctlpath = NULL;
	}
	if (ctlpath != NULL && strcmp(ctlpath, "none") == 0)
		ctlpath = NULL;
	cx.verbose = debug;
	log_init(fg, LOG_DAEMON);
	log_setverbose(debug);

	cc.filter = filter;
	cc.snaplen = snaplen;
	cc.promisc = promisc;
	cc.bufsize = bufsize;
	err[0] = '\0';
	cx.pcap = cx.offline ? sf_capture_file(&cc, err, sizeof(err)) :
	    sf_capture_live(&cc, err, sizeof(err));
	if (cx.pcap == NULL)
		fatalx("%s", err);
	cx.dlt = pcap_datalink(cx.pcap);
	if (cx.offline && (cx.pf = sf_capture_fast(&cc, cx.pcap, &cx.prog,
	    &cx.have_prog, err, sizeof(err))) == NULL && err[0] != '\0')
		fatalx("%s", err);

	xc.version = version;
	xc.biflow = biflow;
	xc.mpls_labels = (u_int)nmpls;
	xc.load_balance = lb;
	xc.level = level;
	xc.sampling = cx.sample;
	xc.if_index = ifindex;
	(void)strlcpy(xc.if_name, cx.offline ? cc.path : cc.ifname,
	    sizeof(xc.if_name));
	if ((cx.exp = sf_export_new(&xc, targets, err, sizeof(err))) == NULL)
		fatalx("%s", err);

	memset(&tc, 0, sizeof(tc));
	tc.level = level;
	tc.track_v6 = v6;
	tc.max_flows = maxflows;
	tc.to = cx.to;
	/*
	 * Every export carries 32-bit counters (softflowd's IPFIX layout
	 * too): a direction leaves before its octets could wrap.
	 */
	tc.byte_limit = 1ULL << 31;
	tc.mpls_labels = (u_int)nmpls;
	tc.emit = emit;
	tc.arg = &cx;
	if ((cx.track = sf_track_new(&tc)) == NULL)
		fatalx("cannot set up the flow table");
	cx.max_flows_check = maxflows == 0 ? UINT64_MAX : maxflows;

	if (ctlpath != NULL) {
		if ((cx.ctl_fd = sf_ctl_open(ctlpath, err, sizeof(err))) == -1)
			fatalx("%s", err);
		cx.ctl_path = ctlpath;
	}
	if (!cx.offline) {
		gettimeofday(&cx.boot, NULL);
		sf_export_set_boot(cx.exp, &cx.boot);
	}

	/* Signals flush in the foreground too (softflowd B9). */
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);

	if (!fg) {
		if (daemon(0, 0) == -1)
			fatal("daemon");
		write_pidfile(pidfile);
	}
	/* Names for "statistics" must be read before the chroot. */
	sf_stats_init();
	if (sf_privdrop(DEF_USER, DEF_CHROOT, err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (geteuid() != 0 && sf_sandbox(cx.offline) == -1)
		log_warn("seccomp");
	log_info("softflowd v%s starting data collection", SF_VERSION);

	if (cx.offline)
		run_offline(&cx);
	else
		run_live(&cx, rebase);

	if (cx.run == SF_SHUTDOWN || got_signal != 0) {
		log_info("Shutting down on user request");
		sf_track_flush(cx.track, cx.offline ? cx.now_us : wall_us());
		sf_export_flush(cx.exp, cx.offline ? cx.now_us : wall_us());
	}
	if (cx.offline)
		sf_print_statistics(&cx, stdout);
	if (cputime)
		log_info("CPU time used: %.3f s",
		    (double)clock() / CLOCKS_PER_SEC);
	fflush(stdout);
	if (cx.ctl_fd != -1 && cx.ctl_path != NULL)
		(void)unlink(cx.ctl_path);
	return (0);
}
