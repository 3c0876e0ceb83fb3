/*
 * sf_decode.h: turn one captured frame into the few facts the flow
 * tracker needs.  Pure functions of the bytes: no clock, no table
 * except the fragment table the caller owns.
 */
#ifndef SF_DECODE_H
#define SF_DECODE_H

#include <sys/types.h>

#include <stdint.h>

#define SF_MAX_VLANS	4	/* 802.1Q/802.1ad tags walked */
#define SF_MAX_MPLS	16	/* MPLS labels walked before giving up */
#define SF_KEEP_MPLS	10	/* label stack entries kept (-x) */
#define SF_MAX_V6EXT	8	/* IPv6 extension headers walked */

/* sf_pkt.frag */
#define SF_FRAG_NONE	0
#define SF_FRAG_FIRST	1	/* offset 0, more to come */
#define SF_FRAG_LATER	2	/* offset != 0: no transport header */

/* What sf_decode() made of a frame. */
#define SF_DEC_IP	0	/* *pkt is filled */
#define SF_DEC_NONIP	1	/* not IPv4/IPv6 (ARP, LLDP, ...) */
#define SF_DEC_SHORT	2	/* truncated or impossible headers */

struct sf_pkt {
	uint8_t		af;		/* 4 or 6 */
	uint8_t		proto;
	uint8_t		tos;
	uint8_t		tcpflags;
	uint8_t		src[16];
	uint8_t		dst[16];
	uint16_t	sport;		/* ICMP: 0 */
	uint16_t	dport;		/* ICMP: type << 8 | code */
	uint8_t		has_ports;	/* transport header was read */
	uint8_t		frag;		/* SF_FRAG_* */
	uint8_t		more_frags;
	uint8_t		has_mac;
	uint32_t	frag_id;	/* IPv4 id or IPv6 fragment id */
	uint16_t	vlan[2];	/* outer, inner VLAN id; 0: none */
	uint8_t		nvlan;
	uint8_t		nmpls;
	uint8_t		smac[6];
	uint8_t		dmac[6];
	uint32_t	flowlabel;
	uint32_t	octets;		/* IP length of this packet */
	/* The first nmpls (at most SF_KEEP_MPLS) entries, less the TTL. */
	uint32_t	mpls[SF_KEEP_MPLS];
};

/* Counters of what the decoder refused, by cause. */
struct sf_decode_stats {
	uint64_t	nonip;
	uint64_t	short_l2;	/* frame shorter than its link header */
	uint64_t	short_ip;	/* bad or truncated IP header */
	uint64_t	short_l4;	/* transport header cut by snaplen */
	uint64_t	mpls_deep;	/* label stack beyond SF_MAX_MPLS */
	uint64_t	v6ext_deep;	/* extension chain beyond SF_MAX_V6EXT */
};

int	sf_decode_dlt_ok(int);
int	sf_decode(int, const uint8_t *, size_t, size_t, struct sf_pkt *,
	    struct sf_decode_stats *);

#endif /* SF_DECODE_H */
