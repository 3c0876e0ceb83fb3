#!/usr/bin/env python3
# logsock-consumer.py PATH COUNT: bind the UNIX datagram socket PATH,
# receive COUNT datagrams (30 s at most), check that each is exactly one
# store v3 record (8-byte header: version 0x60/0x61, length in words,
# reserved 0, field mask) and write them, concatenated, to got.log.
import socket
import struct
import sys

path, want = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(30)
n = 0
with open("got.log", "wb") as out:
    while n < want:
        try:
            d = s.recv(65536)
        except socket.timeout:
            print("timeout after %d records" % n)
            sys.exit(1)
        if len(d) < 8:
            print("datagram %d: %d bytes, shorter than a header" % (n, len(d)))
            sys.exit(1)
        ver, words, rsvd, fields = struct.unpack(">BBHI", d[:8])
        if ver not in (0x60, 0x61) or rsvd != 0 or fields == 0:
            print("datagram %d: bad header %s" % (n, d[:8].hex()))
            sys.exit(1)
        if len(d) != 8 + 4 * words:
            print("datagram %d: %d bytes, header says %d" %
                  (n, len(d), 8 + 4 * words))
            sys.exit(1)
        out.write(d)
        n += 1
print("received %d records" % n)
