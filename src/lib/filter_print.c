/*
 * filter_print.c: filter rules in the config's canonical syntax, the
 * form "flowd -nv" prints and the parser reads back unchanged.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "compat.h"
#include "addr.h"
#include "filter.h"

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
		fprintf(fp, "%s%s", first ? "" : ",", filter_daynames[i % 7]);
		if (j > i)
			fprintf(fp, "-%s", filter_daynames[j % 7]);
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
