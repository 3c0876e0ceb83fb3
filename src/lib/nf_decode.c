/*
 * nf_decode.c: the collector object and the per-datagram entry point:
 * find the exporter from the sender address, fill the fields every
 * flow of the datagram shares, and dispatch on the version.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nf_priv.h"

static const char *const nf_reasons[NF_REASON_MAX] = {
	[NF_OK] =		"ok",
	[NF_SHORT] =		"short datagram",
	[NF_BAD_VERSION] =	"unsupported version",
	[NF_BAD_LENGTH] =	"length disagrees with header",
	[NF_BAD_COUNT] =	"bad record count",
	[NF_BAD_SET] =		"bad set length",
	[NF_BAD_TEMPLATE] =	"malformed template",
	[NF_TEMPLATE_TOO_LONG] = "template too long",
	[NF_NO_TEMPLATE] =	"no template for data",
	[NF_BAD_RECORD] =	"record overruns its set",
	[NF_LIMIT] =		"limit reached",
	[NF_BAD_ADDRESS] =	"unusable sender address",
};

const char *
nf_reason_str(enum nf_reason r)
{
	if ((u_int)r >= NF_REASON_MAX)
		return ("unknown reason");
	return (nf_reasons[r]);
}

void
nf_limits_default(struct nf_limits *l)
{
	memset(l, 0, sizeof(*l));
	l->max_exporters = NF_DEFAULT_MAX_EXPORTERS;
	l->max_domains = NF_DEFAULT_MAX_DOMAINS;
	l->max_templates = NF_DEFAULT_MAX_TEMPLATES;
	l->max_template_len = NF_DEFAULT_MAX_TEMPLATE_LEN;
	l->ipfix_template_lifetime = NF_DEFAULT_IPFIX_LIFETIME;
	l->pending_max = NF_DEFAULT_PENDING_MAX;
}

struct nf_collector *
nf_collector_new(const struct nf_limits *lim)
{
	struct nf_collector	*col;

	if ((col = calloc(1, sizeof(*col))) == NULL)
		return (NULL);
	if (lim != NULL)
		col->lim = *lim;
	else
		nf_limits_default(&col->lim);
	TAILQ_INIT(&col->lru);
	if (nf_exporter_rehash(col, col->lim.max_exporters) == -1 ||
	    (col->scratch = calloc(NF_MAX_FIELDS,
	    sizeof(*col->scratch))) == NULL ||
	    nf_pending_init(col, col->lim.pending_max) == -1) {
		nf_collector_free(col);
		return (NULL);
	}
	return (col);
}

/*
 * New limits apply at once: the tables shrink (LRU first, counted as
 * evictions) and a resized pending buffer starts empty.
 */
void
nf_collector_set_limits(struct nf_collector *col, const struct nf_limits *lim)
{
	struct nf_limits	nl;

	if (lim != NULL)
		nl = *lim;
	else
		nf_limits_default(&nl);
	if (nl.pending_max != col->lim.pending_max) {
		col->c.pending_dropped += col->pend_live;
		if (nf_pending_init(col, nl.pending_max) == -1)
			nl.pending_max = col->lim.pending_max;
	}
	col->lim = nl;
	/* A failed rehash keeps the old table, which still works. */
	(void)nf_exporter_rehash(col, nl.max_exporters);
	nf_exporter_trim(col);
}

void
nf_collector_get_limits(const struct nf_collector *col, struct nf_limits *l)
{
	*l = col->lim;
}

void
nf_collector_free(struct nf_collector *col)
{
	if (col == NULL)
		return;
	nf_exporter_free_all(col);
	nf_pending_free(col);
	free(col->scratch);
	free(col);
}

void
nf_collector_stats(const struct nf_collector *col, struct nf_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->exporters_added = col->exporters_added;
	st->exporters_evicted = col->exporters_evicted;
	st->exporters = col->nexporters;
	st->pending_bytes = col->pend_len;
	st->c = col->c;
}

/* Count a problem; the first one of a datagram is what nf_decode says. */
void
nf_problem(struct nf_ctx *ctx, enum nf_reason r)
{
	NF_COUNT(ctx, reject[r], 1);
	if (ctx->first == NF_OK)
		ctx->first = r;
}

void
nf_emit(struct nf_ctx *ctx, const struct flow *f, int reverse)
{
	NF_COUNT(ctx, flows, 1);
	if (reverse)
		NF_COUNT(ctx, reverse_flows, 1);
	if (ctx->cb != NULL)
		ctx->cb(f, ctx->arg);
}

int
nf_all_zero(const uint8_t *p, size_t n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return (0);
	return (1);
}

/*
 * Sequence numbers are modulo 2^32: a jump forward of less than 2^31 is
 * loss (datagrams for v9, records otherwise), anything else a restart
 * or reordering.
 */
