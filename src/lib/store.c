/*
 * store.c: serialise a struct flow into one store v3 record and back
 * (the layouts are in flowd.log(5)).  Fields go in ascending bit order,
 * big-endian; the CRC, when asked for, is the last four bytes and
 * covers every byte before it.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "crc32.h"
#include "store.h"
#include "store_bytes.h"

/* Bytes of each field bit; 0 for bits that carry no data here. */
static const uint8_t field_len[32] = {
	4, 8, 4, 4, 16, 4, 16, 4, 16, 4, 16,	/* 0-10 */
	4, 8, 8, 8, 16, 8, 12, 12,		/* 11-18 */
	16, 24, 4, 12, 8, 4, 16, 40,		/* 19-26 */
	0, 0, 0,				/* 27-29 unassigned */
	4, 0					/* 30 CRC32, 31 */
};

static const char *const store_errs[] = {
	"Success",
	"End of log",
	"Bad magic number",
	"Unsupported version",
	"Internal buffer too small",
	"Flow is invalid",
	"Flow checksum mismatch",
	"Internal error",
	"Input/output error",
	"Seek error",
};

const char *
store_strerror(int e)
{
	if (e >= 0 && e < (int)(sizeof(store_errs) / sizeof(store_errs[0])))
		return (store_errs[e]);
	switch (e) {
	case STORE_ERR_CORRUPT:
		return ("Corrupt flow data");
	case STORE_ERR_UNKNOWN_FIELDS:
		return ("Flow has unknown fields");
	case STORE_ERR_LENGTH:
		return ("Record length does not match its field mask");
	case STORE_ERR_EMPTY:
		return ("Flow has no field to store");
	case STORE_ERR_LEGACY:
		return ("Cannot append to legacy (version 2) flow log");
	case STORE_ERR_AGAIN:
		return ("No complete record yet");
	case STORE_ERR_PARTIAL:
		return ("Write failed, batch rolled back");
	}
	return ("Unknown error");
}

/*
 * The same lengths summed per 4-bit group of the mask: eight lookups
 * instead of a loop over the bits, whose branch on each bit the CPU
 * cannot predict (a quarter of the collector's serialising time).
 */
static uint8_t	nibble_len[8][16];
static int	nibble_ready;

static void
nibble_init(void)
{
	int	k, v, b;

	for (k = 0; k < 8; k++)
		for (v = 0; v < 16; v++) {
			nibble_len[k][v] = 0;
			for (b = 0; b < 4; b++)
				if (v & (1 << b))
					nibble_len[k][v] += field_len[k * 4 + b];
		}
	nibble_ready = 1;
}

uint32_t
store_fields_len(uint32_t fields)
{
	uint32_t	len = 0;
	int		k;

	if (!nibble_ready)
		nibble_init();
	for (k = 0; k < 8; k++, fields >>= 4)
		len += nibble_len[k][fields & 15];
	return (len);
}

/* NAT addresses carry their IP version: 0 (absent), 4 or 6. */
static uint8_t
nat_ver(const struct xaddr *a)
{
	if (a->af == AF_INET)
		return (4);
	if (a->af == AF_INET6)
		return (6);
	return (0);
}

/* Always 16 bytes: IPv4 in the first four, the rest zero. */
static uint8_t *
put_nat_addr(uint8_t *p, const struct xaddr *a)
{
	memset(p, 0, 16);
	if (a->af == AF_INET)
		memcpy(p, &a->v4, 4);
	else if (a->af == AF_INET6)
		memcpy(p, &a->v6, 16);
	return (p + 16);
}

/* Pick the address variant the flow's family calls for, if stored. */
static uint32_t
addr_bit(const struct xaddr *a, uint32_t present, uint32_t mask,
    uint32_t bit4, uint32_t bit6)
{
	if ((present & (bit4 | bit6)) == 0)
		return (0);
	if (a->af == AF_INET)
		return (mask & bit4);
	if (a->af == AF_INET6)
		return (mask & bit6);
	return (0);
}

