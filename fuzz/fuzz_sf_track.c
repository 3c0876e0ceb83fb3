/*
 * fuzz_sf_track: sequences of packets through softflowd's tracker.
 * The input is a series of records: a control byte (link type in the
 * low bits, "run expiry" in the top bit, "prefetching path" in bit 6),
 * a time step in ms (2 bytes), a frame length (1 byte) and the frame.
 * The tracker has a tiny max-flows limit and short timeouts so
 * eviction, the wheel, active timeout and maxlife all run.  Every
 * exported record is turned into a struct flow; packets out must equal
 * packets in.
 */
#include <sys/types.h>

#include <pcap/dlt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "flow.h"
#include "../src/softflowd/sf_export.h"
#include "../src/softflowd/sf_track.h"

static const int dlts[] = {
	DLT_EN10MB, 113, 276, DLT_RAW, DLT_NULL, DLT_LOOP, DLT_PPP, 117
};

static uint64_t	out_packets;

static void
emit(void *arg, const struct sf_flow *f, const uint32_t *labels, int reason,
    uint64_t now)
{
	struct sf_export_conf	*xc = arg;
	struct flow		 fl;
	int			 d;

	(void)labels;
	(void)now;
	for (d = 0; d < 2; d++) {
		if (f->packets[d] == 0)
			continue;
		sf_export_fill(xc, &fl, f, d, reason);
		if (fl.packets != f->packets[d] || fl.end_reason == 0)
			abort();
		out_packets += fl.packets;
	}
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_track_conf	 c;
	struct sf_export_conf	 xc;
	struct sf_decode_stats	 st;
	struct sf_track		*t;
	struct sf_pkt		 p;
	struct sf_prep		 pr;
	u_int			 nnew;
	uint64_t		 now = 1700000000ULL * 1000000, in = 0;
	size_t			 off = 0, len;
	uint8_t			 ctl;

	memset(&c, 0, sizeof(c));
	memset(&xc, 0, sizeof(xc));
	memset(&st, 0, sizeof(st));
	xc.version = 10;
	xc.level = SF_T_ETHER;
	c.level = size > 0 ? data[0] % (SF_T_ETHER + 1) : SF_T_FULL;
	c.track_v6 = 1;
	c.max_flows = 16;
	sf_timeouts_default(&c.to);
	c.to.tcp = 20;
	c.to.udp = 5;
	c.to.icmp = 3;
	c.to.general = 7;
	c.to.maxlife = 30;
	c.to.active = 10;
	c.byte_limit = 100000;
	c.emit = emit;
	c.arg = &xc;
	out_packets = 0;
	if ((t = sf_track_new(&c)) == NULL)
		abort();
	off = 1;
	while (off + 4 <= size) {
		ctl = data[off];
		now += (uint64_t)(data[off + 1] << 8 | data[off + 2]) * 1000;
		len = data[off + 3];
		off += 4;
		if (len > size - off)
			len = size - off;
		/* Bit 6 takes the prefetching path of softflowd -r. */
		if (sf_decode(dlts[ctl % (sizeof(dlts) / sizeof(dlts[0]))],
		    data + off, len, len, &p, &st) == SF_DEC_IP) {
			if (ctl & 0x40) {
				nnew = 0;
				sf_track_prep(t, &p, &pr);
				sf_track_prefetch(t, &pr, &nnew);
				if (sf_track_packet_prep(t, &p, &pr, now) == 0)
					in++;
			} else if (sf_track_packet(t, &p, now) == 0)
				in++;
		}
		off += len;
		if (ctl & 0x80)
			sf_track_expire(t, now);
		sf_track_evict(t, now);
		if (sf_track_stats(t)->flows_now > c.max_flows)
			abort();
	}
	sf_track_flush(t, now);
	if (sf_track_stats(t)->flows_now != 0 || out_packets != in)
		abort();
	sf_track_free(t);
	return (0);
}
