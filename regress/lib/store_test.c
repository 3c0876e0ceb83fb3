/*
 * store_test.c: a flow whose every byte is distinct (so a field in the
 * wrong place or order shows in the hex), a v5-shaped flow, and hex
 * conversion for golden records.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "store_test.h"

static void
set_addr(struct xaddr *a, int inet6, const char *s4, const char *s6)
{
	memset(a, 0, sizeof(*a));
	if (inet6) {
		a->af = AF_INET6;
		inet_pton(AF_INET6, s6, &a->v6);
	} else {
		a->af = AF_INET;
		inet_pton(AF_INET, s4, &a->v4);
	}
}

void
test_full_flow(struct flow *f, int inet6)
{
	int	i;

	memset(f, 0, sizeof(*f));
	f->fields = FLOW_ALL;
	f->tag = 0x01020304;
	f->recv_sec = 0x11121314;
	f->recv_usec = 0x15161718;
	f->tcp_flags = 0x21;
	f->protocol = 0x22;
	f->tos = 0x23;
	set_addr(&f->agent, inet6, "192.0.2.1", "2001:db8::1");
	set_addr(&f->src, inet6, "10.0.0.1", "2001:db8::2");
	set_addr(&f->dst, inet6, "10.0.0.2", "2001:db8::3");
	set_addr(&f->gateway, inet6, "10.0.0.3", "2001:db8::4");
	f->src_port = 0x3132;
	f->dst_port = 0x3334;
	f->packets = 0x4142434445464748ULL;
	f->octets = 0x5152535455565758ULL;
	f->if_in = 0x61626364;
	f->if_out = 0x65666768;
	f->sys_uptime_ms = 0x71727374;
	f->export_sec = 0x75767778;
	f->export_nsec = 0x797a7b7c;
	f->netflow_version = 0x7d7e;
	f->flow_start = 0x81828384;
	f->flow_finish = 0x85868788;
	f->src_as = 0x91929394;
	f->dst_as = 0x95969798;
	f->src_mask = 0x99;
	f->dst_mask = 0x9a;
	f->engine_type = 0xa1a2;
	f->engine_id = 0xa3a4;
	f->flow_sequence = 0xa5a6a7a8;
	f->source_id = 0xa9aaabac;
	f->start_sec = 0xb1b2b3b4;
	f->start_nsec = 0xb5b6b7b8;
	f->end_sec = 0xb9babbbc;
	f->end_nsec = 0xbdbebfc0;
	for (i = 0; i < 6; i++) {
		f->src_mac[i] = 1 + i;
		f->dst_mac[i] = 7 + i;
		f->post_src_mac[i] = 13 + i;
		f->post_dst_mac[i] = 19 + i;
	}
	f->src_vlan = 0xc1c2;
	f->dst_vlan = 0xc3c4;
	f->ip_version = 4;
	f->direction = 1;
	f->end_reason = 3;
	f->icmp_type = 0xd1;
	f->icmp_code = 0xd2;
	f->flow_label = 0x000abcde;
	f->sampling_interval = 0xe1e2e3e4;
	f->sampling_algorithm = 0xe5e6;
	f->exporter_port = 0xf1f2;
	f->out_packets = 0x0102030405060708ULL;
	f->out_octets = 0x1112131415161718ULL;
	/* NAT: every IP version of the group once over the two flows. */
	if (inet6) {
		set_addr(&f->nat_src, 1, NULL, "2001:db8::6");
		/* nat_dst not reported: family 0 */
	} else {
		set_addr(&f->nat_src, 0, "203.0.113.9", NULL);
		set_addr(&f->nat_dst, 1, NULL, "2001:db8::5");
	}
	f->nat_src_port = 0xf3f4;
	f->nat_dst_port = 0xf5f6;
}

void
test_v5_flow(struct flow *f)
{
	test_full_flow(f, 0);
	f->fields = FLOW_ALL_V30 & ~(FLOW_TAG | FLOW_AGENT_ADDR6 |
	    FLOW_SRC_ADDR6 | FLOW_DST_ADDR6 | FLOW_GATEWAY_ADDR6);
	f->netflow_version = 5;
	f->engine_type = 1;
	f->engine_id = 2;
	f->source_id = 0;
}

size_t
test_unhex(const char *s, uint8_t *buf, size_t len)
{
	size_t	n = 0;
	int	hi = -1, v;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s))
			continue;
		v = isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10;
		if (hi == -1)
			hi = v;
		else {
			if (n >= len)
				abort();
			buf[n++] = hi << 4 | v;
			hi = -1;
		}
	}
	return (n);
}

