/*
 * flow_format.h: a struct flow as text (flowd-reader's line format),
 * flow-tools CSV or JSON Lines, and per-column output for field
 * selection.  Every function writes one line, newline included, into a
 * caller's buffer and returns its length, or 0 if it did not fit.
 */
#ifndef FLOWD_FLOW_FORMAT_H
#define FLOWD_FLOW_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "flow.h"

#define FLOW_FMT_MAXLEN		2048	/* enough for any one line */
#define FLOW_FMT_UTC		0x01	/* times in UTC, not local */

#define FLOW_CSV_HEADER	"#:unix_secs,unix_nsecs,sysuptime,exaddr," \
	"dpkts,doctets,first,last,engine_type,engine_id,srcaddr,dstaddr," \
	"nexthop,input,output,srcport,dstport,prot,tos,tcp_flags," \
	"src_mask,dst_mask,src_as,dst_as"

#define FLOW_COLS_MAX		64

/* A field selection: column ids in output order. */
struct flow_cols {
	int	n;
	uint8_t	id[FLOW_COLS_MAX];
};

size_t	flow_format_text(char *, size_t, const struct flow *, uint32_t,
	    uint32_t, int);
size_t	flow_format_csv(char *, size_t, const struct flow *);
size_t	flow_format_json(char *, size_t, const struct flow *, uint32_t,
	    uint32_t, int);
int	flow_cols_parse(const char *, struct flow_cols *, const char **);
size_t	flow_cols_header(char *, size_t, const struct flow_cols *);
size_t	flow_format_cols_text(char *, size_t, const struct flow *,
	    uint32_t, const struct flow_cols *, int);
size_t	flow_format_cols_csv(char *, size_t, const struct flow *,
	    uint32_t, const struct flow_cols *, int);
size_t	flow_format_cols_json(char *, size_t, const struct flow *,
	    uint32_t, const struct flow_cols *, int);
const char *flow_col_names(void);
size_t	flow_iso_time(char *, size_t, uint32_t, int);
size_t	flow_interval_time(char *, size_t, uint32_t);

#endif /* FLOWD_FLOW_FORMAT_H */