uint32_t
store_effective_fields(const struct flow *f, uint32_t mask)
{
	uint32_t	eff;

	if (mask == 0)
		mask = STORE_MASK_DEFAULT;
	eff = f->fields & mask & FLOW_ALL & ~(FLOW_AGENT_ADDR |
	    FLOW_SRCDST_ADDR | FLOW_GATEWAY_ADDR | FLOW_CRC32);
	eff |= addr_bit(&f->agent, f->fields, mask, FLOW_AGENT_ADDR4,
	    FLOW_AGENT_ADDR6);
	eff |= addr_bit(&f->src, f->fields, mask, FLOW_SRC_ADDR4,
	    FLOW_SRC_ADDR6);
	eff |= addr_bit(&f->dst, f->fields, mask, FLOW_DST_ADDR4,
	    FLOW_DST_ADDR6);
	eff |= addr_bit(&f->gateway, f->fields, mask, FLOW_GATEWAY_ADDR4,
	    FLOW_GATEWAY_ADDR6);
	/* The CRC follows the mask, not the flow's origin. */
	if (eff != 0 && (mask & FLOW_CRC32))
		eff |= FLOW_CRC32;
	return (eff);
}

static int
serialise(const struct flow *f, uint32_t mask, uint8_t *buf, size_t buflen,
    size_t *lenp, int seal)
{
	uint32_t	 eff, body;
	uint8_t		*p;

	eff = store_effective_fields(f, mask);
	if (eff == 0)
		return (STORE_ERR_EMPTY);
	/*
	 * Where any record fits (the writer makes sure of it) the length
	 * is where the fields end; summing it first costs more than
	 * writing them.  Elsewhere it is checked before a byte is written.
	 */
	body = 0;
	if (buflen < STORE_MAX_WRITTEN) {
		body = store_fields_len(eff);
		if (buflen < STORE_HDR_LEN + body)
			return (STORE_ERR_BUFFER_SIZE);
	}
	buf[0] = (eff & STORE_FIELDS_V31) ? STORE_VERSION_31 :
	    STORE_VERSION_30;
	buf[2] = buf[3] = 0;
	put32(buf + 4, eff);
	p = buf + STORE_HDR_LEN;

	if (eff & FLOW_TAG)
		p = put32(p, f->tag);
	if (eff & FLOW_RECV_TIME) {
		p = put32(p, f->recv_sec);
		p = put32(p, f->recv_usec);
	}
	if (eff & FLOW_PROTO_FLAGS_TOS) {
		*p++ = f->tcp_flags;
		*p++ = f->protocol;
		*p++ = f->tos;
		*p++ = 0;
	}
	if (eff & FLOW_AGENT_ADDR4)
		p = putbytes(p, &f->agent.v4, 4);
	if (eff & FLOW_AGENT_ADDR6)
		p = putbytes(p, &f->agent.v6, 16);
	if (eff & FLOW_SRC_ADDR4)
		p = putbytes(p, &f->src.v4, 4);
	if (eff & FLOW_SRC_ADDR6)
		p = putbytes(p, &f->src.v6, 16);
	if (eff & FLOW_DST_ADDR4)
		p = putbytes(p, &f->dst.v4, 4);
	if (eff & FLOW_DST_ADDR6)
		p = putbytes(p, &f->dst.v6, 16);
	if (eff & FLOW_GATEWAY_ADDR4)
		p = putbytes(p, &f->gateway.v4, 4);
	if (eff & FLOW_GATEWAY_ADDR6)
		p = putbytes(p, &f->gateway.v6, 16);
	if (eff & FLOW_SRCDST_PORT) {
		p = put16(p, f->src_port);
		p = put16(p, f->dst_port);
	}
	if (eff & FLOW_PACKETS)
		p = put64(p, f->packets);
	if (eff & FLOW_OCTETS)
		p = put64(p, f->octets);
	if (eff & FLOW_IF_INDICES) {
		p = put32(p, f->if_in);
		p = put32(p, f->if_out);
	}
	if (eff & FLOW_AGENT_INFO) {
		p = put32(p, f->sys_uptime_ms);
		p = put32(p, f->export_sec);
		p = put32(p, f->export_nsec);
		p = put16(p, f->netflow_version);
		p = put16(p, 0);
	}
	if (eff & FLOW_FLOW_TIMES) {
		p = put32(p, f->flow_start);
		p = put32(p, f->flow_finish);
	}
	if (eff & FLOW_AS_INFO) {
		p = put32(p, f->src_as);
		p = put32(p, f->dst_as);
		*p++ = f->src_mask;
		*p++ = f->dst_mask;
		p = put16(p, 0);
	}
	if (eff & FLOW_FLOW_ENGINE_INFO) {
		/* Full 16-bit big-endian values (flowd 0.9.1 shifted v5's). */
		p = put16(p, f->engine_type);
		p = put16(p, f->engine_id);
		p = put32(p, f->flow_sequence);
		p = put32(p, f->source_id);
	}
	if (eff & FLOW_ABS_TIMES) {
		p = put32(p, f->start_sec);
		p = put32(p, f->start_nsec);
		p = put32(p, f->end_sec);
		p = put32(p, f->end_nsec);
	}
	if (eff & FLOW_MAC_ADDRS) {
		p = putbytes(p, f->src_mac, 6);
		p = putbytes(p, f->dst_mac, 6);
		p = putbytes(p, f->post_src_mac, 6);
		p = putbytes(p, f->post_dst_mac, 6);
	}
	if (eff & FLOW_VLANS) {
		p = put16(p, f->src_vlan);
		p = put16(p, f->dst_vlan);
	}
	if (eff & FLOW_FLOW_INFO) {
		*p++ = f->ip_version;
		*p++ = f->direction;
		*p++ = f->end_reason;
		*p++ = 0;
		*p++ = f->icmp_type;
		*p++ = f->icmp_code;
		p = put16(p, 0);
		p = put32(p, f->flow_label);
	}
	if (eff & FLOW_SAMPLING) {
		p = put32(p, f->sampling_interval);
		p = put16(p, f->sampling_algorithm);
		p = put16(p, 0);
	}
	if (eff & FLOW_EXPORTER_PORT) {
		p = put16(p, f->exporter_port);
		p = put16(p, 0);
	}
	if (eff & FLOW_REVERSE_COUNTERS) {
		p = put64(p, f->out_packets);
		p = put64(p, f->out_octets);
	}
	if (eff & FLOW_NAT) {
		*p++ = nat_ver(&f->nat_src);
		*p++ = nat_ver(&f->nat_dst);
		p = put16(p, 0);
		p = put_nat_addr(p, &f->nat_src);
		p = put_nat_addr(p, &f->nat_dst);
		p = put16(p, f->nat_src_port);
		p = put16(p, f->nat_dst_port);
	}
	if (eff & FLOW_CRC32)
		p += 4;
	if (body != 0 && (size_t)(p - buf) != STORE_HDR_LEN + body)
		return (STORE_ERR_INTERNAL);
	body = p - buf - STORE_HDR_LEN;
	if (body > STORE_MAX_BODY || (body & 3) != 0)
		return (STORE_ERR_INTERNAL);
	buf[1] = body / 4;
	/* The CRC covers the header, length included: last. */
	if (eff & FLOW_CRC32)
		put32(p - 4, seal ? flowd_crc32(buf, p - 4 - buf) : 0);
	*lenp = p - buf;
	return (STORE_OK);
}

