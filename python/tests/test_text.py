"""flowd-reader's text line, iso_time and interval_time."""

import os
import time
import unittest

from sample import flowd, V5_ALL, V5_ALL_TEXT, v6_flow, minor1_flow


class TestHelpers(unittest.TestCase):

    def test_interval_time(self):
        it = flowd.interval_time
        self.assertEqual(it(0), "0s")
        self.assertEqual(it(59), "59s")
        self.assertEqual(it(60), "1m0s")
        self.assertEqual(it(3600), "1h0s")
        self.assertEqual(it(90061), "1d1h1m1s")
        self.assertEqual(it(604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5),
            "1w2d3h4m5s")
        # A year is 52 weeks.
        self.assertEqual(it(52 * 604800), "1y0s")
        self.assertEqual(it(2 ** 32 // 1000), "7w17h2m47s")

    def test_iso_time(self):
        self.assertEqual(flowd.iso_time(0, 1), "1970-01-01T00:00:00")
        self.assertEqual(flowd.iso_time(1600000000, 1), "2020-09-13T12:26:40")
        self.assertEqual(flowd.iso_time(2 ** 32 - 1, 1),
            "2106-02-07T06:28:15")
        # Local time follows TZ.
        old = os.environ.get("TZ")
        try:
            os.environ["TZ"] = "UTC+2"
            time.tzset()
            self.assertEqual(flowd.iso_time(1600000000),
                "2020-09-13T10:26:40")
            self.assertEqual(flowd.iso_time(1600000000, 0),
                "2020-09-13T10:26:40")
        finally:
            if old is None:
                del os.environ["TZ"]
            else:
                os.environ["TZ"] = old
            time.tzset()


class TestFormat(unittest.TestCase):

    def test_all(self):
        f = flowd.Flow(blob=V5_ALL)
        self.assertEqual(f.format(1, flowd.DISPLAY_ALL), V5_ALL_TEXT)
        self.assertEqual(f.format(utc=1, mask=flowd.DISPLAY_ALL),
            V5_ALL_TEXT)

    def test_brief_is_default(self):
        f = flowd.Flow(blob=V5_ALL)
        self.assertEqual(f.format(1),
            "FLOW recv_time 2020-09-13T12:26:40.039219 proto 6 tcpflags 1b "
            "tos 10 agent [192.0.2.1] src [10.0.0.1]:1234 "
            "dst [10.0.0.2]:80 packets 10 "
            "octets 4294967296 ")

    def test_usec_six_digits(self):
        f = flowd.Flow(fields=flowd.FIELD_RECV_TIME, recv_sec=0, recv_usec=7)
        self.assertEqual(f.format(1),
            "FLOW recv_time 1970-01-01T00:00:00.000007 ")

    def test_v6_and_masks(self):
        f = v6_flow()
        self.assertEqual(f.format(1, flowd.FIELD_SRCDST_ADDR |
            flowd.FIELD_SRCDST_PORT | flowd.FIELD_GATEWAY_ADDR),
            "FLOW src [2001:db8::1]:5353 dst [2001:db8:1::53]:53 "
            "gateway [fe80::1] ")
        # Ports without addresses print nothing; addresses without ports
        # print bare.
        self.assertEqual(f.format(1, flowd.FIELD_SRCDST_PORT), "FLOW ")
        self.assertEqual(f.format(1, flowd.FIELD_DST_ADDR),
            "FLOW dst [2001:db8:1::53] ")
        self.assertEqual(f.format(1, flowd.FIELD_IF_INDICES |
            flowd.FIELD_AGENT_INFO | flowd.FIELD_FLOW_TIMES |
            flowd.FIELD_AS_INFO | flowd.FIELD_FLOW_ENGINE_INFO),
            "FLOW in_if 4294967294 out_if 1 sys_uptime_ms 1h2m3s.004 "
            "time_sec 2023-11-14T22:13:20 time_nanosec 0 netflow ver 9 "
            "flow_start 1h0s.000 flow_finish 1h2m3s.004 "
            "src_AS 4200000000 src_masklen 48 dst_AS 1 dst_masklen 64 "
            "engine_type 0 engine_id 0 seq 4294967295 source 16909060 ")
        self.assertEqual(f.format(1, flowd.FIELD_TAG | flowd.FIELD_AGENT_ADDR
            | flowd.FIELD_PROTO_FLAGS_TOS),
            "FLOW tag 7 proto 17 tcpflags 00 tos 00 agent [198.51.100.7] ")
        self.assertEqual(flowd.Flow().format(1, flowd.DISPLAY_ALL), "FLOW ")

    def test_minor1(self):
        f = minor1_flow(0)
        self.assertEqual(f.format(1, flowd.FIELD_MINOR1),
            "FLOW start_time 2020-09-13T12:26:40.123456789 "
            "end_time 2020-09-13T12:26:49.999999999 "
            "src_mac 00:11:22:33:44:55 dst_mac 66:77:88:99:aa:bb "
            "post_src_mac 02:00:00:00:00:01 post_dst_mac 02:00:00:00:00:02 "
            "src_vlan 100 dst_vlan 4095 ip_version 4 direction 1 "
            "end_reason 3 icmp_type 8 icmp_code 0 flow_label 1048575 "
            "sampling_interval 1000 sampling_algorithm 2 exporter_port 2055 "
            "out_packets 1099511627776 out_octets 9223372036854775813 "
            "nat_src [198.51.100.200]:61000 nat_dst [64:ff9b::a01:1]:8080 ")
        # A side not reported prints as flowd-reader prints it.
        f.nat_dst_addr = None
        self.assertEqual(f.format(1, flowd.FIELD_NAT),
            "FLOW nat_src [198.51.100.200]:61000 nat_dst [0.0.0.0]:8080 ")


if __name__ == "__main__":
    unittest.main()
