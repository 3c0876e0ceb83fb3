/*
 * nf_enc_local.h: what the encoder's files share and nobody else needs.
 */
#ifndef FLOWD_NF_ENC_LOCAL_H
#define FLOWD_NF_ENC_LOCAL_H

#include "nf_encode.h"

#define NFE_MAX_FIELDS		40	/* softflowd layout: 24 + 10 MPLS */
#define NFE_MAX_TEMPLATES	8	/* IPv4, ICMPv4, IPv6, ICMPv6, and
					   each again with the NAT IEs */
#define NFE_SLOT_ICMP		0x01
#define NFE_SLOT_IPV6		0x02
#define NFE_SLOT_NAT		0x04
#define NFE_TMPL_BLOCK		4096	/* rendered templates and options */

/* Template ids as softflowd uses them. */
#define NFE_ID_IPV4		1024
#define NFE_ID_ICMPV4		1025
#define NFE_ID_IPV6		2048
#define NFE_ID_ICMPV6		2049
#define NFE_ID_OPTIONS		256
#define NFE_ID_NAT_OFFSET	2	/* 1026, 1027, 2050, 2051 */

#define NFE_V1_HDR		16
#define NFE_V5_HDR		24
#define NFE_V9_HDR		20
#define NFE_IPFIX_HDR		16
#define NFE_V1_V5_REC		48
#define NFE_V1_MAXREC		24
#define NFE_V5_MAXREC		30
#define NFE_SET_HDR		4

struct nfe_field {
	uint16_t	ie;
	uint16_t	len;
	uint32_t	pen;		/* IPFIX enterprise number; 0: IANA */
};

struct nfe_template {
	uint16_t	id;
	uint16_t	nfields;
	uint16_t	nscope;		/* options templates: scope fields */
	uint16_t	reclen;
	struct nfe_field f[NFE_MAX_FIELDS];
};

/* The times of one datagram, computed once in nf_encoder_next(). */
struct nfe_clock {
	int64_t		now_ms;		/* wall clock, ms since the epoch */
	int64_t		boot_ms;	/* sysUptime origin, same scale */
	uint32_t	uptime;		/* now_ms - boot_ms, modulo 2^32 */
};

struct nf_encoder {
	struct nf_encoder_opts	 opts;
	struct nf_encoder_stats	 st;
	int			 boot_set;

	/* queued flows: a ring, with the template slot of each */
	struct flow		*q;
	struct nf_enc_extra	*qx;		/* softflowd layout only */
	const struct nf_enc_extra *rx;		/* of the record being written */
	uint8_t			*qslot;
	size_t			 qcap, qhead, qlen;
	size_t			 qbytes;	/* record bytes queued */

	/* v9/IPFIX templates, slot = NFE_SLOT_* bits */
	struct nfe_template	 tmpl[NFE_MAX_TEMPLATES];
	int			 tmpl_on[NFE_MAX_TEMPLATES];
	struct nfe_template	 otmpl;
	uint8_t			 block[NFE_TMPL_BLOCK];
	size_t			 block_len;
	u_int			 block_records;	/* all records (v9 count) */
	u_int			 block_data;	/* options data records */
	size_t			 maxrec;	/* longest data record */

	/* refresh state */
	int			 tmpl_sent;
	int			 tmpl_force;
	u_int			 since_tmpl;	/* datagrams since templates */
	time_t			 tmpl_time;

	/* v5: flows, v9: datagrams, IPFIX: data records sent */
	uint32_t		 seq;
};

static inline uint8_t *
nfe_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
	return (p + 2);
}

static inline uint8_t *
nfe_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
	return (p + 4);
}

static inline uint8_t *
nfe_put64(uint8_t *p, uint64_t v)
{
	nfe_put32(p, v >> 32);
	return (nfe_put32(p + 4, v));
}

/* nf_encode.c */
void		 nfe_clock(const struct nf_encoder *, const struct timeval *,
		    struct nfe_clock *);
uint32_t	 nfe_uptime_start(const struct flow *,
		    const struct nfe_clock *);
uint32_t	 nfe_uptime_end(const struct flow *, const struct nfe_clock *);
int64_t		 nfe_abs_start(const struct flow *, const struct nfe_clock *);
int64_t		 nfe_abs_end(const struct flow *, const struct nfe_clock *);
uint32_t	 nfe_narrow(struct nf_encoder *, uint64_t, uint64_t);
int		 nfe_is_icmp(const struct flow *, int);
uint16_t	 nfe_icmp_typecode(const struct flow *);
void		 nfe_v1_v5_head(struct nf_encoder *, uint8_t *,
		    const struct flow *, const struct nfe_clock *);

/* An unsigned field of a template record, in its length (1, 2, 4, 8). */
static inline uint8_t *
nfe_putn(struct nf_encoder *e, uint8_t *p, uint16_t len, uint64_t v)
{
	switch (len) {
	case 1:
		*p = (uint8_t)nfe_narrow(e, v, 0xff);
		break;
	case 2:
		nfe_put16(p, (uint16_t)nfe_narrow(e, v, 0xffff));
		break;
	case 4:
		nfe_put32(p, nfe_narrow(e, v, UINT32_MAX));
		break;
	default:
		nfe_put64(p, v);
		break;
	}
	return (p + len);
}

/* nf_enc_v1.c, nf_enc_v5.c */
size_t		 nfe_v1_next(struct nf_encoder *, uint8_t *, size_t,
		    const struct nfe_clock *, const struct timeval *);
size_t		 nfe_v5_next(struct nf_encoder *, uint8_t *, size_t,
		    const struct nfe_clock *, const struct timeval *);

/* nf_enc_tmpl.c: template sets and data records for v9 and IPFIX */
void		 nfe_tmpl_setup(struct nf_encoder *);
int		 nfe_tmpl_render(struct nf_encoder *);
uint8_t		*nfe_tmpl_record(struct nf_encoder *, uint8_t *,
		    const struct nfe_template *, const struct flow *,
		    const struct nfe_clock *);
size_t		 nfe_sets_fill(struct nf_encoder *, uint8_t *, size_t,
		    size_t, const struct nfe_clock *, u_int *);
int		 nfe_tmpl_due(struct nf_encoder *, const struct timeval *);
void		 nfe_tmpl_mark(struct nf_encoder *, int,
		    const struct timeval *);

/* nf_enc_sf.c: softflowd 1.1's exact layout */
void		 nfe_sf_build(const struct nf_encoder *, struct nfe_template *,
		    int, int);
void		 nfe_sf_options(const struct nf_encoder *,
		    struct nfe_template *);
uint8_t		*nfe_sf_field(struct nf_encoder *, uint8_t *,
		    const struct nfe_field *, const struct flow *,
		    const struct nfe_clock *);

/* nf_enc_v9.c, nf_enc_ipfix.c */
size_t		 nfe_v9_next(struct nf_encoder *, uint8_t *, size_t,
		    const struct nfe_clock *, const struct timeval *);
size_t		 nfe_ipfix_next(struct nf_encoder *, uint8_t *, size_t,
		    const struct nfe_clock *, const struct timeval *);

#endif /* FLOWD_NF_ENC_LOCAL_H */
