/* nfenctest.c: see nfenctest.h. */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nfenctest.h"
#include "nftest.h"

void
net_boot(struct timeval *tv)
{
	tv->tv_sec = NET_BOOT;
	tv->tv_usec = 0;
}

void
net_now(struct timeval *tv, int s)
{
	tv->tv_sec = NET_NOW + s;
	tv->tv_usec = 500000;
}

void
net_flow4(struct flow *f)
{
	memset(f, 0, sizeof(*f));
	f->fields = FLOW_SRC_ADDR4 | FLOW_DST_ADDR4 | FLOW_GATEWAY_ADDR4 |
	    FLOW_SRCDST_PORT | FLOW_PACKETS | FLOW_OCTETS | FLOW_IF_INDICES |
	    FLOW_PROTO_FLAGS_TOS | FLOW_FLOW_TIMES | FLOW_AS_INFO |
	    FLOW_FLOW_INFO;
	f->src.af = f->dst.af = f->gateway.af = AF_INET;
	ATF_REQUIRE(inet_pton(AF_INET, "10.0.0.1", &f->src.v4) == 1);
	ATF_REQUIRE(inet_pton(AF_INET, "192.0.2.2", &f->dst.v4) == 1);
	ATF_REQUIRE(inet_pton(AF_INET, "10.0.0.254", &f->gateway.v4) == 1);
	f->src_port = 1234;
	f->dst_port = 80;
	f->protocol = 6;
	f->tos = 0x10;
	f->tcp_flags = 0x1b;
	f->packets = 10;
	f->octets = 1500;
	f->if_in = 3;
	f->if_out = 4;
	f->src_as = 65001;
	f->dst_as = 65002;
	f->src_mask = 24;
	f->dst_mask = 16;
	f->flow_start = 1000;
	f->flow_finish = 5000;
	f->ip_version = 4;
	f->direction = FLOW_DIR_EGRESS;
	f->end_reason = FLOW_END_ACTIVE;
}

void
net_flow6(struct flow *f)
{
	net_flow4(f);
	f->fields &= ~(FLOW_SRC_ADDR4 | FLOW_DST_ADDR4 | FLOW_GATEWAY_ADDR4);
	f->fields |= FLOW_SRC_ADDR6 | FLOW_DST_ADDR6;
	memset(&f->src, 0, sizeof(f->src));
	memset(&f->dst, 0, sizeof(f->dst));
	memset(&f->gateway, 0, sizeof(f->gateway));
	f->src.af = f->dst.af = AF_INET6;
	ATF_REQUIRE(inet_pton(AF_INET6, "2001:db8::1", &f->src.v6) == 1);
	ATF_REQUIRE(inet_pton(AF_INET6, "2001:db8::2", &f->dst.v6) == 1);
	f->dst_port = 443;
	f->ip_version = 6;
}

void
net_opts(struct nf_encoder_opts *o, int version)
{
	nf_encoder_opts_init(o, version);
	net_boot(&o->boot_time);
	o->source_id = 42;
	o->engine_type = 1;
	o->engine_id = 2;
	o->sampling_interval = 100;
	o->if_index = 7;
	memcpy(o->if_name, "eth0", 4);
	o->exporter.af = AF_INET;
	ATF_REQUIRE(inet_pton(AF_INET, "192.0.2.1", &o->exporter.v4) == 1);
}

void
net_check_hex(const uint8_t *buf, size_t len, const char *hex)
{
	static uint8_t	want[65536];
	size_t		n, i;

	n = nft_hex(hex, want, sizeof(want));
	for (i = 0; i < len && i < n; i++)
		if (buf[i] != want[i])
			break;
	ATF_REQUIRE_MSG(i == len && len == n,
	    "datagram differs at byte %zu (got %zu bytes, want %zu): "
	    "got %02x want %02x", i, len, n, i < len ? buf[i] : 0,
	    i < n ? want[i] : 0);
}

uint16_t
net_get16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

uint32_t
net_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static void
le32(FILE *fp, uint32_t v)
{
	uint8_t	b[4];

	b[0] = v;
	b[1] = v >> 8;
	b[2] = v >> 16;
	b[3] = v >> 24;
	ATF_REQUIRE(fwrite(b, 1, 4, fp) == 4);
}

static void
le16(FILE *fp, uint16_t v)
{
	uint8_t	b[2];

	b[0] = v;
	b[1] = v >> 8;
	ATF_REQUIRE(fwrite(b, 1, 2, fp) == 2);
}

/* A classic pcap file (microseconds, little endian), DLT_EN10MB. */
FILE *
net_pcap_open(const char *path)
{
	FILE	*fp;

	ATF_REQUIRE((fp = fopen(path, "wb")) != NULL);
	le32(fp, 0xa1b2c3d4);
	le16(fp, 2);
	le16(fp, 4);
	le32(fp, 0);
	le32(fp, 0);
	le32(fp, 65535);
	le32(fp, 1);
	return (fp);
}

/* Ethernet, IPv4 192.0.2.1 -> 192.0.2.9, UDP 40000 -> dport. */
void
net_pcap_add(FILE *fp, const uint8_t *p, size_t len, uint16_t dport, int i)
{
	uint8_t		h[42];
	uint32_t	sum = 0;
	size_t		k, tot = sizeof(h) + len;

	memset(h, 0, sizeof(h));
	memcpy(h, "\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00", 14);
	h[14] = 0x45;
	h[16] = (len + 28) >> 8;
	h[17] = len + 28;
	h[22] = 64;
	h[23] = 17;
	memcpy(h + 26, "\xc0\x00\x02\x01\xc0\x00\x02\x09", 8);
	for (k = 14; k < 34; k += 2)
		sum += h[k] << 8 | h[k + 1];
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	h[24] = (uint8_t)(~sum >> 8);
	h[25] = (uint8_t)~sum;
	h[34] = 40000 >> 8;
	h[35] = 40000 & 0xff;
	h[36] = dport >> 8;
	h[37] = dport;
	h[38] = (len + 8) >> 8;
	h[39] = len + 8;
	/* UDP checksum 0: none, which IPv4 allows */
	le32(fp, NET_NOW + i);
	le32(fp, 0);
	le32(fp, (uint32_t)tot);
	le32(fp, (uint32_t)tot);
	ATF_REQUIRE(fwrite(h, 1, sizeof(h), fp) == sizeof(h));
	ATF_REQUIRE(fwrite(p, 1, len, fp) == len);
}
