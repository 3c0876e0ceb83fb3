"""Golden records, CRC vectors and the versioning rules."""

import os
import struct
import unittest

from sample import flowd, h, crc_bitwise, V5_ALL, V5_ALL_HDR, \
    V5_ALL_VALUES, v5_flow, v6_flow, minor1_flow

from flowd.crc import crc32, crc32_table


def rec(version, fields, body, crc=False):
    """A record assembled by hand: header, body, optional CRC."""
    n = len(body) + (4 if crc else 0)
    r = struct.pack(">BBHI", version, n // 4, 0, fields) + body
    if crc:
        r += crc_bitwise(r).to_bytes(4, "big")
    return r


class TestCRC(unittest.TestCase):

    def test_vectors(self):
        # Init 0, no final xor: not zlib's value (0xcbf43926).
        self.assertEqual(crc_bitwise(b"123456789"), 0x2dfd2d88)
        self.assertEqual(crc32(b"123456789"), 0x2dfd2d88)
        self.assertEqual(crc32_table(b"123456789"), 0x2dfd2d88)
        self.assertEqual(crc32(b""), 0)
        self.assertEqual(crc32(b"\0\0\0\0"), 0)

    def test_table_matches_fast_path(self):
        for n in range(0, 300, 7):
            d = os.urandom(n)
            self.assertEqual(crc32(d), crc_bitwise(d))
            self.assertEqual(crc32(d, 0x12345678),
                crc_bitwise(d, 0x12345678))
            self.assertEqual(crc32_table(d), crc_bitwise(d))


class TestGolden(unittest.TestCase):

    def test_v5_all(self):
        self.assertEqual(len(V5_ALL), 116)
        self.assertEqual(V5_ALL[:8], h("601b000040 07faae"))
        f = flowd.Flow(blob=V5_ALL)
        for k, v in V5_ALL_VALUES.items():
            self.assertEqual(getattr(f, k), v, k)
        self.assertEqual(f.flow_ver, 0x60)
        self.assertEqual(f.crc32, int.from_bytes(V5_ALL[-4:], "big"))
        self.assertEqual(f.src_addr_af, flowd.codec.AF_INET)
        self.assertEqual(f.tag, 0)
        self.assertFalse(f.has_field(flowd.FIELD_TAG))
        self.assertTrue(f.has_field(flowd.FIELD_SRCDST_PORT |
            flowd.FIELD_CRC32))
        self.assertEqual(f.serialise(), V5_ALL)

    def test_build_v5_all(self):
        # The same record from attributes alone.
        f = flowd.Flow(**V5_ALL_VALUES)
        f.fields |= flowd.FIELD_CRC32
        self.assertEqual(f.serialise(), V5_ALL)

    def test_every_bit_alone(self):
        # One hand-written body per 3.0 field bit.
        cases = [
            (flowd.FIELD_TAG, h("deadbeef"), dict(tag=0xdeadbeef)),
            (flowd.FIELD_RECV_TIME, h("00000001 000f423f"),
                dict(recv_sec=1, recv_usec=999999)),
            (flowd.FIELD_PROTO_FLAGS_TOS, h("3f 11 fc 00"),
                dict(tcp_flags=0x3f, protocol=17, tos=0xfc)),
            (flowd.FIELD_AGENT_ADDR4, h("7f000001"),
                dict(agent_addr="127.0.0.1")),
            (flowd.FIELD_AGENT_ADDR6, h("20010db8" + "00" * 11 + "01"),
                dict(agent_addr="2001:db8::1")),
            (flowd.FIELD_SRC_ADDR4, h("01020304"), dict(src_addr="1.2.3.4")),
            (flowd.FIELD_SRC_ADDR6, h("fe80" + "00" * 13 + "02"),
                dict(src_addr="fe80::2")),
            (flowd.FIELD_DST_ADDR4, h("ffffffff"),
                dict(dst_addr="255.255.255.255")),
            (flowd.FIELD_DST_ADDR6, h("00" * 10 + "ffff" + "0a000001"),
                dict(dst_addr="::ffff:10.0.0.1")),
            (flowd.FIELD_GATEWAY_ADDR4, h("00000000"),
                dict(gateway_addr="0.0.0.0")),
            (flowd.FIELD_GATEWAY_ADDR6, h("00" * 16),
                dict(gateway_addr="::")),
            (flowd.FIELD_SRCDST_PORT, h("ffff 0001"),
                dict(src_port=65535, dst_port=1)),
            (flowd.FIELD_PACKETS, h("ffffffffffffffff"),
                dict(packets=2 ** 64 - 1)),
            (flowd.FIELD_OCTETS, h("0000000100000002"),
                dict(octets=2 ** 32 + 2)),
            (flowd.FIELD_IF_INDICES, h("00010000 ffffffff"),
                dict(if_ndx_in=65536, if_ndx_out=2 ** 32 - 1)),
            (flowd.FIELD_AGENT_INFO, h("00000005 00000006 00000007 0009 0000"),
                dict(sys_uptime_ms=5, agent_sec=6, agent_usec=7,
                    netflow_ver=9)),
            (flowd.FIELD_FLOW_TIMES, h("00000001 00000002"),
                dict(flow_start=1, flow_finish=2)),
            (flowd.FIELD_AS_INFO, h("fa56ea00 00000001 20 80 0000"),
                dict(src_as=4200000000, dst_as=1, src_mask=32,
                    dst_mask=128)),
            # Engine fields are big-endian u16 (flowd's LE shift bug fixed).
            (flowd.FIELD_FLOW_ENGINE_INFO, h("0102 0304 00000005 00000006"),
                dict(engine_type=0x102, engine_id=0x304, flow_sequence=5,
                    source_id=6)),
        ]
        for bit, body, values in cases:
            for crc in (False, True):
                fields = bit | (flowd.FIELD_CRC32 if crc else 0)
                r = rec(0x60, fields, body, crc)
                f = flowd.Flow(blob=r)
                self.assertEqual(f.fields, fields)
                for k, v in values.items():
                    self.assertEqual(getattr(f, k), v, (hex(bit), k))
                self.assertEqual(f.serialise(), r, hex(bit))
                g = flowd.Flow(fields=fields, **values)
                self.assertEqual(g.serialise(), r, hex(bit))

    def test_minor1_bits(self):
        # Layouts of the store 3.1 groups (man/flowd.log.5).
        cases = [
            (flowd.FIELD_ABS_TIMES, h("5f5e1000 075bcd15 5f5e1009 3b9ac9ff"),
                dict(start_sec=1600000000, start_nsec=123456789,
                    end_sec=1600000009, end_nsec=999999999)),
            (flowd.FIELD_MAC_ADDRS,
                h("001122334455 66778899aabb 020000000001 020000000002"),
                dict(src_mac="00:11:22:33:44:55", dst_mac="66:77:88:99:aa:bb",
                    post_src_mac="02:00:00:00:00:01",
                    post_dst_mac="02:00:00:00:00:02")),
            (flowd.FIELD_VLANS, h("0064 0fff"),
                dict(src_vlan=100, dst_vlan=4095)),
            (flowd.FIELD_FLOW_INFO, h("06 01 03 00 80 00 0000 000fffff"),
                dict(ip_version=6, direction=1, end_reason=3,
                    icmp_type=128, icmp_code=0, flow_label=0xfffff)),
            (flowd.FIELD_SAMPLING, h("000003e8 0002 0000"),
                dict(sampling_interval=1000, sampling_algorithm=2)),
            (flowd.FIELD_EXPORTER_PORT, h("0807 0000"),
                dict(exporter_port=2055)),
            (flowd.FIELD_REVERSE_COUNTERS,
                h("0000010000000000 8000000000000005"),
                dict(out_packets=2 ** 40, out_octets=2 ** 63 + 5)),
            # NAT: each address with its own IP version, IPv4 in the
            # first 4 of 16 bytes, 0 for a side not reported.
            (flowd.FIELD_NAT, h("04 06 0000 cb007109 " + "00" * 12 +
                "20010db8000000000000000000000005 f3f4 f5f6"),
                dict(nat_src_addr="203.0.113.9", nat_src_addr_af=flowd.codec.AF_INET,
                    nat_dst_addr="2001:db8::5", nat_dst_addr_af=flowd.codec.AF_INET6,
                    nat_src_port=0xf3f4, nat_dst_port=0xf5f6)),
            (flowd.FIELD_NAT, h("06 00 0000 "
                "20010db8000000000000000000000006 " + "00" * 16 +
                "0001 0002"),
                dict(nat_src_addr="2001:db8::6", nat_dst_addr=None,
                    nat_dst_addr_af=0, nat_src_port=1, nat_dst_port=2)),
        ]
        for bit, body, values in cases:
            fields = bit | flowd.FIELD_CRC32
            r = rec(0x61, fields, body, True)
            f = flowd.Flow(blob=r)
            for k, v in values.items():
                self.assertEqual(getattr(f, k), v, (hex(bit), k))
            self.assertEqual(f.serialise(), r, hex(bit))

    def test_sizes(self):
        # Tag, v6 src/dst/gateway, v4 agent, every other 3.0 group, CRC.
        self.assertEqual(len(v6_flow().serialise()), 8 + 4 + 8 + 4 + 4 +
            3 * 16 + 4 + 8 + 8 + 8 + 16 + 8 + 12 + 12 + 4)
        g = flowd.Flow(src_addr="10.0.0.1", dst_addr="10.0.0.2",
            fields=flowd.FIELD_CRC32)
        self.assertEqual(len(g.serialise()), 20)
        # A v9 flow with ALL but no CRC: 112 bytes.
        self.assertEqual(len(flowd.Flow(blob=V5_ALL).serialise(
            flowd.FIELD_ALL & ~flowd.FIELD_CRC32)), 112)

    def test_version_byte(self):
        self.assertEqual(v5_flow().serialise()[0], 0x60)
        self.assertEqual(minor1_flow().serialise()[0], 0x61)
        self.assertEqual(minor1_flow().serialise(flowd.FIELD_ALL_V30)[0],
            0x60)

    def test_nat_versions(self):
        body = h("04 00 0000 cb007109 " + "00" * 28 + "0001 0002")
        f = flowd.Flow(blob=rec(0x61, flowd.FIELD_NAT, body))
        self.assertEqual(f.nat_src_addr, "203.0.113.9")
        self.assertIsNone(f.nat_dst_addr)
        # A side set by attribute alone gets its family from the text.
        g = flowd.Flow(fields=flowd.FIELD_NAT, nat_src_addr="203.0.113.9",
            nat_src_port=1, nat_dst_port=2)
        self.assertEqual(g.serialise(), rec(0x61, flowd.FIELD_NAT, body))
        self.assertEqual(f, g)
        for ver in (1, 5, 0x46):
            bad = bytearray(body)
            bad[1] = ver
            with self.assertRaisesRegex(flowd.FlowdError, "IP version") \
                    as cm:
                flowd.Flow(blob=rec(0x61, flowd.FIELD_NAT, bytes(bad)))
            self.assertEqual(cm.exception.code,
                flowd.errors.STORE_ERR_FLOW_INVALID)
        # Pad bytes are ignored.
        pad = bytearray(body)
        pad[2] = 0xff
        self.assertEqual(flowd.Flow(blob=rec(0x61, flowd.FIELD_NAT,
            bytes(pad))), f)

    def test_both_families_refused(self):
        r = rec(0x60, flowd.FIELD_SRC_ADDR4 | flowd.FIELD_SRC_ADDR6,
            h("01020304" + "00" * 16))
        with self.assertRaises(flowd.FlowdError):
            flowd.Flow(blob=r)


class TestVersioning(unittest.TestCase):

    def test_bad_major(self):
        r = bytearray(V5_ALL)
        r[0] = 0x40
        with self.assertRaisesRegex(flowd.FlowdError, "Unsupported"):
            flowd.Flow(blob=bytes(r))

    def test_minor0_unknown_bits(self):
        for bit in (flowd.FIELD_VLANS, 1 << 27, flowd.FIELD_RESERVED):
            r = rec(0x60, flowd.FIELD_TAG | bit, h("00000001 00000000"))
            with self.assertRaisesRegex(flowd.FlowdError,
                    "unknown|reserved"):
                flowd.Flow(blob=r)

    def test_reserved_bit_always_refused(self):
        r = rec(0x61, flowd.FIELD_TAG | flowd.FIELD_RESERVED,
            h("00000001 00000000"))
        with self.assertRaisesRegex(flowd.FlowdError, "reserved") as cm:
            flowd.Flow(blob=r)
        self.assertEqual(cm.exception.code,
            flowd.errors.STORE_ERR_UNKNOWN_FIELDS)

    def test_unknown_layout_rules(self):
        # Every known field (0-26) sits below any unknown one (27-29),
        # so they decode and the unknown bytes are skipped.
        r = rec(0x62, flowd.FIELD_VLANS |
            flowd.FIELD_TAG | flowd.FIELD_REVERSE_COUNTERS | (1 << 27),
            h("00000001 00000000 " + "00" * 16 + "00000000"))
        self.assertEqual(flowd.Flow(blob=r).tag, 1)
        # An unknown field takes at least 4 bytes each.
        r = rec(0x62, flowd.FIELD_TAG | (1 << 27) | (1 << 28),
            h("00000001 00000000"))
        with self.assertRaisesRegex(flowd.FlowdError, "length") as cm:
            flowd.Flow(blob=r)
        self.assertEqual(cm.exception.code, flowd.errors.STORE_ERR_LENGTH)

    def test_newer_minor_unknown_skipped(self):
        # A 3.2 record: tag, a field this reader does not know (bit 27,
        # 12 bytes), then the CRC over all of it.
        body = h("0000002a", "aabbccdd 11223344 55667788")
        fields = flowd.FIELD_TAG | (1 << 27) | flowd.FIELD_CRC32
        r = rec(0x62, fields, body, True)
        f = flowd.Flow(blob=r)
        self.assertEqual(f.tag, 42)
        self.assertEqual(f.fields, fields)
        # Re-serialised it drops what it cannot know, and is 3.0 again.
        self.assertEqual(f.serialise(), rec(0x60, flowd.FIELD_TAG |
            flowd.FIELD_CRC32, h("0000002a"), True))
        # Without a CRC too.
        r = rec(0x63, flowd.FIELD_TAG | (1 << 29), body)
        self.assertEqual(flowd.Flow(blob=r).tag, 42)
        # A corrupted unknown field is still caught by the CRC.
        r = bytearray(rec(0x62, fields, body, True))
        r[14] ^= 1
        with self.assertRaisesRegex(flowd.FlowdError, "checksum"):
            flowd.Flow(blob=bytes(r))

    def test_len_words_validated(self):
        good = rec(0x60, flowd.FIELD_TAG, h("00000001"))
        for n in (0, 2, 255):
            r = bytearray(good)
            r[1] = n
            r = bytes(r) + b"\0" * (n * 4 - 4 if n > 1 else 0)
            with self.assertRaisesRegex(flowd.FlowdError, "length"):
                flowd.Flow(blob=r[:8 + n * 4])
        # With unknown fields the body may be longer, never shorter.
        r = rec(0x61, flowd.FIELD_TAG | (1 << 28) | flowd.FIELD_OCTETS,
            h("00000001"))
        with self.assertRaisesRegex(flowd.FlowdError, "length"):
            flowd.Flow(blob=r)

    def test_crc_mismatch(self):
        for i in range(8, 112):
            r = bytearray(V5_ALL)
            r[i] ^= 0x80
            with self.assertRaises(flowd.FlowdError):
                flowd.Flow(blob=bytes(r))

    def test_serialise_errors(self):
        f = flowd.Flow(fields=flowd.FIELD_TAG, tag=2 ** 32)
        with self.assertRaises(flowd.FlowdError):
            f.serialise()
        f = flowd.Flow(src_addr="10.0.0.300")
        with self.assertRaises(flowd.FlowdError):
            f.serialise()
        f = flowd.Flow(fields=flowd.FIELD_MAC_ADDRS, src_mac="00:11")
        with self.assertRaises(flowd.FlowdError):
            f.serialise()


class TestConstants(unittest.TestCase):

    def test_values(self):
        self.assertEqual(flowd.FIELD_ALL_V30, 0x4007FFFF)
        self.assertEqual(flowd.FIELD_ALL, 0x47FFFFFF)
        self.assertEqual(flowd.DISPLAY_ALL, flowd.FIELD_ALL)
        self.assertEqual(flowd.DISPLAY_BRIEF, 0x39FF)
        self.assertEqual(flowd.FIELD_SRCDST_ADDR, 0x1E0)
        self.assertEqual(flowd.FIELD_GATEWAY_ADDR, 0x600)
        self.assertEqual(flowd.FIELD_AGENT_ADDR, 0x18)
        self.assertEqual(flowd.FIELD_RESERVED, 0x80000000)
        self.assertEqual((flowd.STORE_VER_MAJOR, flowd.STORE_VER_MINOR,
            flowd.STORE_VERSION), (3, 1, 0x61))
        self.assertTrue(flowd.__version__)
        # Every bit of 0-26 and 30 has a name, and they are distinct.
        bits = [v for k, v in vars(flowd).items() if k.startswith("FIELD_")
            and bin(v).count("1") == 1 and k != "FIELD_RESERVED"]
        self.assertEqual(sorted(bits), [1 << b for b in
            list(range(27)) + [30]])

    def test_has_field(self):
        f = flowd.Flow(blob=V5_ALL)
        self.assertTrue(f.has_field(flowd.FIELD_SRC_ADDR4))
        self.assertFalse(f.has_field(flowd.FIELD_SRC_ADDR))
        self.assertFalse(f.has_field(flowd.FIELD_TAG | flowd.FIELD_CRC32))
        f.src_addr = None
        self.assertFalse(f.has_field(flowd.FIELD_SRC_ADDR4))
        self.assertTrue(f.has_field(0))
        f.data["note"] = 1
        self.assertEqual(f.data, {"note": 1})
        self.assertEqual(flowd.Flow().data, {})


class TestRoundTrip(unittest.TestCase):

    def test_round_trip(self):
        for mk in (v5_flow, v6_flow, minor1_flow):
            for i in (0, 1, 99, 65537):
                f = mk(i)
                r = f.serialise()
                g = flowd.Flow(blob=r)
                self.assertEqual(f, g)
                self.assertEqual(g.serialise(), r)

    def test_mask(self):
        f = v5_flow(3)
        r = f.serialise(flowd.FIELD_SRCDST_ADDR | flowd.FIELD_TAG)
        g = flowd.Flow(blob=r)
        self.assertEqual(g.fields, flowd.FIELD_SRC_ADDR4 |
            flowd.FIELD_DST_ADDR4 | flowd.FIELD_TAG)
        self.assertIsNone(g.packets)
        self.assertIsNone(g.agent_addr)
        self.assertEqual(g.src_addr, f.src_addr)

    def test_presence_derived(self):
        f = flowd.Flow(fields=flowd.FIELD_SRC_ADDR6 | flowd.FIELD_PACKETS)
        # No address and no packets set: those bits are dropped.
        self.assertEqual(f.serialise(), rec(0x60, 0, b""))
        f.src_addr = "10.1.1.1"
        f.octets = 0
        self.assertEqual(f.serialise(), rec(0x60, flowd.FIELD_SRC_ADDR4 |
            flowd.FIELD_OCTETS, h("0a010101 0000000000000000")))


if __name__ == "__main__":
    unittest.main()
