/*
 * stats.c: the texts of "statistics", "dump-flows" and "timeouts", laid
 * out as softflowd 1.1 prints them so scripts that parse them go on
 * working.  The only additions are lines that softflowd cannot have
 * (active timeout), printed only when that feature is on.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "compat.h"
#include "sf_main.h"

static void
iso_time(char *buf, size_t len, time_t t)
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(buf, len, "%lld", (long long)t);
}

/*
 * Protocol names are read once before the chroot: /etc/protocols is
 * out of reach after it.
 */
static char	*proto_name[256];

void
sf_stats_init(void)
{
	struct protoent	*pe;
	int		 i;

	setprotoent(1);
	for (i = 0; i < 256; i++)
		if ((pe = getprotobynumber(i)) != NULL)
			proto_name[i] = strdup(pe->p_name);
	endprotoent();
}

void
sf_print_since(const struct sf_ctx *cx, FILE *fp)
{
	char	when[32];

	iso_time(when, sizeof(when), cx->boot.tv_sec);
	fprintf(fp, "Accumulated statistics since %s UTC:\n", when);
}

void
sf_print_statistics(const struct sf_ctx *cx, FILE *fp)
{
	const struct sf_track_stats	*ts = sf_track_stats(cx->track);
	const struct sf_export_stats	*xs = sf_export_stats(cx->exp);
	const struct sf_proto_stats	*ps;
	struct pcap_stat		 pst;
	char				 label[64];
	int				 i;

	fprintf(fp, "Number of active flows: %" PRIu64 "\n", ts->flows_now);
	fprintf(fp, "Packets processed: %" PRIu64 "\n", cx->pkts_processed);
	if (cx->non_sampled > 0)
		fprintf(fp, "Packets non-sampled: %" PRIu64 "\n",
		    cx->non_sampled);
	fprintf(fp, "Fragments: %" PRIu64 "\n", ts->fragments);
	fprintf(fp, "Ignored packets: %" PRIu64 " (%" PRIu64 " non-IP, %"
	    PRIu64 " too short)\n", cx->ign_nonip + cx->ign_short,
	    cx->ign_nonip, cx->ign_short);
	fprintf(fp, "Flows expired: %" PRIu64 " (%" PRIu64 " forced)\n",
	    ts->expired, ts->forced);
	fprintf(fp, "Flows exported: %" PRIu64 " (%" PRIu64 " records) in %"
	    PRIu64 " packets (%" PRIu64 " failures)\n", xs->flows,
	    xs->records, xs->datagrams, xs->failures);
	if (!cx->offline && cx->pcap != NULL &&
	    pcap_stats(cx->pcap, &pst) == 0) {
		fprintf(fp, "Packets received by libpcap: %lu\n",
		    (u_long)pst.ps_recv);
		fprintf(fp, "Packets dropped by libpcap: %lu\n",
		    (u_long)pst.ps_drop);
		fprintf(fp, "Packets dropped by interface: %lu\n",
		    (u_long)pst.ps_ifdrop);
	}
	fprintf(fp, "\n");
	if (ts->expired == 0)
		return;
	fprintf(fp, "Expired flow statistics:  minimum       average       "
	    "maximum\n");
	fprintf(fp, "  Flow bytes:        %12.0f  %12.0f  %12.0f\n",
	    ts->min_bytes, ts->avg_bytes, ts->max_bytes);
	fprintf(fp, "  Flow packets:      %12.0f  %12.0f  %12.0f\n",
	    ts->min_pkts, ts->avg_pkts, ts->max_pkts);
	fprintf(fp, "  Duration:          %12.2fs %12.2fs %12.2fs\n",
	    ts->min_dur, ts->avg_dur, ts->max_dur);
	fprintf(fp, "\n");
	fprintf(fp, "Expired flow reasons:\n");
	fprintf(fp, "       tcp = %9" PRIu64 "   tcp.rst = %9" PRIu64
	    "   tcp.fin = %9" PRIu64 "\n", ts->reasons[SF_R_TCP],
	    ts->reasons[SF_R_RST], ts->reasons[SF_R_FIN]);
	fprintf(fp, "       udp = %9" PRIu64 "      icmp = %9" PRIu64
	    "   general = %9" PRIu64 "\n", ts->reasons[SF_R_UDP],
	    ts->reasons[SF_R_ICMP], ts->reasons[SF_R_GENERAL]);
	fprintf(fp, "   maxlife = %9" PRIu64 "\n", ts->reasons[SF_R_MAXLIFE]);
	if (cx->to.active != 0)
		fprintf(fp, "    active = %9" PRIu64 "\n",
		    ts->reasons[SF_R_ACTIVE]);
	fprintf(fp, "over 2 GiB = %9" PRIu64 "\n", ts->reasons[SF_R_OVERBYTES]);
	fprintf(fp, "  maxflows = %9" PRIu64 "\n", ts->reasons[SF_R_MAXFLOWS]);
	fprintf(fp, "   flushed = %9" PRIu64 "\n", ts->reasons[SF_R_FLUSH]);
	fprintf(fp, "\n");
	fprintf(fp, "Per-protocol statistics:     Octets      Packets   "
	    "Avg Life    Max Life\n");
	for (i = 0; i < 256; i++) {
		ps = &ts->proto[i];
		if (ps->packets == 0)
			continue;
		if (proto_name[i] != NULL)
			snprintf(label, sizeof(label), "%s (%d)",
			    proto_name[i], i);
		else
			snprintf(label, sizeof(label), "Unknown (%d)", i);
		fprintf(fp, "  %17s: %14" PRIu64 " %12" PRIu64 "   %8.2fs "
		    "%10.2fs\n", label, ps->octets, ps->packets,
		    ps->flows > 0 ? ps->life_sum / (double)ps->flows : 0.0,
		    ps->life_max);
	}
}

