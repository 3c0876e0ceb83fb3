/*
 * flow_format.c: flowd-reader's text line, flow-tools CSV, JSON Lines
 * and field selection, against lines written out by hand.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "flow_format.h"
#include "store.h"
#include "store_test.h"

static char	line[FLOW_FMT_MAXLEN];

static const char *
fmt_text(const struct flow *f, uint32_t crc, uint32_t display)
{
	size_t	n;

	n = flow_format_text(line, sizeof(line), f, crc, display,
	    FLOW_FMT_UTC);
	ATF_REQUIRE(n > 0);
	line[n] = '\0';
	return (line);
}

static void
brief_flow(struct flow *f)
{
	test_v5_flow(f);
	f->fields |= FLOW_TAG;
	f->tag = 9;
	f->recv_sec = 1700000000;
	f->recv_usec = 39219;
	f->tcp_flags = 0x1b;
	f->protocol = 6;
	f->tos = 0;
	f->src_port = 1024;
	f->dst_port = 80;
	f->packets = 10;
	f->octets = 15000;
	f->if_in = 3000000000U;
	f->if_out = 2;
	f->sys_uptime_ms = 694861001;	/* 1w1d1h1m1s.001 */
	f->export_sec = 0;
	f->export_nsec = 7;
	f->flow_start = 4294967295U;
	f->flow_finish = 999;
	f->src_as = 64496;
	f->dst_as = 4200000000U;
	f->src_mask = 24;
	f->dst_mask = 0;
	f->flow_sequence = 4000000000U;
}

ATF_TC_WITHOUT_HEAD(text_brief_and_all);
ATF_TC_BODY(text_brief_and_all, tc)
{
	struct flow	f;

	brief_flow(&f);
	ATF_CHECK_STREQ(fmt_text(&f, 0, FLOW_DISPLAY_BRIEF),
	    "FLOW tag 9 recv_time 2023-11-14T22:13:20.039219 proto 6 "
	    "tcpflags 1b tos 00 agent [192.0.2.1] src [10.0.0.1]:1024 "
	    "dst [10.0.0.2]:80 packets 10 octets 15000 \n");
	ATF_CHECK_STREQ(fmt_text(&f, 0xdeadbeef, FLOW_ALL),
	    "FLOW tag 9 recv_time 2023-11-14T22:13:20.039219 proto 6 "
	    "tcpflags 1b tos 00 agent [192.0.2.1] src [10.0.0.1]:1024 "
	    "dst [10.0.0.2]:80 gateway [10.0.0.3] packets 10 octets 15000 "
	    "in_if 3000000000 out_if 2 "
	    "sys_uptime_ms 1w1d1h1m1s.001 time_sec 1970-01-01T00:00:00 "
	    "time_nanosec 7 netflow ver 5 "
	    "flow_start 7w17h2m47s.295 flow_finish 0s.999 "
	    "src_AS 64496 src_masklen 24 dst_AS 4200000000 dst_masklen 0 "
	    "engine_type 1 engine_id 2 seq 4000000000 source 0 "
	    "crc32 deadbeef \n");
	/* Ports need the port group; without it the address stands alone. */
	f.fields &= ~FLOW_SRCDST_PORT;
	ATF_CHECK(strstr(fmt_text(&f, 0, FLOW_DISPLAY_BRIEF),
	    "src [10.0.0.1] dst [10.0.0.2] packets") != NULL);
}

