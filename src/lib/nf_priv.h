/*
 * nf_priv.h: the decoder's internal state, shared by the nf_*.c files
 * and nobody else.
 */
#ifndef FLOWD_NF_PRIV_H
#define FLOWD_NF_PRIV_H

#include <sys/types.h>
#include <sys/time.h>

#include <stdint.h>
#include <string.h>

#include "sys-queue.h"

#include "flow.h"
#include "nf_decode.h"

#define NF_TPL_BUCKETS		32	/* per domain; ids hash well */
#define NF_MAX_FIELDS		16384	/* a 64 KiB set holds no more */
#define NF_VARLEN		0xffff	/* IPFIX variable-length field */
#define NF_PEN_REVERSE		29305	/* RFC 5103 reverse IEs */

/* How one template field lands in struct flow (nf_ie.c). */
enum nf_op {
	OP_SKIP = 0,
	OP_OCTETS, OP_PACKETS, OP_OCTETS_TOT, OP_PACKETS_TOT,
	OP_PROTO, OP_TOS, OP_TCP_FLAGS,
	OP_SRC_PORT, OP_DST_PORT,
	OP_SRC4, OP_DST4, OP_GW4, OP_SRC6, OP_DST6, OP_GW6,
	OP_SRC_MASK, OP_DST_MASK,
	OP_IF_IN, OP_IF_OUT, OP_SRC_AS, OP_DST_AS,
	OP_REL_END, OP_REL_START,
	OP_OUT_OCTETS, OP_OUT_PACKETS,
	OP_FLOW_LABEL, OP_ICMP_TC, OP_ICMP_TYPE, OP_ICMP_CODE,
	OP_SAMP_INTERVAL, OP_SAMP_ALGO,
	OP_ENGINE_TYPE, OP_ENGINE_ID,
	OP_SRC_MAC, OP_DST_MAC, OP_POST_SRC_MAC, OP_POST_DST_MAC,
	OP_SRC_VLAN, OP_DST_VLAN,
	OP_IP_VERSION, OP_DIRECTION, OP_END_REASON,
	OP_ABS_START_S, OP_ABS_END_S, OP_ABS_START_MS, OP_ABS_END_MS,
	OP_ABS_START_NTP, OP_ABS_END_NTP,
	OP_SYS_INIT_MS,
	OP_NAT_SRC4, OP_NAT_DST4, OP_NAT_SRC6, OP_NAT_DST6,
	OP_NAT_SRC_PORT, OP_NAT_DST_PORT,
	OP_MAX
};

/* Encodings, for length checks. */
#define NF_ENC_UINT	1	/* 1..maxlen bytes, big-endian */
#define NF_ENC_ADDR4	2
#define NF_ENC_ADDR6	3
#define NF_ENC_MAC	4
#define NF_ENC_NTP	5	/* 8-byte NTP timestamp */

struct nf_ie {
	uint8_t		op;
	uint8_t		enc;
	uint8_t		maxlen;
	uint8_t		reversible;	/* has a meaning under PEN 29305 */
};

const struct nf_ie *nf_ie_lookup(uint16_t);

struct nf_field {
	uint16_t	len;		/* NF_VARLEN: length in the record */
	uint8_t		op;
	uint8_t		rev;		/* writes the reverse flow */
};

#define NF_TK_DATA	0
#define NF_TK_OPTIONS	1

struct nf_template {
	TAILQ_ENTRY(nf_template) lru;	/* domain's, most recent last */
	struct nf_template	*hnext;
	uint16_t	id;
	uint8_t		kind;		/* NF_TK_* */
	uint8_t		has_rev;
	uint16_t	nfields;
	uint16_t	nscope;
	uint32_t	minlen;		/* shortest record */
	uint32_t	fixlen;		/* record length, 0 if variable */
	uint32_t	cap;		/* fields allocated */
	time_t		last_seen;	/* receive time of last (re)announce */
	struct nf_field	f[];
};