int
store_flow_serialise(const struct flow *f, uint32_t mask, uint8_t *buf,
    size_t buflen, size_t *lenp)
{
	return (serialise(f, mask, buf, buflen, lenp, 1));
}

/*
 * The same record with its CRC32 field (if any) left zero: store_seal()
 * fills it in later, on the thread that writes the batch, so that the
 * collector's receive loop does not spend its time on checksums.
 */
int
store_flow_serialise_unsealed(const struct flow *f, uint32_t mask,
    uint8_t *buf, size_t buflen, size_t *lenp)
{
	return (serialise(f, mask, buf, buflen, lenp, 0));
}

/*
 * Compute the CRC32 of every record in a batch of whole records that
 * carries one.  A batch that does not end on a record boundary is ours
 * and broken: refuse it before anything is written.
 */
int
store_seal(uint8_t *buf, size_t len)
{
	uint8_t	*p = buf, *end = buf + len;
	size_t	 reclen;

	while ((size_t)(end - p) >= STORE_HDR_LEN) {
		reclen = STORE_HDR_LEN + (size_t)p[1] * 4;
		if (reclen > (size_t)(end - p))
			return (STORE_ERR_INTERNAL);
		if ((get32(p + 4) & FLOW_CRC32) && reclen >= STORE_HDR_LEN + 4)
			put32(p + reclen - 4, flowd_crc32(p, reclen - 4));
		p += reclen;
	}
	return (p == end ? STORE_OK : STORE_ERR_INTERNAL);
}

