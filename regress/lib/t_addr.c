/* addr.c: parsing, printing, comparing and matching struct xaddr. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "addr.h"

static void
roundtrip(const char *in, const char *want)
{
	struct xaddr	 a;
	char		 buf[ADDR_STRLEN];

	ATF_REQUIRE_MSG(addr_pton(in, &a) == 0, "%s does not parse", in);
	ATF_REQUIRE(addr_ntop(&a, buf, sizeof(buf)) == 0);
	ATF_CHECK_STREQ_MSG(buf, want, "%s printed as %s", in, buf);
}

ATF_TC_WITHOUT_HEAD(pton_ntop);
ATF_TC_BODY(pton_ntop, tc)
{
	struct xaddr	 a;

	roundtrip("192.0.2.1", "192.0.2.1");
	roundtrip("0.0.0.0", "0.0.0.0");
	roundtrip("2001:db8::1", "2001:db8::1");
	roundtrip("[2001:db8::1]", "2001:db8::1");
	roundtrip("2001:0db8:0000::0001", "2001:db8::1");
	roundtrip("::", "::");
	roundtrip("fe80::1%1", "fe80::1%lo");
	roundtrip("[fe80::1%lo]", "fe80::1%lo");

	ATF_CHECK(addr_pton("192.0.2.1", &a) == 0 && addr_is_v4(&a));
	ATF_CHECK(addr_pton("::1", &a) == 0 && addr_is_v6(&a));
	ATF_CHECK(!addr_is_unspec(&a));
	/* Only numeric, complete forms; no names, no brackets for v4. */
	ATF_CHECK(addr_pton("", &a) == -1);
	ATF_CHECK(addr_pton("localhost", &a) == -1);
	ATF_CHECK(addr_pton("10.1", &a) == -1);
	ATF_CHECK(addr_pton("256.0.0.1", &a) == -1);
	ATF_CHECK(addr_pton("[10.0.0.1]", &a) == -1);
	ATF_CHECK(addr_pton("[::1", &a) == -1);
	ATF_CHECK(addr_pton("10.0.0.1%1", &a) == -1);
	ATF_CHECK(addr_pton("fe80::1%", &a) == -1);
	ATF_CHECK(addr_pton("fe80::1%nosuchif0", &a) == -1);
	ATF_CHECK(addr_pton("1:2:3:4:5:6:7:8:9", &a) == -1);
}

ATF_TC_WITHOUT_HEAD(prefixes);
ATF_TC_BODY(prefixes, tc)
{
	struct xaddr	 a;
	u_int		 l;
	char		 buf[ADDR_STRLEN];

	ATF_REQUIRE(addr_pton_prefix("10/8", &a, &l) == 0);
	ATF_CHECK_EQ(l, 8);
	ATF_REQUIRE(addr_prefix_ntop(&a, l, 1, buf, sizeof(buf)) == 0);
	ATF_CHECK_STREQ(buf, "10.0.0.0/8");
	ATF_REQUIRE(addr_pton_prefix("172.16/12", &a, &l) == 0);
	ATF_REQUIRE(addr_prefix_ntop(&a, l, 1, buf, sizeof(buf)) == 0);
	ATF_CHECK_STREQ(buf, "172.16.0.0/12");
	ATF_REQUIRE(addr_pton_prefix("192.0.2.1", &a, &l) == 0);
	ATF_CHECK_EQ(l, 32);
	ATF_REQUIRE(addr_prefix_ntop(&a, l, 1, buf, sizeof(buf)) == 0);
	ATF_CHECK_STREQ(buf, "192.0.2.1");
	ATF_REQUIRE(addr_pton_prefix("[2001:db8::]/32", &a, &l) == 0);
	ATF_REQUIRE(addr_prefix_ntop(&a, l, 1, buf, sizeof(buf)) == 0);
	ATF_CHECK_STREQ(buf, "[2001:db8::]/32");
	ATF_REQUIRE(addr_prefix_ntop(&a, l, 0, buf, sizeof(buf)) == 0);
	ATF_CHECK_STREQ(buf, "2001:db8::/32");
	ATF_REQUIRE(addr_pton_prefix("0.0.0.0/0", &a, &l) == 0);
	ATF_CHECK_EQ(l, 0);
	ATF_REQUIRE(addr_pton_prefix("::/0", &a, &l) == 0);

	/* Host bits set, bad lengths, junk. */
	ATF_CHECK(addr_pton_prefix("10.0.0.1/8", &a, &l) == -1);
	ATF_CHECK(addr_pton_prefix("10/33", &a, &l) == -1);
	ATF_CHECK(addr_pton_prefix("::/129", &a, &l) == -1);
	ATF_CHECK(addr_pton_prefix("10/", &a, &l) == -1);
	ATF_CHECK(addr_pton_prefix("10/-1", &a, &l) == -1);
	ATF_CHECK(addr_pton_prefix("10/8/8", &a, &l) == -1);
	ATF_CHECK(addr_pton_prefix("1.2.3.4.5/32", &a, &l) == -1);
	ATF_CHECK(addr_pton_prefix("1..2/16", &a, &l) == -1);
	ATF_CHECK(addr_pton_prefix("0010/8", &a, &l) == -1);
}