struct nf_domain {
	TAILQ_ENTRY(nf_domain)	 entry;	/* exporter's, most recent first */
	TAILQ_HEAD(, nf_template) lru;
	struct nf_template	*hash[NF_TPL_BUCKETS];
	uint32_t	id;		/* source id / domain / v5 engine */
	uint16_t	version;
	u_int		ntemplates;
	int		seq_valid;
	uint32_t	next_seq;
	int		samp_valid;
	uint32_t	samp_interval;
	uint16_t	samp_algo;
	int		init_valid;
	uint64_t	sys_init_ms;	/* IE 160 from options data */
};

struct nf_exporter {
	TAILQ_ENTRY(nf_exporter) lru;	/* collector's, most recent last */
	struct nf_exporter	*hnext;
	TAILQ_HEAD(nf_domain_head, nf_domain) domains;
	struct xaddr	addr;
	uint16_t	port;
	uint16_t	last_version;
	uint64_t	uid;		/* never reused; keys pending data */
	u_int		ndomains;
	u_int		ntemplates;
	struct timeval	first_seen;
	struct timeval	last_seen;
	struct nf_counters c;
};

struct nf_collector {
	struct nf_limits	 lim;
	struct nf_exporter	**htab;
	u_int			 hmask;
	TAILQ_HEAD(, nf_exporter) lru;
	u_int			 nexporters;
	uint64_t		 next_uid;
	struct nf_exporter	*last;	/* one-entry lookup cache */
	struct nf_field		*scratch; /* template being parsed */
	uint8_t			*pend;	/* pending data, see nf_pending.c */
	size_t			 pend_len;
	size_t			 pend_cap;
	u_int			 pend_live;
	uint64_t		 exporters_added;
	uint64_t		 exporters_evicted;
	struct nf_counters	 c;	/* totals, including evicted */
};

/* Per-datagram decoding context. */
struct nf_ctx {
	struct nf_collector	*col;
	struct nf_exporter	*exp;
	struct nf_domain	*dom;
	nf_flow_cb		 cb;
	void			*arg;
	struct flow		 base;	/* header-derived fields */
	uint64_t		 export_ms;
	time_t			 now;
	enum nf_reason		 first;
	uint32_t		 nrecords; /* data records, for IPFIX seq */
	int			 seq_unknown;
	int			 replay;	/* decoding pending data */
};

/* Count an event for the exporter (if known yet) and the totals. */
#define NF_COUNT(ctx, m, n) do {					\
	(ctx)->col->c.m += (n);						\
	if ((ctx)->exp != NULL)						\
		(ctx)->exp->c.m += (n);					\
} while (0)

/* nf_decode.c */
void	 nf_problem(struct nf_ctx *, enum nf_reason);
void	 nf_emit(struct nf_ctx *, const struct flow *, int);
void	 nf_derive_abs(struct flow *, uint64_t);
void	 nf_seq_check(struct nf_ctx *, uint32_t, uint32_t);
int	 nf_all_zero(const uint8_t *, size_t);
enum nf_reason nf_data_or_hold(struct nf_ctx *, uint16_t, const uint8_t *,
	    size_t);

/* nf_v1.c: bytes 0-35 of a v1/v5/v7 record, the same in all three. */
void	 nf_fixed_common(const struct nf_ctx *, struct flow *,
	    const uint8_t *);

/* nf_v1.c, nf_v5.c, nf_v7.c, nf_v9.c, nf_ipfix.c */
enum nf_reason nf_v1_decode(struct nf_ctx *, const uint8_t *, size_t);
enum nf_reason nf_v5_decode(struct nf_ctx *, const uint8_t *, size_t);
enum nf_reason nf_v7_decode(struct nf_ctx *, const uint8_t *, size_t);
enum nf_reason nf_v9_decode(struct nf_ctx *, const uint8_t *, size_t);
enum nf_reason nf_ipfix_decode(struct nf_ctx *, const uint8_t *, size_t);

/* nf_exporter.c */
struct nf_exporter *nf_exporter_get(struct nf_collector *,
	    const struct xaddr *, uint16_t, const struct timeval *);
struct nf_domain *nf_domain_get(struct nf_collector *, struct nf_exporter *,
	    uint16_t, uint32_t);
