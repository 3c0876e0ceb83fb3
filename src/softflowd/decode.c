/*
 * decode.c: datalink, IP and transport headers of one captured frame.
 *
 * Every read is checked against the captured length; every walk
 * (VLAN tags, MPLS labels, IPv6 extension headers) is bounded, so a
 * crafted frame costs a counter, never an over-read or a loop.
 * Octets are the IP length from the IP header, not the wire length:
 * Ethernet padding and MPLS labels are not traffic (fixes softflowd B5).
 */
#include <sys/types.h>

#include <netinet/in.h>

#include <pcap/dlt.h>
#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "sf_decode.h"

#define ET_IPV4		0x0800
#define ET_IPV6		0x86dd
#define ET_VLAN		0x8100
#define ET_QINQ		0x88a8
#define ET_QINQ_OLD	0x9100
#define ET_MPLS		0x8847
#define ET_MPLS_MC	0x8848

#define PPP_IPV4	0x0021
#define PPP_IPV6	0x0057
#define PPP_MPLS	0x0281

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4	228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6	229
#endif
#ifndef DLT_PPP_SERIAL
#define DLT_PPP_SERIAL	50
#endif

/* Link types whose next header is found by the IP version nibble. */
#define NEXT_BY_VERSION	0

static uint16_t
get16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

static uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

int
sf_decode_dlt_ok(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_NULL:
	case DLT_LOOP:
	case DLT_PPP:
	case DLT_PPP_SERIAL:
#ifdef DLT_PFLOG
	case DLT_PFLOG:
#endif
		return (1);
	}
	return (0);
}

/*
 * Transport ports and flags; only the first fragment has them.  A
 * header cut short by the snaplen leaves the packet portless (counted),
 * as softflowd does, rather than dropping its bytes.
 */
static void
transport(const uint8_t *p, size_t len, struct sf_pkt *pkt,
    struct sf_decode_stats *st)
{
	switch (pkt->proto) {
	case IPPROTO_TCP:
		if (len < 14)
			break;
		pkt->sport = get16(p);
		pkt->dport = get16(p + 2);
		pkt->tcpflags = p[13];
		pkt->has_ports = 1;
		return;
	case IPPROTO_UDP:
		if (len < 4)
			break;
		pkt->sport = get16(p);
		pkt->dport = get16(p + 2);
		pkt->has_ports = 1;
		return;
	case IPPROTO_ICMP:
		if (pkt->af != 4 || len < 2)
			break;
		pkt->dport = get16(p);
		pkt->has_ports = 1;
		return;
	case IPPROTO_ICMPV6:
		if (pkt->af != 6 || len < 2)
			break;
		pkt->dport = get16(p);
		pkt->has_ports = 1;
		return;
	default:
		return;
	}
	st->short_l4++;
}

static int
ipv4(const uint8_t *p, size_t len, struct sf_pkt *pkt,
    struct sf_decode_stats *st)
{
	size_t		hl, tot;
	uint16_t	off;

	if (len < 20 || (p[0] >> 4) != 4)
		goto bad;
	hl = (size_t)(p[0] & 0x0f) * 4;
	tot = get16(p + 2);
	if (hl < 20 || hl > len || tot < hl)
		goto bad;
	pkt->af = 4;
	pkt->tos = p[1];
	pkt->proto = p[9];
	pkt->octets = (uint32_t)tot;
	memcpy(pkt->src, p + 12, 4);
	memcpy(pkt->dst, p + 16, 4);
	off = get16(p + 6);
	pkt->frag_id = get16(p + 4);
	pkt->more_frags = (off & 0x2000) != 0;
	if ((off & 0x1fff) != 0)
		pkt->frag = SF_FRAG_LATER;
	else if (pkt->more_frags)
		pkt->frag = SF_FRAG_FIRST;
	if (pkt->frag != SF_FRAG_LATER) {
		/* The transport header ends where the datagram does. */
		if (tot < len)
			len = tot;
		transport(p + hl, len - hl, pkt, st);
	}
	return (SF_DEC_IP);
 bad:
	st->short_ip++;
	return (SF_DEC_SHORT);
}

