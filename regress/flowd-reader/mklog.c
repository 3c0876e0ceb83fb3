/*
 * mklog: write the deterministic flow logs the flowd-reader tests
 * read, through the real store writer (or, for "v2", the documented
 * legacy byte layout).
 *
 *	mklog v5 count path	count v4 flows with the fields of a v5 flow
 *	mklog mixed path	one flow of each interesting shape
 *	mklog v2 path		a two-record legacy version 2 log
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <err.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "crc32.h"
#include "store.h"

static void
addr4(struct xaddr *a, const char *s)
{
	a->af = AF_INET;
	if (inet_pton(AF_INET, s, &a->v4) != 1)
		errx(1, "bad address %s", s);
}

static void
addr6(struct xaddr *a, const char *s)
{
	a->af = AF_INET6;
	if (inet_pton(AF_INET6, s, &a->v6) != 1)
		errx(1, "bad address %s", s);
}

/* A flow as flowd stores a NetFlow v5 record. */
static void
v5flow(struct flow *f, uint32_t i)
{
	memset(f, 0, sizeof(*f));
	f->fields = FLOW_ALL_V30 & ~(FLOW_TAG | FLOW_AGENT_ADDR6 |
	    FLOW_SRC_ADDR6 | FLOW_DST_ADDR6 | FLOW_GATEWAY_ADDR6);
	f->recv_sec = 1700000000 + i / 1000;
	f->recv_usec = 39219 + i % 1000;
	f->tcp_flags = 0x1b;
	f->protocol = (i % 3 == 0) ? 17 : 6;
	f->tos = 0x10;
	addr4(&f->agent, (i % 2) ? "192.0.2.1" : "192.0.2.2");
	addr4(&f->src, "10.0.0.1");
	f->src.v4.s_addr = htonl(0x0a000001 + (i % 250));
	addr4(&f->dst, "10.1.0.1");
	addr4(&f->gateway, "10.255.0.1");
	f->src_port = 1024 + (i % 60000);
	f->dst_port = 80;
	f->packets = 10 + i % 7;
	f->octets = 1500 * (10 + i % 7);
	f->if_in = 1;
	f->if_out = 2;
	f->sys_uptime_ms = 123456789;
	f->export_sec = 1700000000;
	f->export_nsec = 500;
	f->netflow_version = 5;
	f->flow_start = 123400000;
	f->flow_finish = 123450000;
	f->src_as = 64496;
	f->dst_as = 64497;
	f->src_mask = 24;
	f->dst_mask = 16;
	f->engine_type = 1;
	f->engine_id = 2;
	f->flow_sequence = i;
}

static void
put(struct store_writer *w, const struct flow *f)
{
	int	r;

	if ((r = store_writer_put(w, f)) != STORE_OK)
		errx(1, "put: %s", store_strerror(r));
}

static void
mixed(struct store_writer *w)
{
	struct flow	f;

	/* 1: brief v4 flow with a tag. */
	memset(&f, 0, sizeof(f));
	f.fields = FLOW_TAG | FLOW_RECV_TIME | FLOW_PROTO_FLAGS_TOS |
	    FLOW_SRC_ADDR4 | FLOW_DST_ADDR4 | FLOW_SRCDST_PORT |
	    FLOW_PACKETS | FLOW_OCTETS;
	f.tag = 7;
	f.recv_sec = 1000000000;
	f.recv_usec = 5;
	f.protocol = 6;
	f.tcp_flags = 0x12;
	addr4(&f.src, "198.51.100.1");
	addr4(&f.dst, "203.0.113.9");
	f.src_port = 443;
	f.dst_port = 50000;
	f.packets = 3;
	f.octets = 4294967296ULL;
	put(w, &f);

	/* 2: IPv6 flow with a v4 agent, all v3.0 fields. */
	v5flow(&f, 1);
	f.fields |= FLOW_TAG;
	addr6(&f.src, "2001:db8::1");
	addr6(&f.dst, "2001:db8:0:1::2");
	addr6(&f.gateway, "fe80::1");
	f.netflow_version = 9;
	f.engine_type = 0;
	f.engine_id = 0;
	f.source_id = 4000000000U;
	put(w, &f);

	/* 3: an IPFIX flow with every minor 1 field. */
	v5flow(&f, 2);
	f.fields = FLOW_ALL;
	f.netflow_version = 10;
	f.start_sec = 1700000001;
	f.start_nsec = 1;
	f.end_sec = 1700000002;
	f.end_nsec = 999999999;
	memcpy(f.src_mac, "\x00\x11\x22\x33\x44\x55", 6);
	memcpy(f.dst_mac, "\x66\x77\x88\x99\xaa\xbb", 6);
	f.src_vlan = 100;
	f.dst_vlan = 4094;
	f.ip_version = 4;
	f.direction = FLOW_DIR_EGRESS;
	f.end_reason = FLOW_END_EOF;
	f.icmp_type = 3;
	f.icmp_code = 1;
	f.flow_label = 0xfffff;
	f.sampling_interval = 100;
	f.sampling_algorithm = 2;
	f.exporter_port = 4739;
	f.out_packets = 5;
	f.out_octets = 600;
	/* NAT44 source, NAT64 destination (families differ on purpose). */
	addr4(&f.nat_src, "198.51.100.200");
	addr6(&f.nat_dst, "64:ff9b::a01:1");
	f.nat_src_port = 61000;
	f.nat_dst_port = 8080;
	put(w, &f);
}

