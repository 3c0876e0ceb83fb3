#!/usr/bin/env python3
"""Cross-language helper, Python side.

    xl.py write LOG N [crc]
			write N varied flows (every field group, both
			families, with and without CRC, 3.0 and 3.1); with
			"crc" every record has a CRC
    xl.py dump LOG	one canonical line per flow: name=value, sorted,
			names as in flowd-reader -j
    xl.py text LOG	flowd-reader -vU's line per flow
    xl.py json		canonical lines from flowd-reader -j on stdin
    xl.py same A B	exit 0 if the two logs hold equal flows
    xl.py copy A B	read A and write every flow to B
    xl.py check LOG	"ok N", or "error OFFSET" at the first bad record
    xl.py resync LOG	"N SKIPPED": flows read and bytes skipped with resync
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "python"))

import flowd  # noqa: E402

CANON = {"protocol": "proto", "agent_addr": "agent", "src_addr": "src",
    "dst_addr": "dst", "gateway_addr": "gateway", "if_ndx_in": "in_if",
    "if_ndx_out": "out_if", "agent_sec": "export_sec",
    "agent_usec": "export_nsec", "netflow_ver": "netflow_version",
    "nat_src_addr": "nat_src", "nat_dst_addr": "nat_dst"}
SKIP = ("fields", "flow_ver", "agent_addr_af", "src_addr_af", "dst_addr_af",
    "gateway_addr_af", "nat_src_addr_af", "nat_dst_addr_af")
# A NAT address not reported: flowd-reader -j prints it so.
NAT_NONE = "0.0.0.0"


def flow(i):
    F = flowd
    f = flowd.Flow()
    f.fields = F.FIELD_ALL_V30 if i % 4 else F.FIELD_ALL
    if i % 5 == 0:
        f.fields &= ~F.FIELD_CRC32
    if i % 7 == 0:
        f.fields &= F.DISPLAY_BRIEF
    f.tag = i * 3
    f.recv_sec = 1700000000 + i
    f.recv_usec = (i * 104729) % 1000000
    f.tcp_flags = i & 0x3f
    f.protocol = (6, 17, 1, 58)[i % 4]
    f.tos = (i * 4) & 0xff
    f.agent_addr = "192.0.2.%d" % (i % 254 + 1) if i % 3 else "2001:db8::a"
    if i % 2:
        f.src_addr = "2001:db8:%x::%x" % (i & 0xffff, (i * 7) & 0xffff)
        f.dst_addr = "fe80::%x" % ((i + 1) & 0xffff)
        f.gateway_addr = "::ffff:10.0.0.%d" % (i % 256)
    else:
        f.src_addr = "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)
        f.dst_addr = "172.16.%d.%d" % (i % 16, i % 200)
        f.gateway_addr = "0.0.0.0"
    f.src_port = (i * 37) & 0xffff
    f.dst_port = (80, 443, 53, 65535)[i % 4]
    f.packets = i * 1000003
    f.octets = i * (2 ** 33 + 1)
    f.if_ndx_in = i
    f.if_ndx_out = 0xffffffff - i
    f.sys_uptime_ms = 1000000 + i * 123457
    f.agent_sec = 1700000000 + i
    f.agent_usec = i * 999
    f.netflow_ver = (5, 9, 10, 1)[i % 4]
    f.flow_start = i * 1000
    f.flow_finish = i * 1001 + 999
    f.src_as = 4200000000 + i
    f.dst_as = i
    f.src_mask = i % 33
    f.dst_mask = i % 129
    f.engine_type = i & 0xffff
    f.engine_id = (i * 3) & 0xffff
    f.flow_sequence = i * 65537
    f.source_id = 0xffffffff - i
    f.start_sec = 1700000000 + i
    f.start_nsec = (i * 7) % 1000000000
    f.end_sec = 1700000001 + i
    f.end_nsec = 999999999 - i
    f.src_mac = "00:11:22:33:44:%02x" % (i & 255)
    f.dst_mac = "66:77:88:99:aa:%02x" % (i & 255)
    f.post_src_mac = "02:00:00:00:00:01"
    f.post_dst_mac = "02:00:00:00:%02x:02" % (i & 255)
    f.src_vlan = i % 4096
    f.dst_vlan = 4095
    f.ip_version = 6 if i % 2 else 4
    f.direction = i % 2
    f.end_reason = i % 6
    f.icmp_type = i & 255
    f.icmp_code = (i * 3) & 255
    f.flow_label = i & 0xfffff
    f.sampling_interval = i * 10
    f.sampling_algorithm = i % 3
    f.exporter_port = 2055 + i
    f.out_packets = i * 11
    f.out_octets = 2 ** 64 - 1 - i
    # NAT44, NAT64 with one side unreported, NAT66.
    if i % 3 == 0:
        f.nat_src_addr = "198.51.100.%d" % (i % 255 + 1)
        f.nat_dst_addr = "203.0.113.%d" % (i % 100)
    elif i % 3 == 1:
        f.nat_src_addr = "192.0.2.%d" % (i % 256)
        f.nat_dst_addr = None
    else:
        f.nat_src_addr = "2001:db8:ff::%x" % i
        f.nat_dst_addr = "64:ff9b::%x" % (i * 3)
    f.nat_src_port = (i * 7919) & 0xffff
    f.nat_dst_port = 65535 - (i & 0xff)
    return f


def canon(f):
    d = f.as_dict()
    out = []
    for k, v in d.items():
        if k in SKIP:
            continue
        if k == "crc32":
            v = "%08x" % v
        elif k in ("nat_src_addr", "nat_dst_addr") and v is None:
            v = NAT_NONE
        out.append("%s=%s" % (CANON.get(k, k), v))
    return " ".join(sorted(out))


def main(argv):
    cmd = argv[1]
    if cmd == "write":
        with flowd.FlowLog(argv[2], "w") as log:
            for i in range(int(argv[3])):
                f = flow(i)
                if argv[4:] == ["crc"]:
                    f.fields |= flowd.FIELD_CRC32
                log.write_flow(f)
    elif cmd == "dump":
        for f in flowd.FlowLog(argv[2]):
            print(canon(f))
    elif cmd == "text":
        for f in flowd.FlowLog(argv[2]):
            print(f.format(1, flowd.DISPLAY_ALL))
    elif cmd == "json":
        for line in sys.stdin:
            d = json.loads(line)
            print(" ".join(sorted("%s=%s" % (k, v) for k, v in d.items())))
    elif cmd == "same":
        a = list(flowd.FlowLog(argv[2]))
        b = list(flowd.FlowLog(argv[3]))
        return 0 if a == b else 1
    elif cmd == "copy":
        with flowd.FlowLog(argv[3], "w") as out:
            for f in flowd.FlowLog(argv[2]):
                out.write_flow(f)
    elif cmd == "check":
        n = 0
        try:
            for _f in flowd.FlowLog(argv[2]):
                n += 1
        except flowd.FlowdError as e:
            print("error %d" % e.offset)
        else:
            print("ok %d" % n)
    elif cmd == "resync":
        with flowd.FlowLog(argv[2], resync=True) as log:
            n = sum(1 for _f in log)
            print("%d %d" % (n, log.skipped))
    else:
        sys.exit("unknown command %s" % cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
