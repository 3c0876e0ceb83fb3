/*
 * reader_filter.h: how flowd-reader asks a filter about each flow.
 *
 * The filter itself (flowd.conf(5) rules and store lines) lives
 * elsewhere; flowd-reader only needs this interface.  A build without
 * it links reader_filter_none.c, whose loaders fail with a clear
 * message, so -f and -e say "filter support not built".
 */
#ifndef FLOWD_READER_FILTER_H
#define FLOWD_READER_FILTER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "flow.h"

struct reader_filter {
	void		*ctx;
	/* 1: keep the flow (the filter may set its tag), 0: drop it. */
	int		(*match)(void *, struct flow *);
	/* -d: print the rules and their counters. */
	void		(*dump)(void *, FILE *);
	void		(*free)(void *);
	uint32_t	 store_mask;	/* from store lines; 0 if none */
};

/* Return 0 and fill the filter, or -1 with a message in err. */
int	reader_filter_load_file(const char *, struct reader_filter *,
	    char *, size_t);
int	reader_filter_load_string(const char *, struct reader_filter *,
	    char *, size_t);

#endif /* FLOWD_READER_FILTER_H */
