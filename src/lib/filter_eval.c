/*
 * filter_eval.c: compile a rule list into a flat program and run it.
 *
 * Almost every criterion is the same test on a different part of the
 * flow: load 8 bytes at an offset in struct flow, AND a mask, and check
 * that the result minus "lo" is at most "span" (unsigned, so values
 * below lo wrap to huge numbers).  A number range is that test with a
 * mask as wide as the field; an IPv4 prefix or tcp_flags is a masked
 * equality (span 0); inet/inet6 is the presence test alone.  Only IPv6
 * prefixes, prefix lists and the time-of-day criteria need code of
 * their own.  Each op also names the flow fields it needs: if none is
 * present, it does not hold.
 *
 * A rule's ops are evaluated without branching on their results and
 * ANDed, so the only data-dependent branch per rule is whether it
 * matched.  Fields that every plain criterion of a rule needs are
 * checked first, skipping rules that cannot match.
 *
 * Evaluation counts are not written per rule per flow: a rule is
 * evaluated on every call except when an earlier quick rule stopped the
 * walk, so filter_stats() derives them from the call count and the
 * per-rule quick stops.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compat.h"
#include "addr.h"
#include "filter.h"

enum fop_code {
	OP_LOAD,		/* ((load8(off) & m) - lo) <= span */
	OP_PFX6,		/* two masked 8-byte compares */
	OP_PFXLIST,
	OP_DAYS,
	OP_AFTER_TIME,
	OP_BEFORE_TIME
};

/* One prefix of a list, as two masked 8-byte halves. */
struct fpfx {
	uint64_t	m[2], n[2];
	uint32_t	bit;		/* presence bit of its family */
};

struct fop {
	uint64_t	m, lo, span;
	uint32_t	need;		/* any of these fields, or no match */
	uint16_t	off;		/* offset of the value in a flow */
	uint8_t		code;
	uint8_t		neg;
	uint32_t	aux;		/* OP_PFX6/OP_PFXLIST: first fpfx */
	uint32_t	naux;		/* OP_PFXLIST: how many */
};

struct frule {
	uint32_t	 need;		/* all of these, or no match */
	uint32_t	 first;		/* first op */
	uint32_t	 nops;
	int		 action;
	int		 quick;
	int		 tagged;
	int		 never;		/* "! any" or an empty range */
	uint32_t	 tag;
	uint64_t	 matches;
	uint64_t	 wins;
	uint64_t	 quickstops;
};

#define TZ_SLOT		900
#define TZ_CACHE	1024

struct filter {
	struct frule	*rules;
	size_t		 nrules;
	struct fop	*ops;
	size_t		 nops;
	struct fpfx	*pfx;
	size_t		 npfx;
	uint64_t	 calls;
	/*
	 * UTC offsets by 15-minute slot (every zone's changes fall on
	 * one), direct-mapped, since flows of one batch are close in time.
	 */
	struct tzslot {
		int64_t	 slot;
		int64_t	 off;
	}		 tz[TZ_CACHE];
	/* The current flow's local time, once a criterion needed it. */
	int64_t		 ltime_sec;
	int		 ltime_wday;
	uint32_t	 ltime_tod;
};


/*
 * The value of an n-byte field as OP_LOAD sees it in its 8-byte load:
 * the low bytes on a little-endian host, the high ones on a big-endian
 * one.  Shifting keeps the order of values, so ranges still work.
 */
static u_int
load_shift(u_int width)
{
	const uint16_t	 one = 1;

	return (*(const uint8_t *)&one == 1 ? 0 : 64 - 8 * width);
}

static uint64_t
raw8(const uint8_t *p)
{
	uint64_t	 v;

	memcpy(&v, p, sizeof(v));
	return (v);
}

