/*
 * nf_encode.h: NetFlow v1/v5/v9 and IPFIX export datagrams built from
 * struct flow.
 *
 * The caller queues flows with nf_encoder_add() and pulls finished
 * datagrams with nf_encoder_next(), which writes into the caller's
 * buffer; all memory is taken in nf_encoder_new(), none per datagram.
 * v9 and IPFIX datagrams start with the templates, the options template
 * and the options data (sampling, boot time) whenever these are due:
 * in the first datagram, then every template_refresh_packets datagrams
 * and every template_refresh_seconds seconds.
 *
 * Sequence numbers follow the RFCs: v5 carries the number of flows sent
 * before the datagram, v9 the number of datagrams sent before it (and a
 * count of every record, template records included), IPFIX the number
 * of data records (options data included) sent before the message in
 * the observation domain, modulo 2^32.
 *
 * Template ids and field order match softflowd 1.1: 1024 IPv4, 1025
 * ICMPv4, 2048 IPv6, 2049 ICMPv6, options 256.  With NF_ENC_F_NAT,
 * flows that have FLOW_NAT go out with templates 1026, 1027, 2050 and
 * 2051: the same fields followed by the post-NAT addresses of both
 * families and the post-NAPT ports, so NAT44, NAT64 and NAT66 all fit
 * and flows without NAT pay nothing.  The softflowd layout
 * (nf_enc_sf.c) goes all the way: its field sizes and IEs, its options
 * template, its -A time fields, -b RFC 5103 biflow records and -x MPLS
 * labels, the latter two fed by nf_encoder_add_extra().
 */
#ifndef FLOWD_NF_ENCODE_H
#define FLOWD_NF_ENCODE_H

#include <sys/types.h>
#include <sys/time.h>

#include <stddef.h>
#include <stdint.h>

#include "flow.h"

#define NF_ENC_DEFAULT_DATAGRAM	1400	/* fits a 1500-byte MTU path */
#define NF_ENC_MAX_DATAGRAM	65507	/* largest IPv4 UDP payload */
#define NF_ENC_DEFAULT_QUEUE	1024	/* flows queued before ENOBUFS */
#define NF_ENC_DEFAULT_REFRESH_PKTS	16	/* as softflowd */
#define NF_ENC_DEFAULT_REFRESH_SECS	60

/* nf_encoder_opts.templates */
#define NF_ENC_TMPL_IPV4	0x01
#define NF_ENC_TMPL_IPV6	0x02

/* nf_encoder_opts.fields: optional template fields (v9, IPFIX) */
#define NF_ENC_F_VLAN		0x01	/* 58 vlanId, 59 postVlanId */
#define NF_ENC_F_MAC		0x02	/* 56 sourceMac, 80 destinationMac */
#define NF_ENC_F_ROUTING	0x04	/* next hop, AS numbers, masks */
#define NF_ENC_F_NAT		0x08	/* 225-228, 281, 282 for FLOW_NAT */

/* nf_encoder_opts.ipfix_times (the softflowd layout: v9 too) */
#define NF_ENC_TIME_MILLI	0	/* 152/153 flowStart/EndMilliseconds */
#define NF_ENC_TIME_UPTIME	1	/* 22/21 as softflowd, origin in 160 */
#define NF_ENC_TIME_SEC		2	/* 150/151, softflowd layout only */
#define NF_ENC_TIME_MICRO	3	/* 154/155 NTP, softflowd layout only */
#define NF_ENC_TIME_NANO	4	/* 156/157 NTP, softflowd layout only */

/* nf_encoder_opts.layout (v9, IPFIX) */
#define NF_ENC_LAYOUT_FLOWD	0	/* softflowd's order, optional groups */
#define NF_ENC_LAYOUT_SOFTFLOWD	1	/* softflowd 1.1's templates exactly */

#define NF_ENC_MAX_MPLS		10	/* IE 70 .. 79 */

/* nf_encoder_opts.sampling_algorithm (v5 mode, v9 IE 35) */
#define NF_ENC_SAMPLE_DETERMINISTIC	1
#define NF_ENC_SAMPLE_RANDOM		2

