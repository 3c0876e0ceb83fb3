/*
 * filter.h: flowd's filter and tag rules.
 *
 * A rule set is a list of struct filter_rule as the config parser (or
 * any other caller) builds it: an action, an optional tag, "quick", and
 * criteria that are ANDed.  filter_compile() turns the list into a
 * flat program that filter_eval() runs per flow.  Semantics (as flowd
 * 0.9.1): rules are tried in order, the last matching rule wins unless
 * a matching rule is quick, and a flow no rule matches is accepted.
 *
 * Fields a flow does not carry: a criterion on such a field does not
 * match, and its negation ("!") matches; "!" is always the exact
 * complement of the criterion.
 */
#ifndef FLOWD_FILTER_H
#define FLOWD_FILTER_H

#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>

#include "flow.h"
#include "sys-queue.h"

#define FILTER_ACCEPT	1
#define FILTER_DISCARD	2

/* Criteria, in the order the canonical form prints them. */
enum filter_kind {
	FK_AGENT,		/* prefix list: exporter address */
	FK_AGENT_PORT,		/* range: exporter UDP source port */
	FK_IF_IN,		/* range: input ifIndex */
	FK_IF_OUT,		/* range: output ifIndex */
	FK_AF,			/* af: src or dst address family */
	FK_SRC,			/* prefix list */
	FK_SRC_PORT,		/* range */
	FK_DST,			/* prefix list */
	FK_DST_PORT,		/* range */
	FK_PROTO,		/* range */
	FK_TOS,			/* range */
	FK_TCP_FLAGS,		/* mask, flags */
	FK_DAYS,		/* day bits of the receive time, local */
	FK_AFTER_TIME,		/* time of day, seconds, inclusive */
	FK_BEFORE_TIME,
	FK_AFTER_DATE,		/* epoch seconds, strict */
	FK_BEFORE_DATE,
	FK_PACKETS,		/* range */
	FK_OCTETS,		/* range */
	FK_VERSION,		/* range: NetFlow/IPFIX version */
	FK_MAX
};

struct filter_prefix {
	struct xaddr	addr;
	u_int		len;
};

struct filter_crit {
	enum filter_kind kind;
	int		 neg;
	union {
		struct {
			struct filter_prefix	*v;	/* NULL for any */
			size_t			 n;
			int			 any;
			int			 list;	/* written { } */
		} pfx;
		struct {
			uint64_t	lo, hi;
		} range;
		struct {
			uint8_t		mask, flags;
		} tcp;
		uint8_t		days;		/* bit 0 Sunday ... bit 6 */
		uint32_t	tod;		/* seconds since midnight */
		int64_t		date;		/* time_t */
		int		af;
	} u;
};

struct filter_rule {
	TAILQ_ENTRY(filter_rule) entry;
	int			 action;	/* FILTER_ACCEPT/DISCARD */
	int			 quick;
	int			 tagged;
	uint32_t		 tag;
	struct filter_crit	*crit;		/* sorted by kind */
	size_t			 ncrit;
	u_int			 lineno;
	/* Counters, filled in by filter_stats(). */
	uint64_t		 evaluations;
	uint64_t		 matches;
	uint64_t		 wins;
};
TAILQ_HEAD(filter_list, filter_rule);

/* What filter_eval() decided. */
struct filter_verdict {
	int		 action;	/* FILTER_ACCEPT/DISCARD */
	int		 tagged;	/* the winning rule sets a tag */
	uint32_t	 tag;
	int		 rule;		/* winning rule's index, -1: default */
};

struct filter;

/* Building and freeing rules. */
struct filter_rule *filter_rule_new(int);
int	 filter_rule_add(struct filter_rule *, const struct filter_crit *);
const struct filter_crit *filter_rule_find(const struct filter_rule *,
	    enum filter_kind);
void	 filter_crit_free(struct filter_crit *);
void	 filter_rule_free(struct filter_rule *);
void	 filter_list_free(struct filter_list *);
uint32_t filter_crit_fields(const struct filter_crit *);

/* Compiling and running. */
struct filter *filter_compile(const struct filter_list *);
int	 filter_eval(struct filter *, const struct flow *,
	    struct filter_verdict *);
int	 filter_apply(struct filter *, struct flow *);
size_t	 filter_nrules(const struct filter *);
void	 filter_stats(const struct filter *, struct filter_list *);
void	 filter_reset_stats(struct filter *);
void	 filter_free(struct filter *);

/* Printing, in the config's canonical syntax. */
int	 filter_rule_print(FILE *, const struct filter_rule *);
int	 filter_range_print(FILE *, enum filter_kind, uint64_t, uint64_t);
uint64_t filter_range_max(enum filter_kind);
const char *filter_proto_name(u_int);
int	 filter_proto_lookup(const char *);
int	 filter_day_lookup(const char *);
int	 filter_local_time(int64_t, int *, uint32_t *);

extern const char *const filter_daynames[7];	/* "sun" ... "sat" */

#endif /* FLOWD_FILTER_H */
