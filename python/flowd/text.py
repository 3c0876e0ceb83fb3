"""flowd-reader's text line (flowd.md 4), with 6-digit microseconds."""

import time

from . import constants as C

# A "year" is 52 weeks, as in flowd.
_UNITS = ((52 * 604800, "y"), (604800, "w"), (86400, "d"), (3600, "h"),
    (60, "m"))

_iso_last = [None, None]


def iso_time(t, utc_flag=0):
    """t (seconds since the epoch) as YYYY-MM-DDTHH:MM:SS, local time
    unless utc_flag."""
    key = (t, bool(utc_flag))
    if _iso_last[0] == key:
        return _iso_last[1]
    tm = time.gmtime(t) if utc_flag else time.localtime(t)
    s = time.strftime("%Y-%m-%dT%H:%M:%S", tm)
    _iso_last[0] = key
    _iso_last[1] = s
    return s


def interval_time(t):
    """t seconds as e.g. 1w2d3h4m5s: zero units are left out, seconds
    are always printed."""
    t = int(t)
    out = []
    for div, sym in _UNITS:
        r = t // div
        if r:
            out.append("%d%s" % (r, sym))
            t -= r * div
    out.append("%ds" % t)
    return "".join(out)


def _ms(v):
    return "%s.%03d" % (interval_time(v // 1000), v % 1000)


def format_flow(f, utc=0, mask=C.DISPLAY_BRIEF, fields=None):
    """The line flowd-reader prints for flow f (without the newline,
    with its trailing space), showing only the groups in mask.  fields overrides f.fields (already re-derived)."""
    if fields is None:
        fields = f.fields
    fl = fields & mask
    p = ["FLOW"]
    if fl & C.FIELD_TAG:
        p.append("tag %u" % f.tag)
    if fl & C.FIELD_RECV_TIME:
        p.append("recv_time %s.%06u" % (iso_time(f.recv_sec, utc),
            f.recv_usec))
    if fl & C.FIELD_PROTO_FLAGS_TOS:
        p.append("proto %u tcpflags %02x tos %02x" % (f.protocol,
            f.tcp_flags, f.tos))
    if fl & C.FIELD_AGENT_ADDR:
        p.append("agent [%s]" % f.agent_addr)
    if fl & C.FIELD_SRC_ADDR:
        if fl & C.FIELD_SRCDST_PORT:
            p.append("src [%s]:%u" % (f.src_addr, f.src_port))
        else:
            p.append("src [%s]" % f.src_addr)
    if fl & C.FIELD_DST_ADDR:
        if fl & C.FIELD_SRCDST_PORT:
            p.append("dst [%s]:%u" % (f.dst_addr, f.dst_port))
        else:
            p.append("dst [%s]" % f.dst_addr)
    if fl & C.FIELD_GATEWAY_ADDR:
        p.append("gateway [%s]" % f.gateway_addr)
    if fl & C.FIELD_PACKETS:
        p.append("packets %u" % f.packets)
    if fl & C.FIELD_OCTETS:
        p.append("octets %u" % f.octets)
    if fl & C.FIELD_IF_INDICES:
        p.append("in_if %u out_if %u" % (f.if_ndx_in, f.if_ndx_out))
    if fl & C.FIELD_AGENT_INFO:
        p.append("sys_uptime_ms %s time_sec %s time_nanosec %u "
            "netflow ver %u" % (_ms(f.sys_uptime_ms),
            iso_time(f.agent_sec, utc), f.agent_usec, f.netflow_ver))
    if fl & C.FIELD_FLOW_TIMES:
        p.append("flow_start %s flow_finish %s" % (_ms(f.flow_start),
            _ms(f.flow_finish)))
    if fl & C.FIELD_AS_INFO:
        p.append("src_AS %u src_masklen %u dst_AS %u dst_masklen %u" % (
            f.src_as, f.src_mask, f.dst_as, f.dst_mask))
    if fl & C.FIELD_FLOW_ENGINE_INFO:
        p.append("engine_type %u engine_id %u seq %u source %u" % (
            f.engine_type, f.engine_id, f.flow_sequence, f.source_id))
    if fl & C.FIELD_MINOR1:
        _format_minor1(f, fl, utc, p)
    if fl & C.FIELD_CRC32:
        p.append("crc32 %08x" % f.crc32)
    # flowd-reader ends every group, the last one too, with a space.
    return " ".join(p) + " "


def _format_minor1(f, fl, utc, p):
    if fl & C.FIELD_ABS_TIMES:
        p.append("start_time %s.%09u end_time %s.%09u" % (
            iso_time(f.start_sec, utc), f.start_nsec,
            iso_time(f.end_sec, utc), f.end_nsec))
    if fl & C.FIELD_MAC_ADDRS:
        p.append("src_mac %s dst_mac %s post_src_mac %s post_dst_mac %s" % (
            f.src_mac, f.dst_mac, f.post_src_mac, f.post_dst_mac))
    if fl & C.FIELD_VLANS:
        p.append("src_vlan %u dst_vlan %u" % (f.src_vlan, f.dst_vlan))
    if fl & C.FIELD_FLOW_INFO:
        p.append("ip_version %u direction %u end_reason %u icmp_type %u "
            "icmp_code %u flow_label %u" % (f.ip_version, f.direction,
            f.end_reason, f.icmp_type, f.icmp_code, f.flow_label))
    if fl & C.FIELD_SAMPLING:
        p.append("sampling_interval %u sampling_algorithm %u" % (
            f.sampling_interval, f.sampling_algorithm))
    if fl & C.FIELD_EXPORTER_PORT:
        p.append("exporter_port %u" % f.exporter_port)
    if fl & C.FIELD_REVERSE_COUNTERS:
        p.append("out_packets %u out_octets %u" % (f.out_packets,
            f.out_octets))
