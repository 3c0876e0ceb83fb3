"""Flow: one store record, with the upstream module's attribute names."""

from . import codec
from . import constants as C
from . import text


class Flow(object):
    """A flow record.  Flow() is empty; Flow(blob=record) decodes one
    serialised record (header included), e.g. a logsock datagram.

    Attributes are those of flowd's Python module (flowd.md 6.2) plus the
    store 3.1 ones (src/lib/flow.h names; the NAT group's are
    nat_src_addr, nat_dst_addr, nat_src_port, nat_dst_port, named like
    src_addr and src_port).  Addresses are text or None,
    packets/octets an int or None, everything else an int (0 if absent).
    fields holds the presence bits; the address, packets and octets bits
    are re-derived from the attributes before formatting or writing.
    """

    # Class-level defaults: a decoded flow only stores what it has.
    fields = 0
    flow_ver = 0
    tag = 0
    recv_sec = 0
    recv_usec = 0
    tcp_flags = 0
    protocol = 0
    tos = 0
    agent_addr = None
    src_addr = None
    dst_addr = None
    gateway_addr = None
    agent_addr_af = 0
    src_addr_af = 0
    dst_addr_af = 0
    gateway_addr_af = 0
    src_port = 0
    dst_port = 0
    packets = None
    octets = None
    if_ndx_in = 0
    if_ndx_out = 0
    sys_uptime_ms = 0
    agent_sec = 0
    agent_usec = 0		# upstream's name; it holds time_nanosec
    netflow_ver = 0
    flow_start = 0
    flow_finish = 0
    src_as = 0
    dst_as = 0
    src_mask = 0
    dst_mask = 0
    engine_type = 0
    engine_id = 0
    flow_sequence = 0
    source_id = 0
    crc32 = 0
    # Store 3.1.
    start_sec = 0
    start_nsec = 0
    end_sec = 0
    end_nsec = 0
    src_mac = "00:00:00:00:00:00"
    dst_mac = "00:00:00:00:00:00"
    post_src_mac = "00:00:00:00:00:00"
    post_dst_mac = "00:00:00:00:00:00"
    src_vlan = 0
    dst_vlan = 0
    ip_version = 0
    direction = 0
    end_reason = 0
    icmp_type = 0
    icmp_code = 0
    flow_label = 0
    sampling_interval = 0
    sampling_algorithm = 0
    exporter_port = 0
    out_packets = 0
    out_octets = 0
    nat_src_addr = None
    nat_dst_addr = None
    nat_src_addr_af = 0
    nat_dst_addr_af = 0
    nat_src_port = 0
    nat_dst_port = 0

    @property
    def data(self):
        """A free-form dict for the caller's own use."""
        d = self.__dict__.get("_data")
        if d is None:
            d = self.__dict__["_data"] = {}
        return d

    def __init__(self, blob=None, **kw):
        if blob is not None:
            n = codec.decode_into(self, blob)
            if n != len(blob):
                raise codec.FlowdError("blob holds %d bytes, record %d" %
                    (len(blob), n))
        for k, v in kw.items():
            if not hasattr(Flow, k):
                raise TypeError("Flow has no attribute %r" % k)
            setattr(self, k, v)

    def has_field(self, mask):
        """True if every bit of mask is present."""
        return (codec.derive_fields(self) & mask) == mask

    def format(self, utc=0, mask=C.DISPLAY_BRIEF):
        """The line flowd-reader prints for this flow (no newline)."""
        return text.format_flow(self, utc, mask, codec.derive_fields(self))

    def serialise(self, mask=C.DISPLAY_ALL):
        """This flow as one store v3 record (bytes)."""
        return codec.encode(self, mask)

    def as_dict(self):
        """Every attribute of a present field group, by name."""
        d = {"fields": codec.derive_fields(self), "flow_ver": self.flow_ver}
        fl = d["fields"]
        from .fields import V3
        for bit, _fmt, members in V3:
            if fl & bit:
                for name, kind in members:
                    d[name] = getattr(self, name)
                    if kind in ("a4", "a6"):
                        d[name + "_af"] = codec.AF_INET if kind == "a4" \
                            else codec.AF_INET6
                    elif kind == "xa":
                        d[name + "_af"] = codec.nat_af(d[name],
                            getattr(self, name + "_af"))
        if fl & C.FIELD_CRC32:
            d["crc32"] = self.crc32
        return d

    def __eq__(self, other):
        if not isinstance(other, Flow):
            return NotImplemented
        a = self.as_dict()
        b = other.as_dict()
        # The version byte and the CRC value follow from the rest.
        for d in (a, b):
            d.pop("flow_ver")
            d.pop("crc32", None)
        return a == b

    __hash__ = None

    def __repr__(self):
        return "<flowd.Flow %s>" % self.format(1, C.DISPLAY_ALL)