void
nf_seq_check(struct nf_ctx *ctx, uint32_t seq, uint32_t advance)
{
	struct nf_domain	*d = ctx->dom;
	uint32_t		 gap;

	if (d->seq_valid && (gap = seq - d->next_seq) != 0) {
		if (gap >= 0x80000000U)
			NF_COUNT(ctx, seq_resets, 1);
		else if (ctx->base.netflow_version == 9)
			NF_COUNT(ctx, seq_lost_packets, gap);
		else
			NF_COUNT(ctx, seq_lost_records, gap);
	}
	d->next_seq = seq + advance;
	d->seq_valid = 1;
}

/* A v9/IPFIX data set: decode it, or keep it until its template. */
enum nf_reason
nf_data_or_hold(struct nf_ctx *ctx, uint16_t id, const uint8_t *p,
    size_t len)
{
	const struct nf_template	*t;
	enum nf_reason			 r;

	if ((t = nf_template_find(ctx, id)) == NULL) {
		nf_problem(ctx, NF_NO_TEMPLATE);
		nf_pending_hold(ctx, id, p, len);
		return (NF_NO_TEMPLATE);
	}
	if ((r = nf_data_set(ctx, t, p, len)) != NF_OK)
		nf_problem(ctx, r);
	return (r);
}

static int
sender(const struct sockaddr *sa, socklen_t salen, struct xaddr *a,
    uint16_t *port)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;
	static const uint8_t		 mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	memset(a, 0, sizeof(*a));
	*port = 0;
	if (sa == NULL)
		return (0);
	if (sa->sa_family == AF_INET && salen >= sizeof(*sin)) {
		sin = (const struct sockaddr_in *)sa;
		a->af = AF_INET;
		a->v4 = sin->sin_addr;
		*port = ntohs(sin->sin_port);
		return (0);
	}
	if (sa->sa_family == AF_INET6 && salen >= sizeof(*sin6)) {
		sin6 = (const struct sockaddr_in6 *)sa;
		*port = ntohs(sin6->sin6_port);
		/* A v4 exporter seen through a dual-stack socket. */
		if (memcmp(&sin6->sin6_addr, mapped, sizeof(mapped)) == 0) {
			a->af = AF_INET;
			memcpy(a->addr8, sin6->sin6_addr.s6_addr + 12, 4);
			return (0);
		}
		a->af = AF_INET6;
		a->v6 = sin6->sin6_addr;
		a->scope_id = sin6->sin6_scope_id;
		return (0);
	}
	return (-1);
}

enum nf_reason
nf_decode(struct nf_collector *col, const uint8_t *pkt, size_t len,
    const struct sockaddr *from, socklen_t fromlen,
    const struct timeval *recv_time, nf_flow_cb cb, void *arg)
{
	struct nf_ctx	ctx;
	struct timeval	now;
	struct xaddr	a;
	enum nf_reason	r;
	uint16_t	port, version;

	memset(&ctx, 0, sizeof(ctx));
	ctx.col = col;
	ctx.cb = cb;
	ctx.arg = arg;
	if (recv_time != NULL)
		now = *recv_time;
	else
		gettimeofday(&now, NULL);
	ctx.now = now.tv_sec;
	col->c.packets++;
	col->c.octets += len;
	if (sender(from, fromlen, &a, &port) == -1) {
		nf_problem(&ctx, NF_BAD_ADDRESS);
		return (NF_BAD_ADDRESS);
	}
	if ((ctx.exp = nf_exporter_get(col, &a, port, &now)) == NULL) {
		nf_problem(&ctx, NF_LIMIT);
		return (NF_LIMIT);
	}
	ctx.exp->c.packets++;
	ctx.exp->c.octets += len;

	ctx.base.fields = FLOW_RECV_TIME | FLOW_AGENT_INFO;
	ctx.base.recv_sec = now.tv_sec;
	ctx.base.recv_usec = now.tv_usec;
	if (a.af != 0) {
		ctx.base.agent = a;
		ctx.base.fields |= a.af == AF_INET ? FLOW_AGENT_ADDR4 :
		    FLOW_AGENT_ADDR6;
		ctx.base.exporter_port = port;
		ctx.base.fields |= FLOW_EXPORTER_PORT;
	}

	if (len < 4)
		r = NF_SHORT;
	else {
		version = nf_get16(pkt);
		ctx.base.netflow_version = version;
		ctx.exp->last_version = version;
		switch (version) {
		case 1:
			r = nf_v1_decode(&ctx, pkt, len);
			break;
		case 5:
			r = nf_v5_decode(&ctx, pkt, len);
			break;
		case 7:
			r = nf_v7_decode(&ctx, pkt, len);
			break;
		case 9:
			r = nf_v9_decode(&ctx, pkt, len);
			break;
		case 10:
			r = nf_ipfix_decode(&ctx, pkt, len);
			break;
		default:
			r = NF_BAD_VERSION;
			break;
		}
	}
	if (r != NF_OK)
		nf_problem(&ctx, r);
	if (ctx.first == NF_OK)
		NF_COUNT(&ctx, reject[NF_OK], 1);
	return (ctx.first);
}
