"""The on-disk layout of every field, in bit order (flowd.md 3.3 for
store 3.0, man/flowd.log.5 for the 3.1 additions).

Each entry is (bit mask, struct format, members).  A member is
(attribute, kind): kind "u" is an unsigned integer, "a4"/"a6" an IPv4/IPv6
address held as text, "mac" a MAC address held as "aa:bb:cc:dd:ee:ff".
The NAT group's addresses carry their own IP version: "xv" is the
version byte (0, 4 or 6) and "xa" the 16 bytes of the attribute of the
same name, text or None, with its *_af.  Pad bytes ("x") are written as
zero and ignored when read.
"""

from . import constants as C

# Store v3 (major 3, minors 0 and 1).
V3 = (
    (C.FIELD_TAG, "I", (("tag", "u"),)),
    (C.FIELD_RECV_TIME, "II", (("recv_sec", "u"), ("recv_usec", "u"))),
    (C.FIELD_PROTO_FLAGS_TOS, "BBBx",
        (("tcp_flags", "u"), ("protocol", "u"), ("tos", "u"))),
    (C.FIELD_AGENT_ADDR4, "4s", (("agent_addr", "a4"),)),
    (C.FIELD_AGENT_ADDR6, "16s", (("agent_addr", "a6"),)),
    (C.FIELD_SRC_ADDR4, "4s", (("src_addr", "a4"),)),
    (C.FIELD_SRC_ADDR6, "16s", (("src_addr", "a6"),)),
    (C.FIELD_DST_ADDR4, "4s", (("dst_addr", "a4"),)),
    (C.FIELD_DST_ADDR6, "16s", (("dst_addr", "a6"),)),
    (C.FIELD_GATEWAY_ADDR4, "4s", (("gateway_addr", "a4"),)),
    (C.FIELD_GATEWAY_ADDR6, "16s", (("gateway_addr", "a6"),)),
    (C.FIELD_SRCDST_PORT, "HH", (("src_port", "u"), ("dst_port", "u"))),
    (C.FIELD_PACKETS, "Q", (("packets", "u"),)),
    (C.FIELD_OCTETS, "Q", (("octets", "u"),)),
    (C.FIELD_IF_INDICES, "II", (("if_ndx_in", "u"), ("if_ndx_out", "u"))),
    (C.FIELD_AGENT_INFO, "IIIHxx",
        (("sys_uptime_ms", "u"), ("agent_sec", "u"), ("agent_usec", "u"),
         ("netflow_ver", "u"))),
    (C.FIELD_FLOW_TIMES, "II", (("flow_start", "u"), ("flow_finish", "u"))),
    (C.FIELD_AS_INFO, "IIBBxx",
        (("src_as", "u"), ("dst_as", "u"), ("src_mask", "u"),
         ("dst_mask", "u"))),
    (C.FIELD_FLOW_ENGINE_INFO, "HHII",
        (("engine_type", "u"), ("engine_id", "u"), ("flow_sequence", "u"),
         ("source_id", "u"))),
    # Store minor 1.
    (C.FIELD_ABS_TIMES, "IIII",
        (("start_sec", "u"), ("start_nsec", "u"), ("end_sec", "u"),
         ("end_nsec", "u"))),
    (C.FIELD_MAC_ADDRS, "6s6s6s6s",
        (("src_mac", "mac"), ("dst_mac", "mac"), ("post_src_mac", "mac"),
         ("post_dst_mac", "mac"))),
    (C.FIELD_VLANS, "HH", (("src_vlan", "u"), ("dst_vlan", "u"))),
    (C.FIELD_FLOW_INFO, "BBBxBBxxI",
        (("ip_version", "u"), ("direction", "u"), ("end_reason", "u"),
         ("icmp_type", "u"), ("icmp_code", "u"), ("flow_label", "u"))),
    (C.FIELD_SAMPLING, "IHxx",
        (("sampling_interval", "u"), ("sampling_algorithm", "u"))),
    (C.FIELD_EXPORTER_PORT, "Hxx", (("exporter_port", "u"),)),
    (C.FIELD_REVERSE_COUNTERS, "QQ",
        (("out_packets", "u"), ("out_octets", "u"))),
    (C.FIELD_NAT, "BBxx16s16sHH",
        (("nat_src_addr", "xv"), ("nat_dst_addr", "xv"),
         ("nat_src_addr", "xa"), ("nat_dst_addr", "xa"),
         ("nat_src_port", "u"), ("nat_dst_port", "u"))),
)

# Legacy store v2 (flowd <= 0.8.5): same bits, narrower fields, no 3.1.
V2 = (
    (C.FIELD_TAG, "I", (("tag", "u"),)),
    (C.FIELD_RECV_TIME, "I", (("recv_sec", "u"),)),
) + V3[2:14] + (
    (C.FIELD_IF_INDICES, "HH", (("if_ndx_in", "u"), ("if_ndx_out", "u"))),
    V3[15],
    V3[16],
    (C.FIELD_AS_INFO, "HHBBxx",
        (("src_as", "u"), ("dst_as", "u"), ("src_mask", "u"),
         ("dst_mask", "u"))),
    (C.FIELD_FLOW_ENGINE_INFO, "BBxxI",
        (("engine_type", "u"), ("engine_id", "u"), ("flow_sequence", "u"))),
)

V2_KNOWN = 0
for _bit, _fmt, _m in V2:
    V2_KNOWN |= _bit
V2_KNOWN |= C.FIELD_CRC32

# The 4 and 6 variants of one address; a record may hold at most one.
ADDR_PAIRS = (
    ("agent_addr", C.FIELD_AGENT_ADDR4, C.FIELD_AGENT_ADDR6),
    ("src_addr", C.FIELD_SRC_ADDR4, C.FIELD_SRC_ADDR6),
    ("dst_addr", C.FIELD_DST_ADDR4, C.FIELD_DST_ADDR6),
    ("gateway_addr", C.FIELD_GATEWAY_ADDR4, C.FIELD_GATEWAY_ADDR6),
)