/*
 * Check a record header: major version and the length it announces.
 * Needs STORE_HDR_LEN bytes; the rest is checked on decoding.
 */
int
store_check_header(const uint8_t *hdr, size_t *reclenp)
{
	if ((hdr[0] >> 5) != STORE_VER_MAJOR)
		return (STORE_ERR_UNSUP_VERSION);
	*reclenp = STORE_HDR_LEN + (size_t)hdr[1] * 4;
	return (STORE_OK);
}

/* Lowest set bit's number; v != 0. */
static int
lowbit(uint32_t v)
{
	int	n = 0;

	while ((v & 1) == 0) {
		v >>= 1;
		n++;
	}
	return (n);
}

static int
popcount32(uint32_t v)
{
	int	n = 0;

	for (; v != 0; v &= v - 1)
		n++;
	return (n);
}

static int
nat_ver_ok(uint8_t ver)
{
	return (ver == 0 || ver == 4 || ver == 6);
}

/*
 * Validate mask and length of a whole record of len bytes for a reader
 * that decodes the fields in "known"; returns the fields to decode.
 */
static int
check_layout(const uint8_t *buf, size_t len, uint32_t known,
    uint32_t *decodep)
{
	const uint8_t	*nat;
	uint32_t	 mask, kn, unk, need;
	size_t		 reclen;
	int		 r;

	if (len < STORE_HDR_LEN)
		return (STORE_ERR_BUFFER_SIZE);
	if ((r = store_check_header(buf, &reclen)) != STORE_OK)
		return (r);
	if (len != reclen)
		return (STORE_ERR_BUFFER_SIZE);
	mask = get32(buf + 4);
	if (mask & FLOW_RESERVED)
		return (STORE_ERR_UNKNOWN_FIELDS);
	if ((buf[0] & 0x1f) == 0 && (mask & ~STORE_FIELDS_V30) != 0)
		return (STORE_ERR_UNKNOWN_FIELDS);
	if ((mask & FLOW_AGENT_ADDR) == FLOW_AGENT_ADDR ||
	    (mask & FLOW_SRC_ADDR) == FLOW_SRC_ADDR ||
	    (mask & FLOW_DST_ADDR) == FLOW_DST_ADDR ||
	    (mask & FLOW_GATEWAY_ADDR) == FLOW_GATEWAY_ADDR)
		return (STORE_ERR_FLOW_INVALID);
	kn = mask & known & ~FLOW_CRC32;
	unk = mask & ~known & ~FLOW_CRC32;
	need = store_fields_len(kn) + ((mask & FLOW_CRC32) ? 4 : 0);
	if (unk == 0) {
		if (reclen - STORE_HDR_LEN != need)
			return (STORE_ERR_LENGTH);
	} else {
		/* Known fields must all come before the first unknown one. */
		if ((kn >> lowbit(unk)) != 0)
			return (STORE_ERR_UNKNOWN_FIELDS);
		if (reclen - STORE_HDR_LEN < need + 4 * popcount32(unk))
			return (STORE_ERR_LENGTH);
	}
	/*
	 * The NAT group's IP versions decide how its addresses read: one
	 * other than 0, 4 or 6 makes the record invalid (and no resync
	 * candidate).  Pad bytes are ignored, as everywhere.
	 */
	if (kn & FLOW_NAT) {
		nat = buf + STORE_HDR_LEN + store_fields_len(kn &
		    (FLOW_NAT - 1));
		if (!nat_ver_ok(nat[0]) || !nat_ver_ok(nat[1]))
			return (STORE_ERR_FLOW_INVALID);
	}
	*decodep = kn;
	return (STORE_OK);
}