static int
ipv6(const uint8_t *p, size_t len, struct sf_pkt *pkt,
    struct sf_decode_stats *st)
{
	size_t		off = 40, hl;
	uint8_t		nh;
	uint32_t	plen;
	int		i;

	if (len < 40 || (p[0] >> 4) != 6)
		goto bad;
	pkt->af = 6;
	pkt->tos = (uint8_t)(get16(p) >> 4);
	pkt->flowlabel = get32(p) & 0x000fffff;
	plen = get16(p + 4);
	/* A jumbogram says 0 here; count what was on the wire. */
	pkt->octets = plen != 0 ? plen + 40 : (uint32_t)len;
	memcpy(pkt->src, p + 8, 16);
	memcpy(pkt->dst, p + 24, 16);
	nh = p[6];
	if (plen != 0 && plen + 40 < len)
		len = plen + 40;
	for (i = 0; ; i++) {
		if (nh != 0 && nh != 43 && nh != 44 && nh != 60 && nh != 51)
			break;
		if (i == SF_MAX_V6EXT) {
			st->v6ext_deep++;
			pkt->proto = nh;
			return (SF_DEC_IP);
		}
		if (off + 8 > len) {
			/* Cut by the snaplen: keep the bytes, lose ports. */
			st->short_l4++;
			pkt->proto = nh;
			return (SF_DEC_IP);
		}
		if (nh == 44) {
			pkt->frag_id = get32(p + off + 4);
			pkt->more_frags = (p[off + 3] & 1) != 0;
			if ((get16(p + off + 2) & 0xfff8) != 0)
				pkt->frag = SF_FRAG_LATER;
			else if (pkt->more_frags)
				pkt->frag = SF_FRAG_FIRST;
			hl = 8;
		} else if (nh == 51)
			hl = ((size_t)p[off + 1] + 2) * 4;
		else
			hl = ((size_t)p[off + 1] + 1) * 8;
		nh = p[off];
		off += hl;
		if (pkt->frag == SF_FRAG_LATER)
			break;
	}
	pkt->proto = nh;
	if (pkt->frag != SF_FRAG_LATER && off <= len)
		transport(p + off, len - off, pkt, st);
	return (SF_DEC_IP);
 bad:
	st->short_ip++;
	return (SF_DEC_SHORT);
}

/* Pick the IP parser by the version nibble. */
static int
ip_any(const uint8_t *p, size_t len, struct sf_pkt *pkt,
    struct sf_decode_stats *st)
{
	if (len < 1) {
		st->short_ip++;
		return (SF_DEC_SHORT);
	}
	switch (p[0] >> 4) {
	case 4:
		return (ipv4(p, len, pkt, st));
	case 6:
		return (ipv6(p, len, pkt, st));
	}
	st->nonip++;
	return (SF_DEC_NONIP);
}

/*
 * MPLS: labels until bottom of stack, then IP by its version nibble.
 * The walk stops after SF_MAX_MPLS labels (softflowd B17).
 */
static int
mpls(const uint8_t *p, size_t len, struct sf_pkt *pkt,
    struct sf_decode_stats *st)
{
	size_t	off = 0;
	int	n;

	for (n = 0; n < SF_MAX_MPLS; n++) {
		if (off + 4 > len) {
			st->short_l2++;
			return (SF_DEC_SHORT);
		}
		if (pkt->nmpls < SF_KEEP_MPLS)
			pkt->mpls[pkt->nmpls] = get32(p + off) >> 8;
		off += 4;
		pkt->nmpls++;
		if (p[off - 2] & 0x01)
			return (ip_any(p + off, len - off, pkt, st));
	}
	st->mpls_deep++;
	return (SF_DEC_SHORT);
}

/* Ethertype dispatch after any link header, with VLAN tags. */
static int
ethertype(uint16_t et, const uint8_t *p, size_t len, struct sf_pkt *pkt,
    struct sf_decode_stats *st)
{
	size_t	off = 0;
	int	n;

