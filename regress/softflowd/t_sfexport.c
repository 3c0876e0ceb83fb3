/*
 * t_sfexport: softflowd's export side -- records made from tracked
 * flows, collector lists, our own datagrams recognised, and one dead
 * collector not starving a live one (softflowd B14).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <atf-c.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "flow.h"
#include "sf_export.h"

static void
conf(struct sf_export_conf *c, int version)
{
	memset(c, 0, sizeof(*c));
	c->version = version;
	c->proto = IPPROTO_UDP;
	c->hoplimit = -1;
	c->level = SF_T_FULL;
}

static struct sf_flow
icmp_flow(void)
{
	struct sf_flow	f;

	memset(&f, 0, sizeof(f));
	f.key.af = 4;
	f.key.proto = IPPROTO_ICMP;
	f.key.addr[0][0] = 10;
	f.key.addr[0][3] = 1;
	f.key.addr[1][0] = 10;
	f.key.addr[1][3] = 2;
	f.key.port[1] = 8 << 8;		/* 10.0.0.1 sent echo requests */
	f.packets[0] = 3;
	f.octets[0] = 252;
	f.start_us = 1700000000ULL * 1000000 + 250000;
	f.dur_ms = 1500;
	f.tos[0] = 0xb8;
	return (f);
}

ATF_TC_WITHOUT_HEAD(fill);
ATF_TC_BODY(fill, tc)
{
	struct sf_export_conf	c;
	struct sf_flow		f = icmp_flow();
	struct flow		fl;

	conf(&c, 10);
	c.if_index = 7;
	sf_export_fill(&c, &fl, &f, 0, SF_R_FLUSH);
	ATF_CHECK(fl.fields & FLOW_SRC_ADDR4);
	ATF_CHECK_EQ(fl.src.v4.s_addr, htonl(0x0a000001));
	ATF_CHECK_EQ(fl.dst.v4.s_addr, htonl(0x0a000002));
	ATF_CHECK_EQ(fl.icmp_type, 8);
	ATF_CHECK_EQ(fl.icmp_code, 0);
	ATF_CHECK_EQ(fl.dst_port, 8 << 8);
	ATF_CHECK_EQ(fl.packets, 3);
	ATF_CHECK_EQ(fl.octets, 252);
	ATF_CHECK_EQ(fl.tos, 0xb8);
	ATF_CHECK_EQ(fl.end_reason, FLOW_END_FORCED);
	ATF_CHECK_EQ(fl.direction, 0);
	ATF_CHECK_EQ(fl.if_in, 7);
	ATF_CHECK_EQ(fl.if_out, 7);
	ATF_CHECK_EQ(fl.start_sec, 1700000000);
	ATF_CHECK_EQ(fl.start_nsec, 250000000);
	ATF_CHECK_EQ(fl.end_sec, 1700000001);
	ATF_CHECK_EQ(fl.end_nsec, 750000000);
	ATF_CHECK(!(fl.fields & FLOW_VLANS));

	/* -T ether with -H: the MAC decides the direction. */
	c.level = SF_T_ETHER;
	c.have_dir_mac = 1;
	f.key.mac[1][5] = 0x42;
	c.dir_mac[5] = 0x42;
	f.key.vlan[0] = 12;
	sf_export_fill(&c, &fl, &f, 0, SF_R_UDP);
	ATF_CHECK_EQ(fl.direction, FLOW_DIR_INGRESS);
	ATF_CHECK_EQ(fl.src_vlan, 12);
	ATF_CHECK_EQ(fl.dst_mac[5], 0x42);
	ATF_CHECK_EQ(fl.end_reason, FLOW_END_IDLE);
	sf_export_fill(&c, &fl, &f, 1, SF_R_UDP);
	ATF_CHECK_EQ(fl.direction, FLOW_DIR_EGRESS);
}

