/*
 * flow_format.c: text, CSV and JSON Lines output of a struct flow.
 *
 * The text line is flowd-reader's (flowd.md section 4) with two fixes:
 * microseconds have six digits and 32-bit values print unsigned.  The
 * store minor 1 groups follow the engine group, before crc32.  Numbers
 * and IPv4 addresses are formatted by hand and the last converted time
 * of each kind is cached: printf and localtime per field would cost
 * more than reading the record.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "compat.h"
#include "flow_format.h"

struct ob {
	char	*p;
	char	*e;
	int	 bad;
};

static void
ob_init(struct ob *o, char *buf, size_t len)
{
	o->p = buf;
	o->e = buf + len;
	o->bad = (len == 0);
}

static void
ob_mem(struct ob *o, const char *s, size_t n)
{
	if (o->bad || (size_t)(o->e - o->p) < n) {
		o->bad = 1;
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
}

static void
ob_str(struct ob *o, const char *s)
{
	ob_mem(o, s, strlen(s));
}

static void
ob_chr(struct ob *o, char c)
{
	ob_mem(o, &c, 1);
}

static void
ob_u64(struct ob *o, uint64_t v)
{
	char	tmp[24], *q = tmp + sizeof(tmp);

	do {
		*--q = '0' + (v % 10);
		v /= 10;
	} while (v != 0);
	ob_mem(o, q, tmp + sizeof(tmp) - q);
}

/* Zero-padded to "width" digits (fractions of seconds). */
static void
ob_upad(struct ob *o, uint32_t v, int width)
{
	char	tmp[16];
	int	i;

	if (width > (int)sizeof(tmp))
		width = sizeof(tmp);
	for (i = width - 1; i >= 0; i--) {
		tmp[i] = '0' + (v % 10);
		v /= 10;
	}
	ob_mem(o, tmp, width);
}

static void
ob_hex(struct ob *o, uint32_t v, int width)
{
	static const char	hex[] = "0123456789abcdef";
	char			tmp[8];
	int			i;

	for (i = width - 1; i >= 0; i--) {
		tmp[i] = hex[v & 0xf];
		v >>= 4;
	}
	ob_mem(o, tmp, width);
}

static size_t
ob_end(struct ob *o, char *buf)
{
	return (o->bad ? 0 : (size_t)(o->p - buf));
}

static void
ob_addr(struct ob *o, const struct xaddr *a)
{
	char		 tmp[INET6_ADDRSTRLEN];
	const uint8_t	*b = a->addr8;

	if (a->af == AF_INET6) {
		if (inet_ntop(AF_INET6, &a->v6, tmp, sizeof(tmp)) == NULL)
			strlcpy(tmp, "::", sizeof(tmp));
		ob_str(o, tmp);
		return;
	}
	if (a->af != AF_INET) {
		/* Absent: flow-tools wants an address in every column. */
		ob_str(o, "0.0.0.0");
		return;
	}
	ob_u64(o, b[0]);
	ob_chr(o, '.');
	ob_u64(o, b[1]);
	ob_chr(o, '.');
	ob_u64(o, b[2]);
	ob_chr(o, '.');
	ob_u64(o, b[3]);
}

static void
ob_mac(struct ob *o, const uint8_t *m)
{
	int	i;

	for (i = 0; i < 6; i++) {
		if (i > 0)
			ob_chr(o, ':');
		ob_hex(o, m[i], 2);
	}
}

/* One cache per kind of time, so alternating kinds still hit. */
struct tcache {
	int		valid;
	int		utc;
	uint32_t	sec;
	size_t		len;
	char		s[32];
};

#define TC_RECV		0
#define TC_EXPORT	1
#define TC_START	2
#define TC_END		3
static struct tcache	tcache[4];

size_t
flow_iso_time(char *buf, size_t len, uint32_t sec, int utc)
{
	struct tm	tm;
	time_t		t = sec;

	if ((utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) == NULL)
		return (0);
	return (strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm));
}

static void
ob_iso(struct ob *o, int kind, uint32_t sec, int utc)
{
	struct tcache	*c = &tcache[kind];

	if (!c->valid || c->sec != sec || c->utc != utc) {
		c->len = flow_iso_time(c->s, sizeof(c->s), sec, utc);
		c->sec = sec;
		c->utc = utc;
		c->valid = 1;
	}
	ob_mem(o, c->s, c->len);
}

/* Like "1w2d3h4m5s": a year is 52 weeks, seconds always shown. */
static void
ob_interval(struct ob *o, uint32_t t)
{
	static const uint32_t	div[] = { 52 * 604800, 604800, 86400, 3600,
				    60, 1 };
	static const char	sym[] = "ywdhms";
	uint32_t		r;
	int			i;

	for (i = 0; i < 6; i++) {
		r = t / div[i];
		if (r != 0 || div[i] == 1) {
			ob_u64(o, r);
			ob_chr(o, sym[i]);
			t %= div[i];
		}
	}
}