ATF_TC_WITHOUT_HEAD(ports);
ATF_TC_BODY(ports, tc)
{
	struct xaddr	 a;
	uint16_t	 p;
	char		 buf[ADDR_STRLEN + 8];

	ATF_REQUIRE(addr_pton_port("0.0.0.0:2055", &a, &p) == 0);
	ATF_CHECK_EQ(p, 2055);
	ATF_REQUIRE(addr_port_ntop(&a, p, buf, sizeof(buf)) == 0);
	ATF_CHECK_STREQ(buf, "0.0.0.0:2055");
	ATF_REQUIRE(addr_pton_port("[::]:4739", &a, &p) == 0);
	ATF_REQUIRE(addr_port_ntop(&a, p, buf, sizeof(buf)) == 0);
	ATF_CHECK_STREQ(buf, "[::]:4739");
	ATF_CHECK(addr_pton_port("::1:2055", &a, &p) == -1);
	ATF_CHECK(addr_pton_port("1.2.3.4:0", &a, &p) == -1);
	ATF_CHECK(addr_pton_port("1.2.3.4:65536", &a, &p) == -1);
	ATF_CHECK(addr_pton_port("1.2.3.4", &a, &p) == -1);
	ATF_CHECK(addr_pton_port("1.2.3.4:", &a, &p) == -1);
	ATF_CHECK(addr_pton_port("1.2.3.4:+80", &a, &p) == -1);
}