/* Offset and width of the number a range criterion reads. */
static int
range_field(enum filter_kind k, size_t *off, u_int *width)
{
	switch (k) {
	case FK_AGENT_PORT:
		*off = offsetof(struct flow, exporter_port);
		*width = 2;
		break;
	case FK_SRC_PORT:
		*off = offsetof(struct flow, src_port);
		*width = 2;
		break;
	case FK_DST_PORT:
		*off = offsetof(struct flow, dst_port);
		*width = 2;
		break;
	case FK_IF_IN:
		*off = offsetof(struct flow, if_in);
		*width = 4;
		break;
	case FK_IF_OUT:
		*off = offsetof(struct flow, if_out);
		*width = 4;
		break;
	case FK_PROTO:
		*off = offsetof(struct flow, protocol);
		*width = 1;
		break;
	case FK_TOS:
		*off = offsetof(struct flow, tos);
		*width = 1;
		break;
	case FK_PACKETS:
		*off = offsetof(struct flow, packets);
		*width = 8;
		break;
	case FK_OCTETS:
		*off = offsetof(struct flow, octets);
		*width = 8;
		break;
	case FK_VERSION:
		*off = offsetof(struct flow, netflow_version);
		*width = 2;
		break;
	case FK_AFTER_DATE:
	case FK_BEFORE_DATE:
		*off = offsetof(struct flow, recv_sec);
		*width = 4;
		break;
	case FK_TCP_FLAGS:
		*off = offsetof(struct flow, tcp_flags);
		*width = 1;
		break;
	default:
		return (-1);
	}
	return (0);
}

static void
set_range(struct fop *o, u_int width, uint64_t lo, uint64_t hi)
{
	u_int	 sh = load_shift(width);

	o->m = (width == 8 ? UINT64_MAX : ((1ULL << (8 * width)) - 1)) << sh;
	o->lo = lo << sh;
	o->span = (hi - lo) << sh;
}

static size_t
addr_off(enum filter_kind k)
{
	switch (k) {
	case FK_AGENT:
		return (offsetof(struct flow, agent) + offsetof(struct xaddr, xa));
	case FK_SRC:
		return (offsetof(struct flow, src) + offsetof(struct xaddr, xa));
	default:
		return (offsetof(struct flow, dst) + offsetof(struct xaddr, xa));
	}
}

static uint32_t
addr_bit(enum filter_kind k, int af)
{
	switch (k) {
	case FK_AGENT:
		return (af == AF_INET ? FLOW_AGENT_ADDR4 : FLOW_AGENT_ADDR6);
	case FK_SRC:
		return (af == AF_INET ? FLOW_SRC_ADDR4 : FLOW_SRC_ADDR6);
	default:
		return (af == AF_INET ? FLOW_DST_ADDR4 : FLOW_DST_ADDR6);
	}
}

static void
make_fpfx(struct fpfx *p, enum filter_kind k, const struct filter_prefix *fp)
{
	struct xaddr	 m;

	addr_netmask(fp->addr.af, fp->len, &m);
	p->m[0] = raw8(m.addr8);
	p->m[1] = raw8(m.addr8 + 8);
	p->n[0] = raw8(fp->addr.addr8) & p->m[0];
	p->n[1] = raw8(fp->addr.addr8 + 8) & p->m[1];
	p->bit = addr_bit(k, fp->addr.af);
}

/*
 * Compile one criterion.  Returns 1 if it became an op, 0 if it holds
 * for every flow (and was dropped), -1 if it never holds.
 */