ATF_TC_WITHOUT_HEAD(text_v6_and_minor1);
ATF_TC_BODY(text_v6_and_minor1, tc)
{
	struct flow	f;

	test_full_flow(&f, 1);
	f.fields = FLOW_SRC_ADDR6 | FLOW_SRCDST_PORT | FLOW_ABS_TIMES |
	    FLOW_MAC_ADDRS | FLOW_VLANS | FLOW_FLOW_INFO | FLOW_SAMPLING |
	    FLOW_EXPORTER_PORT | FLOW_REVERSE_COUNTERS;
	f.src_port = 53;
	f.start_sec = 86400;
	f.start_nsec = 5;
	f.end_sec = 86401;
	f.end_nsec = 999999999;
	f.src_vlan = 10;
	f.dst_vlan = 20;
	f.flow_label = 0xfffff;
	f.sampling_interval = 1000;
	f.sampling_algorithm = 1;
	f.exporter_port = 4739;
	f.out_packets = 1;
	f.out_octets = 18446744073709551615ULL;
	ATF_CHECK_STREQ(fmt_text(&f, 0, FLOW_ALL),
	    "FLOW src [2001:db8::2]:53 "
	    "start_time 1970-01-02T00:00:00.000000005 "
	    "end_time 1970-01-02T00:00:01.999999999 "
	    "src_mac 01:02:03:04:05:06 dst_mac 07:08:09:0a:0b:0c "
	    "post_src_mac 0d:0e:0f:10:11:12 post_dst_mac 13:14:15:16:17:18 "
	    "src_vlan 10 dst_vlan 20 ip_version 4 direction 1 end_reason 3 "
	    "icmp_type 209 icmp_code 210 flow_label 1048575 "
	    "sampling_interval 1000 sampling_algorithm 1 exporter_port 4739 "
	    "out_packets 1 out_octets 18446744073709551615 \n");
	/* The brief display leaves them all out. */
	ATF_CHECK_STREQ(fmt_text(&f, 0, FLOW_DISPLAY_BRIEF),
	    "FLOW src [2001:db8::2]:53 \n");
}

ATF_TC_WITHOUT_HEAD(nat);
ATF_TC_BODY(nat, tc)
{
	struct flow		f;
	struct flow_cols	c;
	const char		*errstr;
	size_t			n;

	/* test_full_flow(, 1): IPv6 source binding, destination absent. */
	test_full_flow(&f, 1);
	f.fields = FLOW_NAT;
	ATF_CHECK_STREQ(fmt_text(&f, 0, FLOW_ALL),
	    "FLOW nat_src [2001:db8::6]:62452 nat_dst [0.0.0.0]:62966 \n");
	ATF_CHECK_STREQ(fmt_text(&f, 0, FLOW_DISPLAY_BRIEF), "FLOW \n");
	test_full_flow(&f, 0);
	f.fields = FLOW_NAT | FLOW_CRC32;
	n = flow_format_json(line, sizeof(line), &f, 0x1234, FLOW_ALL, 0);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, "{\"nat_src\":\"203.0.113.9\","
	    "\"nat_dst\":\"2001:db8::5\",\"nat_src_port\":62452,"
	    "\"nat_dst_port\":62966,\"crc32\":\"00001234\"}\n");
	ATF_REQUIRE_EQ(flow_cols_parse("nat_dst_port,nat_src", &c, &errstr),
	    0);
	n = flow_format_cols_csv(line, sizeof(line), &f, 0, &c, 0);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, "62966,203.0.113.9\n");
	/* Without the group the columns are empty. */
	f.fields = FLOW_TAG;
	n = flow_format_cols_csv(line, sizeof(line), &f, 0, &c, 0);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, ",\n");
}

ATF_TC_WITHOUT_HEAD(csv);
ATF_TC_BODY(csv, tc)
{
	struct flow	f;
	size_t		n;

	ATF_CHECK_STREQ(FLOW_CSV_HEADER, "#:unix_secs,unix_nsecs,sysuptime,"
	    "exaddr,dpkts,doctets,first,last,engine_type,engine_id,srcaddr,"
	    "dstaddr,nexthop,input,output,srcport,dstport,prot,tos,"
	    "tcp_flags,src_mask,dst_mask,src_as,dst_as");
	brief_flow(&f);
	n = flow_format_csv(line, sizeof(line), &f);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, "0,7,694861001,192.0.2.1,10,15000,4294967295,"
	    "999,1,2,10.0.0.1,10.0.0.2,10.0.0.3,3000000000,2,1024,80,6,0,"
	    "27,24,0,64496,4200000000\n");
	/* Absent fields print as 0. */
	f.fields = FLOW_PACKETS;
	n = flow_format_csv(line, sizeof(line), &f);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, "0,0,0,0.0.0.0,10,0,0,0,0,0,0.0.0.0,0.0.0.0,"
	    "0.0.0.0,0,0,0,0,0,0,0,0,0,0,0\n");
}

