"""Record encoding and decoding.

For every field mask seen, one struct.Struct covering the whole body and
one small generated function that moves the unpacked tuple into a Flow's
attributes (or a Flow's attributes into a tuple) are built once and
cached, so a record costs one unpack and one call.
"""

import socket
import struct

from . import constants as C
from . import fields as F
from .crc import crc32
from .errors import FlowdError, STORE_ERR_CRC_MISMATCH, \
    STORE_ERR_UNSUP_VERSION, STORE_ERR_FLOW_INVALID, \
    STORE_ERR_UNKNOWN_FIELDS, STORE_ERR_LENGTH

AF_INET = int(socket.AF_INET)
AF_INET6 = int(socket.AF_INET6)

_HDR = struct.Struct(">BBHI")
_U32 = struct.Struct(">I")


def _mac_ntop(b):
    return b.hex(":")


def _mac_pton(s):
    if isinstance(s, (bytes, bytearray)):
        b = bytes(s)
    else:
        b = bytes.fromhex(str(s).replace(":", "").replace("-", ""))
    if len(b) != 6:
        raise FlowdError("bad MAC address %r" % (s,))
    return b


def nat_af(addr, af):
    """The family of a NAT address: None has none (0), else its *_af
    or, when that is unset, its text."""
    if addr is None:
        return 0
    if af in (AF_INET, AF_INET6):
        return af
    return AF_INET6 if ":" in addr else AF_INET


def _xa_ver(addr, af):
    return {0: 0, AF_INET: 4, AF_INET6: 6}[nat_af(addr, af)]


def _xa_pton(addr, af):
    af = nat_af(addr, af)
    if af == 0:
        return bytes(16)
    return socket.inet_pton(af, addr).ljust(16, b"\0")


_XA_NTOP = {0: lambda b: (None, 0),
    4: lambda b: (socket.inet_ntop(AF_INET, b[:4]), AF_INET),
    6: lambda b: (socket.inet_ntop(AF_INET6, b), AF_INET6)}


def _xa_ntop(ver, b):
    conv = _XA_NTOP.get(ver)
    if conv is None:
        raise FlowdError("Flow has NAT address IP version %d" % ver,
            STORE_ERR_FLOW_INVALID)
    return conv(b)


_ENV = {
    "_ntop": socket.inet_ntop, "_pton": socket.inet_pton,
    "_AF4": AF_INET, "_AF6": AF_INET6,
    "_mac_ntop": _mac_ntop, "_mac_pton": _mac_pton,
    "_xa_ver": _xa_ver, "_xa_pton": _xa_pton, "_xa_ntop": _xa_ntop,
}


class Layout(object):
    """The compiled shape of one field mask in one table."""

    __slots__ = ("fields", "struct", "size", "decode", "encode")

    def __init__(self, table, fields):
        self.fields = fields
        fmt = ">"
        dec = ["def _dec(d, t):"]
        enc = ["def _enc(f):", " return _S.pack("]
        i = 0
        for bit, ffmt, members in table:
            if not fields & bit:
                continue
            fmt += ffmt
            for name, kind in members:
                if kind == "u":
                    dec.append(" d[%r] = t[%d]" % (name, i))
                    enc.append("  f.%s," % name)
                elif kind in ("a4", "a6"):
                    af = "_AF4" if kind == "a4" else "_AF6"
                    dec.append(" d[%r] = _ntop(%s, t[%d])" % (name, af, i))
                    dec.append(" d[%r] = %s" % (name + "_af", af))
                    enc.append("  _pton(%s, f.%s)," % (af, name))
                elif kind == "xv":
                    # The version byte, for the "xa" member that follows.
                    dec.append(" v_%s = t[%d]" % (name, i))
                    enc.append("  _xa_ver(f.%s, f.%s_af)," % (name, name))
                elif kind == "xa":
                    dec.append(" d[%r], d[%r] = _xa_ntop(v_%s, t[%d])" %
                        (name, name + "_af", name, i))
                    enc.append("  _xa_pton(f.%s, f.%s_af)," % (name, name))
                else:
                    dec.append(" d[%r] = _mac_ntop(t[%d])" % (name, i))
                    enc.append("  _mac_pton(f.%s)," % name)
                i += 1
        dec.append(" return")
        enc.append(" )")
        self.struct = struct.Struct(fmt)
        self.size = self.struct.size
        env = dict(_ENV, _S=self.struct)
        exec("\n".join(dec), env)
        exec("\n".join(enc), env)
        self.decode = env["_dec"]
        self.encode = env["_enc"]


_v3_cache = {}
_v2_cache = {}


def layout_v3(fields):
    lay = _v3_cache.get(fields)
    if lay is None:
        lay = _v3_cache[fields] = Layout(F.V3, fields)
    return lay


def layout_v2(fields):
    lay = _v2_cache.get(fields)
    if lay is None:
        lay = _v2_cache[fields] = Layout(F.V2, fields)
    return lay


def check_addr_pairs(fields):
    for name, b4, b6 in F.ADDR_PAIRS:
        if fields & b4 and fields & b6:
            return name
    return None


def record_length(hdr):
    """Total length (header included) of the record whose 8-byte header
    is hdr."""
    return C.HEADER_LEN + hdr[1] * 4


