/*
 * fuzz_filter: random rule sets against random flows.  The compiled
 * evaluator (filter_eval) must agree with the plain evaluator below,
 * which follows the documented semantics one criterion at a time with
 * no shortcuts: same action, same winning rule, same tag, and the same
 * per-rule counters at the end.  Times run in a zone with DST so the
 * evaluator's offset cache is checked against localtime_r().
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "addr.h"
#include "filter.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

#define MAXRULES	12
#define MAXFLOWS	16
/* 2024-03-31 00:00 UTC: Europe/Berlin changes to summer time at 01:00. */
#define TIME_BASE	1711843200U

struct input {
	const uint8_t	*p;
	size_t		 left;
};

struct ref_counts {
	uint64_t	 evals, matches, wins;
};

static uint8_t
get8(struct input *in)
{
	if (in->left == 0)
		return (0);
	in->left--;
	return (*in->p++);
}

static uint32_t
get32(struct input *in)
{
	uint32_t	 v = 0;
	int		 i;

	for (i = 0; i < 4; i++)
		v = (v << 8) | get8(in);
	return (v);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (access("/usr/share/zoneinfo/Europe/Berlin", R_OK) == 0)
		setenv("TZ", "Europe/Berlin", 1);
	else
		setenv("TZ", "UTC", 1);
	tzset();
	return (0);
}

/* Few distinct address bytes, so prefixes and flows often meet. */
static void
rand_addr(struct input *in, struct xaddr *a, int af)
{
	int	 i;

	memset(a, 0, sizeof(*a));
	a->af = (sa_family_t)af;
	for (i = 0; i < (af == AF_INET ? 4 : 16); i++)
		a->addr8[i] = (uint8_t)(get8(in) & 0x81);
}

static void
rand_prefix(struct input *in, struct filter_prefix *p)
{
	struct xaddr	 m, a;
	int		 af = get8(in) & 1 ? AF_INET6 : AF_INET;

	rand_addr(in, &a, af);
	p->len = get8(in) % (addr_maxlen(af) + 1);
	addr_netmask(af, p->len, &m);
	addr_and(&p->addr, &a, &m);
}

static void
rand_crit(struct input *in, struct filter_crit *c)
{
	uint64_t	 max;
	size_t		 i;
	uint8_t		 b;

	memset(c, 0, sizeof(*c));
	c->kind = (enum filter_kind)(get8(in) % FK_MAX);
	c->neg = get8(in) & 1;
	switch (c->kind) {
	case FK_AGENT:
	case FK_SRC:
	case FK_DST:
		b = get8(in);
		if (b % 8 == 0) {
			c->u.pfx.any = 1;
			break;
		}
		c->u.pfx.n = 1 + b % 3;
		c->u.pfx.list = c->u.pfx.n > 1;
		if ((c->u.pfx.v = calloc(c->u.pfx.n,
		    sizeof(*c->u.pfx.v))) == NULL)
			abort();
		for (i = 0; i < c->u.pfx.n; i++)
			rand_prefix(in, &c->u.pfx.v[i]);
		break;
	case FK_AF:
		c->u.af = get8(in) & 1 ? AF_INET6 : AF_INET;
		break;
	case FK_TCP_FLAGS:
		c->u.tcp.mask = get8(in);
		c->u.tcp.flags = get8(in) & c->u.tcp.mask;
		break;
	case FK_DAYS:
		c->u.days = get8(in) & 0x7f;
		break;
	case FK_AFTER_TIME:
	case FK_BEFORE_TIME:
		c->u.tod = get32(in) % 86400;
		break;
	case FK_AFTER_DATE:
	case FK_BEFORE_DATE:
		c->u.date = (int64_t)TIME_BASE + (int64_t)(get32(in) % 259200);
		break;
	default:
		max = filter_range_max(c->kind);
		c->u.range.lo = get8(in) % 8;
		c->u.range.hi = c->u.range.lo + get8(in) % 8;
		if (get8(in) & 1)
			c->u.range.hi = max;
		if (c->u.range.hi > max)
			c->u.range.hi = max;
		if (c->u.range.lo > c->u.range.hi)
			c->u.range.lo = c->u.range.hi;
		break;
	}
}

