/*
 * flow.h: the one normalised flow record of the project.
 *
 * Every decoder (v1/v5/v7/v9/IPFIX, pcap tracking) fills a struct flow,
 * every encoder, the filter and the store codec read one.  Values are in
 * host byte order; addresses are raw network-order bytes inside struct
 * xaddr.  "fields" says which groups are present; its bit numbers are
 * the flowd store v3 field bits (0-18 as flowd 0.9.1, 19-26 the store
 * minor 1 additions), so the store writer needs no translation table.
 * A member of a present group that the exporter did not report is 0.
 */
#ifndef FLOWD_FLOW_H
#define FLOWD_FLOW_H

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>

/* An address of either family; af is 0 when unset. */
struct xaddr {
	sa_family_t	af;
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
		uint8_t		addr8[16];
		uint32_t	addr32[4];
	} xa;
	uint32_t	scope_id;
};
#define v4	xa.v4
#define v6	xa.v6
#define addr8	xa.addr8
#define addr32	xa.addr32

/* Field groups: bit N of a store v3 record's field mask. */
#define FLOW_TAG		0x00000001U	/* tag */
#define FLOW_RECV_TIME		0x00000002U	/* recv_sec, recv_usec */
#define FLOW_PROTO_FLAGS_TOS	0x00000004U	/* tcp_flags, protocol, tos */
#define FLOW_AGENT_ADDR4	0x00000008U
#define FLOW_AGENT_ADDR6	0x00000010U
#define FLOW_SRC_ADDR4		0x00000020U
#define FLOW_SRC_ADDR6		0x00000040U
#define FLOW_DST_ADDR4		0x00000080U
#define FLOW_DST_ADDR6		0x00000100U
#define FLOW_GATEWAY_ADDR4	0x00000200U
#define FLOW_GATEWAY_ADDR6	0x00000400U
#define FLOW_SRCDST_PORT	0x00000800U
#define FLOW_PACKETS		0x00001000U
#define FLOW_OCTETS		0x00002000U
#define FLOW_IF_INDICES		0x00004000U
#define FLOW_AGENT_INFO		0x00008000U	/* uptime, export time, version */
#define FLOW_FLOW_TIMES		0x00010000U	/* start/finish, sysUptime ms */
#define FLOW_AS_INFO		0x00020000U
#define FLOW_FLOW_ENGINE_INFO	0x00040000U	/* engine, sequence, source id */
/* Store minor 1 additions (IPFIX and friends). */
#define FLOW_ABS_TIMES		0x00080000U	/* start/end, epoch sec+nsec */
#define FLOW_MAC_ADDRS		0x00100000U	/* src/dst, post src/dst MAC */
#define FLOW_VLANS		0x00200000U	/* src/dst VLAN id */
#define FLOW_FLOW_INFO		0x00400000U	/* ipver, direction, end reason,
						   icmp type/code, flow label */
#define FLOW_SAMPLING		0x00800000U	/* interval, algorithm */
#define FLOW_EXPORTER_PORT	0x01000000U	/* UDP source port of exporter */
#define FLOW_REVERSE_COUNTERS	0x02000000U	/* out packets/octets (23/24) */
#define FLOW_NAT		0x04000000U	/* post-NAT addresses, ports */
/* 0x08000000 - 0x20000000 unassigned */
#define FLOW_CRC32		0x40000000U
#define FLOW_RESERVED		0x80000000U

#define FLOW_AGENT_ADDR		(FLOW_AGENT_ADDR4|FLOW_AGENT_ADDR6)
#define FLOW_SRC_ADDR		(FLOW_SRC_ADDR4|FLOW_SRC_ADDR6)
#define FLOW_DST_ADDR		(FLOW_DST_ADDR4|FLOW_DST_ADDR6)
#define FLOW_SRCDST_ADDR	(FLOW_SRC_ADDR|FLOW_DST_ADDR)
#define FLOW_GATEWAY_ADDR	(FLOW_GATEWAY_ADDR4|FLOW_GATEWAY_ADDR6)
#define FLOW_ALL_V30		0x4007FFFFU	/* everything flowd 0.9.1 knows */
#define FLOW_ALL		0x47FFFFFFU	/* everything this tree knows */
#define FLOW_DISPLAY_BRIEF	0x000039FFU