static void
fmt_addr(char *buf, size_t len, int af, const uint8_t *a)
{
	if (inet_ntop(af == 4 ? AF_INET : AF_INET6, a, buf,
	    (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
}

static void
fmt_mac(char *buf, size_t len, const uint8_t *m)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
}

static void
fmt_ms(char *buf, size_t len, uint64_t us)
{
	char	t[32];

	iso_time(t, sizeof(t), (time_t)(us / 1000000));
	snprintf(buf, len, "%s.%03u", t, (u_int)(us / 1000 % 1000));
}

/* One flow as softflowd's dump-flows prints it (MACs fixed: both). */
void
sf_format_flow(char *buf, size_t len, const struct sf_flow *f, uint64_t seq)
{
	const struct sf_key	*k = &f->key;
	char			 a0[INET6_ADDRSTRLEN], a1[INET6_ADDRSTRLEN];
	char			 m0[20], m1[20], st[48], fi[48];

	fmt_addr(a0, sizeof(a0), k->af, k->addr[0]);
	fmt_addr(a1, sizeof(a1), k->af, k->addr[1]);
	fmt_mac(m0, sizeof(m0), k->mac[0]);
	fmt_mac(m1, sizeof(m1), k->mac[1]);
	fmt_ms(st, sizeof(st), f->start_us);
	fmt_ms(fi, sizeof(fi), SF_FLOW_END(f));
	snprintf(buf, len, "seq:%" PRIu64 " [%s]:%hu <> [%s]:%hu proto:%u "
	    "octets>:%" PRIu64 " packets>:%" PRIu64 " octets<:%" PRIu64
	    " packets<:%" PRIu64 " start:%s finish:%s tcp>:%02x tcp<:%02x "
	    "flowlabel>:%08x flowlabel<:%08x vlan>:%u vlan<:%u "
	    "ether:%s <> %s", seq, a0, k->port[0], a1, k->port[1], k->proto,
	    f->octets[0], f->packets[0], f->octets[1], f->packets[1], st, fi,
	    f->tcpflags[0], f->tcpflags[1], f->flowlabel[0], f->flowlabel[1],
	    k->vlan[0], k->vlan[0], m0, m1);
}

struct dump_arg {
	const struct sf_ctx	*cx;
	FILE			*fp;
	uint64_t		 seq;
};

static void
dump_one(void *arg, const struct sf_flow *f, uint64_t deadline, int reason)
{
	struct dump_arg	*da = arg;
	char		 line[512];
	uint64_t	 now = da->cx->now_us / 1000000;

	(void)reason;
	sf_format_flow(line, sizeof(line), f, ++da->seq);
	fprintf(da->fp, "ACTIVE %s\n", line);
	if (deadline < now)
		fprintf(da->fp, "EXPIRY EVENT for flow %" PRIu64 " now\n\n",
		    da->seq);
	else
		fprintf(da->fp, "EXPIRY EVENT for flow %" PRIu64 " in %"
		    PRIu64 " seconds\n\n", da->seq, deadline - now);
}

void
sf_print_flows(const struct sf_ctx *cx, FILE *fp)
{
	struct dump_arg	da;

	da.cx = cx;
	da.fp = fp;
	da.seq = 0;
	fprintf(fp, "Dumping flow data:\n");
	sf_track_walk(cx->track, dump_one, &da);
}

void
sf_print_timeouts(const struct sf_ctx *cx, FILE *fp)
{
	const struct sf_timeouts	*to = &cx->to;

	fprintf(fp, "Printing timeouts:\n");
	fprintf(fp, "           TCP timeout: %us\n", to->tcp);
	fprintf(fp, "  TCP post-RST timeout: %us\n", to->tcp_rst);
	fprintf(fp, "  TCP post-FIN timeout: %us\n", to->tcp_fin);
	fprintf(fp, "           UDP timeout: %us\n", to->udp);
	fprintf(fp, "          ICMP timeout: %us\n", to->icmp);
	fprintf(fp, "       General timeout: %us\n", to->general);
	fprintf(fp, "      Maximum lifetime: %us\n", to->maxlife);
	fprintf(fp, "       Expiry interval: %us\n", to->expint);
	if (to->active != 0)
		fprintf(fp, "        Active timeout: %us\n", to->active);
}
