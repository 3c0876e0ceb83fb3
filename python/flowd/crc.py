"""The store's CRC32: reflected table for 0xEDB88320, initial value 0 and
no final xor (so it is not zlib's crc32)."""

try:
    import zlib
except ImportError:		# zlib is optional in a Python build
    zlib = None


def _make_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            if c & 1:
                c = 0xEDB88320 ^ (c >> 1)
            else:
                c >>= 1
        table.append(c)
    return tuple(table)


_TABLE = _make_table()


def crc32_table(data, crc=0):
    """Update crc with data using the table; the reference version."""
    t = _TABLE
    for b in bytes(data):
        crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def _crc32_zlib(data, crc=0):
    # zlib inverts the register before and after the same table walk, so
    # pre-inverting our state and post-inverting its result cancels both.
    return zlib.crc32(data, crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


crc32 = _crc32_zlib if zlib is not None else crc32_table