# Per header: (layout, has_crc, flow_ver, fields); the header fully
# determines how a record decodes, so its checks are done once.
_hdr_cache = {}


def _plan(hdr, offset):
    version, nwords, _reserved, fields = _HDR.unpack(hdr)
    major = version >> 5
    minor = version & 0x1F
    if major != C.STORE_VER_MAJOR:
        raise FlowdError("Unsupported version %d.%d" % (major, minor),
            STORE_ERR_UNSUP_VERSION, offset)
    blen = nwords * 4
    if fields & C.FIELD_RESERVED:
        raise FlowdError("Flow has the reserved bit 31 set",
            STORE_ERR_UNKNOWN_FIELDS, offset)
    known = C.FIELD_ALL if minor > 0 else C.FIELD_ALL_V30
    unknown = fields & ~known
    if unknown and minor == 0:
        raise FlowdError("Flow has unknown fields 0x%08x" % unknown,
            STORE_ERR_UNKNOWN_FIELDS, offset)
    bad = check_addr_pairs(fields)
    if bad is not None:
        raise FlowdError("Flow has both address families for %s" % bad,
            STORE_ERR_FLOW_INVALID, offset)
    has_crc = bool(fields & C.FIELD_CRC32)
    kn = fields & known & ~C.FIELD_CRC32
    lay = layout_v3(kn)
    need = lay.size + (4 if has_crc else 0)
    if not unknown:
        if need != blen:
            raise FlowdError("Flow length %d does not match field mask "
                "0x%08x (%d)" % (blen, fields, need), STORE_ERR_LENGTH,
                offset)
    else:
        # Unknown (newer) fields follow every known one, each at least
        # 4 bytes, and are skipped up to the CRC (man/flowd.log.5).
        low = unknown & -unknown
        if kn >= low:
            raise FlowdError("Flow has known fields after unknown ones "
                "0x%08x" % fields, STORE_ERR_UNKNOWN_FIELDS, offset)
        if blen < need + 4 * bin(unknown).count("1"):
            raise FlowdError("Flow length %d does not match field mask "
                "0x%08x" % (blen, fields), STORE_ERR_LENGTH, offset)
    plan = (lay, has_crc, version, fields)
    if len(_hdr_cache) < 4096:
        _hdr_cache[bytes(hdr)] = plan
    return plan


def decode_into(flow, buf, off=0, offset=None, verify=True):
    """Decode the record at buf[off:] (header included, wholly present)
    into flow; return its total length."""
    hdr = bytes(buf[off:off + 8])
    plan = _hdr_cache.get(hdr)
    if plan is None:
        plan = _plan(hdr, offset)
    lay, has_crc, version, fields = plan
    total = 8 + hdr[1] * 4
    d = flow.__dict__
    try:
        lay.decode(d, lay.struct.unpack_from(buf, off + 8))
    except FlowdError as e:
        raise FlowdError(e.msg, e.code, offset)
    d["fields"] = fields
    d["flow_ver"] = version
    if has_crc:
        stored = _U32.unpack_from(buf, off + total - 4)[0]
        d["crc32"] = stored
        if verify:
            calc = crc32(memoryview(buf)[off:off + total - 4])
            if calc != stored:
                raise FlowdError("Flow checksum mismatch (stored %08x, "
                    "computed %08x)" % (stored, calc),
                    STORE_ERR_CRC_MISMATCH, offset)
    return total


_ADDR_NAMES = tuple((n, n + "_af", b4, b6, b4 | b6)
    for n, b4, b6 in F.ADDR_PAIRS)


def derive_fields(flow):
    """The flow's presence bits with the address, packet and octet bits
    re-derived from its attributes, as the upstream module does before
    formatting or writing."""
    # Attributes that were never set live on the class (None / 0), so
    # the instance dict answers for the ones that were.
    d = flow.__dict__
    fields = d.get("fields", 0)
    for name, afname, b4, b6, both in _ADDR_NAMES:
        addr = d.get(name)
        if addr is None:
            fields &= ~both
            continue
        af = d.get(afname, 0)
        if af == AF_INET6 or (af != AF_INET and ":" in addr):
            fields = (fields & ~b4) | b6
        else:
            fields = (fields & ~b6) | b4
    if d.get("packets") is None:
        fields &= ~C.FIELD_PACKETS
    else:
        fields |= C.FIELD_PACKETS
    if d.get("octets") is None:
        fields &= ~C.FIELD_OCTETS
    else:
        fields |= C.FIELD_OCTETS
    return fields


def encode(flow, mask=C.DISPLAY_ALL):
    """Serialise flow (the fields in mask it has) as one v3 record."""
    fields = derive_fields(flow) & mask & C.FIELD_ALL
    has_crc = bool(fields & C.FIELD_CRC32)
    lay = layout_v3(fields & ~C.FIELD_CRC32)
    try:
        body = lay.encode(flow)
    except (struct.error, OSError, TypeError, ValueError) as e:
        raise FlowdError("cannot serialise flow: %s" % e)
    blen = lay.size + (4 if has_crc else 0)
    version = C.STORE_VERSION if fields & C.FIELD_MINOR1 else \
        C.STORE_VERSION_30
    rec = _HDR.pack(version, blen // 4, 0, fields) + body
    if has_crc:
        rec += _U32.pack(crc32(rec))
    return rec
