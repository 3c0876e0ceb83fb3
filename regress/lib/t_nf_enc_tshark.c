/*
 * tshark as an independent oracle: datagrams from each encoder are
 * written into a pcap (Ethernet/IPv4/UDP to 2055, IPFIX to 4739) and
 * every field sent must come back from Wireshark's dissector with the
 * value the flow had.  Skipped when tshark is not installed.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "nf_encode.h"
#include "nfenctest.h"

#define TSHARK	"/usr/bin/tshark"

#define F_V15	"cflow.version cflow.count cflow.sysuptime cflow.unix_secs " \
		"cflow.unix_nsecs cflow.sequence cflow.engine_type " \
		"cflow.engine_id cflow.samplingmode cflow.samplerate " \
		"cflow.srcaddr cflow.dstaddr cflow.nexthop cflow.inputint " \
		"cflow.outputint cflow.packets cflow.octets cflow.timestart " \
		"cflow.timeend cflow.srcport cflow.dstport cflow.tcpflags " \
		"cflow.protocol cflow.tos cflow.srcas cflow.dstas " \
		"cflow.srcmask cflow.dstmask"
#define F_V9	"cflow.version cflow.count cflow.sysuptime cflow.unix_secs " \
		"cflow.sequence cflow.source_id cflow.od_id " \
		"cflow.template_id cflow.sampling_interval " \
		"cflow.sampling_algorithm cflow.if_name cflow.srcaddr " \
		"cflow.dstaddr cflow.srcaddrv6 cflow.dstaddrv6 " \
		"cflow.timestart cflow.timeend cflow.abstimestart " \
		"cflow.abstimeend cflow.octets cflow.packets cflow.inputint " \
		"cflow.outputint cflow.direction cflow.flow_end_reason " \
		"cflow.srcport cflow.dstport cflow.icmp_type_code_ipv4 " \
		"cflow.protocol cflow.tcpflags cflow.ip_version cflow.tos " \
		"cflow.sys_init_time cflow.exporter_addr"

#define F_NAT	"cflow.version cflow.template_id cflow.srcaddr cflow.srcaddrv6 " \
		"cflow.post_natsource_ipv4_address " \
		"cflow.post_natdestination_ipv4_address " \
		"cflow.post_nat_source_ipv6_address " \
		"cflow.post_nat_destination_ipv6_address " \
		"cflow.post_naptsource_transport_port " \
		"cflow.post_naptdestination_transport_port"

static void
need_tshark(void)
{
	if (access(TSHARK, X_OK) != 0)
		atf_tc_skip("tshark not installed (%s)", TSHARK);
}

/*
 * Datagram 1: an IPv4 TCP flow, an ICMP echo (type 8 code 3) and, for
 * v9/IPFIX, an IPv6 flow; datagram 2: one more IPv4 flow.
 */
static void
write_pcap(int version, const char *path)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;
	FILE			*fp;
	int			 i = 0;

	net_opts(&o, version);
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_now(&now, 0);
	net_flow4(&f);
	if (version == 10)
		f.octets = 78187493530ULL;	/* needs the 8-byte field */
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	net_flow4(&f);
	f.protocol = 1;
	f.src_port = 0;
	f.dst_port = 0x0803;
	f.icmp_type = 8;
	f.icmp_code = 3;
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	if (version >= 9) {
		net_flow6(&f);
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	}
	fp = net_pcap_open(path);
	ATF_REQUIRE((len = nf_encoder_next(e, buf, sizeof(buf), &now)) > 0);
	net_pcap_add(fp, buf, len, version == 10 ? 4739 : 2055, i++);
	net_flow4(&f);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_REQUIRE((len = nf_encoder_next(e, buf, sizeof(buf), &now)) > 0);
	net_pcap_add(fp, buf, len, version == 10 ? 4739 : 2055, i++);
	ATF_REQUIRE(fclose(fp) == 0);
	nf_encoder_free(e);
}

static void
nat_addr(struct xaddr *a, int af, const char *s)
{
	memset(a, 0, sizeof(*a));
	a->af = af;
	ATF_REQUIRE(inet_pton(af, s, a->addr8) == 1);
}

/*
 * One datagram with NF_ENC_F_NAT: a NAT44 flow (template 1026), an
 * IPv6 flow whose destination is translated to IPv4 (2050), and a flow
 * without NAT (1024).
 */
