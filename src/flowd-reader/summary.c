/*
 * summary.c: flowd-reader -S, totals by IP protocol and by exporter.
 * The exporter table is fixed-size open addressing, allocated once;
 * exporters beyond its capacity are pooled as "other" rather than
 * growing memory without bound on a hostile log.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "flowd-reader.h"

#define EXP_SLOTS	4096	/* power of two */
#define EXP_MAX		(EXP_SLOTS / 2)

struct tally {
	uint64_t	flows;
	uint64_t	packets;
	uint64_t	octets;
};

struct exporter {
	int		used;
	struct xaddr	addr;
	struct tally	t;
};

static struct tally	 by_proto[256];
static struct tally	 total, other_exp, no_exp;
static struct exporter	*exps;
static int		 nexps;

void
summary_init(void)
{
	if ((exps = calloc(EXP_SLOTS, sizeof(*exps))) == NULL)
		err(1, "calloc");
}

static void
tally(struct tally *t, const struct flow *f)
{
	t->flows++;
	t->packets += f->packets;
	t->octets += f->octets;
}

static uint32_t
addr_hash(const struct xaddr *a)
{
	uint32_t	h = 2166136261U;
	size_t		i, n = (a->af == AF_INET) ? 4 : 16;

	for (i = 0; i < n; i++)
		h = (h ^ a->addr8[i]) * 16777619U;
	return (h);
}

static int
addr_eq(const struct xaddr *a, const struct xaddr *b)
{
	return (a->af == b->af && memcmp(a->addr8, b->addr8,
	    a->af == AF_INET ? 4 : 16) == 0);
}

void
summary_add(const struct flow *f)
{
	struct exporter	*e;
	uint32_t	 i;

	tally(&total, f);
	if (f->fields & FLOW_PROTO_FLAGS_TOS)
		tally(&by_proto[f->protocol], f);
	if ((f->fields & FLOW_AGENT_ADDR) == 0 ||
	    (f->agent.af != AF_INET && f->agent.af != AF_INET6)) {
		tally(&no_exp, f);
		return;
	}
	for (i = addr_hash(&f->agent) & (EXP_SLOTS - 1);;
	    i = (i + 1) & (EXP_SLOTS - 1)) {
		e = &exps[i];
		if (e->used && addr_eq(&e->addr, &f->agent))
			break;
		if (!e->used) {
			if (nexps >= EXP_MAX) {
				tally(&other_exp, f);
				return;
			}
			e->used = 1;
			e->addr = f->agent;
			nexps++;
			break;
		}
	}
	tally(&e->t, f);
}

static int
cmp_exp(const void *a, const void *b)
{
	const struct exporter	*x = a, *y = b;

	if (x->used != y->used)
		return (y->used - x->used);
	if (x->t.octets != y->t.octets)
		return (x->t.octets < y->t.octets ? 1 : -1);
	return (0);
}

static void
line(struct out *o, const char *what, const char *key, const struct tally *t)
{
	char	buf[256];

	snprintf(buf, sizeof(buf), "%-8s %-40s %12llu %14llu %18llu\n", what,
	    key, (unsigned long long)t->flows, (unsigned long long)t->packets,
	    (unsigned long long)t->octets);
	out_str(o, buf);
}

void
summary_print(struct out *o)
{
	char	key[INET6_ADDRSTRLEN], hdr[256];
	int	i;

	snprintf(hdr, sizeof(hdr), "%-8s %-40s %12s %14s %18s\n", "#type",
	    "key", "flows", "packets", "octets");
	out_str(o, hdr);
	line(o, "total", "all", &total);
	for (i = 0; i < 256; i++) {
		if (by_proto[i].flows == 0)
			continue;
		snprintf(key, sizeof(key), "%d", i);
		line(o, "proto", key, &by_proto[i]);
	}
	qsort(exps, EXP_SLOTS, sizeof(*exps), cmp_exp);
	for (i = 0; i < EXP_SLOTS && exps[i].used; i++) {
		if (inet_ntop(exps[i].addr.af, exps[i].addr.addr8, key,
		    sizeof(key)) == NULL)
			strlcpy(key, "?", sizeof(key));
		line(o, "exporter", key, &exps[i].t);
	}
	if (other_exp.flows > 0)
		line(o, "exporter", "other", &other_exp);
	if (no_exp.flows > 0)
		line(o, "exporter", "none", &no_exp);
}
