"""FlowLog: files, streams, truncation, corruption, resync, follow,
append, rollback and legacy v2 logs."""

import io
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from sample import flowd, h, crc_bitwise, V5_ALL, v5_flow, v6_flow, \
    minor1_flow

HERE = os.path.dirname(os.path.abspath(__file__))


def flows(n):
    mk = (v5_flow, v6_flow, minor1_flow)
    return [mk[i % 3](i) for i in range(n)]


class Base(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="flowlog")
        self.path = os.path.join(self.dir, "flows.log")

    def tearDown(self):
        for n in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, n))
        os.rmdir(self.dir)

    def write(self, fl, mode="wb", mask=flowd.DISPLAY_ALL):
        with flowd.FlowLog(self.path, mode) as log:
            for f in fl:
                log.write_flow(f, mask)

    def read(self, **kw):
        with flowd.FlowLog(self.path, **kw) as log:
            return list(log)


class TestReadWrite(Base):

    def test_round_trip(self):
        fl = flows(3000)
        self.write(fl)
        self.assertEqual(os.stat(self.path).st_mode & 0o777, 0o600)
        got = self.read()
        self.assertEqual(got, fl)
        # read_flow gives the same, then None.
        log = flowd.FlowLog(self.path)
        for f in fl:
            self.assertEqual(log.read_flow(), f)
        self.assertIsNone(log.read_flow())
        self.assertIsNone(log.read_flow())
        self.assertEqual(log.truncated, 0)
        log.close()

    def test_bytes_exact(self):
        with flowd.FlowLog(self.path, "w") as log:
            log.write_flow(flowd.Flow(blob=V5_ALL))
            log.write_record(V5_ALL)
        with open(self.path, "rb") as f:
            self.assertEqual(f.read(), V5_ALL * 2)

    def test_write_truncates_append_appends(self):
        self.write(flows(10))
        self.write(flows(3))
        self.assertEqual(len(self.read()), 3)
        self.write(flows(4), "ab")
        self.assertEqual(self.read(), flows(3) + flows(4))

    def test_mixed_iteration(self):
        self.write(flows(10))
        log = flowd.FlowLog(self.path)
        it = iter(log)
        first = [next(it), next(it)]
        self.assertEqual(log.read_flow(), flows(3)[2])
        rest = list(log)
        log.close()
        self.assertEqual(first + [flows(3)[2]] + rest, flows(10))

    def test_fromfile(self):
        self.write(flows(20))
        with open(self.path, "rb") as fp:
            data = fp.read()
        self.assertEqual(list(flowd.FlowLog_fromfile(io.BytesIO(data))),
            flows(20))
        out = io.BytesIO()
        log = flowd.FlowLog_fromfile(out, "wb")
        for f in flows(20):
            log.write_flow(f)
        log.flush()
        self.assertEqual(out.getvalue(), data)
        # A pipe delivering a byte at a time.
        r, w = os.pipe()
        t = threading.Thread(target=self._trickle, args=(w, data))
        t.start()
        with os.fdopen(r, "rb", buffering=0) as fp:
            self.assertEqual(list(flowd.FlowLog_fromfile(fp)), flows(20))
        t.join()

    @staticmethod
    def _trickle(fd, data):
        for i in range(0, len(data), 37):
            os.write(fd, data[i:i + 37])
        os.close(fd)

    def test_write_mask(self):
        self.write(flows(5), mask=flowd.FIELD_SRCDST_ADDR | flowd.FIELD_CRC32)
        for f in self.read():
            self.assertEqual(f.fields & ~flowd.FIELD_SRCDST_ADDR,
                flowd.FIELD_CRC32)

    def test_read_only(self):
        self.write(flows(1))
        with flowd.FlowLog(self.path) as log:
            with self.assertRaises(flowd.FlowdError):
                log.write_flow(flows(1)[0])


