/*
 * reader_filter_conf.c: flowd-reader's filter hook backed by the
 * collector's own flowd.conf parser and filter, so "-f flowd.conf"
 * keeps and tags exactly the flows the collector would.  Only the
 * filter rules and store lines of the file matter here; listeners and
 * log targets are parsed and ignored.
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
	struct filter		*fl;
};

static int
conf_match(void *ctx, struct flow *f)
{
	struct conf_filter	*cf = ctx;

	return (filter_apply(cf->fl, f) == FILTER_ACCEPT);
}

static void
conf_dump(void *ctx, FILE *fp)
{
	struct conf_filter	*cf = ctx;
	struct filter_rule	*r;
	int			 i = 0;

	filter_stats(cf->fl, &cf->conf.filters);
	TAILQ_FOREACH(r, &cf->conf.filters, entry) {
		fprintf(fp, "rule %d: evaluations %llu matches %llu wins %llu: ",
		    i++, (unsigned long long)r->evaluations,
		    (unsigned long long)r->matches,
		    (unsigned long long)r->wins);
		filter_rule_print(fp, r);
		fputc('\n', fp);
	}
}

static void
conf_free(void *ctx)
{
	struct conf_filter	*cf = ctx;

	filter_free(cf->fl);
	conf_clear(&cf->conf);
	free(cf);
}

/* name is used in messages; the parser reports each error itself. */
static int
load(const char *path, const char *text, struct reader_filter *flt,
    char *err, size_t errlen)
{
	struct conf_filter	*cf;
	int			 r;

	memset(flt, 0, sizeof(*flt));
	if ((cf = calloc(1, sizeof(*cf))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return (-1);
	}
	conf_init(&cf->conf);
	if (text != NULL)
		r = conf_parse_buffer(text, strlen(text), "command line",
		    &cf->conf, CONF_NOINCLUDE);
	else
		r = conf_parse_file(path, &cf->conf, 0);
	if (r == -1) {
		snprintf(err, errlen, "%s: invalid filter rules",
		    text != NULL ? "command line" : path);
		conf_clear(&cf->conf);
		free(cf);
		return (-1);
	}
	if ((cf->fl = filter_compile(&cf->conf.filters)) == NULL) {
		snprintf(err, errlen, "out of memory");
		conf_clear(&cf->conf);
		free(cf);
		return (-1);
	}
	flt->ctx = cf;
	flt->match = conf_match;
	flt->dump = conf_dump;
	flt->free = conf_free;
	flt->store_mask = cf->conf.store_set ? cf->conf.store_mask : 0;
	return (0);
}

int
reader_filter_load_file(const char *path, struct reader_filter *flt,
    char *err, size_t errlen)
{
	return (load(path, NULL, flt, err, errlen));
}

int
reader_filter_load_string(const char *rules, struct reader_filter *flt,
    char *err, size_t errlen)
{
	return (load(NULL, rules, flt, err, errlen));
}
