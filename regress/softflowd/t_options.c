/*
 * t_options: softflowd's option values -- times with units, named
 * timeouts, tracking levels, MAC addresses.
 */
#include <sys/types.h>

#include <atf-c.h>
#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "sf_main.h"

ATF_TC_WITHOUT_HEAD(convtime);
ATF_TC_BODY(convtime, tc)
{
	ATF_CHECK_EQ(sf_convtime("45"), 45);
	ATF_CHECK_EQ(sf_convtime("90s"), 90);
	ATF_CHECK_EQ(sf_convtime("1h30m"), 5400);
	ATF_CHECK_EQ(sf_convtime("1H30M"), 5400);
	ATF_CHECK_EQ(sf_convtime("2d"), 172800);
	ATF_CHECK_EQ(sf_convtime("1w1s"), 604801);
	ATF_CHECK_EQ(sf_convtime(""), -1);
	ATF_CHECK_EQ(sf_convtime("m"), -1);
	ATF_CHECK_EQ(sf_convtime("5x"), -1);
	ATF_CHECK_EQ(sf_convtime("-5"), -1);
	ATF_CHECK_EQ(sf_convtime("99999999999999999999"), -1);
	ATF_CHECK_EQ(sf_convtime("10000w"), -1);
}

ATF_TC_WITHOUT_HEAD(timeouts);
ATF_TC_BODY(timeouts, tc)
{
	struct sf_timeouts	to;

	sf_timeouts_default(&to);
	ATF_CHECK_EQ(to.tcp, 3600);
	ATF_CHECK_EQ(to.maxlife, 604800);
	ATF_CHECK_EQ(sf_set_timeout(&to, "tcp.rst=1m"), 0);
	ATF_CHECK_EQ(to.tcp_rst, 60);
	ATF_CHECK_EQ(sf_set_timeout(&to, "udp=0"), 0);
	ATF_CHECK_EQ(to.udp, 0);
	ATF_CHECK_EQ(sf_set_timeout(&to, "active=2m"), 0);
	ATF_CHECK_EQ(to.active, 120);
	ATF_CHECK_EQ(sf_set_timeout(&to, "EXPINT=5"), 0);
	ATF_CHECK_EQ(to.expint, 5);
	/* A bare value crash-looped OpenWrt init scripts: an error. */
	ATF_CHECK_EQ(sf_set_timeout(&to, "60"), -1);
	ATF_CHECK_EQ(sf_set_timeout(&to, "general=0"), -1);
	ATF_CHECK_EQ(sf_set_timeout(&to, "bogus=5"), -1);
	ATF_CHECK_EQ(sf_set_timeout(&to, "=5"), -1);
	ATF_CHECK_EQ(sf_set_timeout(&to, "tcp="), -1);
}

ATF_TC_WITHOUT_HEAD(levels_macs);
ATF_TC_BODY(levels_macs, tc)
{
	uint8_t	m[6];

	ATF_CHECK_EQ(sf_parse_level("full"), SF_T_FULL);
	ATF_CHECK_EQ(sf_parse_level("Ether"), SF_T_ETHER);
	ATF_CHECK_EQ(sf_parse_level("ip"), SF_T_IP);
	ATF_CHECK_EQ(sf_parse_level("mac"), -1);
	ATF_CHECK_EQ(sf_parse_mac("00:1b:21:aa:bb:cc", m), 0);
	ATF_CHECK_EQ(m[0], 0);
	ATF_CHECK_EQ(m[5], 0xcc);
	ATF_CHECK_EQ(sf_parse_mac("00-1b-21-aa-bb-cd", m), 0);
	ATF_CHECK_EQ(m[5], 0xcd);
	ATF_CHECK_EQ(sf_parse_mac("00:1b:21:aa:bb", m), -1);
	ATF_CHECK_EQ(sf_parse_mac("00:1b:21:aa:bb:ccc", m), -1);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, convtime);
	ATF_TP_ADD_TC(tp, timeouts);
	ATF_TP_ADD_TC(tp, levels_macs);
	return (atf_no_error());
}
