/*
 * t_decode: softflowd's frame decoder on every datalink, with tags,
 * labels, extension headers, fragments and malformed frames.
 */
#include <sys/types.h>

#include <netinet/in.h>

#include <atf-c.h>
#include <pcap/dlt.h>
#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "sf_decode.h"
#include "frames.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif

#define A1	0xc0000201U	/* 192.0.2.1 */
#define A2	0xc6336402U	/* 198.51.100.2 */

static struct sf_decode_stats	st;

/* UDP 192.0.2.1:1000 -> 198.51.100.2:53 with 10 bytes of payload. */
static void
udp4(struct fb *f)
{
	fb_ip4(f, IPPROTO_UDP, A1, A2, 38, 7, 0);
	fb_udp(f, 1000, 53, 18);
	fb_zero(f, 10);
}

static int
dec(int dlt, const struct fb *f, struct sf_pkt *p)
{
	return (sf_decode(dlt, f->b, f->n, f->n, p, &st));
}

static void
check_udp4(const struct sf_pkt *p)
{
	ATF_CHECK_EQ(p->af, 4);
	ATF_CHECK_EQ(p->proto, IPPROTO_UDP);
	ATF_CHECK_EQ(p->sport, 1000);
	ATF_CHECK_EQ(p->dport, 53);
	ATF_CHECK_EQ(p->octets, 38);
	ATF_CHECK_EQ(p->tos, 0x10);
	ATF_CHECK(p->has_ports);
}

ATF_TC_WITHOUT_HEAD(ether_padding);
ATF_TC_BODY(ether_padding, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_ether(&f, 0x0800);
	udp4(&f);
	fb_zero(&f, 8);		/* padding to 60 bytes is not traffic */
	ATF_REQUIRE_EQ(dec(DLT_EN10MB, &f, &p), SF_DEC_IP);
	check_udp4(&p);
	ATF_CHECK(p.has_mac);
	ATF_CHECK_EQ(p.smac[5], 1);
	ATF_CHECK_EQ(p.dmac[5], 2);
}

ATF_TC_WITHOUT_HEAD(vlan_qinq);
ATF_TC_BODY(vlan_qinq, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_ether(&f, 0x88a8);
	fb_u16(&f, 0x2064);	/* PCP 1, VID 100 */
	fb_u16(&f, 0x8100);
	fb_u16(&f, 200);
	fb_u16(&f, 0x0800);
	udp4(&f);
	ATF_REQUIRE_EQ(dec(DLT_EN10MB, &f, &p), SF_DEC_IP);
	check_udp4(&p);
	ATF_CHECK_EQ(p.nvlan, 2);
	ATF_CHECK_EQ(p.vlan[0], 100);
	ATF_CHECK_EQ(p.vlan[1], 200);
}

ATF_TC_WITHOUT_HEAD(vlan_too_many);
ATF_TC_BODY(vlan_too_many, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;
	int		i;

	fb_ether(&f, 0x8100);
	for (i = 0; i < SF_MAX_VLANS + 1; i++) {
		fb_u16(&f, 5);
		fb_u16(&f, 0x8100);
	}
	udp4(&f);
	memset(&st, 0, sizeof(st));
	ATF_CHECK_EQ(dec(DLT_EN10MB, &f, &p), SF_DEC_SHORT);
	ATF_CHECK_EQ(st.short_l2, 1);
}

ATF_TC_WITHOUT_HEAD(mpls);
ATF_TC_BODY(mpls, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_ether(&f, 0x8847);
	fb_u32(&f, 1000 << 12 | 64);		/* label 1000 */
	fb_u32(&f, 2000 << 12 | 0x100 | 64);	/* bottom of stack */
	udp4(&f);
	ATF_REQUIRE_EQ(dec(DLT_EN10MB, &f, &p), SF_DEC_IP);
	check_udp4(&p);		/* octets exclude the labels */
	ATF_CHECK_EQ(p.nmpls, 2);
}

