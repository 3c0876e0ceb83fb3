/*
 * filter.c: flowd filter rules: building, canonical printing, and a
 * compiled evaluator.
 *
 * filter_compile() flattens every rule into a run of small "ops" with
 * the flow fields each one needs, and gives each rule a mask of fields
 * that must all be present for it to match at all, so most rules that
 * cannot match are skipped with one AND.  Single prefixes become
 * masked 32-bit compares; lists stay lists.  Evaluation counts are not
 * written per rule per flow: a rule is evaluated on every call except
 * when an earlier quick rule stopped the walk, so filter_stats()
 * derives them from the call count and the per-rule quick stops.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "compat.h"
#include "addr.h"
#include "filter.h"

enum fop_code {
	OP_TRUE,
	OP_FALSE,
	OP_PFX4,		/* one IPv4 prefix */
	OP_PFX6,		/* one IPv6 prefix */
	OP_PFXLIST,		/* several prefixes, either family */
	OP_RANGE,		/* lo <= value <= hi */
	OP_AF,			/* src or dst of the family */
	OP_TCP_FLAGS,
	OP_DAYS,
	OP_AFTER_TIME,
	OP_BEFORE_TIME,
	OP_AFTER_DATE,
	OP_BEFORE_DATE
};

/* Which address or number an op reads. */
enum fop_field {
	FF_AGENT, FF_SRC, FF_DST, FF_AGENT_PORT, FF_SRC_PORT, FF_DST_PORT,
	FF_IF_IN, FF_IF_OUT, FF_PROTO, FF_TOS, FF_PACKETS, FF_OCTETS,
	FF_VERSION, FF_NONE
};

struct fop {
	uint32_t	need;		/* any of these fields, or no match */
	uint8_t		code;
	uint8_t		field;
	uint8_t		neg;
	union {
		struct {
			uint32_t	net, mask;	/* network order */
		} p4;
		struct {
			uint32_t	net[4], mask[4];
		} p6;
		struct {
			const struct filter_prefix	*v;
			size_t				 n;
		} list;
		struct {
			uint64_t	lo, hi;
		} r;
		struct {
			uint8_t		mask, flags;
		} tcp;
		uint8_t		days;
		uint32_t	tod;
		int64_t		date;
	} u;
};

struct frule {
	uint32_t	 need;		/* all of these, or no match */
	uint32_t	 first;		/* first op */
	uint32_t	 nops;
	int		 action;
	int		 quick;
	int		 tagged;
	int		 never;		/* "! any": cannot match */
	uint32_t	 tag;
	uint64_t	 matches;
	uint64_t	 wins;
	uint64_t	 quickstops;
};

struct filter {
	struct frule		*rules;
	size_t			 nrules;
	struct fop		*ops;
	size_t			 nops;
	struct filter_prefix	*pfx;	/* copies of every list */
	uint64_t		 calls;
	uint64_t		 defaults;
	/* Local time cache: the UTC offset is fixed within 15 minutes. */
	int64_t			 tz_slot;
	int64_t			 tz_off;
};

#define TZ_SLOT		900

/* Protocol names printed and parsed without the system database. */
static const struct {
	const char	*name;
	u_int		 num;
} protos[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "ipencap", 4 }, { "tcp", 6 },
	{ "egp", 8 }, { "udp", 17 }, { "ipv6", 41 }, { "rsvp", 46 },
	{ "gre", 47 }, { "esp", 50 }, { "ah", 51 }, { "ipv6-icmp", 58 },
	{ "ospf", 89 }, { "pim", 103 }, { "vrrp", 112 }, { "l2tp", 115 },
	{ "sctp", 132 }, { "udplite", 136 }
};

static const char *const daynames[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};
static const char *const longdays[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};

const char *
filter_proto_name(u_int p)
{
	size_t	 i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (protos[i].num == p)
			return (protos[i].name);
	return (NULL);
}

/* Protocol by name: the built-in table, aliases, then the system's. */
int
filter_proto_lookup(const char *name)
{
	struct protoent	*pe;
	size_t		 i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (strcasecmp(protos[i].name, name) == 0)
			return ((int)protos[i].num);
	if (strcasecmp(name, "icmp6") == 0 || strcasecmp(name, "icmpv6") == 0)
		return (58);
	if ((pe = getprotobyname(name)) != NULL && pe->p_proto > 0 &&
	    pe->p_proto < 256)
		return (pe->p_proto);
	return (-1);
}

