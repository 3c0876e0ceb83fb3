/* pcap_udp: every link type, IPv4/IPv6, and every way a frame is refused. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <pcap.h>
#include <stdio.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "pcap_udp.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif

static const uint8_t payload[] = { 0x00, 0x05, 0x00, 0x01, 0xaa, 0xbb };

/* IPv4 + UDP 192.0.2.1:5000 -> 192.0.2.2:2055 carrying payload. */
static size_t
mk_ipv4(uint8_t *p, uint16_t fragbits)
{
	size_t	ulen = 8 + sizeof(payload), tl = 20 + ulen;

	memset(p, 0, tl);
	p[0] = 0x45;
	p[2] = tl >> 8;
	p[3] = tl & 0xff;
	p[6] = fragbits >> 8;
	p[7] = fragbits & 0xff;
	p[8] = 64;
	p[9] = IPPROTO_UDP;
	memcpy(p + 12, "\xc0\x00\x02\x01\xc0\x00\x02\x02", 8);
	p[20] = 5000 >> 8; p[21] = 5000 & 0xff;
	p[22] = 2055 >> 8; p[23] = 2055 & 0xff;
	p[24] = 0; p[25] = ulen;
	memcpy(p + 28, payload, sizeof(payload));
	return (tl);
}

/* IPv6 with a destination-options header, then UDP. */
static size_t
mk_ipv6(uint8_t *p)
{
	size_t	ulen = 8 + sizeof(payload), plen = 8 + ulen;

	memset(p, 0, 40 + plen);
	p[0] = 0x60;
	p[4] = 0; p[5] = plen;
	p[6] = 60;		/* destination options */
	p[7] = 64;
	p[8] = 0x20; p[9] = 0x01; p[10] = 0x0d; p[11] = 0xb8; p[23] = 1;
	p[24] = 0x20; p[25] = 0x01; p[26] = 0x0d; p[27] = 0xb8; p[39] = 2;
	p[40] = IPPROTO_UDP;
	p[41] = 0;		/* 8 bytes */
	p[48] = 4739 >> 8; p[49] = 4739 & 0xff;
	p[50] = 4739 >> 8; p[51] = 4739 & 0xff;
	p[52] = 0; p[53] = ulen;
	memcpy(p + 56, payload, sizeof(payload));
	return (40 + plen);
}

static void
check_ok(int dlt, const uint8_t *f, size_t len, int af)
{
	struct udp_payload	u;

	memset(&u, 0, sizeof(u));
	ATF_REQUIRE_EQ(pcap_udp_frame(dlt, f, len, &u), PCAP_UDP_OK);
	ATF_CHECK_EQ(u.len, sizeof(payload));
	ATF_CHECK(memcmp(u.data, payload, sizeof(payload)) == 0);
	ATF_CHECK_EQ(u.src.ss_family, af);
	if (af == AF_INET) {
		ATF_CHECK_EQ(ntohs(((struct sockaddr_in *)&u.src)->sin_port),
		    5000);
		ATF_CHECK_EQ(ntohs(((struct sockaddr_in *)&u.dst)->sin_port),
		    2055);
	} else
		ATF_CHECK_EQ(ntohs(((struct sockaddr_in6 *)&u.dst)->sin6_port),
		    4739);
}

ATF_TC_WITHOUT_HEAD(link_types);
ATF_TC_BODY(link_types, tc)
{
	uint8_t	f[256];
	size_t	n;

	/* Ethernet, QinQ tags, with trailing padding past the UDP length. */
	memset(f, 0, sizeof(f));
	memcpy(f + 12, "\x88\xa8\x00\x0a\x81\x00\x00\x14\x08\x00", 10);
	n = mk_ipv4(f + 22, 0);
	check_ok(DLT_EN10MB, f, 22 + n + 10, AF_INET);

	memset(f, 0, sizeof(f));
	f[14] = 0x86; f[15] = 0xdd;
	n = mk_ipv6(f + 16);
	check_ok(DLT_LINUX_SLL, f, 16 + n, AF_INET6);

	memset(f, 0, sizeof(f));
	f[0] = 0x08; f[1] = 0x00;
	n = mk_ipv4(f + 20, 0);
	check_ok(DLT_LINUX_SLL2, f, 20 + n, AF_INET);

	n = mk_ipv6(f);
	check_ok(DLT_RAW, f, n, AF_INET6);

	memset(f, 0, 4);
	f[0] = 2;
	n = mk_ipv4(f + 4, 0);
	check_ok(DLT_NULL, f, 4 + n, AF_INET);
}