class TestDamage(Base):

    def test_partial_trailing(self):
        self.write(flows(10))
        with open(self.path, "rb") as f:
            data = f.read()
        full = len(data)
        for cut in (1, 4, 7, 8, 9, 50, 115):
            with open(self.path, "wb") as f:
                f.write(data[:full - cut])
            got = self.read()
            self.assertEqual(got, flows(9), cut)
            log = flowd.FlowLog(self.path)
            n = 0
            while log.read_flow() is not None:
                n += 1
            self.assertEqual(n, 9)
            self.assertGreater(log.truncated, 0)
            log.close()

    def test_corrupt_offset(self):
        self.write([flowd.Flow(blob=V5_ALL)] * 5)
        with open(self.path, "r+b") as f:
            f.seek(116 * 3 + 20)
            f.write(b"\xff")
        log = flowd.FlowLog(self.path)
        got = []
        with self.assertRaises(flowd.FlowdError) as cm:
            for f in log:
                got.append(f)
        self.assertEqual(len(got), 3)
        self.assertEqual(cm.exception.offset, 348)
        self.assertEqual(cm.exception.code, flowd.errors.STORE_ERR_CRC_MISMATCH)
        self.assertIn("at offset 348", str(cm.exception))
        log.close()
        # Without CRC checking it is read as it stands.
        self.assertEqual(len(self.read(verify_crc=False)), 5)

    def test_bad_header_offset(self):
        self.write([flowd.Flow(blob=V5_ALL)] * 3)
        with open(self.path, "r+b") as f:
            f.seek(116)
            f.write(b"\x20")
        with flowd.FlowLog(self.path) as log:
            self.assertIsNotNone(log.read_flow())
            with self.assertRaises(flowd.FlowdError) as cm:
                log.read_flow()
        self.assertEqual(cm.exception.offset, 116)
        self.assertEqual(cm.exception.code,
            flowd.errors.STORE_ERR_UNSUP_VERSION)

    def test_resync(self):
        fl = flows(30)
        self.write(fl)
        with open(self.path, "rb") as f:
            data = bytearray(f.read())
        lens = [len(f.serialise()) for f in fl]
        # Damage record 4's body and record 11's header.
        data[sum(lens[:4]) + 30] ^= 0x55
        data[sum(lens[:11]) + 1] = 3
        with open(self.path, "wb") as f:
            f.write(data)
        with flowd.FlowLog(self.path, resync=True) as log:
            got = list(log)
            self.assertEqual(log.resyncs, 2)
            self.assertEqual(log.skipped, lens[4] + lens[11])
        self.assertEqual(got, fl[:4] + fl[5:11] + fl[12:])

    def test_garbage_never_crashes(self):
        import random
        rnd = random.Random(5)
        base = b"".join(f.serialise() for f in flows(12))
        for _ in range(300):
            d = bytearray(base)
            for _ in range(rnd.randint(1, 8)):
                d[rnd.randrange(len(d))] = rnd.randrange(256)
            d = bytes(d[:rnd.randrange(len(d) + 1)])
            for resync in (False, True):
                log = flowd.FlowLog_fromfile(io.BytesIO(d))
                log.resync = resync
                try:
                    for f in log:
                        f.format(1, flowd.DISPLAY_ALL)
                except flowd.FlowdError as e:
                    # Only a clear error, with a place, may stop it.
                    self.assertIsNotNone(e.offset)


class TestFollow(Base):

    def test_follow_growing(self):
        fl = flows(40)
        data = b"".join(f.serialise() for f in fl)
        open(self.path, "wb").close()
        done = threading.Event()

        def writer():
            with open(self.path, "ab", buffering=0) as fp:
                # Odd-sized pieces so records arrive split.
                for i in range(0, len(data), 53):
                    fp.write(data[i:i + 53])
                    time.sleep(0.002)
            done.set()
        t = threading.Thread(target=writer)
        got = []
        with flowd.FlowLog(self.path) as log:
            t.start()
            for f in log.follow(poll=0.01, timeout=2.0):
                got.append(f)
                if len(got) == len(fl):
                    break
        t.join()
        self.assertEqual(got, fl)

    def test_follow_timeout_and_partial(self):
        with open(self.path, "wb") as fp:
            fp.write(V5_ALL + V5_ALL[:50])
        with flowd.FlowLog(self.path) as log:
            got = list(log.follow(poll=0.01, timeout=0.05))
            self.assertEqual(len(got), 1)
            with open(self.path, "ab") as fp:
                fp.write(V5_ALL[50:])
            got = list(log.follow(poll=0.01, timeout=0.05))
            self.assertEqual(got, [flowd.Flow(blob=V5_ALL)])

    def test_follow_pipe(self):
        data = V5_ALL * 3
        r, w = os.pipe()
        t = threading.Thread(target=TestReadWrite._trickle, args=(w, data))
        t.start()
        with os.fdopen(r, "rb", buffering=0) as fp:
            log = flowd.FlowLog_fromfile(fp)
            got = list(log.follow(poll=0.01, timeout=0.05))
        t.join()
        self.assertEqual(len(got), 3)

    def test_follow_truncated_log(self):
        with open(self.path, "wb") as fp:
            fp.write(V5_ALL * 3)
        r = v6_flow().serialise()
        with flowd.FlowLog(self.path) as log:
            self.assertEqual(len(list(log.follow(poll=0.01, timeout=0.03))), 3)
            with open(self.path, "wb") as fp:
                fp.write(r)
            got = list(log.follow(poll=0.01, timeout=0.05))
        self.assertEqual(got, [v6_flow()])