size_t
flow_interval_time(char *buf, size_t len, uint32_t t)
{
	struct ob	o;
	size_t		n;

	ob_init(&o, buf, len);
	ob_interval(&o, t);
	ob_chr(&o, '\0');
	n = ob_end(&o, buf);
	return (n == 0 ? 0 : n - 1);
}

static void
ob_ms_interval(struct ob *o, uint32_t ms)
{
	ob_interval(o, ms / 1000);
	ob_chr(o, '.');
	ob_upad(o, ms % 1000, 3);
}

size_t
flow_format_text(char *buf, size_t len, const struct flow *f, uint32_t crc,
    uint32_t display, int flags)
{
	struct ob	o;
	uint32_t	fl = f->fields & display;
	int		utc = flags & FLOW_FMT_UTC;

	ob_init(&o, buf, len);
	ob_str(&o, "FLOW ");
	if (fl & FLOW_TAG) {
		ob_str(&o, "tag ");
		ob_u64(&o, f->tag);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_RECV_TIME) {
		ob_str(&o, "recv_time ");
		ob_iso(&o, TC_RECV, f->recv_sec, utc);
		ob_chr(&o, '.');
		ob_upad(&o, f->recv_usec, 6);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_PROTO_FLAGS_TOS) {
		ob_str(&o, "proto ");
		ob_u64(&o, f->protocol);
		ob_str(&o, " tcpflags ");
		ob_hex(&o, f->tcp_flags, 2);
		ob_str(&o, " tos ");
		ob_hex(&o, f->tos, 2);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_AGENT_ADDR) {
		ob_str(&o, "agent [");
		ob_addr(&o, &f->agent);
		ob_str(&o, "] ");
	}
	if (fl & FLOW_SRC_ADDR) {
		ob_str(&o, "src [");
		ob_addr(&o, &f->src);
		ob_chr(&o, ']');
		if (fl & FLOW_SRCDST_PORT) {
			ob_chr(&o, ':');
			ob_u64(&o, f->src_port);
		}
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_DST_ADDR) {
		ob_str(&o, "dst [");
		ob_addr(&o, &f->dst);
		ob_chr(&o, ']');
		if (fl & FLOW_SRCDST_PORT) {
			ob_chr(&o, ':');
			ob_u64(&o, f->dst_port);
		}
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_GATEWAY_ADDR) {
		ob_str(&o, "gateway [");
		ob_addr(&o, &f->gateway);
		ob_str(&o, "] ");
	}
	if (fl & FLOW_PACKETS) {
		ob_str(&o, "packets ");
		ob_u64(&o, f->packets);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_OCTETS) {
		ob_str(&o, "octets ");
		ob_u64(&o, f->octets);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_IF_INDICES) {
		ob_str(&o, "in_if ");
		ob_u64(&o, f->if_in);
		ob_str(&o, " out_if ");
		ob_u64(&o, f->if_out);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_AGENT_INFO) {
		ob_str(&o, "sys_uptime_ms ");
		ob_ms_interval(&o, f->sys_uptime_ms);
		ob_str(&o, " time_sec ");
		ob_iso(&o, TC_EXPORT, f->export_sec, utc);
		ob_str(&o, " time_nanosec ");
		ob_u64(&o, f->export_nsec);
		ob_str(&o, " netflow ver ");
		ob_u64(&o, f->netflow_version);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_FLOW_TIMES) {
		ob_str(&o, "flow_start ");
		ob_ms_interval(&o, f->flow_start);
		ob_str(&o, " flow_finish ");
		ob_ms_interval(&o, f->flow_finish);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_AS_INFO) {
		ob_str(&o, "src_AS ");
		ob_u64(&o, f->src_as);
		ob_str(&o, " src_masklen ");
		ob_u64(&o, f->src_mask);
		ob_str(&o, " dst_AS ");
		ob_u64(&o, f->dst_as);
		ob_str(&o, " dst_masklen ");
		ob_u64(&o, f->dst_mask);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_FLOW_ENGINE_INFO) {
		ob_str(&o, "engine_type ");
		ob_u64(&o, f->engine_type);
		ob_str(&o, " engine_id ");
		ob_u64(&o, f->engine_id);
		ob_str(&o, " seq ");
		ob_u64(&o, f->flow_sequence);
		ob_str(&o, " source ");
		ob_u64(&o, f->source_id);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_ABS_TIMES) {
		ob_str(&o, "start_time ");
		ob_iso(&o, TC_START, f->start_sec, utc);
		ob_chr(&o, '.');
		ob_upad(&o, f->start_nsec, 9);
		ob_str(&o, " end_time ");
		ob_iso(&o, TC_END, f->end_sec, utc);
		ob_chr(&o, '.');
		ob_upad(&o, f->end_nsec, 9);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_MAC_ADDRS) {
		ob_str(&o, "src_mac ");
		ob_mac(&o, f->src_mac);
		ob_str(&o, " dst_mac ");
		ob_mac(&o, f->dst_mac);
		ob_str(&o, " post_src_mac ");
		ob_mac(&o, f->post_src_mac);
		ob_str(&o, " post_dst_mac ");
		ob_mac(&o, f->post_dst_mac);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_VLANS) {
		ob_str(&o, "src_vlan ");
		ob_u64(&o, f->src_vlan);
		ob_str(&o, " dst_vlan ");
		ob_u64(&o, f->dst_vlan);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_FLOW_INFO) {
		ob_str(&o, "ip_version ");
		ob_u64(&o, f->ip_version);
		ob_str(&o, " direction ");
		ob_u64(&o, f->direction);
		ob_str(&o, " end_reason ");
		ob_u64(&o, f->end_reason);
		ob_str(&o, " icmp_type ");
		ob_u64(&o, f->icmp_type);
		ob_str(&o, " icmp_code ");
		ob_u64(&o, f->icmp_code);
		ob_str(&o, " flow_label ");
		ob_u64(&o, f->flow_label);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_SAMPLING) {
		ob_str(&o, "sampling_interval ");
		ob_u64(&o, f->sampling_interval);
		ob_str(&o, " sampling_algorithm ");
		ob_u64(&o, f->sampling_algorithm);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_EXPORTER_PORT) {
		ob_str(&o, "exporter_port ");
		ob_u64(&o, f->exporter_port);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_REVERSE_COUNTERS) {
		ob_str(&o, "out_packets ");
		ob_u64(&o, f->out_packets);
		ob_str(&o, " out_octets ");
		ob_u64(&o, f->out_octets);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_NAT) {
		ob_str(&o, "nat_src [");
		ob_addr(&o, &f->nat_src);
		ob_str(&o, "]:");
		ob_u64(&o, f->nat_src_port);
		ob_str(&o, " nat_dst [");
		ob_addr(&o, &f->nat_dst);
		ob_str(&o, "]:");
		ob_u64(&o, f->nat_dst_port);
		ob_chr(&o, ' ');
	}
	if (fl & FLOW_CRC32) {
		ob_str(&o, "crc32 ");
		ob_hex(&o, crc, 8);
		ob_chr(&o, ' ');
	}
	ob_chr(&o, '\n');
	return (ob_end(&o, buf));
}