/* "mon" or "monday" (any case) -> 1; -1 if not a day. */
int
filter_day_lookup(const char *s)
{
	int	 i;

	for (i = 0; i < 7; i++)
		if (strcasecmp(s, daynames[i]) == 0 ||
		    strcasecmp(s, longdays[i]) == 0)
			return (i);
	return (-1);
}

/* Weekday (0 Sunday) and seconds since local midnight of time t. */
int
filter_local_time(int64_t t, int *wday, uint32_t *tod)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL)
		return (-1);
	*wday = tm.tm_wday;
	*tod = (uint32_t)(tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
	return (0);
}

uint32_t
filter_crit_fields(const struct filter_crit *c)
{
	switch (c->kind) {
	case FK_AGENT:
		return (FLOW_AGENT_ADDR);
	case FK_AGENT_PORT:
		return (FLOW_EXPORTER_PORT);
	case FK_IF_IN:
	case FK_IF_OUT:
		return (FLOW_IF_INDICES);
	case FK_AF:
		return (FLOW_SRCDST_ADDR);
	case FK_SRC:
		return (FLOW_SRC_ADDR);
	case FK_DST:
		return (FLOW_DST_ADDR);
	case FK_SRC_PORT:
	case FK_DST_PORT:
		return (FLOW_SRCDST_PORT);
	case FK_PROTO:
	case FK_TOS:
	case FK_TCP_FLAGS:
		return (FLOW_PROTO_FLAGS_TOS);
	case FK_DAYS:
	case FK_AFTER_TIME:
	case FK_BEFORE_TIME:
	case FK_AFTER_DATE:
	case FK_BEFORE_DATE:
		return (FLOW_RECV_TIME);
	case FK_PACKETS:
		return (FLOW_PACKETS);
	case FK_OCTETS:
		return (FLOW_OCTETS);
	case FK_VERSION:
		return (FLOW_AGENT_INFO);
	default:
		return (0);
	}
}

uint64_t
filter_range_max(enum filter_kind k)
{
	switch (k) {
	case FK_AGENT_PORT:
	case FK_SRC_PORT:
	case FK_DST_PORT:
	case FK_VERSION:
		return (UINT16_MAX);
	case FK_IF_IN:
	case FK_IF_OUT:
		return (UINT32_MAX);
	case FK_PROTO:
	case FK_TOS:
		return (UINT8_MAX);
	default:
		return (UINT64_MAX);
	}
}

/* Rules */

struct filter_rule *
filter_rule_new(int action)
{
	struct filter_rule	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return (NULL);
	r->action = action;
	return (r);
}

/*
 * Add a copy of c, keeping the criteria sorted by kind.  The rule takes
 * over c's prefix array.  Fails on a second criterion of one kind.
 */
int
filter_rule_add(struct filter_rule *r, const struct filter_crit *c)
{
	struct filter_crit	*n;
	size_t			 i;

	if (c->kind >= FK_MAX || filter_rule_find(r, c->kind) != NULL)
		return (-1);
	n = reallocarray(r->crit, r->ncrit + 1, sizeof(*n));
	if (n == NULL)
		return (-1);
	r->crit = n;
	for (i = r->ncrit; i > 0 && n[i - 1].kind > c->kind; i--)
		n[i] = n[i - 1];
	n[i] = *c;
	r->ncrit++;
	return (0);
}

const struct filter_crit *
filter_rule_find(const struct filter_rule *r, enum filter_kind k)
{
	size_t	 i;

	for (i = 0; i < r->ncrit; i++)
		if (r->crit[i].kind == k)
			return (&r->crit[i]);
	return (NULL);
}

void
filter_crit_free(struct filter_crit *c)
{
	if (c->kind == FK_AGENT || c->kind == FK_SRC || c->kind == FK_DST) {
		free(c->u.pfx.v);
		c->u.pfx.v = NULL;
		c->u.pfx.n = 0;
	}
}

