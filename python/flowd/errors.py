"""Errors raised by the codec and the log reader."""

# The C library's store error codes (flowd.md 3.6), kept for callers that
# map errors to the same numbers.
STORE_ERR_OK = 0
STORE_ERR_EOF = 1
STORE_ERR_BAD_MAGIC = 2
STORE_ERR_UNSUP_VERSION = 3
STORE_ERR_BUFFER_SIZE = 4
STORE_ERR_FLOW_INVALID = 5
STORE_ERR_CRC_MISMATCH = 6
STORE_ERR_INTERNAL = 7
STORE_ERR_IO = 8
STORE_ERR_IO_SEEK = 9
STORE_ERR_CORRUPT = 0x10
# This implementation's additions (as src/lib/store.h).
STORE_ERR_UNKNOWN_FIELDS = 0x11
STORE_ERR_LENGTH = 0x12


class FlowdError(ValueError):
    """A record or log that cannot be decoded or written.

    code is one of the STORE_ERR_* values and offset the byte offset of
    the offending record in its log (None when decoding a lone buffer).
    """

    def __init__(self, msg, code=STORE_ERR_FLOW_INVALID, offset=None):
        self.msg = msg
        self.code = code
        self.offset = offset
        if offset is not None:
            msg = "%s at offset %d" % (msg, offset)
        ValueError.__init__(self, msg)