ATF_TC_WITHOUT_HEAD(json_and_selection);
ATF_TC_BODY(json_and_selection, tc)
{
	struct flow		f;
	struct flow_cols	c;
	const char		*errstr;
	size_t			n;

	brief_flow(&f);
	f.fields = FLOW_TAG | FLOW_SRC_ADDR4 | FLOW_PACKETS | FLOW_CRC32;
	n = flow_format_json(line, sizeof(line), &f, 0x1234, FLOW_ALL, 0);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, "{\"tag\":9,\"src\":\"10.0.0.1\","
	    "\"packets\":10,\"crc32\":\"00001234\"}\n");

	ATF_REQUIRE_EQ(flow_cols_parse("packets,src,recv_time,tag", &c,
	    &errstr), 0);
	n = flow_cols_header(line, sizeof(line), &c);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, "#:packets,src,recv_time,tag\n");
	n = flow_format_cols_csv(line, sizeof(line), &f, 0, &c, FLOW_FMT_UTC);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, "10,10.0.0.1,,9\n");
	n = flow_format_cols_text(line, sizeof(line), &f, 0, &c,
	    FLOW_FMT_UTC);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, "FLOW packets 10 src 10.0.0.1 tag 9\n");
	f.fields |= FLOW_RECV_TIME;
	n = flow_format_cols_json(line, sizeof(line), &f, 0, &c,
	    FLOW_FMT_UTC);
	line[n] = '\0';
	ATF_CHECK_STREQ(line, "{\"packets\":10,\"src\":\"10.0.0.1\","
	    "\"recv_time\":\"2023-11-14T22:13:20.039219\",\"tag\":9}\n");

	ATF_CHECK_EQ(flow_cols_parse("packets,nosuch", &c, &errstr), -1);
	ATF_CHECK_STREQ(errstr, "unknown field name");
	ATF_CHECK_EQ(flow_cols_parse("packets,,tag", &c, &errstr), -1);
	ATF_CHECK_EQ(flow_cols_parse("", &c, &errstr), -1);
}

ATF_TC_WITHOUT_HEAD(interval);
ATF_TC_BODY(interval, tc)
{
	char	b[64];

	ATF_REQUIRE(flow_interval_time(b, sizeof(b), 0) > 0);
	ATF_CHECK_STREQ(b, "0s");
	flow_interval_time(b, sizeof(b), 31449600);	/* 52 weeks */
	ATF_CHECK_STREQ(b, "1y0s");
	flow_interval_time(b, sizeof(b), 31449600 + 604800 + 2 * 86400 +
	    3 * 3600 + 4 * 60 + 5);
	ATF_CHECK_STREQ(b, "1y1w2d3h4m5s");
	flow_interval_time(b, sizeof(b), 3600);
	ATF_CHECK_STREQ(b, "1h0s");
	ATF_CHECK_EQ(flow_interval_time(b, 3, 3600), 0);
}

ATF_TC_WITHOUT_HEAD(short_buffer);
ATF_TC_BODY(short_buffer, tc)
{
	struct flow	f;
	char		small[40];

	brief_flow(&f);
	ATF_CHECK_EQ(flow_format_text(small, sizeof(small), &f, 0, FLOW_ALL,
	    0), 0);
	ATF_CHECK_EQ(flow_format_csv(small, sizeof(small), &f), 0);
	ATF_CHECK_EQ(flow_format_json(small, sizeof(small), &f, 0, FLOW_ALL,
	    0), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, text_brief_and_all);
	ATF_TP_ADD_TC(tp, text_v6_and_minor1);
	ATF_TP_ADD_TC(tp, nat);
	ATF_TP_ADD_TC(tp, csv);
	ATF_TP_ADD_TC(tp, json_and_selection);
	ATF_TP_ADD_TC(tp, interval);
	ATF_TP_ADD_TC(tp, short_buffer);
	return (atf_no_error());
}