ATF_TC_WITHOUT_HEAD(mpls_bounded);
ATF_TC_BODY(mpls_bounded, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;
	int		i;

	fb_ether(&f, 0x8847);
	for (i = 0; i < SF_MAX_MPLS + 4; i++)
		fb_u32(&f, 16 << 12 | 64);	/* never bottom */
	memset(&st, 0, sizeof(st));
	ATF_CHECK_EQ(dec(DLT_EN10MB, &f, &p), SF_DEC_SHORT);
	ATF_CHECK_EQ(st.mpls_deep, 1);
	/* A stack that runs off the frame is short, not an over-read. */
	f.n = 14 + 4 * 3;
	memset(&st, 0, sizeof(st));
	ATF_CHECK_EQ(dec(DLT_EN10MB, &f, &p), SF_DEC_SHORT);
	ATF_CHECK_EQ(st.short_l2, 1);
}

ATF_TC_WITHOUT_HEAD(sll_sll2);
ATF_TC_BODY(sll_sll2, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_u16(&f, 0);		/* packet type */
	fb_u16(&f, 1);		/* ARPHRD_ETHER */
	fb_u16(&f, 6);
	fb_zero(&f, 8);
	fb_u16(&f, 0x0800);
	udp4(&f);
	ATF_REQUIRE_EQ(dec(DLT_LINUX_SLL, &f, &p), SF_DEC_IP);
	check_udp4(&p);

	f.n = 0;
	fb_u16(&f, 0x0800);	/* protocol first in SLL2 */
	fb_u16(&f, 0);
	fb_u32(&f, 2);		/* ifindex */
	fb_u16(&f, 1);
	fb_u8(&f, 0);
	fb_u8(&f, 6);
	fb_zero(&f, 8);
	udp4(&f);
	ATF_REQUIRE_EQ(dec(DLT_LINUX_SLL2, &f, &p), SF_DEC_IP);
	check_udp4(&p);
}

ATF_TC_WITHOUT_HEAD(raw_null_loop);
ATF_TC_BODY(raw_null_loop, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	udp4(&f);
	ATF_REQUIRE_EQ(dec(DLT_RAW, &f, &p), SF_DEC_IP);
	check_udp4(&p);

	f.n = 0;
	fb_u8(&f, 2);		/* AF_INET, little-endian host order */
	fb_zero(&f, 3);
	udp4(&f);
	ATF_REQUIRE_EQ(dec(DLT_NULL, &f, &p), SF_DEC_IP);
	check_udp4(&p);

	f.n = 0;
	fb_u32(&f, 24);		/* OpenBSD AF_INET6, network order */
	fb_ip6(&f, IPPROTO_UDP, 2, 12);
	fb_udp(&f, 5, 6, 12);
	fb_zero(&f, 4);
	ATF_REQUIRE_EQ(dec(DLT_LOOP, &f, &p), SF_DEC_IP);
	ATF_CHECK_EQ(p.af, 6);
	ATF_CHECK_EQ(p.octets, 52);
	ATF_CHECK_EQ(p.dport, 6);
	ATF_CHECK_EQ(p.flowlabel, 0x12345);
	ATF_CHECK_EQ(p.tos, 0x2e);
}

ATF_TC_WITHOUT_HEAD(ppp);
ATF_TC_BODY(ppp, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	/* Standard framing ff 03 00 21 (softflowd B10 rejects it). */
	fb_u8(&f, 0xff);
	fb_u8(&f, 0x03);
	fb_u16(&f, 0x0021);
	udp4(&f);
	ATF_REQUIRE_EQ(dec(DLT_PPP, &f, &p), SF_DEC_IP);
	check_udp4(&p);

	/* Address/control and protocol compressed: just 0x21. */
	f.n = 0;
	fb_u8(&f, 0x21);
	udp4(&f);
	ATF_REQUIRE_EQ(dec(DLT_PPP, &f, &p), SF_DEC_IP);
	check_udp4(&p);

	f.n = 0;
	fb_u16(&f, 0xc021);	/* LCP */
	fb_zero(&f, 8);
	memset(&st, 0, sizeof(st));
	ATF_CHECK_EQ(dec(DLT_PPP, &f, &p), SF_DEC_NONIP);
	ATF_CHECK_EQ(st.nonip, 1);
}

#ifdef DLT_PFLOG
ATF_TC_WITHOUT_HEAD(pflog);
ATF_TC_BODY(pflog, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_u8(&f, 61);		/* header length, padded to 64 */
	fb_u8(&f, 2);
	fb_zero(&f, 62);
	udp4(&f);
	ATF_REQUIRE_EQ(dec(DLT_PFLOG, &f, &p), SF_DEC_IP);
	check_udp4(&p);
}
#endif