	for (n = 0; et == ET_VLAN || et == ET_QINQ || et == ET_QINQ_OLD;
	    n++) {
		if (n == SF_MAX_VLANS || off + 4 > len) {
			st->short_l2++;
			return (SF_DEC_SHORT);
		}
		if (pkt->nvlan < 2)
			pkt->vlan[pkt->nvlan++] = get16(p + off) & 0x0fff;
		et = get16(p + off + 2);
		off += 4;
	}
	switch (et) {
	case ET_IPV4:
		return (ipv4(p + off, len - off, pkt, st));
	case ET_IPV6:
		return (ipv6(p + off, len - off, pkt, st));
	case ET_MPLS:
	case ET_MPLS_MC:
		return (mpls(p + off, len - off, pkt, st));
	}
	st->nonip++;
	return (SF_DEC_NONIP);
}

static int
ppp(const uint8_t *p, size_t len, struct sf_pkt *pkt,
    struct sf_decode_stats *st)
{
	size_t		off = 0;
	uint16_t	proto;

	/* Address and control fields may be compressed away (RFC 1661). */
	if (len >= 2 && p[0] == 0xff && p[1] == 0x03)
		off = 2;
	if (off + 1 > len)
		goto short_;
	if (p[off] & 0x01) {
		/* protocol field compressed to one byte */
		proto = p[off];
		off += 1;
	} else {
		if (off + 2 > len)
			goto short_;
		proto = get16(p + off);
		off += 2;
	}
	switch (proto) {
	case PPP_IPV4:
		return (ipv4(p + off, len - off, pkt, st));
	case PPP_IPV6:
		return (ipv6(p + off, len - off, pkt, st));
	case PPP_MPLS:
		return (mpls(p + off, len - off, pkt, st));
	}
	st->nonip++;
	return (SF_DEC_NONIP);
 short_:
	st->short_l2++;
	return (SF_DEC_SHORT);
}

/*
 * Decode a frame of link type dlt: caplen bytes at p, wirelen on the
 * wire (used only for IPv6 jumbograms).  Returns SF_DEC_*.
 */
int
sf_decode(int dlt, const uint8_t *p, size_t caplen, size_t wirelen,
    struct sf_pkt *pkt, struct sf_decode_stats *st)
{
	size_t	hl;

	(void)wirelen;
	memset(pkt, 0, sizeof(*pkt));
	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < 14)
			break;
		memcpy(pkt->dmac, p, 6);
		memcpy(pkt->smac, p + 6, 6);
		pkt->has_mac = 1;
		return (ethertype(get16(p + 12), p + 14, caplen - 14, pkt,
		    st));
	case DLT_LINUX_SLL:
		if (caplen < 16)
			break;
		return (ethertype(get16(p + 14), p + 16, caplen - 16, pkt,
		    st));
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			break;
		return (ethertype(get16(p), p + 20, caplen - 20, pkt, st));
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		return (ip_any(p, caplen, pkt, st));
	case DLT_NULL:
	case DLT_LOOP:
		/*
		 * The 4-byte address family differs by byte order and by
		 * OS (AF_INET6 is 10, 24, 28 or 30); the version nibble
		 * after it is unambiguous.
		 */
		if (caplen < 4)
			break;
		return (ip_any(p + 4, caplen - 4, pkt, st));
	case DLT_PPP:
	case DLT_PPP_SERIAL:
		return (ppp(p, caplen, pkt, st));
#ifdef DLT_PFLOG
	case DLT_PFLOG:
		/* First byte: header length, rounded up to 4 bytes. */
		if (caplen < 4)
			break;
		hl = ((size_t)p[0] + 3) & ~(size_t)3;
		if (hl < 4 || hl > caplen)
			break;
		return (ip_any(p + hl, caplen - hl, pkt, st));
#endif
	default:
		(void)hl;
		st->nonip++;
		return (SF_DEC_NONIP);
	}
	st->short_l2++;
	return (SF_DEC_SHORT);
}