static void
rand_flow(struct input *in, struct flow *f)
{
	memset(f, 0, sizeof(*f));
	f->fields = get32(in);
	rand_addr(in, &f->agent, f->fields & FLOW_AGENT_ADDR6 ?
	    AF_INET6 : AF_INET);
	rand_addr(in, &f->src, f->fields & FLOW_SRC_ADDR6 ? AF_INET6 : AF_INET);
	rand_addr(in, &f->dst, f->fields & FLOW_DST_ADDR6 ? AF_INET6 : AF_INET);
	f->exporter_port = get8(in) % 10;
	f->src_port = get8(in) % 10;
	f->dst_port = get8(in) % 10;
	f->if_in = get8(in) % 10;
	f->if_out = get8(in) % 10;
	f->protocol = get8(in) % 10;
	f->tos = get8(in) % 10;
	f->tcp_flags = get8(in);
	f->packets = get8(in) % 10;
	f->octets = get8(in) % 10;
	f->netflow_version = get8(in) % 10;
	f->recv_sec = TIME_BASE + get32(in) % 259200;
}

/* The reference: one criterion, straight from the manual page. */
static int
ref_prefix(const struct filter_crit *c, const struct flow *f)
{
	const struct xaddr	*a;
	uint32_t		 b4, b6;
	size_t			 i;
	int			 af;
	struct xaddr		 tmp;

	if (c->u.pfx.any)
		return (1);
	switch (c->kind) {
	case FK_AGENT:
		a = &f->agent;
		b4 = FLOW_AGENT_ADDR4;
		b6 = FLOW_AGENT_ADDR6;
		break;
	case FK_SRC:
		a = &f->src;
		b4 = FLOW_SRC_ADDR4;
		b6 = FLOW_SRC_ADDR6;
		break;
	default:
		a = &f->dst;
		b4 = FLOW_DST_ADDR4;
		b6 = FLOW_DST_ADDR6;
		break;
	}
	for (i = 0; i < c->u.pfx.n; i++) {
		af = c->u.pfx.v[i].addr.af;
		if (!(f->fields & (af == AF_INET ? b4 : b6)))
			continue;
		tmp = *a;
		tmp.af = (sa_family_t)af;
		tmp.scope_id = 0;
		if (addr_in_prefix(&tmp, &c->u.pfx.v[i].addr,
		    c->u.pfx.v[i].len))
			return (1);
	}
	return (0);
}