static int
compile_crit(struct filter *fl, struct fop *o, const struct filter_crit *c)
{
	struct xaddr	 m;
	size_t		 off, i;
	u_int		 width;
	uint64_t	 lo, hi;
	int		 always = 0, never = 0;

	memset(o, 0, sizeof(*o));
	o->neg = c->neg ? 1 : 0;
	o->need = filter_crit_fields(c);
	o->code = OP_LOAD;
	switch (c->kind) {
	case FK_AGENT:
	case FK_SRC:
	case FK_DST:
		if (c->u.pfx.any || c->u.pfx.n == 0) {
			/* "any" holds even for a flow without the field. */
			always = c->u.pfx.any;
			never = !c->u.pfx.any;
			break;
		}
		off = addr_off(c->kind);
		if (c->u.pfx.n == 1 && c->u.pfx.v[0].addr.af == AF_INET) {
			addr_netmask(AF_INET, c->u.pfx.v[0].len, &m);
			o->off = (uint16_t)off;
			o->need = addr_bit(c->kind, AF_INET);
			/* Only the first 4 of the 8 loaded bytes count. */
			o->m = raw8(m.addr8);
			o->lo = raw8(c->u.pfx.v[0].addr.addr8) & o->m;
			o->span = 0;
			break;
		}
		o->off = (uint16_t)off;
		o->aux = (uint32_t)fl->npfx;
		o->naux = (uint32_t)c->u.pfx.n;
		o->code = c->u.pfx.n == 1 ? OP_PFX6 : OP_PFXLIST;
		o->need = 0;
		for (i = 0; i < c->u.pfx.n; i++) {
			make_fpfx(&fl->pfx[fl->npfx], c->kind, &c->u.pfx.v[i]);
			o->need |= fl->pfx[fl->npfx++].bit;
		}
		break;
	case FK_AF:
		/* Presence is the whole test. */
		o->need = c->u.af == AF_INET6 ?
		    (FLOW_SRC_ADDR6 | FLOW_DST_ADDR6) :
		    (FLOW_SRC_ADDR4 | FLOW_DST_ADDR4);
		o->m = o->lo = o->span = 0;
		break;
	case FK_TCP_FLAGS:
		range_field(c->kind, &off, &width);
		o->off = (uint16_t)off;
		o->m = (uint64_t)c->u.tcp.mask << load_shift(1);
		o->lo = (uint64_t)c->u.tcp.flags << load_shift(1);
		o->span = 0;
		break;
	case FK_DAYS:
		o->code = OP_DAYS;
		o->lo = c->u.days;
		break;
	case FK_AFTER_TIME:
	case FK_BEFORE_TIME:
		o->code = c->kind == FK_AFTER_TIME ? OP_AFTER_TIME :
		    OP_BEFORE_TIME;
		o->lo = c->u.tod;
		break;
	case FK_AFTER_DATE:
	case FK_BEFORE_DATE:
		/* recv_sec is 32 bits: clamp the strict bound to it. */
		range_field(c->kind, &off, &width);
		o->off = (uint16_t)off;
		if (c->kind == FK_AFTER_DATE) {
			if (c->u.date >= (int64_t)UINT32_MAX) {
				never = 1;
				break;
			}
			lo = c->u.date < 0 ? 0 : (uint64_t)c->u.date + 1;
			hi = UINT32_MAX;
		} else {
			if (c->u.date <= 0) {
				never = 1;
				break;
			}
			lo = 0;
			hi = c->u.date > (int64_t)UINT32_MAX ? UINT32_MAX :
			    (uint64_t)c->u.date - 1;
		}
		set_range(o, width, lo, hi);
		break;
	default:
		if (range_field(c->kind, &off, &width) == -1)
			return (-1);
		o->off = (uint16_t)off;
		if (c->u.range.lo > c->u.range.hi) {
			never = 1;
			break;
		}
		set_range(o, width, c->u.range.lo, c->u.range.hi);
		break;
	}
	if (always || never)
		return ((always != 0) != (o->neg != 0) ? 0 : -1);
	return (1);
}

