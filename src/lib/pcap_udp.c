/*
 * pcap_udp.c: find the UDP datagram in a captured frame.  Link types
 * are the ones export traffic is recorded on: Ethernet (with any number
 * of 802.1Q/QinQ tags, bounded), Linux cooked v1 and v2, raw IP, BSD
 * loopback/null.  IPv6 extension headers are walked, bounded.  The UDP
 * length field, not the capture length, decides the payload size, so
 * Ethernet padding never becomes datagram bytes.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <pcap.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "pcap_udp.h"

#define MAX_VLAN_TAGS	4
#define MAX_V6_EXTHDRS	8

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif

static uint16_t
get16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

/* Link layer: find the network header and its ethertype. */
static enum pcap_udp_result
link_strip(int dlt, const uint8_t *f, size_t len, size_t *off,
    uint16_t *etype)
{
	int	tags;

	switch (dlt) {
	case DLT_EN10MB:
		if (len < 14)
			return (PCAP_UDP_TRUNCATED);
		*etype = get16(f + 12);
		*off = 14;
		for (tags = 0; *etype == 0x8100 || *etype == 0x88a8 ||
		    *etype == 0x9100; tags++) {
			if (tags == MAX_VLAN_TAGS)
				return (PCAP_UDP_BAD_HEADER);
			if (len < *off + 4)
				return (PCAP_UDP_TRUNCATED);
			*etype = get16(f + *off + 2);
			*off += 4;
		}
		return (PCAP_UDP_OK);
	case DLT_LINUX_SLL:
		if (len < 16)
			return (PCAP_UDP_TRUNCATED);
		*etype = get16(f + 14);
		*off = 16;
		return (PCAP_UDP_OK);
	case DLT_LINUX_SLL2:
		if (len < 20)
			return (PCAP_UDP_TRUNCATED);
		*etype = get16(f);
		*off = 20;
		return (PCAP_UDP_OK);
	case DLT_RAW:
#ifdef DLT_IPV4
	case DLT_IPV4:
	case DLT_IPV6:
#endif
		if (len < 1)
			return (PCAP_UDP_TRUNCATED);
		*etype = (f[0] >> 4) == 6 ? 0x86dd : 0x0800;
		*off = 0;
		return (PCAP_UDP_OK);
	case DLT_NULL:
	case DLT_LOOP:
		/*
		 * The 4-byte family is in host order (NULL) or network order
		 * (LOOP) and AF_INET6 differs between systems, so the IP
		 * version nibble decides.
		 */
		if (len < 5)
			return (PCAP_UDP_TRUNCATED);
		*etype = (f[4] >> 4) == 6 ? 0x86dd : 0x0800;
		*off = 4;
		return (PCAP_UDP_OK);
	default:
		return (PCAP_UDP_BAD_DLT);
	}
}

static enum pcap_udp_result
udp_take(const uint8_t *u, size_t avail, struct udp_payload *out)
{
	uint16_t	ulen;

	if (avail < 8)
		return (PCAP_UDP_TRUNCATED);
	ulen = get16(u + 4);
	if (ulen < 8)
		return (PCAP_UDP_BAD_HEADER);
	if (ulen > avail)
		return (PCAP_UDP_TRUNCATED);
	out->data = u + 8;
	out->len = ulen - 8;
	return (PCAP_UDP_OK);
}

static enum pcap_udp_result
ipv4(const uint8_t *p, size_t len, struct udp_payload *out)
{
	struct sockaddr_in	*s = (struct sockaddr_in *)&out->src;
	struct sockaddr_in	*d = (struct sockaddr_in *)&out->dst;
	size_t			 hl, tl;
	enum pcap_udp_result	 r;

	if (len < 20)
		return (PCAP_UDP_TRUNCATED);
	if ((p[0] >> 4) != 4)
		return (PCAP_UDP_BAD_HEADER);
	hl = (size_t)(p[0] & 0x0f) * 4;
	tl = get16(p + 2);
	if (hl < 20 || tl < hl)
		return (PCAP_UDP_BAD_HEADER);
	if (tl > len)
		return (PCAP_UDP_TRUNCATED);
	if ((get16(p + 6) & 0x3fff) != 0)	/* MF or an offset */
		return (PCAP_UDP_FRAGMENT);
	if (p[9] != IPPROTO_UDP)
		return (PCAP_UDP_NOT_UDP);
	if ((r = udp_take(p + hl, tl - hl, out)) != PCAP_UDP_OK)
		return (r);
	memset(&out->src, 0, sizeof(out->src));
	memset(&out->dst, 0, sizeof(out->dst));
	s->sin_family = d->sin_family = AF_INET;
	memcpy(&s->sin_addr, p + 12, 4);
	memcpy(&d->sin_addr, p + 16, 4);
	memcpy(&s->sin_port, p + hl, 2);
	memcpy(&d->sin_port, p + hl + 2, 2);
	out->addrlen = sizeof(*s);
	return (PCAP_UDP_OK);
}

