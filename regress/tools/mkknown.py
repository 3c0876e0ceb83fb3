#!/usr/bin/env python3
"""Write the five known flows t_tools checks flowd-stats and flowd-sqlite
against (with the Python writer): mkknown.py LOG"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "python"))

import flowd  # noqa: E402

BASE = (flowd.FIELD_TAG | flowd.FIELD_RECV_TIME | flowd.FIELD_PROTO_FLAGS_TOS |
    flowd.FIELD_AGENT_INFO | flowd.FIELD_CRC32)
KNOWN = [
    # src, dst, proto, sport, dport, packets, octets, agent
    ("10.0.0.1", "10.0.0.2", 6, 1234, 80, 10, 1000, "192.0.2.1"),
    ("10.0.0.1", "10.0.0.3", 6, 1235, 443, 20, 5000, "192.0.2.1"),
    ("10.0.0.4", "10.0.0.2", 17, 53, 53, 1, 100, "192.0.2.2"),
    ("2001:db8::1", "2001:db8::2", 6, 40000, 80, 5, 7000, "192.0.2.2"),
    ("10.0.0.1", "10.0.0.2", 1, None, None, 3, 300, "192.0.2.1"),
]

with flowd.FlowLog(sys.argv[1], "w") as log:
    for i, (s, d, p, sp, dp, pk, oc, ag) in enumerate(KNOWN):
        f = flowd.Flow(fields=BASE, tag=i, recv_sec=1700000000 + i,
            recv_usec=i, protocol=p, src_addr=s, dst_addr=d, packets=pk,
            octets=oc, agent_addr=ag, agent_sec=1700000000 + i - 2 * i,
            sys_uptime_ms=1000, netflow_ver=9)
        if sp is not None:
            f.fields |= flowd.FIELD_SRCDST_PORT
            f.src_port = sp
            f.dst_port = dp
        if i == 1:
            # Source NAT only: the destination side is not reported.
            f.fields |= flowd.FIELD_NAT
            f.nat_src_addr = "198.51.100.7"
            f.nat_src_port = 61000
            f.nat_dst_port = dp
        log.write_flow(f)