struct nf_encoder_opts {
	int		version;	/* 1, 5, 9 or 10 (IPFIX) */
	size_t		max_datagram;	/* bytes of UDP payload */
	size_t		queue_flows;	/* flows nf_encoder_add() holds */
	u_int		template_refresh_packets;	/* 0: never */
	u_int		template_refresh_seconds;	/* 0: never */
	uint32_t	source_id;	/* v9 source id, IPFIX domain id */
	uint8_t		engine_type;	/* v5 */
	uint8_t		engine_id;	/* v5 */
	uint32_t	sampling_interval;	/* 1 in N packets; 0, 1: all */
	uint16_t	sampling_algorithm;	/* NF_ENC_SAMPLE_* */
	struct timeval	boot_time;	/* sysUptime origin; 0: first now */
	int		templates;	/* NF_ENC_TMPL_* (v9, IPFIX) */
	int		fields;		/* NF_ENC_F_* (v9, IPFIX) */
	u_int		counter_bytes;	/* 4 or 8 (v9, IPFIX) */
	int		ipfix_times;	/* NF_ENC_TIME_* */
	uint32_t	if_index;	/* options scope / ingress (v9) */
	char		if_name[16];	/* options IE 82, NUL padded */
	struct xaddr	exporter;	/* IPFIX options IE 130/131 */
	int		layout;		/* NF_ENC_LAYOUT_* */
	int		biflow;		/* softflowd layout, IPFIX: RFC 5103 */
	u_int		mpls_labels;	/* softflowd layout: IE 70 .. */
};

/*
 * What struct flow does not carry, for the softflowd layout: the
 * reverse direction of a biflow record and the MPLS label stack.
 */
struct nf_enc_extra {
	uint64_t	rev_octets;
	uint64_t	rev_packets;
	uint8_t		rev_tos;
	uint8_t		rev_tcp_flags;
	uint16_t	rev_icmp;	/* type << 8 | code */
	u_int		nmpls;
	uint32_t	mpls[NF_ENC_MAX_MPLS];	/* label << 4 | exp << 1 | S */
};

struct nf_encoder_stats {
	uint64_t	flows_added;	/* accepted by nf_encoder_add() */
	uint64_t	flows_sent;	/* records in returned datagrams */
	uint64_t	flows_unsupported; /* family the encoder cannot carry */
	uint64_t	flows_queue_full; /* refused: queue full */
	uint64_t	values_narrowed; /* a value saturated to fit a field */
	uint64_t	datagrams;
	uint64_t	template_datagrams; /* datagrams carrying templates */
	uint64_t	octets;		/* bytes of datagrams returned */
	uint64_t	buffer_too_small; /* nf_encoder_next() bufsize short */
};

struct nf_encoder;

/* Fill opts with the defaults for a version (1, 5, 9, 10). */
void	nf_encoder_opts_init(struct nf_encoder_opts *, int);

/*
 * NULL with errno EINVAL on bad options (among them a max_datagram too
 * small for the templates, or for one record of the longest template,
 * or with template_refresh_packets 1 for both together), ENOMEM.
 */
struct nf_encoder *nf_encoder_new(const struct nf_encoder_opts *);
void	nf_encoder_free(struct nf_encoder *);

/*
 * Queue one flow (copied).  0 when queued; -1 with errno
 * EAFNOSUPPORT when the version or the chosen templates cannot carry
 * the flow's address family (counted in flows_unsupported), ENOBUFS
 * when the queue is full: drain it with nf_encoder_next() and retry.
 */
int	nf_encoder_add(struct nf_encoder *, const struct flow *,
	    const struct timeval *);
/* The same with the softflowd layout's extras (x may be NULL: zeros). */
int	nf_encoder_add_extra(struct nf_encoder *, const struct flow *,
	    const struct nf_enc_extra *, const struct timeval *);

/*
 * Write the next datagram into buf and return its length, at most
 * min(bufsize, max_datagram); 0 when nothing is pending.  Pending are
 * queued flows and, for v9/IPFIX, templates due by time or by
 * nf_encoder_send_templates() (or never yet sent).  A bufsize too
 * small for the header, templates and one record returns 0 and counts
 * buffer_too_small.
 */
size_t	nf_encoder_next(struct nf_encoder *, uint8_t *, size_t,
	    const struct timeval *);

/* Nonzero when a full datagram's worth of flows (or a full queue) waits. */
int	nf_encoder_ready(const struct nf_encoder *);
size_t	nf_encoder_pending(const struct nf_encoder *);

/* Templates and options go with the next datagram (softflowctl). */
void	nf_encoder_send_templates(struct nf_encoder *);

/* New sysUptime origin; the options data (IE 160) follows it. */
void	nf_encoder_set_boot(struct nf_encoder *, const struct timeval *);

/* Records of the largest template that fit one datagram. */
size_t	nf_encoder_max_records(const struct nf_encoder *);

const struct nf_encoder_stats *nf_encoder_stats(const struct nf_encoder *);

#endif /* FLOWD_NF_ENCODE_H */