struct filter *
filter_compile(const struct filter_list *l)
{
	const struct filter_rule	*r;
	struct filter			*fl;
	struct frule			*fr;
	struct fop			*o;
	size_t				 nrules = 0, nops = 0, npfx = 0, i;
	int				 rc;

	TAILQ_FOREACH(r, l, entry) {
		nrules++;
		nops += r->ncrit;
		for (i = 0; i < r->ncrit; i++)
			if (r->crit[i].kind == FK_AGENT ||
			    r->crit[i].kind == FK_SRC ||
			    r->crit[i].kind == FK_DST)
				npfx += r->crit[i].u.pfx.n;
	}
	if ((fl = calloc(1, sizeof(*fl))) == NULL)
		return (NULL);
	for (i = 0; i < TZ_CACHE; i++)
		fl->tz[i].slot = INT64_MIN;
	fl->rules = calloc(nrules ? nrules : 1, sizeof(*fl->rules));
	fl->ops = calloc(nops ? nops : 1, sizeof(*fl->ops));
	fl->pfx = calloc(npfx ? npfx : 1, sizeof(*fl->pfx));
	if (fl->rules == NULL || fl->ops == NULL || fl->pfx == NULL) {
		filter_free(fl);
		return (NULL);
	}
	fl->nrules = nrules;

	fr = fl->rules;
	o = fl->ops;
	TAILQ_FOREACH(r, l, entry) {
		fr->action = r->action;
		fr->quick = r->quick;
		fr->tagged = r->tagged && r->action == FILTER_ACCEPT;
		fr->tag = r->tag;
		fr->first = (uint32_t)(o - fl->ops);
		for (i = 0; i < r->ncrit; i++) {
			if ((rc = compile_crit(fl, o, &r->crit[i])) <= 0) {
				if (rc == -1)
					fr->never = 1;
				continue;
			}
			/*
			 * A plain test on one field needs it present; a
			 * test on either of two fields (inet, mixed lists)
			 * is checked per op.
			 */
			if (!o->neg && (o->need & (o->need - 1)) == 0)
				fr->need |= o->need;
			o++;
		}
		fr->nops = (uint32_t)(o - fl->ops) - fr->first;
		fr++;
	}
	fl->nops = (size_t)(o - fl->ops);
	return (fl);
}

void
filter_free(struct filter *fl)
{
	if (fl == NULL)
		return;
	free(fl->rules);
	free(fl->ops);
	free(fl->pfx);
	free(fl);
}

size_t
filter_nrules(const struct filter *fl)
{
	return (fl->nrules);
}

static void
local_time(struct filter *fl, uint32_t sec, int *wday, uint32_t *tod)
{
	struct tm	 tm;
	time_t		 t;
	int64_t		 slot, loc, days;
	struct tzslot	*c;

	slot = (int64_t)sec / TZ_SLOT;
	c = &fl->tz[slot % TZ_CACHE];
	if (c->slot != slot) {
		t = (time_t)(slot * TZ_SLOT);
		if (localtime_r(&t, &tm) == NULL)
			c->off = 0;
		else
			c->off = tm.tm_gmtoff;
		c->slot = slot;
	}
	loc = (int64_t)sec + c->off;
	days = loc >= 0 ? loc / 86400 : (loc - 86399) / 86400;
	*tod = (uint32_t)(loc - days * 86400);
	/* 1970-01-01 was a Thursday. */
	*wday = (int)(((days % 7) + 11) % 7);
}

static inline int
pfx_match(const struct fpfx *p, const uint8_t *a, uint32_t fields)
{
	int	 has, lo, hi;

	has = (fields & p->bit) != 0;
	lo = (raw8(a) & p->m[0]) == p->n[0];
	hi = (raw8(a + 8) & p->m[1]) == p->n[1];
	return (has & lo & hi);
}

