"""flowd-reader's text line (flowd.md 4), with 6-digit microseconds.

For every field mask seen, one %-format template and one small generated
function filling it are built once and cached, as the codec does for
records.
"""

import time

from . import constants as C

# A "year" is 52 weeks, as in flowd.
_UNITS = ((52 * 604800, "y"), (604800, "w"), (86400, "d"), (3600, "h"),
    (60, "m"))

# Flows arrive in time order, so a few distinct seconds (receive and
# export times) and uptimes cover long runs of records: cache their text.
_iso_cache = {}
_ms_cache = {}
_CACHE_MAX = 4096


def iso_time(t, utc_flag=0):
    """t (seconds since the epoch) as YYYY-MM-DDTHH:MM:SS, local time
    unless utc_flag."""
    # Local entries carry the zone offset so a tzset() is noticed.
    key = (t, True) if utc_flag else (t, time.timezone, time.altzone)
    s = _iso_cache.get(key)
    if s is None:
        tm = time.gmtime(t) if utc_flag else time.localtime(t)
        s = time.strftime("%Y-%m-%dT%H:%M:%S", tm)
        if len(_iso_cache) >= _CACHE_MAX:
            _iso_cache.clear()
        _iso_cache[key] = s
    return s


def interval_time(t):
    """t seconds as e.g. 1w2d3h4m5s: zero units are left out, seconds
    are always printed."""
    t = int(t)
    out = ""
    for div, sym in _UNITS:
        if t >= div:
            r, t = divmod(t, div)
            out += "%d%s" % (r, sym)
    return "%s%ds" % (out, t)


def interval_time_ms(ms):
    """ms milliseconds as interval_time's text plus .mmm"""
    s = _ms_cache.get(ms)
    if s is None:
        s = "%s.%03d" % (interval_time(ms // 1000), ms % 1000)
        if len(_ms_cache) >= _CACHE_MAX:
            _ms_cache.clear()
        _ms_cache[ms] = s
    return s


# Each group in display order: (mask, template, argument expressions).
# Templates for addresses with ports depend on two bits, handled below.
_GROUPS = (
    (C.FIELD_TAG, "tag %d", ("f.tag",)),
    (C.FIELD_RECV_TIME, "recv_time %s.%06d",
        ("_iso(f.recv_sec, utc)", "f.recv_usec")),
    (C.FIELD_PROTO_FLAGS_TOS, "proto %d tcpflags %02x tos %02x",
        ("f.protocol", "f.tcp_flags", "f.tos")),
    (C.FIELD_AGENT_ADDR, "agent [%s]", ("f.agent_addr",)),
    (C.FIELD_SRC_ADDR, None, "src"),
    (C.FIELD_DST_ADDR, None, "dst"),
    (C.FIELD_GATEWAY_ADDR, "gateway [%s]", ("f.gateway_addr",)),
    (C.FIELD_PACKETS, "packets %d", ("f.packets",)),
    (C.FIELD_OCTETS, "octets %d", ("f.octets",)),
    (C.FIELD_IF_INDICES, "in_if %d out_if %d", ("f.if_ndx_in", "f.if_ndx_out")),
    (C.FIELD_AGENT_INFO, "sys_uptime_ms %s time_sec %s time_nanosec %d "
        "netflow ver %d", ("_ms(f.sys_uptime_ms)", "_iso(f.agent_sec, utc)",
        "f.agent_usec", "f.netflow_ver")),
    (C.FIELD_FLOW_TIMES, "flow_start %s flow_finish %s",
        ("_ms(f.flow_start)", "_ms(f.flow_finish)")),
    (C.FIELD_AS_INFO, "src_AS %d src_masklen %d dst_AS %d dst_masklen %d",
        ("f.src_as", "f.src_mask", "f.dst_as", "f.dst_mask")),
    (C.FIELD_FLOW_ENGINE_INFO, "engine_type %d engine_id %d seq %d "
        "source %d", ("f.engine_type", "f.engine_id", "f.flow_sequence",
        "f.source_id")),
    (C.FIELD_ABS_TIMES, "start_time %s.%09d end_time %s.%09d",
        ("_iso(f.start_sec, utc)", "f.start_nsec", "_iso(f.end_sec, utc)",
        "f.end_nsec")),
    (C.FIELD_MAC_ADDRS, "src_mac %s dst_mac %s post_src_mac %s "
        "post_dst_mac %s", ("f.src_mac", "f.dst_mac", "f.post_src_mac",
        "f.post_dst_mac")),
    (C.FIELD_VLANS, "src_vlan %d dst_vlan %d", ("f.src_vlan", "f.dst_vlan")),
    (C.FIELD_FLOW_INFO, "ip_version %d direction %d end_reason %d "
        "icmp_type %d icmp_code %d flow_label %d", ("f.ip_version",
        "f.direction", "f.end_reason", "f.icmp_type", "f.icmp_code",
        "f.flow_label")),
    (C.FIELD_SAMPLING, "sampling_interval %d sampling_algorithm %d",
        ("f.sampling_interval", "f.sampling_algorithm")),
    (C.FIELD_EXPORTER_PORT, "exporter_port %d", ("f.exporter_port",)),
    (C.FIELD_REVERSE_COUNTERS, "out_packets %d out_octets %d",
        ("f.out_packets", "f.out_octets")),
    # An address not reported prints as flowd-reader prints it.
    (C.FIELD_NAT, "nat_src [%s]:%d nat_dst [%s]:%d",
        ("f.nat_src_addr or '0.0.0.0'", "f.nat_src_port",
         "f.nat_dst_addr or '0.0.0.0'", "f.nat_dst_port")),
    (C.FIELD_CRC32, "crc32 %08x", ("f.crc32",)),
)

_fmt_cache = {}


def _compile(fl):
    # flowd-reader ends every group, the last one too, with a space.
    tmpl = "FLOW "
    args = []
    for bit, t, a in _GROUPS:
        if not fl & bit:
            continue
        if t is None:
            t = "%s [%%s]" % a
            a2 = ["f.%s_addr" % a]
            if fl & C.FIELD_SRCDST_PORT:
                t += ":%d"
                a2.append("f.%s_port" % a)
            a = a2
        tmpl += t + " "
        args.extend(a)
    src = "def _fmt(f, utc):\n return _T %% (%s%s)\n" % (", ".join(args),
        "," if len(args) == 1 else "")
    env = {"_T": tmpl, "_iso": iso_time, "_ms": interval_time_ms}
    exec(src, env)
    fn = _fmt_cache[fl] = env["_fmt"]
    return fn


def format_flow(f, utc=0, mask=C.DISPLAY_BRIEF, fields=None):
    """The line flowd-reader prints for flow f (without the newline,
    with its trailing space), showing only the groups in mask.  fields
    overrides f.fields (already re-derived)."""
    if fields is None:
        fields = f.fields
    fl = fields & mask
    fn = _fmt_cache.get(fl)
    if fn is None:
        fn = _compile(fl)
    return fn(f, utc)