class TestRollback(Base):

    def test_short_write_rolled_back(self):
        # A child with a small file size limit: the batch write stops at
        # the limit (EFBIG), and the writer must cut the file back.
        self.write(flows(3))
        before = os.path.getsize(self.path)
        code = (
            "import resource, signal, sys\n"
            "sys.path[:0] = [%r, %r]\n"
            "import sample, flowd\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (%d, %d))\n"
            "log = flowd.FlowLog(%r, 'ab')\n"
            "for i in range(50):\n"
            "    log.write_flow(sample.v5_flow(i))\n"
            "try:\n"
            "    log.flush()\n"
            "except flowd.FlowdError as e:\n"
            "    print('failed', e.code)\n"
        ) % (HERE, os.path.dirname(HERE), before + 1000, before + 1000,
            self.path)
        out = subprocess.run([sys.executable, "-c", code],
            stdout=subprocess.PIPE, check=True).stdout
        self.assertEqual(out.strip(), b"failed 8")
        self.assertEqual(os.path.getsize(self.path), before)
        self.assertEqual(self.read(), flows(3))


class TestLegacyV2(Base):

    V2_HDR = h("012cf047 00000002 5f5e1000 00000000")

    def v2_record(self, tag):
        fields = (flowd.FIELD_TAG | flowd.FIELD_RECV_TIME |
            flowd.FIELD_SRC_ADDR4 | flowd.FIELD_DST_ADDR6 |
            flowd.FIELD_IF_INDICES | flowd.FIELD_AS_INFO |
            flowd.FIELD_FLOW_ENGINE_INFO | flowd.FIELD_CRC32)
        r = fields.to_bytes(4, "big") + h(
            "%08x" % tag,		# tag
            "5f5e1001",			# recv_time (seconds only)
            "c0a80001",			# src 192.168.0.1
            "20010db8" + "00" * 11 + "05",	# dst 2001:db8::5
            "0002 ffff",		# ifindex 2, 65535 (u16)
            "fde8 0001 18 40 0000",	# AS 65000/24, 1/64
            "05 07 0000 00000009")	# engine 5/7, seq 9
        return r + crc_bitwise(r).to_bytes(4, "big")

    def test_read_v2(self):
        with open(self.path, "wb") as fp:
            fp.write(self.V2_HDR + self.v2_record(1) + self.v2_record(2) +
                self.v2_record(3)[:9])
        log = flowd.FlowLog(self.path)
        got = list(log)
        self.assertTrue(log.legacy)
        self.assertEqual(log.start_time, 1600000000)
        self.assertEqual([f.tag for f in got], [1, 2])
        f = got[1]
        self.assertEqual((f.recv_sec, f.recv_usec), (1600000001, 0))
        self.assertEqual(f.src_addr, "192.168.0.1")
        self.assertEqual(f.dst_addr, "2001:db8::5")
        self.assertEqual((f.if_ndx_in, f.if_ndx_out), (2, 65535))
        self.assertEqual((f.src_as, f.dst_as, f.src_mask, f.dst_mask),
            (65000, 1, 24, 64))
        self.assertEqual((f.engine_type, f.engine_id, f.flow_sequence,
            f.source_id), (5, 7, 9, 0))
        log.close()
        # Converted to v3 and read back.
        out = os.path.join(self.dir, "v3.log")
        with flowd.FlowLog(out, "w") as w:
            for f in got:
                w.write_flow(f)
        with flowd.FlowLog(out) as r:
            self.assertEqual(list(r), got)
        # Appending to a v2 log is refused.
        with self.assertRaises(flowd.FlowdError):
            flowd.FlowLog(self.path, "a")

    def test_v2_errors(self):
        bad = bytearray(self.v2_record(1))
        bad[10] ^= 1
        with open(self.path, "wb") as fp:
            fp.write(self.V2_HDR + bytes(bad))
        with self.assertRaisesRegex(flowd.FlowdError, "checksum.*offset 16"):
            self.read()
        with open(self.path, "wb") as fp:
            fp.write(self.V2_HDR + h("00080001 00000001"))
        with self.assertRaisesRegex(flowd.FlowdError, "unknown"):
            self.read()


if __name__ == "__main__":
    unittest.main()
