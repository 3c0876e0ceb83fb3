"""FlowLog: reading, following, appending and writing store logs."""

import os
import stat
import struct
import time

from . import codec
from . import constants as C
from .errors import FlowdError, STORE_ERR_BAD_MAGIC, STORE_ERR_IO, \
    STORE_ERR_UNSUP_VERSION, STORE_ERR_FLOW_INVALID, STORE_ERR_CRC_MISMATCH
from .flow import Flow

_U32 = struct.Struct(">I")
_V2HDR = struct.Struct(">IIII")
_V2MAGIC = _U32.pack(C.STORE_V2_MAGIC)

_new = object.__new__

READ_CHUNK = 65536
WRITE_BATCH = 65536


class FlowLog(object):
    """A flow log.  mode is "r"/"rb" (read), "w"/"wb" (create or
    truncate) or "a"/"ab" (append).  A v2 log (flowd <= 0.8.5) is
    recognised by its file header when read and converted on the fly;
    its start_time is then set and legacy is True.

    Reading stops cleanly at a partial trailing record (truncated then
    holds its length); a corrupt record raises FlowdError with its byte
    offset, or with resync=True is skipped up to the next record whose
    header and CRC check out (resyncs and skipped count those).
    """

    def __init__(self, path=None, mode="rb", fileobj=None, verify_crc=True,
            resync=False):
        m = mode.replace("b", "")
        if m not in ("r", "w", "a"):
            raise ValueError("mode must be r, w or a: %r" % mode)
        self.mode = m
        self.path = path
        self.verify_crc = verify_crc
        self.resync = resync
        self.legacy = False
        self.start_time = None
        self.truncated = 0
        self.resyncs = 0
        self.skipped = 0
        self._buf = b""
        self._pos = 0
        self._base = 0		# log offset of _buf[0]
        self._started = False
        self._wbuf = []
        self._wlen = 0
        self._own = fileobj is None
        if fileobj is not None:
            self.file = fileobj
        elif path is None:
            raise ValueError("FlowLog needs a path or a file object")
        elif m == "r":
            self.file = open(path, "rb", buffering=0)
        else:
            if m == "a":
                self._refuse_v2(path)
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if m == "a"
                else os.O_TRUNC)
            fd = os.open(path, flags, 0o600)
            self.file = os.fdopen(fd, "ab" if m == "a" else "wb",
                buffering=0)

    # ---- common ----

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        """Flush pending writes and close the file if we opened it."""
        if self.file is None:
            return
        try:
            if self.mode != "r":
                self.flush()
        finally:
            if self._own:
                self.file.close()
            self.file = None

    finish = close

    @staticmethod
    def _refuse_v2(path):
        try:
            f = open(path, "rb")
        except FileNotFoundError:
            return
        with f:
            if f.read(4) == _V2MAGIC:
                raise FlowdError("Cannot append to legacy (version 2) "
                    "flow log", STORE_ERR_BAD_MAGIC)

    # ---- reading ----

    def _read(self, n):
        return self.file.read(n) or b""

    def _fill(self, need):
        """Make at least need unread bytes available; False at EOF."""
        avail = len(self._buf) - self._pos
        if avail >= need:
            return True
        parts = [self._buf[self._pos:]]
        self._base += self._pos
        self._pos = 0
        while avail < need:
            d = self._read(max(READ_CHUNK, need - avail))
            if not d:
                break
            parts.append(d)
            avail += len(d)
        self._buf = b"".join(parts)
        return avail >= need

    def _start(self):
        """Look for a v2 file header once, before the first record."""
        self._started = True
        if self._fill(4) and self._buf[self._pos:self._pos + 4] == _V2MAGIC:
            if not self._fill(16):
                return
            _m, ver, start, _fl = _V2HDR.unpack_from(self._buf, self._pos)
            if ver != C.STORE_V2_VERSION:
                raise FlowdError("Unsupported v2 log version %d" % ver,
                    STORE_ERR_UNSUP_VERSION, self._base + self._pos)
            self.legacy = True
            self.start_time = start
            self._pos += 16

    def read_flow(self):
        """The next Flow, or None at the end of the log."""
        if not self._started:
            self._start()
        if self.legacy:
            return self._read_v2()
        while True:
            if not self._fill(8):
                self._note_partial()
                return None
            total = 8 + self._buf[self._pos + 1] * 4
            if not self._fill(total):
                self._note_partial()
                return None
            f = _new(Flow)
            try:
                codec.decode_into(f, self._buf, self._pos,
                    self._base + self._pos, self.verify_crc)
            except FlowdError:
                if not self.resync:
                    raise
                self._resync()
                continue
            self._pos += total
            return f

    def _note_partial(self):
        self.truncated = len(self._buf) - self._pos

    def _resync(self):
        """Skip 4 bytes at a time until a record with a good header and
        CRC starts (records are 4-byte aligned in a v3 log)."""
        self.resyncs += 1
        while True:
            self._pos += 4
            self.skipped += 4
            if not self._fill(8):
                return
            if self._candidate():
                return

    def _candidate(self):
        b = self._buf
        p = self._pos
        if b[p] >> 5 != C.STORE_VER_MAJOR:
            return False
        if not _U32.unpack_from(b, p + 4)[0] & C.FIELD_CRC32:
            return False
        total = 8 + b[p + 1] * 4
        if not self._fill(total):
            return True	# let the caller see it as a partial record
        b = self._buf
        p = self._pos
        try:
            codec.decode_into(_new(Flow), b, p, None, True)
        except FlowdError:
            return False
        return True

    def _read_v2(self):
        if not self._fill(4):
            self._note_partial()
            return None
        p = self._pos
        fields = _U32.unpack_from(self._buf, p)[0]
        off = self._base + p
        unknown = fields & ~codec.F.V2_KNOWN
        if unknown:
            raise FlowdError("Flow has unknown fields 0x%08x" % unknown,
                STORE_ERR_FLOW_INVALID, off)
        bad = codec.check_addr_pairs(fields)
        if bad is not None:
            raise FlowdError("Flow has both address families for %s" % bad,
                STORE_ERR_FLOW_INVALID, off)
        lay = codec.layout_v2(fields & ~C.FIELD_CRC32)
        has_crc = bool(fields & C.FIELD_CRC32)
        total = 4 + lay.size + (4 if has_crc else 0)
        if not self._fill(total):
            self._note_partial()
            return None
        p = self._pos
        f = _new(Flow)
        d = f.__dict__
        lay.decode(d, lay.struct.unpack_from(self._buf, p + 4))
        d["fields"] = fields
        d["flow_ver"] = C.STORE_V2_VERSION << 5
        if has_crc:
            stored = _U32.unpack_from(self._buf, p + total - 4)[0]
            d["crc32"] = stored
            calc = codec.crc32(memoryview(self._buf)[p:p + total - 4])
            if self.verify_crc and calc != stored:
                raise FlowdError("Flow checksum mismatch",
                    STORE_ERR_CRC_MISMATCH, off)
        self._pos += total
        return f

    def __iter__(self):
        """Iterate over the log's flows (stopping at a partial record)."""
        if not self._started:
            self._start()
        if self.legacy or self.resync:
            while True:
                f = self.read_flow()
                if f is None:
                    return
                yield f
        # The plain v3 case inlined: one dict lookup, one unpack and one
        # generated call per record.
        hcache = codec._hdr_cache
        plan_of = codec._plan
        verify = self.verify_crc
        crc32 = codec.crc32
        u32 = _U32.unpack_from
        while True:
            buf = self._buf
            pos = self._pos
            end = len(buf)
            while end - pos >= 8:
                hdr = buf[pos:pos + 8]
                total = 8 + hdr[1] * 4
                if end - pos < total:
                    break
                plan = hcache.get(hdr)
                if plan is None:
                    self._pos = pos
                    plan = plan_of(hdr, self._base + pos)
                lay, has_crc, version, fields = plan
                f = _new(Flow)
                d = f.__dict__
                try:
                    lay.decode(d, lay.struct.unpack_from(buf, pos + 8))
                except FlowdError as e:
                    self._pos = pos
                    raise FlowdError(e.msg, e.code, self._base + pos)
                d["fields"] = fields
                d["flow_ver"] = version
                if has_crc:
                    stored = u32(buf, pos + total - 4)[0]
                    d["crc32"] = stored
                    if verify and crc32(buf[pos:pos + total - 4]) != stored:
                        self._pos = pos
                        raise FlowdError("Flow checksum mismatch",
                            STORE_ERR_CRC_MISMATCH, self._base + pos)
                pos += total
                self._pos = pos
                yield f
            self._pos = pos
            need = 8 if end - pos < 8 else 8 + buf[pos + 1] * 4
            if not self._fill(need):
                self._note_partial()
                return

    def follow(self, poll=0.25, timeout=None):
        """Yield flows as the log grows, like tail -f, never a partial
        record.  Returns after timeout seconds without a new record (None:
        never).  A log truncated under us (rotated by copy) is read again
        from its start."""
        if self.legacy:
            raise FlowdError("cannot follow a legacy log", STORE_ERR_IO)
        idle = 0.0
        while True:
            f = self.read_flow()
            if f is not None:
                idle = 0.0
                yield f
                continue
            if timeout is not None and idle >= timeout:
                return
            time.sleep(poll)
            idle += poll
            self._check_truncation()

    def _check_truncation(self):
        # Only a regular file can shrink under us; pipes just wait.
        try:
            st = os.fstat(self.file.fileno())
        except (AttributeError, OSError, ValueError):
            return
        if not stat.S_ISREG(st.st_mode):
            return
        consumed = self._base + len(self._buf)
        if st.st_size < consumed:
            self.file.seek(0)
            self._buf = b""
            self._pos = 0
            self._base = 0
            self.truncated = 0

    # ---- writing ----

    def write_flow(self, flow, fieldmask=C.DISPLAY_ALL):
        """Queue flow (the fields in fieldmask it has) as one record;
        records go out in batches of up to WRITE_BATCH bytes, whole."""
        if self.mode == "r":
            raise FlowdError("log not open for writing", STORE_ERR_IO)
        rec = codec.encode(flow, fieldmask)
        self._wbuf.append(rec)
        self._wlen += len(rec)
        if self._wlen >= WRITE_BATCH:
            self.flush()

    def write_record(self, rec):
        """Queue an already serialised record (bytes) unchanged."""
        if self.mode == "r":
            raise FlowdError("log not open for writing", STORE_ERR_IO)
        self._wbuf.append(bytes(rec))
        self._wlen += len(rec)
        if self._wlen >= WRITE_BATCH:
            self.flush()

    def flush(self):
        """Write the queued batch; on failure the file is cut back to
        where the batch started, so it never holds a partial record."""
        if not self._wbuf:
            return
        data = b"".join(self._wbuf)
        self._wbuf = []
        self._wlen = 0
        start = self._write_start()
        try:
            self._write_all(data)
        except (OSError, ValueError) as e:
            self._rollback(start)
            raise FlowdError("write failed: %s" % e, STORE_ERR_IO)

    def _write_start(self):
        try:
            fd = self.file.fileno()
            if self.mode == "a":
                return os.fstat(fd).st_size
            return os.lseek(fd, 0, os.SEEK_CUR)
        except (AttributeError, OSError, ValueError):
            return None

    def _write_all(self, data):
        mv = memoryview(data)
        while len(mv):
            n = self.file.write(mv)
            if n is None:		# non-blocking and would block
                raise OSError("write would block")
            if n == 0:
                raise OSError("short write")
            mv = mv[n:]
        if hasattr(self.file, "flush"):
            self.file.flush()

    def _rollback(self, start):
        if start is None:
            return
        try:
            fd = self.file.fileno()
            os.ftruncate(fd, start)
            os.lseek(fd, start, os.SEEK_SET)
        except (AttributeError, OSError, ValueError):
            pass


def FlowLog_fromfile(fileobj, mode="rb"):
    """A FlowLog over an open binary file object (e.g. sys.stdin.buffer)."""
    return FlowLog(None, mode, fileobj=fileobj)