static int
ref_crit(const struct filter_crit *c, const struct flow *f)
{
	struct tm	 tm;
	time_t		 t = (time_t)f->recv_sec;
	uint64_t	 v;
	uint32_t	 tod;

	if (c->kind == FK_AGENT || c->kind == FK_SRC || c->kind == FK_DST)
		return (ref_prefix(c, f));
	if (c->kind == FK_AF) {
		if (c->u.af == AF_INET)
			return ((f->fields & (FLOW_SRC_ADDR4 |
			    FLOW_DST_ADDR4)) != 0);
		return ((f->fields & (FLOW_SRC_ADDR6 | FLOW_DST_ADDR6)) != 0);
	}
	if (!(f->fields & filter_crit_fields(c)))
		return (0);
	if (localtime_r(&t, &tm) == NULL)
		abort();
	tod = (uint32_t)(tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
	switch (c->kind) {
	case FK_TCP_FLAGS:
		return ((f->tcp_flags & c->u.tcp.mask) == c->u.tcp.flags);
	case FK_DAYS:
		return ((c->u.days & (1 << tm.tm_wday)) != 0);
	case FK_AFTER_TIME:
		return (tod >= c->u.tod);
	case FK_BEFORE_TIME:
		return (tod <= c->u.tod);
	case FK_AFTER_DATE:
		return ((int64_t)f->recv_sec > c->u.date);
	case FK_BEFORE_DATE:
		return ((int64_t)f->recv_sec < c->u.date);
	case FK_AGENT_PORT:
		v = f->exporter_port;
		break;
	case FK_SRC_PORT:
		v = f->src_port;
		break;
	case FK_DST_PORT:
		v = f->dst_port;
		break;
	case FK_IF_IN:
		v = f->if_in;
		break;
	case FK_IF_OUT:
		v = f->if_out;
		break;
	case FK_PROTO:
		v = f->protocol;
		break;
	case FK_TOS:
		v = f->tos;
		break;
	case FK_PACKETS:
		v = f->packets;
		break;
	case FK_OCTETS:
		v = f->octets;
		break;
	case FK_VERSION:
		v = f->netflow_version;
		break;
	default:
		abort();
	}
	return (v >= c->u.range.lo && v <= c->u.range.hi);
}

static int
ref_rule(const struct filter_rule *r, const struct flow *f)
{
	size_t	 i;

	for (i = 0; i < r->ncrit; i++)
		if (ref_crit(&r->crit[i], f) == r->crit[i].neg)
			return (0);
	return (1);
}

/* Last match wins, quick stops, default accept. */
static void
ref_eval(const struct filter_list *l, const struct flow *f,
    struct filter_verdict *v, struct ref_counts *rc)
{
	const struct filter_rule	*r;
	int				 i = 0, win = -1;

	v->action = FILTER_ACCEPT;
	v->tagged = 0;
	v->tag = 0;
	TAILQ_FOREACH(r, l, entry) {
		rc[i].evals++;
		if (ref_rule(r, f)) {
			rc[i].matches++;
			win = i;
			v->action = r->action;
			v->tagged = r->tagged && r->action == FILTER_ACCEPT;
			v->tag = r->tag;
			if (r->quick)
				break;
		}
		i++;
	}
	v->rule = win;
	if (win >= 0)
		rc[win].wins++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct filter_list	 l = TAILQ_HEAD_INITIALIZER(l);
	struct ref_counts	 rc[MAXRULES];
	struct input		 in = { data, size };
	struct filter_rule	*r;
	struct filter_crit	 c;
	struct filter_verdict	 got, want;
	struct filter		*fl;
	struct flow		 f;
	int			 nrules, ncrit, nflows, i, j;

	if (size > 4096)
		return (0);
	memset(rc, 0, sizeof(rc));
	nrules = get8(&in) % MAXRULES + 1;
	for (i = 0; i < nrules; i++) {
		if ((r = filter_rule_new(get8(&in) & 1 ? FILTER_ACCEPT :
		    FILTER_DISCARD)) == NULL)
			abort();
		j = get8(&in);
		r->quick = j & 1;
		r->tagged = (j >> 1) & 1;
		r->tag = (uint32_t)j >> 2;
		ncrit = get8(&in) % 5;
		for (j = 0; j < ncrit; j++) {
			rand_crit(&in, &c);
			if (filter_rule_add(r, &c) == -1)
				filter_crit_free(&c);
		}
		TAILQ_INSERT_TAIL(&l, r, entry);
	}
	if ((fl = filter_compile(&l)) == NULL)
		abort();
	nflows = get8(&in) % MAXFLOWS + 1;
	for (i = 0; i < nflows; i++) {
		rand_flow(&in, &f);
		filter_eval(fl, &f, &got);
		ref_eval(&l, &f, &want, rc);
		if (got.action != want.action || got.rule != want.rule ||
		    got.tagged != want.tagged ||
		    (want.tagged && got.tag != want.tag)) {
			fprintf(stderr, "flow %d: got action %d rule %d, "
			    "want action %d rule %d\n", i, got.action,
			    got.rule, want.action, want.rule);
			abort();
		}
	}
	filter_stats(fl, &l);
	i = 0;
	TAILQ_FOREACH(r, &l, entry) {
		if (r->evaluations != rc[i].evals ||
		    r->matches != rc[i].matches || r->wins != rc[i].wins) {
			fprintf(stderr, "rule %d: counters differ\n", i);
			abort();
		}
		i++;
	}
	filter_free(fl);
	filter_list_free(&l);
	return (0);
}
