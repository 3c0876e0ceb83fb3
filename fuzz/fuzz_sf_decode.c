/*
 * fuzz_sf_decode: softflowd's frame decoder on whole frames of every
 * datalink it accepts.  The first input byte picks the link type, the
 * rest is the frame, copied into a buffer of exactly its size so any
 * over-read is caught.  The verdicts are checked for sense.
 */
#include <sys/types.h>

#include <pcap/dlt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "../src/softflowd/sf_track.h"

static const int dlts[] = {
	DLT_EN10MB, 113 /* SLL */, 276 /* SLL2 */, DLT_RAW, DLT_NULL,
	DLT_LOOP, DLT_PPP, 50 /* PPP_SERIAL */, 117 /* PFLOG */,
	228 /* IPV4 */, 229 /* IPV6 */
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_decode_stats	st;
	struct sf_pkt		p;
	struct sf_key		k;
	uint8_t			*frame;
	size_t			len;
	int			dlt, r, d;

	if (size < 1)
		return (0);
	dlt = dlts[data[0] % (sizeof(dlts) / sizeof(dlts[0]))];
	len = size - 1;
	if ((frame = malloc(len > 0 ? len : 1)) == NULL)
		return (0);
	memcpy(frame, data + 1, len);
	memset(&st, 0, sizeof(st));
	r = sf_decode(dlt, frame, len, len, &p, &st);
	if (r == SF_DEC_IP) {
		if (p.af != 4 && p.af != 6)
			abort();
		if (p.frag == SF_FRAG_LATER && p.has_ports)
			abort();
		sf_key_make(SF_T_ETHER, &p, &k, &d);
		if (d != 0 && d != 1)
			abort();
	} else if (st.nonip + st.short_l2 + st.short_ip + st.mpls_deep == 0)
		abort();	/* every refusal is counted */
	free(frame);
	return (0);
}
