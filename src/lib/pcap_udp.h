/*
 * pcap_udp: the UDP datagrams inside a capture file.  flowd -r, the
 * replay sender and the tests use it to turn recorded export traffic
 * back into the datagrams a collector would have received.
 */
#ifndef FLOWD_PCAP_UDP_H
#define FLOWD_PCAP_UDP_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <stddef.h>
#include <stdint.h>

struct udp_payload {
	struct sockaddr_storage	 src;
	struct sockaddr_storage	 dst;
	socklen_t		 addrlen;	/* of src and dst */
	struct timeval		 ts;
	const uint8_t		*data;
	size_t			 len;
};

/* Why frames did not yield a datagram; every frame lands in one bucket. */
struct pcap_udp_stats {
	uint64_t	frames;
	uint64_t	udp;		/* datagrams handed to the callback */
	uint64_t	not_ip;		/* other link or network protocol */
	uint64_t	not_udp;
	uint64_t	truncated;	/* caplen shorter than the headers say */
	uint64_t	fragments;	/* IP fragments are not reassembled */
	uint64_t	bad_header;	/* impossible lengths, bad versions */
};

enum pcap_udp_result {
	PCAP_UDP_OK = 0,
	PCAP_UDP_NOT_IP,
	PCAP_UDP_NOT_UDP,
	PCAP_UDP_TRUNCATED,
	PCAP_UDP_FRAGMENT,
	PCAP_UDP_BAD_HEADER,
	PCAP_UDP_BAD_DLT
};

typedef void (*udp_payload_cb)(const struct udp_payload *, void *);

/* One captured frame of link type dlt; out->data points into frame. */
enum pcap_udp_result pcap_udp_frame(int, const uint8_t *, size_t,
    struct udp_payload *);
/*
 * Every UDP datagram in the file at path ("-" for stdin), in order.
 * Returns 0, or -1 with a message in errbuf.  stats may be NULL.
 */
int	pcap_udp_read(const char *, udp_payload_cb, void *,
	    struct pcap_udp_stats *, char *, size_t);

#endif