ATF_TC_WITHOUT_HEAD(ipv6_ext);
ATF_TC_BODY(ipv6_ext, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_ether(&f, 0x86dd);
	fb_ip6(&f, 0, 2, 8 + 16 + 20);
	fb_u8(&f, 60);		/* hop-by-hop, next: destination opts */
	fb_u8(&f, 0);
	fb_zero(&f, 6);
	fb_u8(&f, IPPROTO_TCP);	/* destination options, 16 bytes */
	fb_u8(&f, 1);
	fb_zero(&f, 14);
	fb_tcp(&f, 443, 50000, 0x12);
	ATF_REQUIRE_EQ(dec(DLT_EN10MB, &f, &p), SF_DEC_IP);
	ATF_CHECK_EQ(p.proto, IPPROTO_TCP);
	ATF_CHECK_EQ(p.sport, 443);
	ATF_CHECK_EQ(p.dport, 50000);
	ATF_CHECK_EQ(p.tcpflags, 0x12);
	ATF_CHECK_EQ(p.octets, 40 + 44);
}

ATF_TC_WITHOUT_HEAD(ipv6_fragments);
ATF_TC_BODY(ipv6_fragments, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_ip6(&f, 44, 2, 8 + 8 + 8);
	fb_u8(&f, IPPROTO_UDP);
	fb_u8(&f, 0);
	fb_u16(&f, 0x0001);	/* offset 0, M */
	fb_u32(&f, 0xabcd);
	fb_udp(&f, 7, 8, 1000);
	fb_zero(&f, 8);
	ATF_REQUIRE_EQ(dec(DLT_RAW, &f, &p), SF_DEC_IP);
	ATF_CHECK_EQ(p.frag, SF_FRAG_FIRST);
	ATF_CHECK_EQ(p.frag_id, 0xabcd);
	ATF_CHECK_EQ(p.dport, 8);

	f.n = 0;
	fb_ip6(&f, 44, 2, 8 + 16);
	fb_u8(&f, IPPROTO_UDP);
	fb_u8(&f, 0);
	fb_u16(&f, 0x0010);	/* offset 2 (x8), last */
	fb_u32(&f, 0xabcd);
	fb_zero(&f, 16);
	ATF_REQUIRE_EQ(dec(DLT_RAW, &f, &p), SF_DEC_IP);
	ATF_CHECK_EQ(p.frag, SF_FRAG_LATER);
	ATF_CHECK_EQ(p.proto, IPPROTO_UDP);
	ATF_CHECK(!p.has_ports);
	ATF_CHECK(!p.more_frags);
}

ATF_TC_WITHOUT_HEAD(ipv4_fragments);
ATF_TC_BODY(ipv4_fragments, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_ip4(&f, IPPROTO_UDP, A1, A2, 1500, 99, 0x2000);
	fb_udp(&f, 1, 2, 3000);
	fb_zero(&f, 20);
	ATF_REQUIRE_EQ(dec(DLT_RAW, &f, &p), SF_DEC_IP);
	ATF_CHECK_EQ(p.frag, SF_FRAG_FIRST);
	ATF_CHECK_EQ(p.octets, 1500);	/* snaplen does not shrink it */
	ATF_CHECK(p.has_ports);

	f.n = 0;
	fb_ip4(&f, IPPROTO_UDP, A1, A2, 1520, 99, 185);
	fb_zero(&f, 20);
	ATF_REQUIRE_EQ(dec(DLT_RAW, &f, &p), SF_DEC_IP);
	ATF_CHECK_EQ(p.frag, SF_FRAG_LATER);
	ATF_CHECK(!p.has_ports);
	ATF_CHECK_EQ(p.frag_id, 99);
}

ATF_TC_WITHOUT_HEAD(icmp);
ATF_TC_BODY(icmp, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_ip4(&f, IPPROTO_ICMP, A1, A2, 28, 1, 0);
	fb_u8(&f, 3);
	fb_u8(&f, 1);
	fb_zero(&f, 6);
	ATF_REQUIRE_EQ(dec(DLT_RAW, &f, &p), SF_DEC_IP);
	ATF_CHECK_EQ(p.sport, 0);
	ATF_CHECK_EQ(p.dport, 3 << 8 | 1);
}

