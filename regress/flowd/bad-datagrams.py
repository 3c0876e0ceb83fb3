#!/usr/bin/env python3
# bad-datagrams.py HOST PORT: send one datagram of each reject class
# flowd counts (see nf_decode.h), from one socket.
import socket
import struct
import sys


def v5hdr(count):
    return struct.pack(">HHIIIIBBH", 5, count, 1000, 1700000000, 0, 0,
                       0, 0, 0)


def v9hdr(count, srcid):
    return struct.pack(">HHIIII", 9, count, 1000, 1700000000, 1, srcid)


def ipfix(domain, sets):
    body = b"".join(sets)
    return struct.pack(">HHIII", 10, 16 + len(body), 1700000000, 1,
                       domain) + body


def fset(setid, body):
    return struct.pack(">HH", setid, 4 + len(body)) + body


bad = [
    # short datagram: less than a v5 header
    b"\x00\x05\x00\x01",
    # unsupported version
    struct.pack(">HH", 3, 1) + bytes(20),
    # length disagrees with header: count 1 but 10 bytes of record
    v5hdr(1) + bytes(10),
    # bad record count: 0
    v5hdr(0),
    # bad set length: a set header saying 2 bytes
    v9hdr(1, 1) + struct.pack(">HH", 0, 2),
    # malformed template: 5 fields announced, none there
    v9hdr(1, 2) + fset(0, struct.pack(">HH", 256, 5)),
    # template too long: one 5000-byte field
    v9hdr(1, 3) + fset(0, struct.pack(">HHHH", 257, 1, 1, 5000)),
    # no template for data: data set 300 never described
    v9hdr(1, 4) + fset(300, bytes(8)),
    # record overruns its set: variable-length field says 200 bytes
    ipfix(5, [fset(2, struct.pack(">HHHH", 258, 1, 82, 65535)),
              fset(258, struct.pack(">B", 200) + bytes(3))]),
]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for d in bad:
    s.sendto(d, (sys.argv[1], int(sys.argv[2])))
