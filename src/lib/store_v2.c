/*
 * store_v2.c: read flowd 0.8.5's version 2 logs (flowd.log(5), "Legacy
 * version 2") into a struct flow, so they can be printed or rewritten
 * as version 3.  A v2 record has no length byte: its length follows
 * from the mask, so an unknown bit makes the rest of the log unreadable.
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

/* Bits a v2 record may have: the v3.0 set, same numbering. */
#define V2_FIELDS	FLOW_ALL_V30

static const uint8_t v2_field_len[32] = {
	4, 4, 4, 4, 16, 4, 16, 4, 16, 4, 16,	/* 0-10 */
	4, 8, 8, 4, 16, 8, 8, 8,		/* 11-18 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 19-29 */
	4, 0
};

int
store_v2_check_header(const uint8_t *buf, size_t len,
    struct store_v2_header *h)
{
	if (len < STORE_V2_HDR_LEN)
		return (STORE_ERR_EOF);
	h->magic = get32(buf);
	h->version = get32(buf + 4);
	h->start_time = get32(buf + 8);
	h->flags = get32(buf + 12);
	if (h->magic != STORE_V2_MAGIC)
		return (STORE_ERR_BAD_MAGIC);
	if (h->version != STORE_V2_VERSION)
		return (STORE_ERR_UNSUP_VERSION);
	return (STORE_OK);
}

uint32_t
store_v2_fields_len(uint32_t fields)
{
	uint32_t	len = 0;
	int		i;

	for (i = 0; fields != 0; i++, fields >>= 1)
		if (fields & 1)
			len += v2_field_len[i];
	return (len);
}

/* Length of the record starting at buf (needs its 4-byte mask). */
int
store_v2_record_len(const uint8_t *buf, size_t len, size_t *reclenp)
{
	uint32_t	mask;

	if (len < 4)
		return (STORE_ERR_EOF);
	mask = get32(buf);
	if ((mask & ~V2_FIELDS) != 0)
		return (STORE_ERR_UNKNOWN_FIELDS);
	*reclenp = 4 + store_v2_fields_len(mask);
	return (STORE_OK);
}

static const uint8_t *
v2addr(const uint8_t *p, struct xaddr *a, int af)
{
	a->af = af;
	if (af == AF_INET) {
		memcpy(&a->v4, p, 4);
		return (p + 4);
	}
	memcpy(&a->v6, p, 16);
	return (p + 16);
}

int
store_v2_deserialise(const uint8_t *buf, size_t len, struct flow *f)
{
	const uint8_t	*p;
	uint32_t	 mask;
	uint16_t	 v16;
	size_t		 reclen;
	int		 r;

	if ((r = store_v2_record_len(buf, len, &reclen)) != STORE_OK)
		return (r);
	if (len != reclen)
		return (STORE_ERR_BUFFER_SIZE);
	mask = get32(buf);
	if ((mask & FLOW_AGENT_ADDR) == FLOW_AGENT_ADDR ||
	    (mask & FLOW_SRC_ADDR) == FLOW_SRC_ADDR ||
	    (mask & FLOW_DST_ADDR) == FLOW_DST_ADDR ||
	    (mask & FLOW_GATEWAY_ADDR) == FLOW_GATEWAY_ADDR)
		return (STORE_ERR_FLOW_INVALID);
	/* Like v3: every byte before the CRC, mask word included. */
	if ((mask & FLOW_CRC32) &&
	    flowd_crc32(buf, len - 4) != get32(buf + len - 4))
		return (STORE_ERR_CRC_MISMATCH);

	memset(f, 0, sizeof(*f));
	f->fields = mask;
	p = buf + 4;
	if (mask & FLOW_TAG)
		p = get32p(p, &f->tag);
	if (mask & FLOW_RECV_TIME)
		p = get32p(p, &f->recv_sec);
	if (mask & FLOW_PROTO_FLAGS_TOS) {
		f->tcp_flags = p[0];
		f->protocol = p[1];
		f->tos = p[2];
		p += 4;
	}
	if (mask & FLOW_AGENT_ADDR4)
		p = v2addr(p, &f->agent, AF_INET);
	if (mask & FLOW_AGENT_ADDR6)
		p = v2addr(p, &f->agent, AF_INET6);
	if (mask & FLOW_SRC_ADDR4)
		p = v2addr(p, &f->src, AF_INET);
	if (mask & FLOW_SRC_ADDR6)
		p = v2addr(p, &f->src, AF_INET6);
	if (mask & FLOW_DST_ADDR4)
		p = v2addr(p, &f->dst, AF_INET);
	if (mask & FLOW_DST_ADDR6)
		p = v2addr(p, &f->dst, AF_INET6);
	if (mask & FLOW_GATEWAY_ADDR4)
		p = v2addr(p, &f->gateway, AF_INET);
	if (mask & FLOW_GATEWAY_ADDR6)
		p = v2addr(p, &f->gateway, AF_INET6);
	if (mask & FLOW_SRCDST_PORT) {
		p = get16p(p, &f->src_port);
		p = get16p(p, &f->dst_port);
	}
	if (mask & FLOW_PACKETS)
		p = get64p(p, &f->packets);
	if (mask & FLOW_OCTETS)
		p = get64p(p, &f->octets);
	if (mask & FLOW_IF_INDICES) {
		p = get16p(p, &v16);
		f->if_in = v16;
		p = get16p(p, &v16);
		f->if_out = v16;
	}
	if (mask & FLOW_AGENT_INFO) {
		p = get32p(p, &f->sys_uptime_ms);
		p = get32p(p, &f->export_sec);
		p = get32p(p, &f->export_nsec);
		p = get16p(p, &f->netflow_version);
		p += 2;
	}
	if (mask & FLOW_FLOW_TIMES) {
		p = get32p(p, &f->flow_start);
		p = get32p(p, &f->flow_finish);
	}
	if (mask & FLOW_AS_INFO) {
		p = get16p(p, &v16);
		f->src_as = v16;
		p = get16p(p, &v16);
		f->dst_as = v16;
		f->src_mask = p[0];
		f->dst_mask = p[1];
		p += 4;
	}
	if (mask & FLOW_FLOW_ENGINE_INFO) {
		f->engine_type = p[0];
		f->engine_id = p[1];
		p = get32p(p + 4, &f->flow_sequence);
	}
	return (STORE_OK);
}
