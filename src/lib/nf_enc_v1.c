/*
 * nf_enc_v1.c: NetFlow v1 datagrams, a 16-byte header and up to 24
 * records of 48 bytes, IPv4 only, no sequence number.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "nf_enc_local.h"

static uint8_t *
v1_record(struct nf_encoder *e, uint8_t *p, const struct flow *f,
    const struct nfe_clock *c)
{
	uint32_t	fl = f->fields;

	nfe_v1_v5_head(e, p, f, c);
	/* 36-37 pad */
	if (fl & FLOW_PROTO_FLAGS_TOS) {
		p[38] = f->protocol;
		p[39] = f->tos;
		p[40] = f->tcp_flags;
	}
	/* 41-47 pad and reserved */
	return (p + NFE_V1_V5_REC);
}

size_t
nfe_v1_next(struct nf_encoder *e, uint8_t *buf, size_t limit,
    const struct nfe_clock *c, const struct timeval *now)
{
	uint8_t	*p;
	size_t	 n, i;

	if (e->qlen == 0)
		return (0);
	if (limit < NFE_V1_HDR + NFE_V1_V5_REC) {
		e->st.buffer_too_small++;
		return (0);
	}
	n = (limit - NFE_V1_HDR) / NFE_V1_V5_REC;
	if (n > NFE_V1_MAXREC)
		n = NFE_V1_MAXREC;
	if (n > e->qlen)
		n = e->qlen;
	p = nfe_put16(buf, 1);
	p = nfe_put16(p, (uint16_t)n);
	p = nfe_put32(p, c->uptime);
	p = nfe_put32(p, (uint32_t)now->tv_sec);
	p = nfe_put32(p, (uint32_t)now->tv_usec * 1000);
	for (i = 0; i < n; i++) {
		p = v1_record(e, p, &e->q[e->qhead], c);
		e->qhead = (e->qhead + 1) % e->qcap;
	}
	e->qlen -= n;
	e->qbytes -= n * NFE_V1_V5_REC;
	e->st.flows_sent += n;
	return ((size_t)(p - buf));
}
