/*
 * reader_filter_conf.c: flowd-reader's filter is flowd's own: the
 * rules and store lines of a flowd.conf(5) (-f file) or of a string
 * (-e 'discard proto 17'), parsed by the daemon's parser and run by the
 * same compiled filter, so a log is filtered exactly as flowd would
 * have filtered the flows on the wire.  Other directives in the file
 * (listeners, logfile...) are parsed and ignored.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "sys-queue.h"
#include "filter.h"
#include "flowd.h"
#include "reader_filter.h"

struct conf_filter {
	struct flowd_config	 conf;
	struct filter		*filter;
};

static int
cf_match(void *ctx, struct flow *f)
{
	struct conf_filter	*cf = ctx;

	return (filter_apply(cf->filter, f) == FILTER_ACCEPT);
}

static void
cf_dump(void *ctx, FILE *fp)
{
	struct conf_filter	*cf = ctx;
	struct filter_rule	*r;

	filter_stats(cf->filter, &cf->conf.filters);
	TAILQ_FOREACH(r, &cf->conf.filters, entry) {
		(void)filter_rule_print(fp, r);
		fprintf(fp, "\t# evaluations %llu matches %llu wins %llu\n",
		    (unsigned long long)r->evaluations,
		    (unsigned long long)r->matches,
		    (unsigned long long)r->wins);
	}
}

static void
cf_free(void *ctx)
{
	struct conf_filter	*cf = ctx;

	if (cf == NULL)
		return;
	if (cf->filter != NULL)
		filter_free(cf->filter);
	conf_clear(&cf->conf);
	free(cf);
}

static int
finish(struct conf_filter *cf, int parsed, const char *what,
    struct reader_filter *flt, char *err, size_t errlen)
{
	if (parsed == -1) {
		snprintf(err, errlen, "%s: errors in the filter rules", what);
		cf_free(cf);
		return (-1);
	}
	if ((cf->filter = filter_compile(&cf->conf.filters)) == NULL) {
		snprintf(err, errlen, "%s: cannot compile the rules", what);
		cf_free(cf);
		return (-1);
	}
	flt->ctx = cf;
	flt->match = cf_match;
	flt->dump = cf_dump;
	flt->free = cf_free;
	flt->store_mask = cf->conf.store_set ? cf->conf.store_mask : 0;
	return (0);
}

int
reader_filter_load_file(const char *path, struct reader_filter *flt,
    char *err, size_t errlen)
{
	struct conf_filter	*cf;

	memset(flt, 0, sizeof(*flt));
	if ((cf = calloc(1, sizeof(*cf))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return (-1);
	}
	conf_init(&cf->conf);
	return (finish(cf, conf_parse_file(path, &cf->conf, 0), path, flt,
	    err, errlen));
}

int
reader_filter_load_string(const char *rules, struct reader_filter *flt,
    char *err, size_t errlen)
{
	struct conf_filter	*cf;
	const char		*what = "command line";

	memset(flt, 0, sizeof(*flt));
	if ((cf = calloc(1, sizeof(*cf))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", what);
		return (-1);
	}
	conf_init(&cf->conf);
	/* Rules from the command line may not pull in other files. */
	return (finish(cf, conf_parse_buffer(rules, strlen(rules), what,
	    &cf->conf, CONF_NOINCLUDE), what, flt, err, errlen));
}