void
filter_rule_free(struct filter_rule *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ncrit; i++)
		filter_crit_free(&r->crit[i]);
	free(r->crit);
	free(r);
}

void
filter_list_free(struct filter_list *l)
{
	struct filter_rule	*r;

	while ((r = TAILQ_FIRST(l)) != NULL) {
		TAILQ_REMOVE(l, r, entry);
		filter_rule_free(r);
	}
}

/* Printing */

static int
print_num(FILE *fp, uint64_t v, int hex)
{
	if (hex)
		return (fprintf(fp, "0x%02llx", (unsigned long long)v));
	return (fprintf(fp, "%llu", (unsigned long long)v));
}

/*
 * The shortest of "N", "<= N", ">= N" and "lo:hi" that reads back as
 * the same range.
 */
int
filter_range_print(FILE *fp, enum filter_kind k, uint64_t lo, uint64_t hi)
{
	uint64_t	 max = filter_range_max(k);
	int		 hex = k == FK_TOS;
	const char	*name;

	if (lo == hi) {
		if (k == FK_PROTO && (name = filter_proto_name((u_int)lo)))
			return (fprintf(fp, "%s", name));
		return (print_num(fp, lo, hex));
	}
	if (lo == 0 && hi != max) {
		fprintf(fp, "<= ");
		return (print_num(fp, hi, hex));
	}
	if (hi == max && lo != 0) {
		fprintf(fp, ">= ");
		return (print_num(fp, lo, hex));
	}
	print_num(fp, lo, hex);
	fputc(':', fp);
	return (print_num(fp, hi, hex));
}

static void
print_prefixes(FILE *fp, const struct filter_crit *c)
{
	char	 buf[ADDR_STRLEN];
	size_t	 i;

	if (c->u.pfx.any) {
		fprintf(fp, "any");
		return;
	}
	if (c->u.pfx.list || c->u.pfx.n != 1)
		fprintf(fp, "{ ");
	for (i = 0; i < c->u.pfx.n; i++) {
		if (addr_prefix_ntop(&c->u.pfx.v[i].addr, c->u.pfx.v[i].len, 1,
		    buf, sizeof(buf)) == -1)
			strlcpy(buf, "?", sizeof(buf));
		fprintf(fp, "%s%s", i > 0 ? ", " : "", buf);
	}
	if (c->u.pfx.list || c->u.pfx.n != 1)
		fprintf(fp, " }");
}

static void
print_days(FILE *fp, uint8_t days)
{
	int	 i, j, first = 1;

	/* Runs in Monday-first order: mon-fri, sat,sun. */
	for (i = 1; i <= 7; ) {
		if (!(days & (1 << (i % 7)))) {
			i++;
			continue;
		}
		for (j = i; j + 1 <= 7 && (days & (1 << ((j + 1) % 7))); j++)
			;
		fprintf(fp, "%s%s", first ? "" : ",", daynames[i % 7]);
		if (j > i)
			fprintf(fp, "-%s", daynames[j % 7]);
		first = 0;
		i = j + 1;
	}
}

static void
print_tod(FILE *fp, uint32_t t)
{
	if (t % 60 == 0)
		fprintf(fp, "%02u:%02u", t / 3600, (t / 60) % 60);
	else
		fprintf(fp, "%02u:%02u:%02u", t / 3600, (t / 60) % 60, t % 60);
}

static void
print_date(FILE *fp, int64_t d)
{
	struct tm	 tm;
	time_t		 t = (time_t)d;
	char		 buf[32];

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y%m%d%H%M%S", &tm) == 0)
		strlcpy(buf, "?", sizeof(buf));
	fprintf(fp, "%s", buf);
}

static const char *
neg_str(const struct filter_crit *c)
{
	return (c->neg ? "! " : "");
}

/* Port criterion after its address: "port [!] spec". */
static void
print_port(FILE *fp, const struct filter_crit *c)
{
	fprintf(fp, " port %s", neg_str(c));
	filter_range_print(fp, c->kind, c->u.range.lo, c->u.range.hi);
}