ATF_TC_WITHOUT_HEAD(refusals);
ATF_TC_BODY(refusals, tc)
{
	struct udp_payload	u;
	uint8_t			f[256];
	size_t			n, i;

	n = mk_ipv4(f, 0x2000);		/* more fragments */
	ATF_CHECK_EQ(pcap_udp_frame(DLT_RAW, f, n, &u), PCAP_UDP_FRAGMENT);
	n = mk_ipv4(f, 0x0010);		/* non-zero offset */
	ATF_CHECK_EQ(pcap_udp_frame(DLT_RAW, f, n, &u), PCAP_UDP_FRAGMENT);
	n = mk_ipv4(f, 0x4000);		/* DF alone is fine */
	ATF_CHECK_EQ(pcap_udp_frame(DLT_RAW, f, n, &u), PCAP_UDP_OK);

	n = mk_ipv4(f, 0);
	f[9] = IPPROTO_TCP;
	ATF_CHECK_EQ(pcap_udp_frame(DLT_RAW, f, n, &u), PCAP_UDP_NOT_UDP);

	/* Every truncation of a good frame is refused, none over-reads. */
	n = mk_ipv4(f, 0);
	for (i = 0; i < n; i++)
		ATF_CHECK_MSG(pcap_udp_frame(DLT_RAW, f, i, &u) != PCAP_UDP_OK,
		    "accepted %zu of %zu bytes", i, n);
	n = mk_ipv6(f);
	for (i = 0; i < n; i++)
		ATF_CHECK(pcap_udp_frame(DLT_RAW, f, i, &u) != PCAP_UDP_OK);

	n = mk_ipv4(f, 0);
	f[0] = 0x44;			/* header length 16 */
	ATF_CHECK_EQ(pcap_udp_frame(DLT_RAW, f, n, &u), PCAP_UDP_BAD_HEADER);
	n = mk_ipv4(f, 0);
	f[25] = 4;			/* UDP length below 8 */
	ATF_CHECK_EQ(pcap_udp_frame(DLT_RAW, f, n, &u), PCAP_UDP_BAD_HEADER);

	memset(f, 0, 64);
	f[12] = 0x08; f[13] = 0x06;	/* ARP */
	ATF_CHECK_EQ(pcap_udp_frame(DLT_EN10MB, f, 60, &u), PCAP_UDP_NOT_IP);
	memset(f, 0, 64);		/* VLAN tags without end */
	for (i = 12; i < 40; i += 4) {
		f[i] = 0x81;
		f[i + 1] = 0x00;
	}
	ATF_CHECK_EQ(pcap_udp_frame(DLT_EN10MB, f, 64, &u),
	    PCAP_UDP_BAD_HEADER);
	ATF_CHECK_EQ(pcap_udp_frame(12345, f, 64, &u), PCAP_UDP_BAD_DLT);
}

struct seen {
	int	n;
	size_t	bytes;
};

static void
count_cb(const struct udp_payload *u, void *arg)
{
	struct seen	*s = arg;

	s->n++;
	s->bytes += u->len;
	ATF_CHECK_EQ(u->ts.tv_sec, 1700000000 + s->n);
}

ATF_TC_WITHOUT_HEAD(read_file);
ATF_TC_BODY(read_file, tc)
{
	struct pcap_udp_stats	 st;
	struct pcap_pkthdr	 h;
	struct seen		 seen;
	pcap_dumper_t		*d;
	pcap_t			*p;
	uint8_t			 f[256];
	char			 eb[256];
	int			 i;

	ATF_REQUIRE((p = pcap_open_dead(DLT_EN10MB, 65535)) != NULL);
	ATF_REQUIRE((d = pcap_dump_open(p, "t.pcap")) != NULL);
	for (i = 1; i <= 4; i++) {
		memset(f, 0, sizeof(f));
		f[12] = 0x08;
		memset(&h, 0, sizeof(h));
		h.caplen = h.len = 14 + mk_ipv4(f + 14, 0);
		if (i == 3)
			f[14 + 9] = IPPROTO_TCP;
		h.ts.tv_sec = 1700000000 + (i > 3 ? 3 : i);
		pcap_dump((u_char *)d, &h, f);
	}
	pcap_dump_close(d);
	pcap_close(p);

	memset(&seen, 0, sizeof(seen));
	ATF_REQUIRE_EQ(pcap_udp_read("t.pcap", count_cb, &seen, &st, eb,
	    sizeof(eb)), 0);
	ATF_CHECK_EQ(seen.n, 3);
	ATF_CHECK_EQ(seen.bytes, 3 * sizeof(payload));
	ATF_CHECK_EQ(st.frames, 4);
	ATF_CHECK_EQ(st.udp, 3);
	ATF_CHECK_EQ(st.not_udp, 1);

	ATF_CHECK_EQ(pcap_udp_read("missing.pcap", count_cb, &seen, NULL, eb,
	    sizeof(eb)), -1);
	ATF_CHECK(strstr(eb, "missing.pcap") != NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, link_types);
	ATF_TP_ADD_TC(tp, refusals);
	ATF_TP_ADD_TC(tp, read_file);
	return (atf_no_error());
}
