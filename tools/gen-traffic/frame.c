/*
 * frame.c: turn one planned packet into Ethernet frames (several when
 * an IPv4 datagram is fragmented), with valid IP, TCP, UDP and ICMP
 * checksums so that dissectors and tcpreplay take them as real, and
 * count what was written into the flow's ground truth.
 */
#include <stdint.h>
#include <string.h>

#include "compat.h"

#include "gen-traffic.h"

#define ETH_MIN		60	/* frames are zero-padded up to this */
#define L2_MAX		(14 + 8 + 4 * 2)

static uint8_t	l4buf[MAX_DGRAM + 64];
static uint8_t	frame[L2_MAX + 40 + MAX_DGRAM + 64];

static void
be16(uint8_t *p, uint32_t v)
{
	p[0] = (v >> 8) & 0xff;
	p[1] = v & 0xff;
}

static void
be32(uint8_t *p, uint32_t v)
{
	p[0] = (v >> 24) & 0xff;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static uint32_t
cksum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return (sum);
}

static uint16_t
cksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ((uint16_t)~sum);
}

/* Sum of the TCP/UDP/ICMPv6 pseudo header for this direction. */
static uint32_t
pseudo_sum(const struct tflow *f, int dir, size_t l4len)
{
	uint32_t sum;
	size_t alen;

	alen = f->af == 4 ? 4 : 16;
	sum = cksum_add(0, f->addr[dir], alen);
	sum = cksum_add(sum, f->addr[dir ^ 1], alen);
	sum += f->proto;
	sum += (uint32_t)(l4len & 0xffff) + (uint32_t)(l4len >> 16);
	return (sum);
}

/* Ethernet header and tags; returns the offset of the IP header. */
static size_t
l2_build(const struct tflow *f, int dir, uint8_t *p)
{
	size_t off;
	uint32_t etype;
	int i;

	etype = f->af == 4 ? 0x0800 : 0x86dd;
	memcpy(p, f->mac[dir ^ 1], 6);
	memcpy(p + 6, f->mac[dir], 6);
	off = 12;
	switch (f->encap) {
	case ENCAP_VLAN:
		be16(p + off, 0x8100);
		be16(p + off + 2, f->vlan[0]);
		off += 4;
		break;
	case ENCAP_QINQ:
		be16(p + off, 0x88a8);
		be16(p + off + 2, f->vlan[0]);
		be16(p + off + 4, 0x8100);
		be16(p + off + 6, f->vlan[1]);
		off += 8;
		break;
	case ENCAP_MPLS:
		be16(p + off, 0x8847);
		off += 2;
		for (i = 0; i < f->nmpls; i++, off += 4)
			be32(p + off, f->mpls[i] << 12 |
			    (i == f->nmpls - 1 ? 0x100 : 0) | 64);
		/* MPLS carries no payload type: the IP version nibble tells. */
		return (off);
	default:
		break;
	}
	be16(p + off, etype);
	return (off + 2);
}

static void
fill_payload(uint8_t *p, size_t len, uint32_t idx, uint32_t seq)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(idx * 131 + seq * 17 + i);
}

/* ICMP error body: the quoted header of a UDP datagram the peer sent. */
static size_t
quote_build(const struct tflow *f, int dir, uint8_t *p)
{
	size_t n;

	if (f->af == 4) {
		memset(p, 0, 28);
		p[0] = 0x45;
		be16(p + 2, 28 + 512);
		p[8] = 64;
		p[9] = 17;
		memcpy(p + 12, f->addr[dir ^ 1], 4);
		memcpy(p + 16, f->addr[dir], 4);
		be16(p + 10, cksum_fold(cksum_add(0, p, 20)));
		n = 20;
	} else {
		memset(p, 0, 48);
		p[0] = 0x60;
		be16(p + 4, 8 + 512);
		p[6] = 17;
		p[7] = 64;
		memcpy(p + 8, f->addr[dir ^ 1], 16);
		memcpy(p + 24, f->addr[dir], 16);
		n = 40;
	}
	be16(p + n, 33434);
	be16(p + n + 2, 33435);
	be16(p + n + 4, 8 + 512);
	return (n + 8);
}

