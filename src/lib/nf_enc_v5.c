/*
 * nf_enc_v5.c: NetFlow v5 datagrams, a 24-byte header and up to 30
 * records of 48 bytes, IPv4 only.  flow_sequence is the number of flows
 * sent before the datagram, as collectors count losses from it.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <netinet/in.h>

#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "nf_enc_local.h"

#define AS_TRANS	23456	/* RFC 6793: a 4-byte AS in a 2-byte field */

static uint16_t
as16(struct nf_encoder *e, uint32_t as)
{
	if (as > 0xffff) {
		e->st.values_narrowed++;
		return (AS_TRANS);
	}
	return ((uint16_t)as);
}

static uint8_t *
v5_record(struct nf_encoder *e, uint8_t *p, const struct flow *f,
    const struct nfe_clock *c)
{
	uint32_t	fl = f->fields;

	nfe_v1_v5_head(e, p, f, c);
	if (fl & FLOW_PROTO_FLAGS_TOS) {
		p[37] = f->tcp_flags;
		p[38] = f->protocol;
		p[39] = f->tos;
	}
	if (fl & FLOW_AS_INFO) {
		nfe_put16(p + 40, as16(e, f->src_as));
		nfe_put16(p + 42, as16(e, f->dst_as));
		p[44] = f->src_mask;
		p[45] = f->dst_mask;
	}
	return (p + NFE_V1_V5_REC);
}

size_t
nfe_v5_next(struct nf_encoder *e, uint8_t *buf, size_t limit,
    const struct nfe_clock *c, const struct timeval *now)
{
	uint8_t		*p;
	size_t		 n, i;
	uint16_t	 sampling = 0;

	if (e->qlen == 0)
		return (0);
	if (limit < NFE_V5_HDR + NFE_V1_V5_REC) {
		e->st.buffer_too_small++;
		return (0);
	}
	n = (limit - NFE_V5_HDR) / NFE_V1_V5_REC;
	if (n > NFE_V5_MAXREC)
		n = NFE_V5_MAXREC;
	if (n > e->qlen)
		n = e->qlen;
	/* Top two bits: mode (01 deterministic, 10 random), 14: interval. */
	if (e->opts.sampling_interval > 1)
		sampling = (uint16_t)(e->opts.sampling_algorithm << 14 |
		    e->opts.sampling_interval);

	p = nfe_put16(buf, 5);
	p = nfe_put16(p, (uint16_t)n);
	p = nfe_put32(p, c->uptime);
	p = nfe_put32(p, (uint32_t)now->tv_sec);
	p = nfe_put32(p, (uint32_t)now->tv_usec * 1000);
	p = nfe_put32(p, e->seq);
	*p++ = e->opts.engine_type;
	*p++ = e->opts.engine_id;
	p = nfe_put16(p, sampling);
	for (i = 0; i < n; i++) {
		p = v5_record(e, p, &e->q[e->qhead], c);
		e->qhead = (e->qhead + 1) % e->qcap;
	}
	e->qlen -= n;
	e->qbytes -= n * NFE_V1_V5_REC;
	e->seq += (uint32_t)n;
	e->st.flows_sent += n;
	return ((size_t)(p - buf));
}