/* v2: 16-byte header, then records of mask + v2 fields. */
static void
v2log(int fd)
{
	uint8_t		b[256], *p;
	uint32_t	mask, crc;
	int		i;

	p = b;
#define P32(v)	do { uint32_t x_ = htonl(v); memcpy(p, &x_, 4); p += 4; } \
	while (0)
#define P16(v)	do { uint16_t x_ = htons(v); memcpy(p, &x_, 2); p += 2; } \
	while (0)
	P32(STORE_V2_MAGIC);
	P32(2);
	P32(1100000000);
	P32(0);
	for (i = 0; i < 2; i++) {
		uint8_t	*rec = p;

		mask = FLOW_RECV_TIME | FLOW_PROTO_FLAGS_TOS | FLOW_SRC_ADDR4 |
		    FLOW_DST_ADDR4 | FLOW_SRCDST_PORT | FLOW_PACKETS |
		    FLOW_OCTETS | FLOW_IF_INDICES | FLOW_AS_INFO |
		    FLOW_FLOW_ENGINE_INFO | FLOW_CRC32;
		P32(mask);
		P32(1100000000 + i);			/* recv sec */
		*p++ = 0x02; *p++ = 6; *p++ = 0; *p++ = 0;
		P32(0x0a000001 + i);			/* src */
		P32(0x0a000002);			/* dst */
		P16(1000 + i); P16(22);			/* ports */
		P32(0); P32(5 + i);			/* packets */
		P32(0); P32(500);			/* octets */
		P16(3); P16(4);				/* if 16-bit */
		P16(65000); P16(65001); *p++ = 8; *p++ = 9; P16(0);
		*p++ = 1; *p++ = 2; P16(0); P32(77 + i);
		crc = flowd_crc32(rec, p - rec);
		P32(crc);
	}
#undef P32
#undef P16
	if (write(fd, b, p - b) != p - b)
		err(1, "write");
}

int
main(int argc, char **argv)
{
	struct store_writer	 w;
	struct flow		 f;
	const char		*errstr;
	long long		 n, i;
	int			 fd, r;

	if (argc < 3)
		errx(1, "usage: mklog v5 count path | mixed path | v2 path");
	fd = open(argv[argc - 1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd == -1)
		err(1, "open %s", argv[argc - 1]);
	if (strcmp(argv[1], "v2") == 0) {
		v2log(fd);
		return (0);
	}
	if ((r = store_writer_open(&w, fd, 0, 0, 0)) != STORE_OK)
		errx(1, "writer: %s", store_strerror(r));
	if (strcmp(argv[1], "v5") == 0 && argc == 4) {
		n = strtonum(argv[2], 0, LLONG_MAX, &errstr);
		if (errstr != NULL)
			errx(1, "count %s: %s", argv[2], errstr);
		for (i = 0; i < n; i++) {
			v5flow(&f, i);
			put(&w, &f);
		}
	} else if (strcmp(argv[1], "mixed") == 0)
		mixed(&w);
	else
		errx(1, "unknown log kind %s", argv[1]);
	if ((r = store_writer_close(&w)) != STORE_OK)
		errx(1, "close: %s", store_strerror(r));
	return (0);
}
