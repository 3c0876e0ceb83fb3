/*
 * fuzz_flowd_reader_input: flowd-reader's input path.  The input (after
 * a one-byte mode: resync, legacy v2) is written to a temporary file
 * and read through the buffered store reader to its end, with the
 * smallest buffer so records straddle refills; every flow is formatted
 * the ways flowd-reader prints it.  The reader must end with EOF or a
 * clean error, never loop, and every offset it reports must lie inside
 * the input.
 */
#include <sys/types.h>

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "flow_format.h"
#include "store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	tmpfd = -1;

static void
open_tmp(void)
{
	char	path[] = "/tmp/fuzz_reader.XXXXXX";

	if ((tmpfd = mkstemp(path)) == -1)
		err(1, "mkstemp");
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 line[FLOW_FMT_MAXLEN];
	struct store_reader	 r;
	struct store_rec	 rec;
	struct flow		 f;
	struct flow_cols	 cols;
	const char		*errstr;
	uint64_t		 n = 0;
	int			 e, flags = 0;

	if (size < 1)
		return (0);
	if (data[0] & 1)
		flags |= STORE_R_RESYNC;
	if (data[0] & 2)
		flags |= STORE_R_V2;
	data++;
	size--;
	if (tmpfd == -1)
		open_tmp();
	if (ftruncate(tmpfd, 0) == -1 ||
	    pwrite(tmpfd, data, size, 0) != (ssize_t)size ||
	    lseek(tmpfd, 0, SEEK_SET) == -1)
		err(1, "tmp file");
	if (flow_cols_parse("src,dst,packets,recv_time,crc32", &cols,
	    &errstr) == -1)
		abort();
	if (store_reader_open(&r, tmpfd, flags, 1) != STORE_OK)
		abort();
	while ((e = store_reader_next(&r, &f, &rec)) == STORE_OK) {
		if (rec.off < 0 || (size_t)rec.off >= size)
			abort();
		if (rec.raw != NULL && (rec.len < STORE_HDR_LEN ||
		    (size_t)rec.off + rec.len > size ||
		    memcmp(rec.raw, data + rec.off, rec.len) != 0))
			abort();
		if (flow_format_text(line, sizeof(line), &f, rec.crc,
		    FLOW_ALL, FLOW_FMT_UTC) == 0 ||
		    flow_format_csv(line, sizeof(line), &f) == 0 ||
		    flow_format_json(line, sizeof(line), &f, rec.crc,
		    FLOW_ALL, 0) == 0 ||
		    flow_format_cols_text(line, sizeof(line), &f, rec.crc,
		    &cols, 0) == 0)
			abort();
		if (++n > size)
			abort();	/* more records than bytes: a loop */
	}
	if (e == STORE_ERR_AGAIN)
		abort();
	if (e != STORE_ERR_EOF && e != STORE_ERR_IO &&
	    (r.err_off < 0 || (size_t)r.err_off >= size))
		abort();
	if (r.partial > size || r.nskipped > size)
		abort();
	store_reader_close(&r);
	return (0);
}
