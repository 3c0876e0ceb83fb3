/*
 * fuzz_pcap_udp: captured frames of every supported link type through
 * pcap_udp_frame.  The first byte picks the link type; a datagram it
 * returns must lie inside the frame.
 */
#include <sys/types.h>

#include <pcap.h>
#include <stdint.h>
#include <stdlib.h>

#include "compat.h"
#include "pcap_udp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const int dlts[] = {
	DLT_EN10MB, DLT_LINUX_SLL, 276 /* SLL2 */, DLT_RAW, DLT_NULL,
	DLT_LOOP, 9999
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct udp_payload	u;
	int			dlt;

	if (size < 1 || size > 65536)
		return (0);
	dlt = dlts[data[0] % (sizeof(dlts) / sizeof(dlts[0]))];
	if (pcap_udp_frame(dlt, data + 1, size - 1, &u) == PCAP_UDP_OK) {
		if (u.data < data + 1 || u.data + u.len > data + size)
			abort();
	}
	return (0);
}