/* The rule in canonical form, without a newline. */
int
filter_rule_print(FILE *fp, const struct filter_rule *r)
{
	const struct filter_crit	*c;
	const char			*kw;
	size_t				 i;

	fprintf(fp, "%s", r->action == FILTER_DISCARD ? "discard" : "accept");
	if (r->tagged)
		fprintf(fp, " tag %u", r->tag);
	if (r->quick)
		fprintf(fp, " quick");
	if (r->ncrit == 0)
		fprintf(fp, " all");
	for (i = 0; i < r->ncrit; i++) {
		c = &r->crit[i];
		switch (c->kind) {
		case FK_AGENT:
		case FK_SRC:
		case FK_DST:
			kw = c->kind == FK_AGENT ? "agent" :
			    c->kind == FK_SRC ? "src" : "dst";
			fprintf(fp, " %s %s", kw, neg_str(c));
			print_prefixes(fp, c);
			if (i + 1 < r->ncrit && r->crit[i + 1].kind == c->kind + 1)
				print_port(fp, &r->crit[++i]);
			break;
		case FK_AGENT_PORT:
		case FK_SRC_PORT:
		case FK_DST_PORT:
			/* A port without its address: the address is any. */
			kw = c->kind == FK_AGENT_PORT ? "agent" :
			    c->kind == FK_SRC_PORT ? "src" : "dst";
			fprintf(fp, " %s any", kw);
			print_port(fp, c);
			break;
		case FK_IF_IN:
		case FK_IF_OUT:
		case FK_PROTO:
		case FK_TOS:
		case FK_PACKETS:
		case FK_OCTETS:
		case FK_VERSION:
			kw = c->kind == FK_IF_IN ? "in_ifndx" :
			    c->kind == FK_IF_OUT ? "out_ifndx" :
			    c->kind == FK_PROTO ? "proto" :
			    c->kind == FK_TOS ? "tos" :
			    c->kind == FK_PACKETS ? "packets" :
			    c->kind == FK_OCTETS ? "octets" : "version";
			fprintf(fp, " %s %s", kw, neg_str(c));
			filter_range_print(fp, c->kind, c->u.range.lo,
			    c->u.range.hi);
			break;
		case FK_AF:
			fprintf(fp, " %s%s", neg_str(c),
			    c->u.af == AF_INET6 ? "inet6" : "inet");
			break;
		case FK_TCP_FLAGS:
			fprintf(fp, " tcp_flags");
			if (c->u.tcp.mask != 0xff)
				fprintf(fp, " mask 0x%02x", c->u.tcp.mask);
			fprintf(fp, " %sequals 0x%02x", neg_str(c),
			    c->u.tcp.flags);
			break;
		case FK_DAYS:
			fprintf(fp, " days %s", neg_str(c));
			print_days(fp, c->u.days);
			break;
		case FK_AFTER_TIME:
		case FK_BEFORE_TIME:
			fprintf(fp, " %s %s", c->kind == FK_AFTER_TIME ?
			    "after" : "before", neg_str(c));
			print_tod(fp, c->u.tod);
			break;
		case FK_AFTER_DATE:
		case FK_BEFORE_DATE:
			fprintf(fp, " %s %sdate ", c->kind == FK_AFTER_DATE ?
			    "after" : "before", neg_str(c));
			print_date(fp, c->u.date);
			break;
		default:
			break;
		}
	}
	return (ferror(fp) ? -1 : 0);
}

/* Compiling */

static enum fop_field
kind_field(enum filter_kind k)
{
	switch (k) {
	case FK_AGENT:
		return (FF_AGENT);
	case FK_SRC:
		return (FF_SRC);
	case FK_DST:
		return (FF_DST);
	case FK_AGENT_PORT:
		return (FF_AGENT_PORT);
	case FK_SRC_PORT:
		return (FF_SRC_PORT);
	case FK_DST_PORT:
		return (FF_DST_PORT);
	case FK_IF_IN:
		return (FF_IF_IN);
	case FK_IF_OUT:
		return (FF_IF_OUT);
	case FK_PROTO:
		return (FF_PROTO);
	case FK_TOS:
		return (FF_TOS);
	case FK_PACKETS:
		return (FF_PACKETS);
	case FK_OCTETS:
		return (FF_OCTETS);
	case FK_VERSION:
		return (FF_VERSION);
	default:
		return (FF_NONE);
	}
}

