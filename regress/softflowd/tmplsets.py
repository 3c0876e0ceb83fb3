#!/usr/bin/env python3
#
# tmplsets.py: the template and options template records of the NetFlow
# v9 / IPFIX datagrams in a udpsink capture (raw IPv4 + UDP), one line
# per distinct set: "v<version> set <id> <hex of its records>".  The
# records' length comes from their own field counts, so set padding
# (which softflowd leaves out and we add) is not part of the bytes.
#
# usage: tmplsets.py capture.pcap

import struct
import sys


def frames(path):
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 24:
        return
    end = '<' if data[:4] == b'\xd4\xc3\xb2\xa1' else '>'
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack(end + 'I', data[off + 8:off + 12])[0]
        yield data[off + 16:off + 16 + caplen]
        off += 16 + caplen


def records_len(body, setid, ipfix):
    """Bytes of the template records at the start of body."""
    pos = 0
    while pos + 4 <= len(body):
        tid, count = struct.unpack('>HH', body[pos:pos + 4])
        if tid < 256:
            break
        pos += 4
        if setid in (1, 3):
            # v9: scope and option lengths in bytes; IPFIX: field
            # count and scope count (fields listed once).
            if not ipfix:
                nbytes = count + struct.unpack('>H', body[pos:pos + 2])[0]
                pos += 2 + nbytes
                continue
            pos += 2
        for _ in range(count):
            ie = struct.unpack('>H', body[pos:pos + 2])[0]
            pos += 8 if ipfix and ie & 0x8000 else 4
    return pos


def main():
    seen = set()
    for frame in frames(sys.argv[1]):
        ihl = (frame[0] & 0x0f) * 4
        msg = frame[ihl + 8:]
        if len(msg) < 4:
            continue
        version = struct.unpack('>H', msg[:2])[0]
        if version not in (9, 10):
            continue
        ipfix = version == 10
        pos = 16 if ipfix else 20
        while pos + 4 <= len(msg):
            setid, length = struct.unpack('>HH', msg[pos:pos + 4])
            if length < 4:
                break
            body = msg[pos + 4:pos + length]
            if setid in (0, 1, 2, 3):
                line = 'v%d set %d %s' % (
                    version, setid,
                    body[:records_len(body, setid, ipfix)].hex())
                if line not in seen:
                    seen.add(line)
                    print(line)
            pos += length


main()