ATF_TC_WITHOUT_HEAD(nonip);
ATF_TC_BODY(nonip, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_ether(&f, 0x0806);
	fb_zero(&f, 28);
	memset(&st, 0, sizeof(st));
	ATF_CHECK_EQ(dec(DLT_EN10MB, &f, &p), SF_DEC_NONIP);
	ATF_CHECK_EQ(st.nonip, 1);
	ATF_CHECK(!sf_decode_dlt_ok(DLT_IEEE802_11));
	ATF_CHECK(sf_decode_dlt_ok(DLT_LINUX_SLL2));
}

/*
 * Every prefix of every valid frame: a verdict, counted, and when the
 * IP header survived, octets from that header.
 */
ATF_TC_WITHOUT_HEAD(truncated);
ATF_TC_BODY(truncated, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;
	uint64_t	before;
	size_t		len;
	int		r;

	fb_ether(&f, 0x8100);
	fb_u16(&f, 10);
	fb_u16(&f, 0x8847);
	fb_u32(&f, 5 << 12 | 0x100 | 1);
	fb_ip6(&f, 0, 3, 8 + 20);
	fb_u8(&f, IPPROTO_TCP);
	fb_u8(&f, 0);
	fb_zero(&f, 6);
	fb_tcp(&f, 1, 2, 0x02);
	for (len = 0; len <= f.n; len++) {
		memset(&st, 0, sizeof(st));
		r = sf_decode(DLT_EN10MB, f.b, len, len, &p, &st);
		before = st.nonip + st.short_l2 + st.short_ip + st.short_l4;
		if (r != SF_DEC_IP)
			ATF_CHECK_EQ_MSG(before, 1, "len %zu", len);
		else
			ATF_CHECK_EQ(p.octets, 68);
		if (len < f.n && r == SF_DEC_IP)
			ATF_CHECK(!p.has_ports || len >= 14 + 8 + 40 + 8 + 14);
	}
	r = sf_decode(DLT_EN10MB, f.b, f.n, f.n, &p, &st);
	ATF_CHECK_EQ(r, SF_DEC_IP);
	ATF_CHECK(p.has_ports);
}

ATF_TC_WITHOUT_HEAD(bad_ip);
ATF_TC_BODY(bad_ip, tc)
{
	struct fb	f = { .n = 0 };
	struct sf_pkt	p;

	fb_ip4(&f, IPPROTO_UDP, A1, A2, 10, 1, 0);	/* tot < ihl */
	fb_zero(&f, 8);
	memset(&st, 0, sizeof(st));
	ATF_CHECK_EQ(dec(DLT_RAW, &f, &p), SF_DEC_SHORT);
	f.b[0] = 0x4f;		/* ihl 60 > frame */
	ATF_CHECK_EQ(dec(DLT_RAW, &f, &p), SF_DEC_SHORT);
	f.b[0] = 0x75;		/* version 7 */
	ATF_CHECK_EQ(dec(DLT_RAW, &f, &p), SF_DEC_NONIP);
	ATF_CHECK_EQ(st.short_ip, 2);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, ether_padding);
	ATF_TP_ADD_TC(tp, vlan_qinq);
	ATF_TP_ADD_TC(tp, vlan_too_many);
	ATF_TP_ADD_TC(tp, mpls);
	ATF_TP_ADD_TC(tp, mpls_bounded);
	ATF_TP_ADD_TC(tp, sll_sll2);
	ATF_TP_ADD_TC(tp, raw_null_loop);
	ATF_TP_ADD_TC(tp, ppp);
#ifdef DLT_PFLOG
	ATF_TP_ADD_TC(tp, pflog);
#endif
	ATF_TP_ADD_TC(tp, ipv6_ext);
	ATF_TP_ADD_TC(tp, ipv6_fragments);
	ATF_TP_ADD_TC(tp, ipv4_fragments);
	ATF_TP_ADD_TC(tp, icmp);
	ATF_TP_ADD_TC(tp, nonip);
	ATF_TP_ADD_TC(tp, truncated);
	ATF_TP_ADD_TC(tp, bad_ip);
	return (atf_no_error());
}