/* Presence bit of one family of an address field. */
static uint32_t
addr_bit(enum filter_kind k, int af)
{
	uint32_t	 b4, b6;

	switch (k) {
	case FK_AGENT:
		b4 = FLOW_AGENT_ADDR4;
		b6 = FLOW_AGENT_ADDR6;
		break;
	case FK_SRC:
		b4 = FLOW_SRC_ADDR4;
		b6 = FLOW_SRC_ADDR6;
		break;
	default:
		b4 = FLOW_DST_ADDR4;
		b6 = FLOW_DST_ADDR6;
		break;
	}
	return (af == AF_INET ? b4 : af == AF_INET6 ? b6 : 0);
}

static void
compile_prefix(struct fop *o, const struct filter_crit *c,
    struct filter_prefix *copy)
{
	struct xaddr	 m;
	size_t		 i;
	int		 af;

	if (c->u.pfx.any || c->u.pfx.n == 0) {
		/* "any" holds for every flow, even one without the field. */
		o->code = c->u.pfx.any ? OP_TRUE : OP_FALSE;
		o->need = 0;
		return;
	}
	if (c->u.pfx.n == 1) {
		af = c->u.pfx.v[0].addr.af;
		o->need = addr_bit(c->kind, af);
		addr_netmask(af, c->u.pfx.v[0].len, &m);
		if (af == AF_INET) {
			o->code = OP_PFX4;
			o->u.p4.net = c->u.pfx.v[0].addr.addr32[0];
			o->u.p4.mask = m.addr32[0];
		} else {
			o->code = OP_PFX6;
			for (i = 0; i < 4; i++) {
				o->u.p6.net[i] = c->u.pfx.v[0].addr.addr32[i];
				o->u.p6.mask[i] = m.addr32[i];
			}
		}
		return;
	}
	o->code = OP_PFXLIST;
	o->need = 0;
	for (i = 0; i < c->u.pfx.n; i++)
		o->need |= addr_bit(c->kind, c->u.pfx.v[i].addr.af);
	memcpy(copy, c->u.pfx.v, c->u.pfx.n * sizeof(*copy));
	o->u.list.v = copy;
	o->u.list.n = c->u.pfx.n;
}

static void
compile_crit(struct fop *o, const struct filter_crit *c,
    struct filter_prefix *copy)
{
	memset(o, 0, sizeof(*o));
	o->neg = c->neg ? 1 : 0;
	o->field = (uint8_t)kind_field(c->kind);
	o->need = filter_crit_fields(c);
	switch (c->kind) {
	case FK_AGENT:
	case FK_SRC:
	case FK_DST:
		compile_prefix(o, c, copy);
		break;
	case FK_AF:
		o->code = OP_AF;
		o->need = c->u.af == AF_INET6 ?
		    (FLOW_SRC_ADDR6 | FLOW_DST_ADDR6) :
		    (FLOW_SRC_ADDR4 | FLOW_DST_ADDR4);
		break;
	case FK_TCP_FLAGS:
		o->code = OP_TCP_FLAGS;
		o->u.tcp.mask = c->u.tcp.mask;
		o->u.tcp.flags = c->u.tcp.flags;
		break;
	case FK_DAYS:
		o->code = OP_DAYS;
		o->u.days = c->u.days;
		break;
	case FK_AFTER_TIME:
	case FK_BEFORE_TIME:
		o->code = c->kind == FK_AFTER_TIME ? OP_AFTER_TIME :
		    OP_BEFORE_TIME;
		o->u.tod = c->u.tod;
		break;
	case FK_AFTER_DATE:
	case FK_BEFORE_DATE:
		o->code = c->kind == FK_AFTER_DATE ? OP_AFTER_DATE :
		    OP_BEFORE_DATE;
		o->u.date = c->u.date;
		break;
	default:
		o->code = OP_RANGE;
		o->u.r.lo = c->u.range.lo;
		o->u.r.hi = c->u.range.hi;
		break;
	}
}