/* flow-tools flow-import CSV; absent fields print as 0. */
size_t
flow_format_csv(char *buf, size_t len, const struct flow *f)
{
	struct ob	o;
	uint32_t	fl = f->fields;
	struct xaddr	none;

	memset(&none, 0, sizeof(none));
#define CSVU(bit, v)	do {				\
		ob_u64(&o, (fl & (bit)) ? (v) : 0);	\
		ob_chr(&o, ',');			\
	} while (0)
#define CSVA(bit, a)	do {				\
		ob_addr(&o, (fl & (bit)) ? (a) : &none);\
		ob_chr(&o, ',');			\
	} while (0)
	ob_init(&o, buf, len);
	CSVU(FLOW_AGENT_INFO, f->export_sec);
	CSVU(FLOW_AGENT_INFO, f->export_nsec);
	CSVU(FLOW_AGENT_INFO, f->sys_uptime_ms);
	CSVA(FLOW_AGENT_ADDR, &f->agent);
	CSVU(FLOW_PACKETS, f->packets);
	CSVU(FLOW_OCTETS, f->octets);
	CSVU(FLOW_FLOW_TIMES, f->flow_start);
	CSVU(FLOW_FLOW_TIMES, f->flow_finish);
	CSVU(FLOW_FLOW_ENGINE_INFO, f->engine_type);
	CSVU(FLOW_FLOW_ENGINE_INFO, f->engine_id);
	CSVA(FLOW_SRC_ADDR, &f->src);
	CSVA(FLOW_DST_ADDR, &f->dst);
	CSVA(FLOW_GATEWAY_ADDR, &f->gateway);
	CSVU(FLOW_IF_INDICES, f->if_in);
	CSVU(FLOW_IF_INDICES, f->if_out);
	CSVU(FLOW_SRCDST_PORT, f->src_port);
	CSVU(FLOW_SRCDST_PORT, f->dst_port);
	CSVU(FLOW_PROTO_FLAGS_TOS, f->protocol);
	CSVU(FLOW_PROTO_FLAGS_TOS, f->tos);
	CSVU(FLOW_PROTO_FLAGS_TOS, f->tcp_flags);
	CSVU(FLOW_AS_INFO, f->src_mask);
	CSVU(FLOW_AS_INFO, f->dst_mask);
	CSVU(FLOW_AS_INFO, f->src_as);
	ob_u64(&o, (fl & FLOW_AS_INFO) ? f->dst_as : 0);
	ob_chr(&o, '\n');
#undef CSVU
#undef CSVA
	return (ob_end(&o, buf));
}
