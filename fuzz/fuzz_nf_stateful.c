/*
 * fuzz_nf_stateful: a sequence of datagrams from several exporters
 * through one collector with small limits, so that the template cache,
 * its evictions, withdrawals, lifetime expiry, the pending buffer and
 * run-time limit changes are all exercised.  Input: chunks of
 *	u8 ctl, u16 length (big-endian), length bytes of datagram
 * where ctl bits 0-1 pick one of four exporters (two share an address),
 * bits 2-4 advance the clock, and bit 7 set (with length 0) changes
 * the limits from the next bytes instead.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nffuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
small_limits(struct nf_limits *lim, uint8_t a, uint8_t b)
{
	nf_limits_default(lim);
	lim->max_exporters = 1 + (a & 3);
	lim->max_domains = 1 + ((a >> 2) & 3);
	lim->max_templates = (a >> 4) & 7;
	lim->max_template_len = 16 + (b & 0x7f) * 8;
	lim->ipfix_template_lifetime = (b >> 7) * 5;
	lim->pending_max = 256 + (a >> 7) * 1024;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int	 hosts[4] = { 1, 1, 2, 3 };
	static const uint16_t	 ports[4] = { 2055, 2056, 2055, 4739 };
	struct nf_collector	*col;
	struct nf_limits	 lim;
	enum nf_reason		 r;
	time_t			 now = 1700000000;
	size_t			 len;
	uint8_t			 ctl;

	small_limits(&lim, 0x3f, 0x80 | 60);
	if ((col = nf_collector_new(&lim)) == NULL)
		abort();
	while (size >= 3) {
		ctl = data[0];
		len = (size_t)data[1] << 8 | data[2];
		data += 3;
		size -= 3;
		if (ctl & 0x80) {
			small_limits(&lim, len >> 8, len & 0xff);
			nf_collector_set_limits(col, &lim);
			nffuzz_check(col, NF_OK, &lim);
			continue;
		}
		if (len > size)
			len = size;
		now += (ctl >> 2) & 7;
		r = nffuzz_one(col, data, len, hosts[ctl & 3],
		    ports[ctl & 3], now);
		nffuzz_check(col, r, &lim);
		data += len;
		size -= len;
	}
	nf_collector_free(col);
	return (0);
}