static void
write_nat_pcap(int version, const char *path)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;
	FILE			*fp;

	net_opts(&o, version);
	o.fields |= NF_ENC_F_NAT;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_now(&now, 0);
	net_flow4(&f);
	f.fields |= FLOW_NAT;
	nat_addr(&f.nat_src, AF_INET, "198.51.100.7");
	nat_addr(&f.nat_dst, AF_INET, "203.0.113.9");
	f.nat_src_port = 61000;
	f.nat_dst_port = 8443;
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	net_flow6(&f);
	f.fields |= FLOW_NAT;
	nat_addr(&f.nat_src, AF_INET6, "2001:db8:ff::1");
	nat_addr(&f.nat_dst, AF_INET, "192.0.2.99");
	f.nat_src_port = 1234;
	f.nat_dst_port = 53;
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	net_flow4(&f);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	fp = net_pcap_open(path);
	ATF_REQUIRE((len = nf_encoder_next(e, buf, sizeof(buf), &now)) > 0);
	net_pcap_add(fp, buf, len, version == 10 ? 4739 : 2055, 0);
	ATF_REQUIRE(fclose(fp) == 0);
	nf_encoder_free(e);
}

static void
check(const char *pcap, const char *fields, const char **want, int nwant)
{
	char	 cmd[4096], line[8192], *tok, *list, *save = NULL;
	FILE	*fp;
	size_t	 n;
	int	 i = 0;

	n = strlcpy(cmd, "TZ=UTC " TSHARK " -r ", sizeof(cmd));
	ATF_REQUIRE(n < sizeof(cmd));
	ATF_REQUIRE(strlcat(cmd, pcap, sizeof(cmd)) < sizeof(cmd));
	ATF_REQUIRE(strlcat(cmd, " -d udp.port==2055,cflow "
	    "-d udp.port==4739,cflow -T fields -E occurrence=a "
	    "-E aggregator=, -E separator='|'", sizeof(cmd)) < sizeof(cmd));
	ATF_REQUIRE((list = strdup(fields)) != NULL);
	for (tok = strtok_r(list, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		ATF_REQUIRE(strlcat(cmd, " -e ", sizeof(cmd)) < sizeof(cmd));
		ATF_REQUIRE(strlcat(cmd, tok, sizeof(cmd)) < sizeof(cmd));
	}
	free(list);
	ATF_REQUIRE(strlcat(cmd, " 2>/dev/null", sizeof(cmd)) < sizeof(cmd));
	ATF_REQUIRE((fp = popen(cmd, "r")) != NULL);
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		ATF_REQUIRE_MSG(i < nwant, "extra frame: %s", line);
		ATF_CHECK_STREQ_MSG(line, want[i], "frame %d", i + 1);
		i++;
	}
	ATF_REQUIRE(pclose(fp) == 0);
	ATF_CHECK_EQ(i, nwant);
}

ATF_TC_WITHOUT_HEAD(v1);
ATF_TC_BODY(v1, tc)
{
	static const char *want[] = {
	    "1|2|10.500000000|1700000010|500000000||||||10.0.0.1,10.0.0.1|"
	    "192.0.2.2,192.0.2.2|10.0.0.254,10.0.0.254|3,3|4,4|10,10|"
	    "1500,1500|1.000000000,1.000000000|5.000000000,5.000000000|"
	    "1234,0|80,2051|0x1b,0x1b|6,1|0x10,0x10||||",
	    "1|1|10.500000000|1700000010|500000000||||||10.0.0.1|192.0.2.2|"
	    "10.0.0.254|3|4|10|1500|1.000000000|5.000000000|1234|80|0x1b|"
	    "6|0x10||||",
	};

	need_tshark();
	write_pcap(1, "v1.pcap");
	check("v1.pcap", F_V15, want, 2);
}

ATF_TC_WITHOUT_HEAD(v5);
ATF_TC_BODY(v5, tc)
{
	static const char *want[] = {
	    "5|2|10.500000000|1700000010|500000000|0|1|2|1|100|"
	    "10.0.0.1,10.0.0.1|192.0.2.2,192.0.2.2|10.0.0.254,10.0.0.254|"
	    "3,3|4,4|10,10|1500,1500|1.000000000,1.000000000|"
	    "5.000000000,5.000000000|1234,0|80,2051|0x1b,0x1b|6,1|"
	    "0x10,0x10|65001,65001|65002,65002|24,24|16,16",
	    /* flow_sequence: the two flows sent before */
	    "5|1|10.500000000|1700000010|500000000|2|1|2|1|100|10.0.0.1|"
	    "192.0.2.2|10.0.0.254|3|4|10|1500|1.000000000|5.000000000|"
	    "1234|80|0x1b|6|0x10|65001|65002|24|16",
	};

	need_tshark();
	write_pcap(5, "v5.pcap");
	check("v5.pcap", F_V15, want, 2);
}

