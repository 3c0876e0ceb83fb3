/*
 * fuzz_store: the store record codec.  Each input is walked as a
 * sequence of v3 records (and, separately, as v2 records); every record
 * that decodes must re-encode, decode again to the same values, and
 * format as text, CSV and JSON without overflowing.  The v3.0-only
 * reader path must accept whatever the full reader accepts.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "flow_format.h"
#include "store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_flow(const struct flow *f, uint32_t crc)
{
	static char	line[FLOW_FMT_MAXLEN];
	struct flow	back;
	uint8_t		buf[STORE_MAX_RECORD];
	size_t		len;
	int		r;

	if (flow_format_text(line, sizeof(line), f, crc, FLOW_ALL, 0) == 0 ||
	    flow_format_csv(line, sizeof(line), f) == 0 ||
	    flow_format_json(line, sizeof(line), f, crc, FLOW_ALL, 1) == 0)
		abort();
	r = store_flow_serialise(f, f->fields | FLOW_CRC32, buf, sizeof(buf),
	    &len);
	if (r == STORE_ERR_EMPTY)
		return;
	if (r != STORE_OK || len > STORE_MAX_WRITTEN)
		abort();
	if (store_flow_deserialise(buf, len, &back, NULL) != STORE_OK)
		abort();
	if ((back.fields & ~FLOW_CRC32) != (f->fields & ~FLOW_CRC32) ||
	    back.packets != f->packets || back.octets != f->octets ||
	    back.src_port != f->src_port || back.tag != f->tag ||
	    back.out_octets != f->out_octets ||
	    memcmp(&back.src, &f->src, sizeof(f->src)) != 0 ||
	    memcmp(&back.nat_src, &f->nat_src, sizeof(f->nat_src)) != 0 ||
	    memcmp(&back.nat_dst, &f->nat_dst, sizeof(f->nat_dst)) != 0 ||
	    back.nat_dst_port != f->nat_dst_port)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flow	f, old;
	size_t		off, reclen;
	uint32_t	crc;
	int		r;

	for (off = 0; size - off >= STORE_HDR_LEN; off += reclen) {
		if (store_check_header(data + off, &reclen) != STORE_OK)
			break;
		if (reclen > size - off)
			break;
		crc = 0;
		r = store_flow_deserialise(data + off, reclen, &f, &crc);
		if ((r == STORE_OK) !=
		    (store_check_record(data + off, reclen) == STORE_OK))
			abort();
		if (r == STORE_OK) {
			check_flow(&f, crc);
			if (store_flow_deserialise_known(data + off, reclen,
			    &old, NULL, FLOW_ALL_V30) != STORE_OK)
				abort();
			if ((old.fields & ~f.fields) != 0)
				abort();
		}
	}

	for (off = 0; size - off >= 4; off += reclen) {
		if (store_v2_record_len(data + off, size - off, &reclen) !=
		    STORE_OK || reclen > size - off)
			break;
		if (store_v2_deserialise(data + off, reclen, &f) == STORE_OK)
			check_flow(&f, 0);
	}
	return (0);
}
