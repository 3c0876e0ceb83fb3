/*
 * Decode the public captures listed in CHECK.tsv (read at test time
 * from ../shared/captures beside the repository, or $FLOWD_CAPTURES)
 * and check flow records, packets and octets exactly; where tshark is
 * installed, compare per-flow fields with its independent decode.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nf_decode.h"
#include "pcap_udp.h"

struct sums {
	struct nf_collector	*col;
	uint64_t		 records, packets, octets;
	uint64_t		 dgrams, rejected;
	char			 firstbad[128];
	FILE			*dump;		/* per-datagram flow lines */
	int			 inet6;
	int			 nat;		/* dump the NAT group */
	int			 port;		/* the export port */
};

static const char *
capdir(const atf_tc_t *tc)
{
	static char	 path[PATH_MAX];
	const char	*e;
	struct stat	 st;

	if ((e = getenv("FLOWD_CAPTURES")) != NULL && *e != '\0')
		snprintf(path, sizeof(path), "%s", e);
	else
		snprintf(path, sizeof(path), "%s/../../../shared/captures",
		    atf_tc_get_config_var(tc, "srcdir"));
	if (stat(path, &st) == -1 || !S_ISDIR(st.st_mode))
		atf_tc_skip("public captures not found at %s (optional; "
		    "set FLOWD_CAPTURES to point at them)", path);
	return (path);
}

static void
addrstr(const struct xaddr *a, char *buf, size_t len)
{
	if (a->af == 0)
		snprintf(buf, len, "-");
	else
		inet_ntop(a->af, a->addr8, buf, len);
}

static void
flow_cb(const struct flow *f, void *arg)
{
	struct sums	*s = arg;
	char		 src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];

	s->records++;
	s->packets += f->packets;
	s->octets += f->octets;
	if (s->dump != NULL && s->nat) {
		/* tshark shows the zero address we read as untranslated. */
		if (f->fields & FLOW_NAT) {
			addrstr(&f->nat_src, src, sizeof(src));
			addrstr(&f->nat_dst, dst, sizeof(dst));
			fprintf(s->dump, " %s/%s/%u/%u",
			    f->nat_src.af ? src : "0.0.0.0",
			    f->nat_dst.af ? dst : "0.0.0.0",
			    f->nat_src_port, f->nat_dst_port);
		} else
			fprintf(s->dump, " -/-/-/-");
	} else if (s->dump != NULL) {
		addrstr(&f->src, src, sizeof(src));
		addrstr(&f->dst, dst, sizeof(dst));
		fprintf(s->dump, " %s/%s/%u/%llu/%llu", src, dst, f->protocol,
		    (unsigned long long)f->packets,
		    (unsigned long long)f->octets);
	}
}

static void
dgram_cb(const struct udp_payload *u, void *arg)
{
	struct sums	*s = arg;
	enum nf_reason	 r;
	uint16_t	 port;

	port = u->dst.ss_family == AF_INET6 ?
	    ntohs(((const struct sockaddr_in6 *)&u->dst)->sin6_port) :
	    ntohs(((const struct sockaddr_in *)&u->dst)->sin_port);
	if (port != s->port)
		return;
	s->dgrams++;
	r = nf_decode(s->col, u->data, u->len,
	    (const struct sockaddr *)&u->src, u->addrlen, &u->ts, flow_cb, s);
	if (s->dump != NULL)
		fputc('\n', s->dump);
	if (r != NF_OK) {
		if (s->rejected++ == 0)
			snprintf(s->firstbad, sizeof(s->firstbad),
			    "datagram %llu: %s", (unsigned long long)s->dgrams,
			    nf_reason_str(r));
	}
}

static int
run_capture(const char *dir, const char *file, int port, struct sums *s,
    char *err, size_t errlen)
{
	char	path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	ATF_REQUIRE((s->col = nf_collector_new(NULL)) != NULL);
	s->port = port;
	if (pcap_udp_read(path, dgram_cb, s, NULL, err, errlen) == -1) {
		nf_collector_free(s->col);
		return (-1);
	}
	nf_collector_free(s->col);
	return (0);
}