/* flowEndReason values (RFC 5102, IE 136). */
#define FLOW_END_IDLE		0x01
#define FLOW_END_ACTIVE		0x02
#define FLOW_END_EOF		0x03	/* end of flow detected (FIN/RST) */
#define FLOW_END_FORCED		0x04
#define FLOW_END_RESOURCES	0x05

/* flowDirection values (IE 61). */
#define FLOW_DIR_INGRESS	0
#define FLOW_DIR_EGRESS		1

struct flow {
	uint32_t	fields;		/* FLOW_* groups present */

	uint32_t	tag;
	uint32_t	recv_sec;	/* collector's receive time */
	uint32_t	recv_usec;

	uint8_t		tcp_flags;
	uint8_t		protocol;
	uint8_t		tos;

	struct xaddr	agent;		/* exporter's (UDP source) address */
	struct xaddr	src;
	struct xaddr	dst;
	struct xaddr	gateway;	/* next hop */

	uint16_t	src_port;
	uint16_t	dst_port;

	uint64_t	packets;
	uint64_t	octets;

	uint32_t	if_in;
	uint32_t	if_out;

	/* FLOW_AGENT_INFO: from the export packet header. */
	uint32_t	sys_uptime_ms;
	uint32_t	export_sec;
	uint32_t	export_nsec;
	uint16_t	netflow_version;

	/* FLOW_FLOW_TIMES: exporter sysUptime at first/last packet. */
	uint32_t	flow_start;
	uint32_t	flow_finish;

	uint32_t	src_as;
	uint32_t	dst_as;
	uint8_t		src_mask;
	uint8_t		dst_mask;

	/* FLOW_FLOW_ENGINE_INFO */
	uint16_t	engine_type;
	uint16_t	engine_id;
	uint32_t	flow_sequence;	/* v5 flow seq, v9/IPFIX packet seq */
	uint32_t	source_id;	/* v9 source id, IPFIX domain id */

	/* FLOW_ABS_TIMES: first/last packet, seconds+ns since the epoch. */
	uint32_t	start_sec;
	uint32_t	start_nsec;
	uint32_t	end_sec;
	uint32_t	end_nsec;

	/* FLOW_MAC_ADDRS */
	uint8_t		src_mac[6];
	uint8_t		dst_mac[6];
	uint8_t		post_src_mac[6];
	uint8_t		post_dst_mac[6];

	/* FLOW_VLANS */
	uint16_t	src_vlan;
	uint16_t	dst_vlan;

	/* FLOW_FLOW_INFO */
	uint8_t		ip_version;	/* 4 or 6 */
	uint8_t		direction;	/* FLOW_DIR_* */
	uint8_t		end_reason;	/* FLOW_END_* */
	uint8_t		icmp_type;
	uint8_t		icmp_code;
	uint32_t	flow_label;	/* IPv6, 20 bits */

	/* FLOW_SAMPLING */
	uint32_t	sampling_interval;
	uint16_t	sampling_algorithm;

	/* FLOW_EXPORTER_PORT */
	uint16_t	exporter_port;

	/* FLOW_REVERSE_COUNTERS */
	uint64_t	out_packets;
	uint64_t	out_octets;

	/*
	 * FLOW_NAT: the tuple after translation (IPFIX 225-228, 281, 282).
	 * Each address has its own family, 0 when not reported: NAT64
	 * translates one family into the other, and a CGNAT often only
	 * reports the source side.
	 */
	struct xaddr	nat_src;
	struct xaddr	nat_dst;
	uint16_t	nat_src_port;
	uint16_t	nat_dst_port;
};

#endif /* FLOWD_FLOW_H */