ATF_TC_WITHOUT_HEAD(collectors);
ATF_TC_BODY(collectors, tc)
{
	struct sf_export_conf	 c;
	struct sf_export	*x;
	struct sf_pkt		 p;
	char			 err[256];

	conf(&c, 9);
	x = sf_export_new(&c, "127.0.0.1:2055,[::1]:4739", err, sizeof(err));
	if (x == NULL && strstr(err, "::1") != NULL)
		x = sf_export_new(&c, "127.0.0.1:2055", err, sizeof(err));
	ATF_REQUIRE_MSG(x != NULL, "%s", err);
	memset(&p, 0, sizeof(p));
	p.af = 4;
	p.proto = IPPROTO_UDP;
	p.has_ports = 1;
	p.dst[0] = 127;
	p.dst[3] = 1;
	p.dport = 2055;
	ATF_CHECK(sf_export_is_own(x, &p));
	p.dport = 2056;
	ATF_CHECK(!sf_export_is_own(x, &p));
	p.dport = 2055;
	p.proto = IPPROTO_TCP;
	ATF_CHECK(!sf_export_is_own(x, &p));
	sf_export_free(x);

	ATF_CHECK(sf_export_new(&c, "nocolon", err, sizeof(err)) == NULL);
	ATF_CHECK(strstr(err, "host:port") != NULL);
	ATF_CHECK(sf_export_new(&c, "[::1:5", err, sizeof(err)) == NULL);
	ATF_CHECK(sf_export_new(&c, "1.2.3.4:1,1.2.3.4:2,1.2.3.4:3,"
	    "1.2.3.4:4,1.2.3.4:5,1.2.3.4:6,1.2.3.4:7,1.2.3.4:8,1.2.3.4:9,"
	    "1.2.3.4:10,1.2.3.4:11,1.2.3.4:12,1.2.3.4:13,1.2.3.4:14,"
	    "1.2.3.4:15,1.2.3.4:16,1.2.3.4:17", err, sizeof(err)) == NULL);
	ATF_CHECK(strstr(err, "more than 16") != NULL);
}

/* A bound UDP socket on 127.0.0.1; its port in *port. */
static int
listener(uint16_t *port)
{
	struct sockaddr_in	sin;
	socklen_t		sl = sizeof(sin);
	int			fd;

	ATF_REQUIRE((fd = socket(AF_INET, SOCK_DGRAM, 0)) != -1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ATF_REQUIRE(bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&sin, &sl) == 0);
	*port = ntohs(sin.sin_port);
	return (fd);
}

ATF_TC_WITHOUT_HEAD(dead_collector);
ATF_TC_BODY(dead_collector, tc)
{
	struct sf_export_conf	 c;
	struct sf_export	*x;
	struct sf_flow		 f = icmp_flow();
	char			 err[256], targets[64], buf[2048];
	uint16_t		 dead, live;
	int			 dfd, lfd, i, got = 0;
	uint64_t		 now = 1700000010ULL * 1000000;

	/* A port that was bound and closed: sends there get refused. */
	dfd = listener(&dead);
	close(dfd);
	lfd = listener(&live);
	snprintf(targets, sizeof(targets), "127.0.0.1:%u,127.0.0.1:%u",
	    dead, live);
	conf(&c, 5);
	ATF_REQUIRE_MSG((x = sf_export_new(&c, targets, err,
	    sizeof(err))) != NULL, "%s", err);
	/* 100 records: 4 datagrams of up to 30. */
	for (i = 0; i < 100; i++)
		sf_export_flow(x, &f, NULL, SF_R_ICMP, now);
	sf_export_flush(x, now);
	while (recv(lfd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		got++;
	ATF_CHECK_EQ(sf_export_stats(x)->datagrams, 4);
	ATF_CHECK_EQ(got, 4);
	ATF_CHECK_EQ(sf_export_stats(x)->records, 100);
	/*
	 * The refusals (ICMP port unreachable) come back asynchronously
	 * and are retried past, so how many count as failures varies;
	 * what matters is that the live collector lost nothing.
	 */
	sf_export_free(x);
	close(lfd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, fill);
	ATF_TP_ADD_TC(tp, collectors);
	ATF_TP_ADD_TC(tp, dead_collector);
	return (atf_no_error());
}