ATF_TC_WITHOUT_HEAD(v9);
ATF_TC_BODY(v9, tc)
{
	static const char *want[] = {
	    /* count 9: 4 templates, options template and data, 3 flows */
	    "9|9|10.500000000|1700000010|0|42||1024,1025,2048,2049,256|100|"
	    "1|eth0|10.0.0.1,10.0.0.1|192.0.2.2,192.0.2.2|2001:db8::1|"
	    "2001:db8::2|1.000000000,1.000000000,1.000000000|"
	    "5.000000000,5.000000000,5.000000000|||1500,1500,1500|10,10,10|"
	    "3,3,3|4,4,4|1,1,1|2,2,2|1234,1234|80,443|0x0803|6,1,6|"
	    "0x1b,0x1b|4,4,6|0x10,0x10,0x10||",
	    "9|1|10.500000000|1700000010|1|42||||||10.0.0.1|192.0.2.2|||"
	    "1.000000000|5.000000000|||1500|10|3|4|1|2|1234|80||6|0x1b|4|"
	    "0x10||",
	};

	need_tshark();
	write_pcap(9, "v9.pcap");
	check("v9.pcap", F_V9, want, 2);
}

ATF_TC_WITHOUT_HEAD(ipfix);
ATF_TC_BODY(ipfix, tc)
{
	static const char *want[] = {
	    "10||||0||42|1024,1025,2048,2049,256|100|1|eth0|"
	    "10.0.0.1,10.0.0.1|192.0.2.2,192.0.2.2|2001:db8::1|2001:db8::2|"
	    "||Nov 14, 2023 22:13:21.000000000 UTC,"
	    "Nov 14, 2023 22:13:21.000000000 UTC,"
	    "Nov 14, 2023 22:13:21.000000000 UTC|"
	    "Nov 14, 2023 22:13:25.000000000 UTC,"
	    "Nov 14, 2023 22:13:25.000000000 UTC,"
	    "Nov 14, 2023 22:13:25.000000000 UTC|"
	    "78187493530,1500,1500|10,10,10|3,3,3|4,4,4|1,1,1|2,2,2|"
	    "1234,1234|80,443|0x0803|6,1,6|0x1b,0x1b|4,4,6|0x10,0x10,0x10|"
	    "Nov 14, 2023 22:13:20.000000000 UTC|192.0.2.1",
	    /* sequence: the options record and three flows before */
	    "10||||4||42|||||10.0.0.1|192.0.2.2|||||"
	    "Nov 14, 2023 22:13:21.000000000 UTC|"
	    "Nov 14, 2023 22:13:25.000000000 UTC|1500|10|3|4|1|2|1234|80||"
	    "6|0x1b|4|0x10||",
	};

	need_tshark();
	write_pcap(10, "ipfix.pcap");
	check("ipfix.pcap", F_V9, want, 2);
}

/* The NAT IEs as Wireshark reads them; the unused family is zero. */
#define WANT_NAT(v) \
	v "|1024,1025,2048,2049,1026,1027,2050,2051,256|" \
	"10.0.0.1,10.0.0.1|2001:db8::1|198.51.100.7,0.0.0.0|" \
	"203.0.113.9,192.0.2.99|::,2001:db8:ff::1|::,::|61000,1234|8443,53"

ATF_TC_WITHOUT_HEAD(v9_nat);
ATF_TC_BODY(v9_nat, tc)
{
	static const char *want[] = { WANT_NAT("9") };

	need_tshark();
	write_nat_pcap(9, "v9nat.pcap");
	check("v9nat.pcap", F_NAT, want, 1);
}

ATF_TC_WITHOUT_HEAD(ipfix_nat);
ATF_TC_BODY(ipfix_nat, tc)
{
	static const char *want[] = { WANT_NAT("10") };

	need_tshark();
	write_nat_pcap(10, "ipfixnat.pcap");
	check("ipfixnat.pcap", F_NAT, want, 1);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, v1);
	ATF_TP_ADD_TC(tp, v5);
	ATF_TP_ADD_TC(tp, v9);
	ATF_TP_ADD_TC(tp, ipfix);
	ATF_TP_ADD_TC(tp, v9_nat);
	ATF_TP_ADD_TC(tp, ipfix_nat);
	return (atf_no_error());
}