static enum pcap_udp_result
ipv6(const uint8_t *p, size_t len, struct udp_payload *out)
{
	struct sockaddr_in6	*s = (struct sockaddr_in6 *)&out->src;
	struct sockaddr_in6	*d = (struct sockaddr_in6 *)&out->dst;
	size_t			 off, end, el;
	uint8_t			 nh;
	int			 n;
	enum pcap_udp_result	 r;

	if (len < 40)
		return (PCAP_UDP_TRUNCATED);
	if ((p[0] >> 4) != 6)
		return (PCAP_UDP_BAD_HEADER);
	end = 40 + (size_t)get16(p + 4);
	if (end > len)
		return (PCAP_UDP_TRUNCATED);
	nh = p[6];
	off = 40;
	for (n = 0; nh != IPPROTO_UDP; n++) {
		if (n == MAX_V6_EXTHDRS)
			return (PCAP_UDP_BAD_HEADER);
		switch (nh) {
		case 0:		/* hop-by-hop */
		case 43:	/* routing */
		case 60:	/* destination options */
			if (off + 8 > end)
				return (PCAP_UDP_TRUNCATED);
			el = ((size_t)p[off + 1] + 1) * 8;
			break;
		case 44:	/* fragment */
			return (PCAP_UDP_FRAGMENT);
		default:
			return (PCAP_UDP_NOT_UDP);
		}
		if (off + el > end)
			return (PCAP_UDP_TRUNCATED);
		nh = p[off];
		off += el;
	}
	if ((r = udp_take(p + off, end - off, out)) != PCAP_UDP_OK)
		return (r);
	memset(&out->src, 0, sizeof(out->src));
	memset(&out->dst, 0, sizeof(out->dst));
	s->sin6_family = d->sin6_family = AF_INET6;
	memcpy(&s->sin6_addr, p + 8, 16);
	memcpy(&d->sin6_addr, p + 24, 16);
	memcpy(&s->sin6_port, p + off, 2);
	memcpy(&d->sin6_port, p + off + 2, 2);
	out->addrlen = sizeof(*s);
	return (PCAP_UDP_OK);
}

enum pcap_udp_result
pcap_udp_frame(int dlt, const uint8_t *f, size_t len, struct udp_payload *out)
{
	size_t			off;
	uint16_t		etype;
	enum pcap_udp_result	r;

	if ((r = link_strip(dlt, f, len, &off, &etype)) != PCAP_UDP_OK)
		return (r);
	switch (etype) {
	case 0x0800:
		return (ipv4(f + off, len - off, out));
	case 0x86dd:
		return (ipv6(f + off, len - off, out));
	default:
		return (PCAP_UDP_NOT_IP);
	}
}

static void
count(struct pcap_udp_stats *st, enum pcap_udp_result r)
{
	switch (r) {
	case PCAP_UDP_OK:
		st->udp++;
		break;
	case PCAP_UDP_NOT_IP:
	case PCAP_UDP_BAD_DLT:
		st->not_ip++;
		break;
	case PCAP_UDP_NOT_UDP:
		st->not_udp++;
		break;
	case PCAP_UDP_TRUNCATED:
		st->truncated++;
		break;
	case PCAP_UDP_FRAGMENT:
		st->fragments++;
		break;
	case PCAP_UDP_BAD_HEADER:
		st->bad_header++;
		break;
	}
}

int
pcap_udp_read(const char *path, udp_payload_cb cb, void *arg,
    struct pcap_udp_stats *stp, char *errbuf, size_t errlen)
{
	char			 pe[PCAP_ERRBUF_SIZE];
	struct pcap_udp_stats	 st;
	struct pcap_pkthdr	*h;
	const u_char		*frame;
	struct udp_payload	 u;
	pcap_t			*p;
	enum pcap_udp_result	 r;
	int			 dlt, nr;

	memset(&st, 0, sizeof(st));
	if ((p = pcap_open_offline(path, pe)) == NULL) {
		snprintf(errbuf, errlen, "%s: %s", path, pe);
		return (-1);
	}
	dlt = pcap_datalink(p);
	while ((nr = pcap_next_ex(p, &h, &frame)) == 1) {
		st.frames++;
		memset(&u, 0, sizeof(u));
		r = pcap_udp_frame(dlt, frame, h->caplen, &u);
		count(&st, r);
		if (r != PCAP_UDP_OK)
			continue;
		u.ts.tv_sec = h->ts.tv_sec;
		u.ts.tv_usec = h->ts.tv_usec;
		cb(&u, arg);
	}
	if (nr == -1) {
		snprintf(errbuf, errlen, "%s: %s", path, pcap_geterr(p));
		pcap_close(p);
		return (-1);
	}
	pcap_close(p);
	if (stp != NULL)
		*stp = st;
	return (0);
}