static const uint8_t *
getaddr(const uint8_t *p, struct xaddr *a, int af)
{
	a->af = af;
	if (af == AF_INET) {
		memcpy(&a->v4, p, 4);
		return (p + 4);
	}
	memcpy(&a->v6, p, 16);
	return (p + 16);
}

static void
get_nat_addr(const uint8_t *p, uint8_t ver, struct xaddr *a)
{
	if (ver == 4)
		getaddr(p, a, AF_INET);
	else if (ver == 6)
		getaddr(p, a, AF_INET6);
}

int
store_flow_deserialise_known(const uint8_t *buf, size_t len, struct flow *f,
    uint32_t *crcp, uint32_t known)
{
	const uint8_t	*p;
	uint32_t	 kn, mask, crc;
	int		 r;

	if ((r = check_layout(buf, len, known, &kn)) != STORE_OK)
		return (r);
	mask = get32(buf + 4);
	if (mask & FLOW_CRC32) {
		/* Over every byte before it, skipped fields included. */
		crc = get32(buf + len - 4);
		if (flowd_crc32(buf, len - 4) != crc)
			return (STORE_ERR_CRC_MISMATCH);
		if (crcp != NULL)
			*crcp = crc;
	}
	memset(f, 0, sizeof(*f));
	f->fields = kn | (mask & FLOW_CRC32);
	p = buf + STORE_HDR_LEN;

	if (kn & FLOW_TAG)
		p = get32p(p, &f->tag);
	if (kn & FLOW_RECV_TIME) {
		p = get32p(p, &f->recv_sec);
		p = get32p(p, &f->recv_usec);
	}
	if (kn & FLOW_PROTO_FLAGS_TOS) {
		f->tcp_flags = p[0];
		f->protocol = p[1];
		f->tos = p[2];
		p += 4;
	}
	if (kn & FLOW_AGENT_ADDR4)
		p = getaddr(p, &f->agent, AF_INET);
	if (kn & FLOW_AGENT_ADDR6)
		p = getaddr(p, &f->agent, AF_INET6);
	if (kn & FLOW_SRC_ADDR4)
		p = getaddr(p, &f->src, AF_INET);
	if (kn & FLOW_SRC_ADDR6)
		p = getaddr(p, &f->src, AF_INET6);
	if (kn & FLOW_DST_ADDR4)
		p = getaddr(p, &f->dst, AF_INET);
	if (kn & FLOW_DST_ADDR6)
		p = getaddr(p, &f->dst, AF_INET6);
	if (kn & FLOW_GATEWAY_ADDR4)
		p = getaddr(p, &f->gateway, AF_INET);
	if (kn & FLOW_GATEWAY_ADDR6)
		p = getaddr(p, &f->gateway, AF_INET6);
	if (kn & FLOW_SRCDST_PORT) {
		p = get16p(p, &f->src_port);
		p = get16p(p, &f->dst_port);
	}
	if (kn & FLOW_PACKETS)
		p = get64p(p, &f->packets);
	if (kn & FLOW_OCTETS)
		p = get64p(p, &f->octets);
	if (kn & FLOW_IF_INDICES) {
		p = get32p(p, &f->if_in);
		p = get32p(p, &f->if_out);
	}
	if (kn & FLOW_AGENT_INFO) {
		p = get32p(p, &f->sys_uptime_ms);
		p = get32p(p, &f->export_sec);
		p = get32p(p, &f->export_nsec);
		p = get16p(p, &f->netflow_version);
		p += 2;
	}
	if (kn & FLOW_FLOW_TIMES) {
		p = get32p(p, &f->flow_start);
		p = get32p(p, &f->flow_finish);
	}
	if (kn & FLOW_AS_INFO) {
		p = get32p(p, &f->src_as);
		p = get32p(p, &f->dst_as);
		f->src_mask = p[0];
		f->dst_mask = p[1];
		p += 4;
	}
	if (kn & FLOW_FLOW_ENGINE_INFO) {
		p = get16p(p, &f->engine_type);
		p = get16p(p, &f->engine_id);
		p = get32p(p, &f->flow_sequence);
		p = get32p(p, &f->source_id);
	}
	if (kn & FLOW_ABS_TIMES) {
		p = get32p(p, &f->start_sec);
		p = get32p(p, &f->start_nsec);
		p = get32p(p, &f->end_sec);
		p = get32p(p, &f->end_nsec);
	}
	if (kn & FLOW_MAC_ADDRS) {
		memcpy(f->src_mac, p, 6);
		memcpy(f->dst_mac, p + 6, 6);
		memcpy(f->post_src_mac, p + 12, 6);
		memcpy(f->post_dst_mac, p + 18, 6);
		p += 24;
	}
	if (kn & FLOW_VLANS) {
		p = get16p(p, &f->src_vlan);
		p = get16p(p, &f->dst_vlan);
	}
	if (kn & FLOW_FLOW_INFO) {
		f->ip_version = p[0];
		f->direction = p[1];
		f->end_reason = p[2];
		f->icmp_type = p[4];
		f->icmp_code = p[5];
		p = get32p(p + 8, &f->flow_label);
	}
	if (kn & FLOW_SAMPLING) {
		p = get32p(p, &f->sampling_interval);
		p = get16p(p, &f->sampling_algorithm);
		p += 2;
	}
	if (kn & FLOW_EXPORTER_PORT) {
		p = get16p(p, &f->exporter_port);
		p += 2;
	}
	if (kn & FLOW_REVERSE_COUNTERS) {
		p = get64p(p, &f->out_packets);
		p = get64p(p, &f->out_octets);
	}
	if (kn & FLOW_NAT) {
		/* check_layout() has vetted both versions (p[0], p[1]). */
		get_nat_addr(p + 4, p[0], &f->nat_src);
		get_nat_addr(p + 20, p[1], &f->nat_dst);
		p = get16p(p + 36, &f->nat_src_port);
		p = get16p(p, &f->nat_dst_port);
	}
	if (p > buf + len)
		return (STORE_ERR_INTERNAL);
	return (STORE_OK);
}

int
store_flow_deserialise(const uint8_t *buf, size_t len, struct flow *f,
    uint32_t *crcp)
{
	return (store_flow_deserialise_known(buf, len, f, crcp, FLOW_ALL));
}

/* Whole-record validity without decoding (resync candidates). */
int
store_check_record(const uint8_t *buf, size_t len)
{
	uint32_t	kn;
	int		r;

	if ((r = check_layout(buf, len, FLOW_ALL, &kn)) != STORE_OK)
		return (r);
	if ((get32(buf + 4) & FLOW_CRC32) &&
	    flowd_crc32(buf, len - 4) != get32(buf + len - 4))
		return (STORE_ERR_CRC_MISMATCH);
	return (STORE_OK);
}
