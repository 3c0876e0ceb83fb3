"""Flows and hand-built records shared by the tests.

Golden records are spelled out field by field from flowd.md 3.3 rather
than produced by the code under test.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
    ".."))

import flowd  # noqa: E402


def crc_bitwise(data, crc=0):
    """The store CRC computed bit by bit, independent of any table."""
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0xEDB88320 if crc & 1 else 0)
    return crc


def h(*chunks):
    return bytes.fromhex("".join(chunks).replace(" ", ""))


# A v5 flow stored with ALL (no tag, as flowd writes v1/5/7 flows).
V5_ALL_BODY = h(
    "5f5e1000 00009933",	# RECV_TIME 1600000000 s, 39219 us
    "1b 06 10 00",		# tcp_flags 0x1b, proto 6, tos 0x10, pad
    "c0000201",			# AGENT_ADDR4 192.0.2.1
    "0a000001",			# SRC_ADDR4 10.0.0.1
    "0a000002",			# DST_ADDR4 10.0.0.2
    "0a0000fe",			# GATEWAY_ADDR4 10.0.0.254
    "04d2 0050",		# ports 1234, 80
    "00000000 0000000a",	# PACKETS 10
    "00000001 00000000",	# OCTETS 2^32
    "00000003 00000004",	# IF_INDICES 3, 4
    "05f5e100 5f5e0ff0 00000064 0005 0000",	# AGENT_INFO
    "05f5b9f0 05f5dd18",	# FLOW_TIMES 99990000, 99999000 ms
    "0000fde8 0000fde9 18 10 0000",	# AS 65000/24, 65001/16
    "0001 0002 00000400 00000000",	# engine 1/2, seq 1024, source 0
)
V5_ALL_HDR = h("60 1b 00 00 40 07 fa ae")
V5_ALL = V5_ALL_HDR + V5_ALL_BODY + \
    crc_bitwise(V5_ALL_HDR + V5_ALL_BODY).to_bytes(4, "big")

V5_ALL_VALUES = dict(
    fields=0x4007faae, recv_sec=1600000000, recv_usec=39219,
    tcp_flags=0x1b, protocol=6, tos=0x10, agent_addr="192.0.2.1",
    src_addr="10.0.0.1", dst_addr="10.0.0.2", gateway_addr="10.0.0.254",
    src_port=1234, dst_port=80, packets=10, octets=2 ** 32,
    if_ndx_in=3, if_ndx_out=4, sys_uptime_ms=100000000,
    agent_sec=1599999984, agent_usec=100, netflow_ver=5,
    flow_start=99990000, flow_finish=99999000, src_as=65000,
    dst_as=65001, src_mask=24, dst_mask=16, engine_type=1, engine_id=2,
    flow_sequence=1024, source_id=0)

V5_ALL_TEXT = (
    "FLOW recv_time 2020-09-13T12:26:40.039219 proto 6 tcpflags 1b "
    "tos 10 agent [192.0.2.1] src [10.0.0.1]:1234 dst [10.0.0.2]:80 "
    "gateway [10.0.0.254] packets 10 octets 4294967296 in_if 3 out_if 4 "
    "sys_uptime_ms 1d3h46m40s.000 time_sec 2020-09-13T12:26:24 "
    "time_nanosec 100 netflow ver 5 flow_start 1d3h46m30s.000 "
    "flow_finish 1d3h46m39s.000 src_AS 65000 src_masklen 24 "
    "dst_AS 65001 dst_masklen 16 engine_type 1 engine_id 2 seq 1024 "
    "source 0 crc32 %08x " % int.from_bytes(V5_ALL[-4:], "big"))


def v5_flow(i=0):
    """A varied v4 flow numbered i, with every 3.0 group and a CRC."""
    v = dict(V5_ALL_VALUES)
    v.update(tag=i, fields=flowd.FIELD_ALL_V30 & ~flowd.FIELD_SRCDST_ADDR
        & ~flowd.FIELD_AGENT_ADDR & ~flowd.FIELD_GATEWAY_ADDR,
        recv_sec=1600000000 + i // 7, recv_usec=(i * 7919) % 1000000,
        src_addr="10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255),
        dst_addr="192.168.%d.%d" % (i % 7, i % 250),
        src_port=1024 + i % 50000, dst_port=(80, 443, 53, 22)[i % 4],
        protocol=(6, 17, 1)[i % 3], packets=1 + i, octets=(1 + i) * 1400,
        tcp_flags=i & 0x3f, agent_addr="192.0.2.%d" % (1 + i % 3))
    return flowd.Flow(**v)


def v6_flow(i=0):
    """A v6 flow with a v4 agent and no engine group."""
    return flowd.Flow(
        fields=flowd.FIELD_TAG | flowd.FIELD_RECV_TIME |
        flowd.FIELD_PROTO_FLAGS_TOS | flowd.FIELD_SRCDST_PORT |
        flowd.FIELD_IF_INDICES | flowd.FIELD_AGENT_INFO |
        flowd.FIELD_FLOW_TIMES | flowd.FIELD_AS_INFO |
        flowd.FIELD_FLOW_ENGINE_INFO | flowd.FIELD_CRC32,
        tag=7, recv_sec=1700000000 + i, recv_usec=5, protocol=17,
        src_addr="2001:db8::%x" % ((i + 1) & 0xffff), dst_addr="2001:db8:1::53",
        gateway_addr="fe80::1", agent_addr="198.51.100.7",
        src_port=5353, dst_port=53, packets=2, octets=300,
        if_ndx_in=0xfffffffe, if_ndx_out=1, netflow_ver=9,
        sys_uptime_ms=3723004, agent_sec=1700000000, agent_usec=0,
        flow_start=3600000, flow_finish=3723004, src_as=4200000000,
        dst_as=1, src_mask=48, dst_mask=64, engine_type=0, engine_id=0,
        flow_sequence=0xffffffff, source_id=0x01020304)


def minor1_flow(i=0):
    """A flow using every store 3.1 group."""
    f = v5_flow(i)
    f.fields |= flowd.FIELD_MINOR1
    f.start_sec = 1600000000
    f.start_nsec = 123456789
    f.end_sec = 1600000009
    f.end_nsec = 999999999
    f.src_mac = "00:11:22:33:44:55"
    f.dst_mac = "66:77:88:99:aa:bb"
    f.post_src_mac = "02:00:00:00:00:01"
    f.post_dst_mac = "02:00:00:00:00:02"
    f.src_vlan = 100
    f.dst_vlan = 4095
    f.ip_version = 4
    f.direction = 1
    f.end_reason = 3
    f.icmp_type = 8
    f.icmp_code = 0
    f.flow_label = 0xfffff
    f.sampling_interval = 1000
    f.sampling_algorithm = 2
    f.exporter_port = 2055
    f.out_packets = 2 ** 40
    f.out_octets = 2 ** 63 + 5
    f.nat_src_addr = "198.51.100.200"
    f.nat_dst_addr = "64:ff9b::a01:1"
    f.nat_src_port = 61000
    f.nat_dst_port = 8080
    return f