int	 nf_exporter_rehash(struct nf_collector *, u_int);
void	 nf_exporter_free_all(struct nf_collector *);
void	 nf_exporter_trim(struct nf_collector *);

/* nf_template.c */
void	 nf_field_compile(struct nf_ctx *, uint16_t, uint32_t, uint16_t,
	    struct nf_field *);
enum nf_reason nf_template_add(struct nf_ctx *, uint16_t, int, u_int,
	    u_int);
struct nf_template *nf_template_find(struct nf_ctx *, uint16_t);
void	 nf_template_withdraw(struct nf_ctx *, uint16_t, int);
void	 nf_template_free_domain(struct nf_collector *, struct nf_exporter *,
	    struct nf_domain *);
void	 nf_template_trim(struct nf_collector *, struct nf_exporter *,
	    struct nf_domain *);

/* nf_record.c */
enum nf_reason nf_data_set(struct nf_ctx *, const struct nf_template *,
	    const uint8_t *, size_t);

/* nf_pending.c */
int	 nf_pending_init(struct nf_collector *, size_t);
void	 nf_pending_hold(struct nf_ctx *, uint16_t, const uint8_t *, size_t);
void	 nf_pending_run(struct nf_ctx *, const struct nf_template *);
void	 nf_pending_free(struct nf_collector *);

/* Big-endian reads; callers have checked the bounds. */
static inline uint16_t
nf_get16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

static inline uint32_t
nf_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static inline uint64_t
nf_get64(const uint8_t *p)
{
	return ((uint64_t)nf_get32(p) << 32 | nf_get32(p + 4));
}

/*
 * The length rules of v1, v5 and v7: a header, then 1 to max records of
 * a fixed size, and nothing else.  Inline, like the two below: they run
 * on the hottest decode path and their sizes are constants there.
 */
static inline enum nf_reason
nf_fixed_check(const uint8_t *p, size_t len, size_t hdr, size_t rec,
    u_int max, u_int *count)
{
	if (len < hdr)
		return (NF_SHORT);
	*count = nf_get16(p + 2);
	if (*count == 0 || *count > max)
		return (NF_BAD_COUNT);
	if (len != hdr + (size_t)*count * rec)
		return (NF_BAD_LENGTH);
	return (NF_OK);
}

/* Uptime and export time sit at the same offsets in all three headers. */
static inline void
nf_fixed_header(struct nf_ctx *ctx, const uint8_t *p)
{
	ctx->base.sys_uptime_ms = nf_get32(p + 4);
	ctx->base.export_sec = nf_get32(p + 8);
	ctx->base.export_nsec = nf_get32(p + 12);
	ctx->export_ms = (uint64_t)ctx->base.export_sec * 1000 +
	    ctx->base.export_nsec / 1000000;
}

/*
 * Bytes 37-45 of a v5 or v7 record, laid out the same in both.  Inline:
 * it runs once per record on the hottest decode path.
 */
static inline void
nf_v5_tail(struct flow *f, const uint8_t *r)
{
	f->tcp_flags = r[37];
	f->protocol = r[38];
	f->tos = r[39];
	f->src_as = nf_get16(r + 40);
	f->dst_as = nf_get16(r + 42);
	f->src_mask = r[44];
	f->dst_mask = r[45];
}

/*
 * A reduced-size unsigned integer of 1..8 bytes.  Forced inline: in the
 * record loop the compiler otherwise makes it a call, and v9 and IPFIX
 * decoding then ran at two thirds of the speed or less (bench/decode).
 */
static inline __attribute__((__always_inline__)) uint64_t
nf_getn(const uint8_t *p, size_t len)
{
	uint64_t	v;

	switch (len) {
	case 1:
		return (p[0]);
	case 2:
		return (nf_get16(p));
	case 4:
		return (nf_get32(p));
	case 8:
		return (nf_get64(p));
	}
	v = 0;
	while (len-- > 0)
		v = v << 8 | *p++;
	return (v);
}

#endif /* FLOWD_NF_PRIV_H */