static int
op_special(struct filter *fl, const struct fop *o, const struct flow *f)
{
	const uint8_t	*a = (const uint8_t *)f + o->off;
	uint32_t	 i, tod;
	int		 wday;

	switch (o->code) {
	case OP_PFX6:
		return (pfx_match(&fl->pfx[o->aux], a, f->fields));
	case OP_PFXLIST:
		for (i = 0; i < o->naux; i++)
			if (pfx_match(&fl->pfx[o->aux + i], a, f->fields))
				return (1);
		return (0);
	default:
		break;
	}
	if (!(f->fields & FLOW_RECV_TIME))
		return (0);
	if (fl->ltime_sec != (int64_t)f->recv_sec) {
		local_time(fl, f->recv_sec, &fl->ltime_wday, &fl->ltime_tod);
		fl->ltime_sec = f->recv_sec;
	}
	wday = fl->ltime_wday;
	tod = fl->ltime_tod;
	switch (o->code) {
	case OP_DAYS:
		return ((o->lo >> wday) & 1);
	case OP_AFTER_TIME:
		return (tod >= o->lo);
	case OP_BEFORE_TIME:
		return (tod <= o->lo);
	default:
		return (0);
	}
}

static inline int
rule_match(struct filter *fl, const struct frule *r, const struct flow *f)
{
	const struct fop	*o, *end;
	uint32_t		 fields = f->fields;
	uint64_t		 v;
	int			 ok, t, has;

	/* Mostly the same outcome flow after flow: a cheap branch. */
	if ((fields & r->need) != r->need || r->never)
		return (0);
	ok = 1;
	o = fl->ops + r->first;
	end = o + r->nops;
	for (; o < end; o++) {
		if (o->code == OP_LOAD) {
			v = raw8((const uint8_t *)f + o->off);
			has = (fields & o->need) != 0;
			t = ((v & o->m) - o->lo) <= o->span;
			t &= has;
		} else
			t = op_special(fl, o, f);
		ok &= t ^ o->neg;
	}
	return (ok);
}

/*
 * Decide on one flow; returns FILTER_ACCEPT or FILTER_DISCARD.  Whether
 * a rule matched is data the CPU cannot predict, so it only feeds
 * arithmetic and a conditional move; the one branch left is for quick.
 */
int
filter_eval(struct filter *fl, const struct flow *f, struct filter_verdict *v)
{
	struct frule	*r, *end, *win = NULL;
	int		 m;

	fl->calls++;
	fl->ltime_sec = -1;
	for (r = fl->rules, end = r + fl->nrules; r < end; r++) {
		m = rule_match(fl, r, f);
		r->matches += (uint64_t)m;
		win = m ? r : win;
		if (m & r->quick) {
			r->quickstops++;
			break;
		}
	}
	if (win == NULL) {
		if (v != NULL) {
			v->action = FILTER_ACCEPT;
			v->tagged = 0;
			v->tag = 0;
			v->rule = -1;
		}
		return (FILTER_ACCEPT);
	}
	win->wins++;
	if (v != NULL) {
		v->action = win->action;
		v->tagged = win->tagged;
		v->tag = win->tag;
		v->rule = (int)(win - fl->rules);
	}
	return (win->action);
}

/* filter_eval() that also sets the winning tag on the flow. */
int
filter_apply(struct filter *fl, struct flow *f)
{
	struct filter_verdict	 v;

	filter_eval(fl, f, &v);
	if (v.action == FILTER_ACCEPT && v.tagged) {
		f->tag = v.tag;
		f->fields |= FLOW_TAG;
	}
	return (v.action);
}

/* Copy the counters into the rules the filter was compiled from. */
void
filter_stats(const struct filter *fl, struct filter_list *l)
{
	struct filter_rule	*r;
	uint64_t		 evals = fl->calls;
	size_t			 i = 0;

	TAILQ_FOREACH(r, l, entry) {
		if (i >= fl->nrules)
			break;
		r->evaluations = evals;
		r->matches = fl->rules[i].matches;
		r->wins = fl->rules[i].wins;
		evals -= fl->rules[i].quickstops;
		i++;
	}
}

void
filter_reset_stats(struct filter *fl)
{
	size_t	 i;

	fl->calls = 0;
	for (i = 0; i < fl->nrules; i++)
		fl->rules[i].matches = fl->rules[i].wins =
		    fl->rules[i].quickstops = 0;
}