ATF_TC(check_tsv);
ATF_TC_HEAD(check_tsv, tc)
{
	atf_tc_set_md_var(tc, "descr", "records, packets and octets of "
	    "every capture in CHECK.tsv");
}
ATF_TC_BODY(check_tsv, tc)
{
	const char		*dir = capdir(tc), *errstr;
	char			 path[PATH_MAX], line[1024], err[256];
	char			 file[512], sport[16], srec[32], spk[32], soc[32];
	unsigned long long	 rec, pk, oc;
	struct sums		 s;
	FILE			*fp;
	int			 rows = 0, port;

	snprintf(path, sizeof(path), "%s/CHECK.tsv", dir);
	ATF_REQUIRE((fp = fopen(path, "r")) != NULL);
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%511s %15s %31s %31s %31s", file, sport,
		    srec, spk, soc) != 5)
			continue;
		port = strtonum(sport, 1, 65535, &errstr);
		ATF_REQUIRE(errstr == NULL);
		rec = strtonum(srec, 0, LLONG_MAX, &errstr);
		ATF_REQUIRE(errstr == NULL);
		pk = strtonum(spk, 0, LLONG_MAX, &errstr);
		ATF_REQUIRE(errstr == NULL);
		oc = strtonum(soc, 0, LLONG_MAX, &errstr);
		ATF_REQUIRE(errstr == NULL);
		memset(&s, 0, sizeof(s));
		if (run_capture(dir, file, port, &s, err, sizeof(err)) == -1) {
			ATF_CHECK_MSG(0, "%s: %s", file, err);
			continue;
		}
		rows++;
		ATF_CHECK_MSG(s.records == rec && s.packets == pk &&
		    s.octets == oc, "%s: got %llu/%llu/%llu want %llu/%llu/%llu"
		    " (%llu rejected, first %s)", file,
		    (unsigned long long)s.records,
		    (unsigned long long)s.packets,
		    (unsigned long long)s.octets, rec, pk, oc,
		    (unsigned long long)s.rejected, s.firstbad);
		ATF_CHECK_MSG(s.rejected == 0, "%s: %llu datagrams rejected, "
		    "first %s", file, (unsigned long long)s.rejected,
		    s.firstbad);
	}
	fclose(fp);
	ATF_CHECK_MSG(rows >= 41, "only %d rows checked", rows);
}

/*
 * tshark prints, per frame, comma-separated lists of each field; turn
 * them into the same " a/b/c..." lines as ours, one item per value of
 * the field "drive" (a field every flow has).
 */
#define TS_MAXCOL	5

static void
tshark_lines(const char *path, int port, const char *const *fields,
    int ncol, int drive, const char *out)
{
	char	 cmd[2048], line[65536], *col[TS_MAXCOL], *save[TS_MAXCOL];
	char	*tok;
	FILE	*in, *fp;
	int	 i;

	snprintf(cmd, sizeof(cmd), "tshark -r '%s' -d udp.port==%d,cflow "
	    "-Y cflow -T fields -E separator=/t", path, port);
	for (i = 0; i < ncol; i++) {
		ATF_REQUIRE(strlcat(cmd, " -e cflow.", sizeof(cmd)) <
		    sizeof(cmd));
		ATF_REQUIRE(strlcat(cmd, fields[i], sizeof(cmd)) <
		    sizeof(cmd));
	}
	ATF_REQUIRE(strlcat(cmd, " 2>/dev/null", sizeof(cmd)) < sizeof(cmd));
	ATF_REQUIRE((in = popen(cmd, "r")) != NULL);
	ATF_REQUIRE((fp = fopen(out, "w")) != NULL);
	while (fgets(line, sizeof(line), in) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (i = 0, tok = line; i < ncol; i++) {
			col[i] = tok;
			if (tok != NULL && (tok = strchr(tok, '\t')) != NULL)
				*tok++ = '\0';
		}
		for (i = 0; i < ncol; i++)
			col[i] = strtok_r(col[i] ? col[i] : "", ",", &save[i]);
		while (col[drive] != NULL) {
			for (i = 0; i < ncol; i++)
				fprintf(fp, "%c%s", i == 0 ? ' ' : '/',
				    col[i] ? col[i] : "-");
			for (i = 0; i < ncol; i++)
				col[i] = strtok_r(NULL, ",", &save[i]);
		}
		fputc('\n', fp);
	}
	pclose(in);
	fclose(fp);
}

