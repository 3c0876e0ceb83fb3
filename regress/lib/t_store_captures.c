/*
 * Real data through the store: every capture in CHECK.tsv (read at
 * test time from ../shared/captures beside the repository, or
 * $FLOWD_CAPTURES) is decoded, each flow is stored with the default
 * mask and read back field by field, and the whole capture is written
 * as a log and re-read: record, packet and octet totals must equal the
 * independently checked CHECK.tsv figures.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <netinet/in.h>

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "crc32.h"
#include "nf_decode.h"
#include "pcap_udp.h"
#include "store.h"
#include "store_test.h"

struct run {
	struct nf_collector	*col;
	struct store_writer	 w;
	uint16_t		 port;
	uint64_t		 flows, minor1, bad;
	char			 why[160];
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
bad(struct run *r, const char *what, int e)
{
	if (r->bad++ == 0)
		snprintf(r->why, sizeof(r->why), "flow %llu: %s: %s",
		    (unsigned long long)r->flows, what, store_strerror(e));
}

static void
flow_cb(const struct flow *f, void *arg)
{
	struct run	*r = arg;
	struct flow	 back, old;
	uint8_t		 buf[STORE_MAX_RECORD];
	size_t		 len;
	uint32_t	 crc = 0;
	int		 e;

	r->flows++;
	if ((e = store_flow_serialise(f, 0, buf, sizeof(buf), &len)) !=
	    STORE_OK) {
		bad(r, "serialise", e);
		return;
	}
	if (buf[0] == STORE_VERSION_31)
		r->minor1++;
	/* Every record carries a CRC, whatever protocol it came from. */
	if ((test_get32(buf + 4) & FLOW_CRC32) == 0 ||
	    test_get32(buf + len - 4) != flowd_crc32(buf, len - 4))
		bad(r, "crc", STORE_ERR_CRC_MISMATCH);
	if ((e = store_flow_deserialise(buf, len, &back, &crc)) != STORE_OK)
		bad(r, "deserialise", e);
	else if (!test_flow_group_eq(f, &back, back.fields))
		bad(r, "values differ", STORE_OK);
	if ((e = store_flow_deserialise_known(buf, len, &old, NULL,
	    FLOW_ALL_V30)) != STORE_OK)
		bad(r, "v3.0 reader path", e);
	if ((e = store_writer_put(&r->w, f)) != STORE_OK)
		bad(r, "writer", e);
}

/* Only datagrams to the capture's collector port, as CHECK.tsv counts. */
static void
dgram_cb(const struct udp_payload *u, void *arg)
{
	struct run	*r = arg;
	uint16_t	 port;

	port = u->dst.ss_family == AF_INET6 ?
	    ntohs(((const struct sockaddr_in6 *)&u->dst)->sin6_port) :
	    ntohs(((const struct sockaddr_in *)&u->dst)->sin_port);
	if (port != r->port)
		return;
	(void)nf_decode(r->col, u->data, u->len,
	    (const struct sockaddr *)&u->src, u->addrlen, &u->ts, flow_cb, r);
}

ATF_TC(captures_round_trip);
ATF_TC_HEAD(captures_round_trip, tc)
{
	atf_tc_set_md_var(tc, "descr", "decoded public captures stored and "
	    "read back with CHECK.tsv totals");
	atf_tc_set_md_var(tc, "timeout", "600");
}
ATF_TC_BODY(captures_round_trip, tc)
{
	const char		*dir = capdir(tc), *errstr;
	char			 path[PATH_MAX], line[1024], err[256];
	char			 file[512], sport[16], srec[32], spk[32], soc[32];
	struct store_reader	 rd;
	struct store_rec	 rec;
	struct flow		 f;
	struct run		 r;
	uint64_t		 n, pk, oc, minor1 = 0;
	FILE			*fp;
	int			 fd, port, e, rows = 0;

	ATF_REQUIRE((size_t)snprintf(path, sizeof(path), "%s/CHECK.tsv", dir) <
	    sizeof(path));
	ATF_REQUIRE((fp = fopen(path, "r")) != NULL);
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (line[0] == '#' || sscanf(line, "%511s %15s %31s %31s %31s",
		    file, sport, srec, spk, soc) != 5)
			continue;
		port = strtonum(sport, 1, 65535, &errstr);
		ATF_REQUIRE(errstr == NULL);
		memset(&r, 0, sizeof(r));
		fd = open("cap.log", O_RDWR | O_CREAT | O_TRUNC | O_APPEND,
		    0600);
		ATF_REQUIRE(fd != -1);
		ATF_REQUIRE_EQ(store_writer_open(&r.w, fd, 0, 0, 0),
		    STORE_OK);
		ATF_REQUIRE((r.col = nf_collector_new(NULL)) != NULL);
		ATF_REQUIRE((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    file) < sizeof(path));
		r.port = (uint16_t)port;
		ATF_REQUIRE_MSG(pcap_udp_read(path, dgram_cb, &r, NULL, err,
		    sizeof(err)) != -1, "%s: %s", file, err);
		nf_collector_free(r.col);
		ATF_REQUIRE_EQ(store_writer_close(&r.w), STORE_OK);
		ATF_CHECK_MSG(r.bad == 0, "%s: %llu bad, first %s", file,
		    (unsigned long long)r.bad, r.why);

		/* The log read back sums to the checked figures. */
		ATF_REQUIRE(lseek(fd, 0, SEEK_SET) == 0);
		ATF_REQUIRE_EQ(store_reader_open(&rd, fd, 0, 0), STORE_OK);
		n = pk = oc = 0;
		while ((e = store_reader_next(&rd, &f, &rec)) == STORE_OK) {
			n++;
			pk += f.packets;
			oc += f.octets;
		}
		ATF_CHECK_EQ_MSG(e, STORE_ERR_EOF, "%s: %s", file,
		    store_strerror(e));
		ATF_CHECK_EQ_MSG(rd.partial, 0, "%s", file);
		store_reader_close(&rd);
		close(fd);
		ATF_CHECK_MSG(n == strtoull(srec, NULL, 10) &&
		    pk == strtoull(spk, NULL, 10) &&
		    oc == strtoull(soc, NULL, 10),
		    "%s: read back %llu/%llu/%llu, CHECK.tsv %s/%s/%s", file,
		    (unsigned long long)n, (unsigned long long)pk,
		    (unsigned long long)oc, srec, spk, soc);
		minor1 += r.minor1;
		rows++;
	}
	fclose(fp);
	ATF_CHECK(rows > 0);
	/* IPFIX captures exercise the minor 1 fields. */
	ATF_CHECK(minor1 > 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, captures_round_trip);
	return (atf_no_error());
}
