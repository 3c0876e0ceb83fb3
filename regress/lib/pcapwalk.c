/*
 * pcapwalk.c: read a capture with libpcap and pass on the UDP payloads
 * sent to one port.  Ethernet (with VLAN tags), Linux cooked, raw IP
 * and BSD loopback frames; IPv4 and IPv6 without fragments.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>

#include <pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "pcapwalk.h"

static uint16_t
get16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

static void
one(const uint8_t *p, size_t len, uint16_t etype, int port,
    const struct timeval *tv, pcapwalk_cb cb, void *arg)
{
	struct sockaddr_in	sin;
	struct sockaddr_in6	sin6;
	const uint8_t		*udp;
	size_t			 hl, ulen;
	uint8_t			 proto;

	if (etype == 0x0800) {
		if (len < 20 || (p[0] >> 4) != 4)
			return;
		hl = (size_t)(p[0] & 0xf) * 4;
		proto = p[9];
		if (hl < 20 || len < hl + 8 || proto != 17 ||
		    (get16(p + 6) & 0x3fff) != 0)
			return;
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, p + 12, 4);
		udp = p + hl;
		memcpy(&sin.sin_port, udp, 2);
		len -= hl;
		if (get16(udp + 2) != port)
			return;
		ulen = get16(udp + 4);
		if (ulen < 8 || ulen > len)
			return;
		cb(udp + 8, ulen - 8, (struct sockaddr *)&sin, sizeof(sin),
		    tv, arg);
	} else if (etype == 0x86dd) {
		if (len < 48 || p[6] != 17)
			return;
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, p + 8, 16);
		udp = p + 40;
		memcpy(&sin6.sin6_port, udp, 2);
		if (get16(udp + 2) != port)
			return;
		ulen = get16(udp + 4);
		if (ulen < 8 || ulen > len - 40)
			return;
		cb(udp + 8, ulen - 8, (struct sockaddr *)&sin6, sizeof(sin6),
		    tv, arg);
	}
}

long
pcapwalk(const char *path, int port, pcapwalk_cb cb, void *arg,
    char *errbuf, size_t errlen)
{
	char			 ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr	*h;
	const u_char		*p;
	pcap_t			*pc;
	uint16_t		 etype;
	size_t			 len, off;
	long			 n = 0;
	int			 dlt;

	if ((pc = pcap_open_offline(path, ebuf)) == NULL) {
		snprintf(errbuf, errlen, "%s", ebuf);
		return (-1);
	}
	dlt = pcap_datalink(pc);
	while (pcap_next_ex(pc, &h, &p) == 1) {
		len = h->caplen;
		switch (dlt) {
		case DLT_EN10MB:
			if (len < 14)
				continue;
			etype = get16(p + 12);
			off = 14;
			while ((etype == 0x8100 || etype == 0x88a8) &&
			    len >= off + 4) {
				etype = get16(p + off + 2);
				off += 4;
			}
			break;
		case DLT_LINUX_SLL:
			if (len < 16)
				continue;
			etype = get16(p + 14);
			off = 16;
			break;
		case DLT_RAW:
			if (len < 1)
				continue;
			etype = (p[0] >> 4) == 6 ? 0x86dd : 0x0800;
			off = 0;
			break;
		default:
			snprintf(errbuf, errlen, "%s: link type %d", path, dlt);
			pcap_close(pc);
			return (-1);
		}
		if (off > len)
			continue;
		one(p + off, len - off, etype, port, &h->ts, cb, arg);
		n++;
	}
	pcap_close(pc);
	return (n);
}