struct filter *
filter_compile(const struct filter_list *l)
{
	const struct filter_rule	*r;
	struct filter			*fl;
	struct frule			*fr;
	struct fop			*o;
	size_t				 nrules = 0, nops = 0, npfx = 0, i;
	size_t				 po = 0;

	TAILQ_FOREACH(r, l, entry) {
		nrules++;
		nops += r->ncrit;
		for (i = 0; i < r->ncrit; i++)
			if ((r->crit[i].kind == FK_AGENT ||
			    r->crit[i].kind == FK_SRC ||
			    r->crit[i].kind == FK_DST) &&
			    r->crit[i].u.pfx.n > 1)
				npfx += r->crit[i].u.pfx.n;
	}
	if ((fl = calloc(1, sizeof(*fl))) == NULL)
		return (NULL);
	fl->tz_slot = INT64_MIN;
	fl->rules = calloc(nrules ? nrules : 1, sizeof(*fl->rules));
	fl->ops = calloc(nops ? nops : 1, sizeof(*fl->ops));
	fl->pfx = calloc(npfx ? npfx : 1, sizeof(*fl->pfx));
	if (fl->rules == NULL || fl->ops == NULL || fl->pfx == NULL) {
		filter_free(fl);
		return (NULL);
	}
	fl->nrules = nrules;
	fl->nops = nops;

	fr = fl->rules;
	o = fl->ops;
	TAILQ_FOREACH(r, l, entry) {
		fr->action = r->action;
		fr->quick = r->quick;
		fr->tagged = r->tagged && r->action == FILTER_ACCEPT;
		fr->tag = r->tag;
		fr->first = (uint32_t)(o - fl->ops);
		for (i = 0; i < r->ncrit; i++) {
			compile_crit(o, &r->crit[i], fl->pfx + po);
			if (o->code == OP_PFXLIST)
				po += o->u.list.n;
			/* Constant ops need no run-time test. */
			if (o->code == OP_TRUE || o->code == OP_FALSE) {
				if ((o->code == OP_TRUE) == (o->neg != 0))
					fr->never = 1;
				continue;
			}
			/*
			 * A plain test on one field needs it present; a
			 * test on either of two fields (af, mixed lists)
			 * is checked per op.
			 */
			if (!o->neg && (o->need & (o->need - 1)) == 0)
				fr->need |= o->need;
			o++;
		}
		fr->nops = (uint32_t)(o - fl->ops) - fr->first;
		fr++;
	}
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

/* Running */

static int
bytes_in_prefix(const uint8_t *a, const uint8_t *net, u_int len)
{
	u_int	 full = len / 8, rem = len % 8;

	if (memcmp(a, net, full) != 0)
		return (0);
	return (rem == 0 ||
	    ((a[full] ^ net[full]) & (uint8_t)(0xff00 >> rem)) == 0);
}

/*
 * A prefix of one family holds only if the flow carries that family's
 * variant of the address (its presence bit), whatever a.af says.
 */
static int
list_match(const struct fop *o, const struct xaddr *a, uint32_t fields,
    uint32_t b4, uint32_t b6)
{
	const struct filter_prefix	*p;
	size_t				 i;

	for (i = 0; i < o->u.list.n; i++) {
		p = &o->u.list.v[i];
		if (!(fields & (p->addr.af == AF_INET ? b4 : b6)))
			continue;
		if (bytes_in_prefix(a->addr8, p->addr.addr8, p->len))
			return (1);
	}
	return (0);
}

static void
local_time(struct filter *fl, uint32_t sec, int *wday, uint32_t *tod)
{
	struct tm	 tm;
	time_t		 t;
	int64_t		 slot, loc, days;

	slot = (int64_t)sec / TZ_SLOT;
	if (slot != fl->tz_slot) {
		t = (time_t)(slot * TZ_SLOT);
		if (localtime_r(&t, &tm) == NULL)
			fl->tz_off = 0;
		else
			fl->tz_off = tm.tm_gmtoff;
		fl->tz_slot = slot;
	}
	loc = (int64_t)sec + fl->tz_off;
	days = loc >= 0 ? loc / 86400 : (loc - 86399) / 86400;
	*tod = (uint32_t)(loc - days * 86400);
	/* 1970-01-01 was a Thursday. */
	*wday = (int)(((days % 7) + 11) % 7);
}

static inline uint64_t
field_value(const struct flow *f, uint8_t field)
{
	switch (field) {
	case FF_AGENT_PORT:
		return (f->exporter_port);
	case FF_SRC_PORT:
		return (f->src_port);
	case FF_DST_PORT:
		return (f->dst_port);
	case FF_IF_IN:
		return (f->if_in);
	case FF_IF_OUT:
		return (f->if_out);
	case FF_PROTO:
		return (f->protocol);
	case FF_TOS:
		return (f->tos);
	case FF_PACKETS:
		return (f->packets);
	case FF_OCTETS:
		return (f->octets);
	case FF_VERSION:
		return (f->netflow_version);
	default:
		return (0);
	}
}

static inline const struct xaddr *
field_addr(const struct flow *f, uint8_t field)
{
	return (field == FF_AGENT ? &f->agent : field == FF_SRC ? &f->src :
	    &f->dst);
}

static inline int
op_test(struct filter *fl, const struct fop *o, const struct flow *f)
{
	const struct xaddr	*a;
	uint64_t		 v;
	uint32_t		 tod;
	int			 wday;

	if ((f->fields & o->need) == 0)
		return (0);
	switch (o->code) {
	case OP_PFX4:
		a = field_addr(f, o->field);
		return ((a->addr32[0] & o->u.p4.mask) == o->u.p4.net);
	case OP_PFX6:
		a = field_addr(f, o->field);
		return (((a->addr32[0] & o->u.p6.mask[0]) ^ o->u.p6.net[0]) |
		    ((a->addr32[1] & o->u.p6.mask[1]) ^ o->u.p6.net[1]) |
		    ((a->addr32[2] & o->u.p6.mask[2]) ^ o->u.p6.net[2]) |
		    ((a->addr32[3] & o->u.p6.mask[3]) ^ o->u.p6.net[3])) == 0;
	case OP_PFXLIST:
		a = field_addr(f, o->field);
		return (list_match(o, a, f->fields,
		    o->need & (FLOW_AGENT_ADDR4 | FLOW_SRC_ADDR4 |
		    FLOW_DST_ADDR4), o->need & (FLOW_AGENT_ADDR6 |
		    FLOW_SRC_ADDR6 | FLOW_DST_ADDR6)));
	case OP_RANGE:
		v = field_value(f, o->field);
		return (v >= o->u.r.lo && v <= o->u.r.hi);
	case OP_AF:
		return (1);	/* the need mask is the test */
	case OP_TCP_FLAGS:
		return ((f->tcp_flags & o->u.tcp.mask) == o->u.tcp.flags);
	case OP_DAYS:
		local_time(fl, f->recv_sec, &wday, &tod);
		return ((o->u.days >> wday) & 1);
	case OP_AFTER_TIME:
		local_time(fl, f->recv_sec, &wday, &tod);
		return (tod >= o->u.tod);
	case OP_BEFORE_TIME:
		local_time(fl, f->recv_sec, &wday, &tod);
		return (tod <= o->u.tod);
	case OP_AFTER_DATE:
		return ((int64_t)f->recv_sec > o->u.date);
	case OP_BEFORE_DATE:
		return ((int64_t)f->recv_sec < o->u.date);
	default:
		return (0);
	}
}

static inline int
rule_match(struct filter *fl, const struct frule *r, const struct flow *f)
{
	const struct fop	*o, *end;

	if ((f->fields & r->need) != r->need || r->never)
		return (0);
	o = fl->ops + r->first;
	end = o + r->nops;
	for (; o < end; o++)
		if (op_test(fl, o, f) == o->neg)
			return (0);
	return (1);
}

/* Decide on one flow; returns FILTER_ACCEPT or FILTER_DISCARD. */
int
filter_eval(struct filter *fl, const struct flow *f, struct filter_verdict *v)
{
	struct frule	*r, *end, *win = NULL;

	fl->calls++;
	for (r = fl->rules, end = r + fl->nrules; r < end; r++) {
		if (!rule_match(fl, r, f))
			continue;
		r->matches++;
		win = r;
		if (r->quick) {
			r->quickstops++;
			break;
		}
	}
	if (win == NULL) {
		fl->defaults++;
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

	fl->calls = fl->defaults = 0;
	for (i = 0; i < fl->nrules; i++)
		fl->rules[i].matches = fl->rules[i].wins =
		    fl->rules[i].quickstops = 0;
}
