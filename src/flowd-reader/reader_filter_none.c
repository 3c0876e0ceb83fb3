/*
 * reader_filter_none.c: the filter hook when no filter implementation
 * is linked in.  Asking for a filter is an error, never silently
 * ignored: reading "all flows" when the user asked for a subset would
 * be a wrong answer.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "reader_filter.h"

int
reader_filter_load_file(const char *path, struct reader_filter *flt,
    char *err, size_t errlen)
{
	memset(flt, 0, sizeof(*flt));
	snprintf(err, errlen, "%s: filter support not built", path);
	return (-1);
}

int
reader_filter_load_string(const char *rules, struct reader_filter *flt,
    char *err, size_t errlen)
{
	(void)rules;
	memset(flt, 0, sizeof(*flt));
	snprintf(err, errlen, "command line filter: filter support not built");
	return (-1);
}