static const char *const ts_flow4[] = { "srcaddr", "dstaddr", "protocol",
    "packets", "octets" };
static const char *const ts_flow6[] = { "srcaddrv6", "dstaddrv6",
    "protocol", "packets", "octets" };
static const char *const ts_nat[] = { "post_natsource_ipv4_address",
    "post_natdestination_ipv4_address", "post_naptsource_transport_port",
    "post_naptdestination_transport_port" };

/* inet6: 0, 1 (the flow's addresses), or 2 for the NAT group. */
static void
compare_tshark(const atf_tc_t *tc, const char *file, int port, int inet6)
{
	const char	*dir = capdir(tc);
	char		 path[PATH_MAX], err[256];
	struct sums	 s;

	if (system("tshark -v >/dev/null 2>&1") != 0)
		atf_tc_skip("tshark not installed");
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	memset(&s, 0, sizeof(s));
	ATF_REQUIRE((s.dump = fopen("ours.txt", "w")) != NULL);
	s.inet6 = inet6 == 1;
	s.nat = inet6 == 2;
	ATF_REQUIRE_MSG(run_capture(dir, file, port, &s, err,
	    sizeof(err)) == 0, "%s", err);
	fclose(s.dump);
	if (s.nat)
		tshark_lines(path, port, ts_nat, 4, 2, "tshark.txt");
	else
		tshark_lines(path, port, inet6 ? ts_flow6 : ts_flow4, 5, 3,
		    "tshark.txt");
	ATF_CHECK_MSG(s.records > 0, "%s: no flows", file);
	if (system("cmp -s ours.txt tshark.txt") != 0) {
		(void)system("diff ours.txt tshark.txt | head -20 >&2");
		atf_tc_fail("%s: per-flow fields differ from tshark", file);
	}
}

#define TSHARK_TC(name, file, port, inet6)					\
ATF_TC(name);								\
ATF_TC_HEAD(name, tc)							\
{									\
	atf_tc_set_md_var(tc, "descr", "per-flow fields of " file	\
	    " against tshark");						\
	atf_tc_set_md_var(tc, "timeout", "300");			\
}									\
ATF_TC_BODY(name, tc)							\
{									\
	compare_tshark(tc, file, port, inet6);				\
}

TSHARK_TC(tshark_v5, "akvorado/nfv5.pcap", 9990, 0)
TSHARK_TC(tshark_v9, "logstash-codec-netflow/pcap/"
    "netflow9_test_cisco_1941K9.pcap", 2055, 0)
TSHARK_TC(tshark_ipfix, "logstash-codec-netflow/sequences/"
    "ipfix_openbsd_pflow.pcap", 4739, 0)
/* NAT44 logging (IEs 225-228) from two kinds of exporter. */
TSHARK_TC(tshark_nat, "akvorado/nat.pcap", 2055, 2)
TSHARK_TC(tshark_nat_asa, "logstash-codec-netflow/sequences/"
    "nf9_cisco_asa_2.pcap", 2055, 2)

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, check_tsv);
	ATF_TP_ADD_TC(tp, tshark_v5);
	ATF_TP_ADD_TC(tp, tshark_v9);
	ATF_TP_ADD_TC(tp, tshark_ipfix);
	ATF_TP_ADD_TC(tp, tshark_nat);
	ATF_TP_ADD_TC(tp, tshark_nat_asa);
	return (atf_no_error());
}