const char *
test_hex(const uint8_t *p, size_t len)
{
	static char	buf[2 * 1100];
	static const char hex[] = "0123456789abcdef";
	size_t		i;

	for (i = 0; i < len && 2 * i + 2 < sizeof(buf); i++) {
		buf[2 * i] = hex[p[i] >> 4];
		buf[2 * i + 1] = hex[p[i] & 15];
	}
	buf[2 * i] = '\0';
	return (buf);
}

uint32_t
test_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static int
addr_eq(const struct xaddr *a, const struct xaddr *b)
{
	return (a->af == b->af && memcmp(a->addr8, b->addr8,
	    a->af == AF_INET ? 4 : 16) == 0);
}

/* Do a and b agree on every group in mask? */
int
test_flow_group_eq(const struct flow *a, const struct flow *b, uint32_t m)
{
#define EQ(x)	(a->x == b->x)
	if ((m & FLOW_TAG) && !EQ(tag))
		return (0);
	if ((m & FLOW_RECV_TIME) && !(EQ(recv_sec) && EQ(recv_usec)))
		return (0);
	if ((m & FLOW_PROTO_FLAGS_TOS) &&
	    !(EQ(tcp_flags) && EQ(protocol) && EQ(tos)))
		return (0);
	if ((m & FLOW_AGENT_ADDR) && !addr_eq(&a->agent, &b->agent))
		return (0);
	if ((m & FLOW_SRC_ADDR) && !addr_eq(&a->src, &b->src))
		return (0);
	if ((m & FLOW_DST_ADDR) && !addr_eq(&a->dst, &b->dst))
		return (0);
	if ((m & FLOW_GATEWAY_ADDR) && !addr_eq(&a->gateway, &b->gateway))
		return (0);
	if ((m & FLOW_SRCDST_PORT) && !(EQ(src_port) && EQ(dst_port)))
		return (0);
	if ((m & FLOW_PACKETS) && !EQ(packets))
		return (0);
	if ((m & FLOW_OCTETS) && !EQ(octets))
		return (0);
	if ((m & FLOW_IF_INDICES) && !(EQ(if_in) && EQ(if_out)))
		return (0);
	if ((m & FLOW_AGENT_INFO) && !(EQ(sys_uptime_ms) && EQ(export_sec) &&
	    EQ(export_nsec) && EQ(netflow_version)))
		return (0);
	if ((m & FLOW_FLOW_TIMES) && !(EQ(flow_start) && EQ(flow_finish)))
		return (0);
	if ((m & FLOW_AS_INFO) && !(EQ(src_as) && EQ(dst_as) &&
	    EQ(src_mask) && EQ(dst_mask)))
		return (0);
	if ((m & FLOW_FLOW_ENGINE_INFO) && !(EQ(engine_type) &&
	    EQ(engine_id) && EQ(flow_sequence) && EQ(source_id)))
		return (0);
	if ((m & FLOW_ABS_TIMES) && !(EQ(start_sec) && EQ(start_nsec) &&
	    EQ(end_sec) && EQ(end_nsec)))
		return (0);
	if ((m & FLOW_MAC_ADDRS) && (memcmp(a->src_mac, b->src_mac, 6) ||
	    memcmp(a->dst_mac, b->dst_mac, 6) ||
	    memcmp(a->post_src_mac, b->post_src_mac, 6) ||
	    memcmp(a->post_dst_mac, b->post_dst_mac, 6)))
		return (0);
	if ((m & FLOW_VLANS) && !(EQ(src_vlan) && EQ(dst_vlan)))
		return (0);
	if ((m & FLOW_FLOW_INFO) && !(EQ(ip_version) && EQ(direction) &&
	    EQ(end_reason) && EQ(icmp_type) && EQ(icmp_code) &&
	    EQ(flow_label)))
		return (0);
	if ((m & FLOW_SAMPLING) && !(EQ(sampling_interval) &&
	    EQ(sampling_algorithm)))
		return (0);
	if ((m & FLOW_EXPORTER_PORT) && !EQ(exporter_port))
		return (0);
	if ((m & FLOW_REVERSE_COUNTERS) && !(EQ(out_packets) &&
	    EQ(out_octets)))
		return (0);
	if ((m & FLOW_NAT) && !(addr_eq(&a->nat_src, &b->nat_src) &&
	    addr_eq(&a->nat_dst, &b->nat_dst) && EQ(nat_src_port) &&
	    EQ(nat_dst_port)))
		return (0);
#undef EQ
	return (1);
}