ATF_TC_WITHOUT_HEAD(compare_match);
ATF_TC_BODY(compare_match, tc)
{
	struct xaddr	 a, b, net, m, r;

	ATF_REQUIRE(addr_pton("10.1.2.3", &a) == 0);
	ATF_REQUIRE(addr_pton("10.1.2.4", &b) == 0);
	ATF_CHECK(addr_cmp(&a, &b) < 0);
	ATF_CHECK(addr_cmp(&b, &a) > 0);
	ATF_CHECK(addr_cmp(&a, &a) == 0);
	ATF_REQUIRE(addr_pton("::1", &b) == 0);
	ATF_CHECK(addr_cmp(&a, &b) < 0);	/* AF_INET < AF_INET6 */

	ATF_REQUIRE(addr_pton("10.0.0.0", &net) == 0);
	ATF_CHECK(addr_in_prefix(&a, &net, 8));
	ATF_CHECK(addr_in_prefix(&a, &net, 0));
	ATF_CHECK(!addr_in_prefix(&a, &net, 16));
	ATF_CHECK(!addr_in_prefix(&b, &net, 0));	/* family differs */
	ATF_REQUIRE(addr_pton("10.1.2.0", &net) == 0);
	ATF_CHECK(addr_in_prefix(&a, &net, 29));
	ATF_CHECK(!addr_in_prefix(&a, &net, 31));
	ATF_CHECK(!addr_in_prefix(&a, &net, 33));

	ATF_REQUIRE(addr_pton("2001:db8::1", &a) == 0);
	ATF_REQUIRE(addr_pton("2001:db8::", &net) == 0);
	ATF_CHECK(addr_in_prefix(&a, &net, 32));
	ATF_CHECK(addr_in_prefix(&a, &net, 127));
	ATF_CHECK(!addr_in_prefix(&a, &net, 128));

	ATF_REQUIRE(addr_netmask(AF_INET, 20, &m) == 0);
	ATF_REQUIRE(addr_pton("10.1.255.3", &a) == 0);
	ATF_REQUIRE(addr_and(&r, &a, &m) == 0);
	ATF_REQUIRE(addr_pton("10.1.240.0", &b) == 0);
	ATF_CHECK(addr_cmp(&r, &b) == 0);
	ATF_CHECK(addr_host_is_zero(&b, 20));
	ATF_CHECK(!addr_host_is_zero(&b, 19));
	ATF_CHECK(!addr_host_is_zero(&a, 20));
	ATF_CHECK(addr_netmask(AF_INET, 33, &m) == -1);
	ATF_CHECK(addr_netmask(AF_UNSPEC, 0, &m) == -1);
	ATF_CHECK_EQ(addr_maxlen(AF_INET6), 128);
	ATF_CHECK_EQ(addr_maxlen(AF_UNSPEC), 0);

	ATF_REQUIRE(addr_pton("239.1.1.1", &a) == 0);
	ATF_CHECK(addr_is_multicast(&a));
	ATF_REQUIRE(addr_pton("ff02::114", &a) == 0);
	ATF_CHECK(addr_is_multicast(&a));
	ATF_REQUIRE(addr_pton("10.0.0.1", &a) == 0);
	ATF_CHECK(!addr_is_multicast(&a));
}

ATF_TC_WITHOUT_HEAD(sockaddr);
ATF_TC_BODY(sockaddr, tc)
{
	struct sockaddr_storage	 ss;
	struct xaddr		 a, b;
	socklen_t		 len;
	uint16_t		 port;

	ATF_REQUIRE(addr_pton("[2001:db8::5]", &a) == 0);
	len = addr_to_sockaddr(&a, 9995, &ss);
	ATF_CHECK_EQ(len, sizeof(struct sockaddr_in6));
	ATF_REQUIRE(addr_from_sockaddr((struct sockaddr *)&ss, len, &b,
	    &port) == 0);
	ATF_CHECK(addr_cmp(&a, &b) == 0);
	ATF_CHECK_EQ(port, 9995);
	ATF_REQUIRE(addr_pton("192.0.2.9", &a) == 0);
	len = addr_to_sockaddr(&a, 2055, &ss);
	ATF_CHECK_EQ(len, sizeof(struct sockaddr_in));
	ATF_REQUIRE(addr_from_sockaddr((struct sockaddr *)&ss, len, &b,
	    NULL) == 0);
	ATF_CHECK(addr_cmp(&a, &b) == 0);
	/* Short lengths and unknown families are refused. */
	ATF_CHECK(addr_from_sockaddr((struct sockaddr *)&ss, 4, &b,
	    NULL) == -1);
	memset(&a, 0, sizeof(a));
	ATF_CHECK_EQ(addr_to_sockaddr(&a, 1, &ss), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, pton_ntop);
	ATF_TP_ADD_TC(tp, prefixes);
	ATF_TP_ADD_TC(tp, ports);
	ATF_TP_ADD_TC(tp, compare_match);
	ATF_TP_ADD_TC(tp, sockaddr);
	return (atf_no_error());
}
