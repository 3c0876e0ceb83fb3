/*
 * nf_decode.h: NetFlow v1/v5/v7/v9 and IPFIX decoding into struct flow.
 *
 * A collector holds all decoding state: exporters (keyed by UDP source
 * address and port), their source ids / observation domains (sequence
 * tracking, sampling options), the template cache and a small bounded
 * buffer for data that arrives before its template.  nf_decode() takes
 * one datagram and hands every decoded flow to a callback; it allocates
 * memory only when it meets a new exporter, domain or template.
 *
 * Every problem is counted per exporter and in the collector totals;
 * nf_decode() returns the first one it met (NF_OK if none).  A datagram
 * whose framing is broken (short, bad version, bad length or count, bad
 * set header) yields no flow at all; a problem inside one set (bad
 * template, no template, bad record) costs only that set.
 *
 * What lands in struct flow, beyond the obvious:
 * - FLOW_ABS_TIMES also for v1/v5/v7/v9 and for IPFIX IE 21/22: derived
 *   from the header uptime and export time, or from IE 160
 *   (systemInitTimeMilliseconds) in the record or in options data.
 *   Absolute IEs 150-157 win when present.
 * - FLOW_SAMPLING: v5 header (mode, interval), IEs 34/35/49/50/304/305
 *   in the record, else the domain's last sampling options record.
 *   Counters are never scaled.
 * - RFC 5103 reverse IEs (PEN 29305): when the reverse direction
 *   counted packets or octets, a second flow follows with addresses,
 *   ports, interfaces, AS, masks, MACs and VLANs swapped and the
 *   reverse counters, TCP flags and times.
 * - Both address families in one template (unused one zero): a zero
 *   address never replaces a real one of the other family.  Flows with
 *   one address, or src and dst of different families, are kept.
 * - IEs 225-228 (NAT) are length-checked and ignored: struct flow has
 *   no slot for them.  Enterprise IEs are skipped by length.
 * - A known IE of an impossible size (e.g. a 2-byte IPv4 address) is
 *   skipped and counted in bad_fields; the template stays usable.
 * - FLOW_CRC32 is never set: the store writer adds it.
 * The callback must not call back into the same collector.
 */
#ifndef FLOWD_NF_DECODE_H
#define FLOWD_NF_DECODE_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <stdint.h>

#include "flow.h"

enum nf_reason {
	NF_OK = 0,
	NF_SHORT,		/* shorter than its version's header */
	NF_BAD_VERSION,		/* not 1, 5, 7, 9 or 10 */
	NF_BAD_LENGTH,		/* length disagrees with the header */
	NF_BAD_COUNT,		/* v1/v5/v7 count 0 or over the maximum */
	NF_BAD_SET,		/* set header: length < 4 or past the end */
	NF_BAD_TEMPLATE,	/* malformed (options) template record */
	NF_TEMPLATE_TOO_LONG,	/* template over max_template_len */
	NF_NO_TEMPLATE,		/* data set for a template not (yet) known */
	NF_BAD_RECORD,		/* variable-length record past its set */
	NF_LIMIT,		/* a limit of 0 leaves no room to keep it */
	NF_BAD_ADDRESS,		/* sender address of an unknown family */
	NF_REASON_MAX
};

struct nf_limits {
	u_int	max_exporters;		/* (address, port) pairs; LRU */
	u_int	max_domains;		/* source ids / domains per exporter */
	u_int	max_templates;		/* per exporter and domain; LRU */
	u_int	max_template_len;	/* bytes of the shortest record */
	u_int	ipfix_template_lifetime; /* seconds, 0 = never expire */
	u_int	pending_max;		/* bytes held for data before template */
};

#define NF_DEFAULT_MAX_EXPORTERS	1024
#define NF_DEFAULT_MAX_DOMAINS		64
#define NF_DEFAULT_MAX_TEMPLATES	256
#define NF_DEFAULT_MAX_TEMPLATE_LEN	4096
#define NF_DEFAULT_IPFIX_LIFETIME	0
#define NF_DEFAULT_PENDING_MAX		(32 * 1024)

/* Counters kept per exporter and, summed over all, per collector. */
struct nf_counters {
	uint64_t	packets;		/* datagrams offered */
	uint64_t	octets;			/* their bytes */
	uint64_t	flows;			/* flows handed to the callback */
	uint64_t	reverse_flows;		/* of which RFC 5103 reverse */
	uint64_t	reject[NF_REASON_MAX];	/* events; [NF_OK] = clean dgrams */
	uint64_t	templates_added;
	uint64_t	templates_updated;	/* same id, new definition */
	uint64_t	templates_withdrawn;	/* IPFIX withdrawals */
	uint64_t	templates_evicted;	/* LRU, over max_templates */
	uint64_t	templates_expired;	/* IPFIX lifetime */
	uint64_t	domains_evicted;	/* LRU, over max_domains */
	uint64_t	options_records;	/* options data records read */
	uint64_t	pending_held;		/* data sets buffered */
	uint64_t	pending_decoded;	/* ... decoded once known */
	uint64_t	pending_dropped;	/* ... pushed out or too big */
	uint64_t	reserved_sets;		/* skipped set ids 2-255 / 4-255 */
	uint64_t	bad_fields;		/* known IE with a bad length */
	uint64_t	seq_lost_packets;	/* v9 package sequence gaps */
	uint64_t	seq_lost_records;	/* v5/v7 flow, IPFIX record gaps */
	uint64_t	seq_resets;		/* sequence went backwards */
};

struct nf_exporter_info {
	struct xaddr	 addr;			/* af 0: unknown sender */
	uint16_t	 port;
	uint16_t	 last_version;
	u_int		 ndomains;
	u_int		 ntemplates;
	struct timeval	 first_seen;
	struct timeval	 last_seen;
	struct nf_counters c;
};

struct nf_stats {
	uint64_t	exporters_added;
	uint64_t	exporters_evicted;
	u_int		exporters;		/* currently known */
	u_int		pending_bytes;		/* currently buffered */
	struct nf_counters c;			/* all exporters, ever */
};

struct nf_collector;

typedef void (*nf_flow_cb)(const struct flow *, void *);
typedef void (*nf_exporter_cb)(const struct nf_exporter_info *, void *);

struct nf_collector *nf_collector_new(const struct nf_limits *);
void	 nf_collector_set_limits(struct nf_collector *,
	    const struct nf_limits *);
void	 nf_collector_get_limits(const struct nf_collector *,
	    struct nf_limits *);
void	 nf_collector_free(struct nf_collector *);
void	 nf_limits_default(struct nf_limits *);

enum nf_reason nf_decode(struct nf_collector *, const uint8_t *, size_t,
	    const struct sockaddr *, socklen_t, const struct timeval *,
	    nf_flow_cb, void *);
const char *nf_reason_str(enum nf_reason);

void	 nf_collector_stats(const struct nf_collector *, struct nf_stats *);
void	 nf_collector_walk(const struct nf_collector *, nf_exporter_cb,
	    void *);

#endif /* FLOWD_NF_DECODE_H */
