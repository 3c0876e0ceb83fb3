/*
 * filter.c: flowd filter rules as data: building and freeing them, and
 * the name tables (protocols, days) the parser and printer share.
 * Printing is in filter_print.c, compiling and evaluating in
 * filter_eval.c.
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
#include "filter.h"

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

const char *const filter_daynames[7] = {
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
		if (strcasecmp(s, filter_daynames[i]) == 0 ||
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