static size_t
l4_build(struct tflow *f, uint32_t idx, const struct tpkt *k, uint8_t *p)
{
	size_t hl, len;
	uint32_t sum;
	int dir;

	dir = k->dir;
	switch (f->proto) {
	case 6:
		hl = (k->tcpflags & TF_SYN) ? 24 : 20;
		memset(p, 0, hl);
		be16(p, f->port[dir]);
		be16(p + 2, f->port[dir ^ 1]);
		be32(p + 4, f->tcpseq[dir]);
		if (k->tcpflags & TF_ACK)
			be32(p + 8, f->tcpseq[dir ^ 1]);
		p[12] = (uint8_t)((hl / 4) << 4);
		p[13] = k->tcpflags;
		be16(p + 14, 65535);
		if (hl == 24) {
			p[20] = 2;	/* MSS option */
			p[21] = 4;
			be16(p + 22, f->af == 4 ? 1460 : 1440);
		}
		fill_payload(p + hl, k->len, idx, k->seq);
		len = hl + k->len;
		f->tcpseq[dir] += k->len + ((k->tcpflags & TF_SYN) ? 1 : 0) +
		    ((k->tcpflags & TF_FIN) ? 1 : 0);
		sum = pseudo_sum(f, dir, len);
		be16(p + 16, cksum_fold(cksum_add(sum, p, len)));
		return (len);
	case 17:
		len = 8 + k->len;
		be16(p, f->port[dir]);
		be16(p + 2, f->port[dir ^ 1]);
		be16(p + 4, (uint32_t)len);
		be16(p + 6, 0);
		fill_payload(p + 8, k->len, idx, k->seq);
		sum = pseudo_sum(f, dir, len);
		sum = cksum_fold(cksum_add(sum, p, len));
		be16(p + 6, sum == 0 ? 0xffff : sum);
		return (len);
	default:
		p[0] = f->icmp[dir][0];
		p[1] = f->icmp[dir][1];
		be16(p + 2, 0);
		if (p[0] == 3 || p[0] == 1) {	/* unreachable, v4 or v6 */
			be32(p + 4, 0);
			len = 8 + quote_build(f, dir, p + 8);
		} else {
			be16(p + 4, idx & 0xffff);
			be16(p + 6, k->seq & 0xffff);
			fill_payload(p + 8, k->len, idx, k->seq);
			len = 8 + k->len;
		}
		sum = f->proto == 58 ? pseudo_sum(f, dir, len) : 0;
		be16(p + 2, cksum_fold(cksum_add(sum, p, len)));
		return (len);
	}
}

static void
count(struct tflow *f, int dir, uint64_t ts, size_t iplen, int nonfirst)
{
	if (f->pkts[dir] == 0)
		f->first[dir] = ts;
	f->last[dir] = ts;
	f->pkts[dir]++;
	f->octets[dir] += iplen;
	if (nonfirst)
		f->nfrag[dir]++;
}

static void
put_frame(uint64_t ts, size_t len)
{
	if (len < ETH_MIN) {
		memset(frame + len, 0, ETH_MIN - len);
		len = ETH_MIN;
	}
	pcap_put(ts, frame, len);
}

static void
emit_v4(struct tflow *f, const struct tpkt *k, size_t l4len, size_t l2)
{
	uint8_t *ip;
	size_t off, chunk, maxdata;
	uint32_t fragfield;
	int dir;

	dir = k->dir;
	ip = frame + l2;
	maxdata = f->fragment ? ((MTU - 20) & ~(size_t)7) : l4len;
	for (off = 0; off == 0 || off < l4len; off += chunk) {
		chunk = l4len - off > maxdata ? maxdata : l4len - off;
		fragfield = (uint32_t)(off / 8);
		if (off + chunk < l4len)
			fragfield |= 0x2000;		/* more fragments */
		else if (f->proto == 6)
			fragfield |= 0x4000;		/* don't fragment */
		ip[0] = 0x45;
		ip[1] = f->tos;
		be16(ip + 2, (uint32_t)(20 + chunk));
		be16(ip + 4, f->ipid[dir]);
		be16(ip + 6, fragfield);
		ip[8] = 64;
		ip[9] = f->proto;
		be16(ip + 10, 0);
		memcpy(ip + 12, f->addr[dir], 4);
		memcpy(ip + 16, f->addr[dir ^ 1], 4);
		be16(ip + 10, cksum_fold(cksum_add(0, ip, 20)));
		memcpy(ip + 20, l4buf + off, chunk);
		put_frame(k->ts, l2 + 20 + chunk);
		count(f, dir, k->ts, 20 + chunk, off != 0);
	}
	f->ipid[dir]++;
}

static void
emit_v6(struct tflow *f, const struct tpkt *k, size_t l4len, size_t l2)
{
	uint8_t *ip;
	int dir;

	dir = k->dir;
	ip = frame + l2;
	be32(ip, 6U << 28 | (uint32_t)f->tos << 20 | f->flowlabel[dir]);
	be16(ip + 4, (uint32_t)l4len);
	ip[6] = f->proto;
	ip[7] = 64;
	memcpy(ip + 8, f->addr[dir], 16);
	memcpy(ip + 24, f->addr[dir ^ 1], 16);
	memcpy(ip + 40, l4buf, l4len);
	put_frame(k->ts, l2 + 40 + l4len);
	count(f, dir, k->ts, 40 + l4len, 0);
}

void
frame_emit(struct tflow *f, uint32_t idx, const struct tpkt *k)
{
	size_t l2, l4len;

	l4len = l4_build(f, idx, k, l4buf);
	l2 = l2_build(f, k->dir, frame);
	if (f->af == 4)
		emit_v4(f, k, l4len, l2);
	else
		emit_v6(f, k, l4len, l2);
}
