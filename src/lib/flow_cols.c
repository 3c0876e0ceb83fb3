/*
 * flow_cols.c: named columns of a struct flow, for field selection in
 * text and CSV output and for JSON Lines (whose keys are these names,
 * a stable interface documented in flowd-reader(8)).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "flow_format.h"

enum col_kind { K_NUM, K_HEX2, K_HEX8, K_ADDR, K_MAC, K_TIME };

enum col_id {
	C_TAG, C_RECV_SEC, C_RECV_USEC, C_RECV_TIME, C_PROTO, C_TCP_FLAGS,
	C_TOS, C_AGENT, C_SRC, C_DST, C_GATEWAY, C_SRC_PORT, C_DST_PORT,
	C_PACKETS, C_OCTETS, C_IN_IF, C_OUT_IF, C_UPTIME, C_EXPORT_SEC,
	C_EXPORT_NSEC, C_NF_VERSION, C_FLOW_START, C_FLOW_FINISH, C_SRC_AS,
	C_DST_AS, C_SRC_MASK, C_DST_MASK, C_ENGINE_TYPE, C_ENGINE_ID,
	C_SEQUENCE, C_SOURCE_ID, C_START_SEC, C_START_NSEC, C_END_SEC,
	C_END_NSEC, C_SRC_MAC, C_DST_MAC, C_POST_SRC_MAC, C_POST_DST_MAC,
	C_SRC_VLAN, C_DST_VLAN, C_IP_VERSION, C_DIRECTION, C_END_REASON,
	C_ICMP_TYPE, C_ICMP_CODE, C_FLOW_LABEL, C_SAMPLING_INTERVAL,
	C_SAMPLING_ALGORITHM, C_EXPORTER_PORT, C_OUT_PACKETS, C_OUT_OCTETS,
	C_NAT_SRC, C_NAT_DST, C_NAT_SRC_PORT, C_NAT_DST_PORT, C_CRC32, C_NCOLS
};

static const struct col {
	const char	*name;
	uint32_t	 field;
	enum col_kind	 kind;
	int		 json;	/* part of the default JSON object */
} cols[C_NCOLS] = {
	{ "tag",		FLOW_TAG,		K_NUM,	1 },
	{ "recv_sec",		FLOW_RECV_TIME,		K_NUM,	1 },
	{ "recv_usec",		FLOW_RECV_TIME,		K_NUM,	1 },
	{ "recv_time",		FLOW_RECV_TIME,		K_TIME,	0 },
	{ "proto",		FLOW_PROTO_FLAGS_TOS,	K_NUM,	1 },
	{ "tcp_flags",		FLOW_PROTO_FLAGS_TOS,	K_NUM,	1 },
	{ "tos",		FLOW_PROTO_FLAGS_TOS,	K_NUM,	1 },
	{ "agent",		FLOW_AGENT_ADDR,	K_ADDR,	1 },
	{ "src",		FLOW_SRC_ADDR,		K_ADDR,	1 },
	{ "dst",		FLOW_DST_ADDR,		K_ADDR,	1 },
	{ "gateway",		FLOW_GATEWAY_ADDR,	K_ADDR,	1 },
	{ "src_port",		FLOW_SRCDST_PORT,	K_NUM,	1 },
	{ "dst_port",		FLOW_SRCDST_PORT,	K_NUM,	1 },
	{ "packets",		FLOW_PACKETS,		K_NUM,	1 },
	{ "octets",		FLOW_OCTETS,		K_NUM,	1 },
	{ "in_if",		FLOW_IF_INDICES,	K_NUM,	1 },
	{ "out_if",		FLOW_IF_INDICES,	K_NUM,	1 },
	{ "sys_uptime_ms",	FLOW_AGENT_INFO,	K_NUM,	1 },
	{ "export_sec",		FLOW_AGENT_INFO,	K_NUM,	1 },
	{ "export_nsec",	FLOW_AGENT_INFO,	K_NUM,	1 },
	{ "netflow_version",	FLOW_AGENT_INFO,	K_NUM,	1 },
	{ "flow_start",		FLOW_FLOW_TIMES,	K_NUM,	1 },
	{ "flow_finish",	FLOW_FLOW_TIMES,	K_NUM,	1 },
	{ "src_as",		FLOW_AS_INFO,		K_NUM,	1 },
	{ "dst_as",		FLOW_AS_INFO,		K_NUM,	1 },
	{ "src_mask",		FLOW_AS_INFO,		K_NUM,	1 },
	{ "dst_mask",		FLOW_AS_INFO,		K_NUM,	1 },
	{ "engine_type",	FLOW_FLOW_ENGINE_INFO,	K_NUM,	1 },
	{ "engine_id",		FLOW_FLOW_ENGINE_INFO,	K_NUM,	1 },
	{ "flow_sequence",	FLOW_FLOW_ENGINE_INFO,	K_NUM,	1 },
	{ "source_id",		FLOW_FLOW_ENGINE_INFO,	K_NUM,	1 },
	{ "start_sec",		FLOW_ABS_TIMES,		K_NUM,	1 },
	{ "start_nsec",		FLOW_ABS_TIMES,		K_NUM,	1 },
	{ "end_sec",		FLOW_ABS_TIMES,		K_NUM,	1 },
	{ "end_nsec",		FLOW_ABS_TIMES,		K_NUM,	1 },
	{ "src_mac",		FLOW_MAC_ADDRS,		K_MAC,	1 },
	{ "dst_mac",		FLOW_MAC_ADDRS,		K_MAC,	1 },
	{ "post_src_mac",	FLOW_MAC_ADDRS,		K_MAC,	1 },
	{ "post_dst_mac",	FLOW_MAC_ADDRS,		K_MAC,	1 },
	{ "src_vlan",		FLOW_VLANS,		K_NUM,	1 },
	{ "dst_vlan",		FLOW_VLANS,		K_NUM,	1 },
	{ "ip_version",		FLOW_FLOW_INFO,		K_NUM,	1 },
	{ "direction",		FLOW_FLOW_INFO,		K_NUM,	1 },
	{ "end_reason",		FLOW_FLOW_INFO,		K_NUM,	1 },
	{ "icmp_type",		FLOW_FLOW_INFO,		K_NUM,	1 },
	{ "icmp_code",		FLOW_FLOW_INFO,		K_NUM,	1 },
	{ "flow_label",		FLOW_FLOW_INFO,		K_NUM,	1 },
	{ "sampling_interval",	FLOW_SAMPLING,		K_NUM,	1 },
	{ "sampling_algorithm",	FLOW_SAMPLING,		K_NUM,	1 },
	{ "exporter_port",	FLOW_EXPORTER_PORT,	K_NUM,	1 },
	{ "out_packets",	FLOW_REVERSE_COUNTERS,	K_NUM,	1 },
	{ "out_octets",		FLOW_REVERSE_COUNTERS,	K_NUM,	1 },
	{ "nat_src",		FLOW_NAT,		K_ADDR,	1 },
	{ "nat_dst",		FLOW_NAT,		K_ADDR,	1 },
	{ "nat_src_port",	FLOW_NAT,		K_NUM,	1 },
	{ "nat_dst_port",	FLOW_NAT,		K_NUM,	1 },
	{ "crc32",		FLOW_CRC32,		K_HEX8,	1 },
};

static uint64_t
col_num(const struct flow *f, uint32_t crc, int id)
{
	switch (id) {
	case C_TAG:			return (f->tag);
	case C_RECV_SEC:		return (f->recv_sec);
	case C_RECV_USEC:		return (f->recv_usec);
	case C_PROTO:			return (f->protocol);
	case C_TCP_FLAGS:		return (f->tcp_flags);
	case C_TOS:			return (f->tos);
	case C_SRC_PORT:		return (f->src_port);
	case C_DST_PORT:		return (f->dst_port);
	case C_PACKETS:			return (f->packets);
	case C_OCTETS:			return (f->octets);
	case C_IN_IF:			return (f->if_in);
	case C_OUT_IF:			return (f->if_out);
	case C_UPTIME:			return (f->sys_uptime_ms);
	case C_EXPORT_SEC:		return (f->export_sec);
	case C_EXPORT_NSEC:		return (f->export_nsec);
	case C_NF_VERSION:		return (f->netflow_version);
	case C_FLOW_START:		return (f->flow_start);
	case C_FLOW_FINISH:		return (f->flow_finish);
	case C_SRC_AS:			return (f->src_as);
	case C_DST_AS:			return (f->dst_as);
	case C_SRC_MASK:		return (f->src_mask);
	case C_DST_MASK:		return (f->dst_mask);
	case C_ENGINE_TYPE:		return (f->engine_type);
	case C_ENGINE_ID:		return (f->engine_id);
	case C_SEQUENCE:		return (f->flow_sequence);
	case C_SOURCE_ID:		return (f->source_id);
	case C_START_SEC:		return (f->start_sec);
	case C_START_NSEC:		return (f->start_nsec);
	case C_END_SEC:			return (f->end_sec);
	case C_END_NSEC:		return (f->end_nsec);
	case C_SRC_VLAN:		return (f->src_vlan);
	case C_DST_VLAN:		return (f->dst_vlan);
	case C_IP_VERSION:		return (f->ip_version);
	case C_DIRECTION:		return (f->direction);
	case C_END_REASON:		return (f->end_reason);
	case C_ICMP_TYPE:		return (f->icmp_type);
	case C_ICMP_CODE:		return (f->icmp_code);
	case C_FLOW_LABEL:		return (f->flow_label);
	case C_SAMPLING_INTERVAL:	return (f->sampling_interval);
	case C_SAMPLING_ALGORITHM:	return (f->sampling_algorithm);
	case C_EXPORTER_PORT:		return (f->exporter_port);
	case C_OUT_PACKETS:		return (f->out_packets);
	case C_OUT_OCTETS:		return (f->out_octets);
	case C_NAT_SRC_PORT:		return (f->nat_src_port);
	case C_NAT_DST_PORT:		return (f->nat_dst_port);
	case C_CRC32:			return (crc);
	}
	return (0);
}

static const struct xaddr *
col_addr(const struct flow *f, int id)
{
	switch (id) {
	case C_AGENT:	return (&f->agent);
	case C_SRC:	return (&f->src);
	case C_DST:	return (&f->dst);
	case C_NAT_SRC:	return (&f->nat_src);
	case C_NAT_DST:	return (&f->nat_dst);
	default:	return (&f->gateway);
	}
}

static const uint8_t *
col_mac(const struct flow *f, int id)
{
	switch (id) {
	case C_SRC_MAC:		return (f->src_mac);
	case C_DST_MAC:		return (f->dst_mac);
	case C_POST_SRC_MAC:	return (f->post_src_mac);
	default:		return (f->post_dst_mac);
	}
}

/* Decimal without printf: JSON output is mostly numbers. */
static size_t
utoa(char *buf, size_t len, uint64_t v)
{
	char	tmp[24], *q = tmp + sizeof(tmp);
	size_t	n;

	do {
		*--q = '0' + (v % 10);
		v /= 10;
	} while (v != 0);
	n = tmp + sizeof(tmp) - q;
	if (n >= len)
		return (0);
	memcpy(buf, q, n);
	buf[n] = '\0';
	return (n);
}

static size_t
hex8(char *buf, size_t len, uint32_t v)
{
	static const char	hex[] = "0123456789abcdef";
	int			i;

	if (len < 9)
		return (0);
	for (i = 7; i >= 0; i--) {
		buf[i] = hex[v & 0xf];
		v >>= 4;
	}
	buf[8] = '\0';
	return (8);
}

/* Dotted quad by hand: inet_ntop goes through printf. */
static size_t
ipv4(char *buf, size_t len, const uint8_t *b)
{
	size_t	n = 0, k;
	int	i;

	if (len < 16)
		return (0);
	for (i = 0; i < 4; i++) {
		if (i > 0)
			buf[n++] = '.';
		k = utoa(buf + n, len - n, b[i]);
		n += k;
	}
	return (n);
}

/*
 * One value as text into tmp (at least 64 bytes); "quote" says whether
 * JSON needs it quoted.
 */
static size_t
col_value(char *tmp, size_t len, const struct flow *f, uint32_t crc, int id,
    int utc, int *quote)
{
	const struct xaddr	*a;
	const uint8_t		*m;
	char			 t[32];
	size_t			 n;

	*quote = 0;
	switch (cols[id].kind) {
	case K_NUM:
		return (utoa(tmp, len, col_num(f, crc, id)));
	case K_HEX2:
		return (snprintf(tmp, len, "%02x",
		    (unsigned int)col_num(f, crc, id)));
	case K_HEX8:
		*quote = 1;
		return (hex8(tmp, len, col_num(f, crc, id)));
	case K_ADDR:
		*quote = 1;
		a = col_addr(f, id);
		if (a->af == AF_INET)
			return (ipv4(tmp, len, a->addr8));
		if (a->af == AF_INET6) {
			if (inet_ntop(AF_INET6, a->addr8, tmp, len) == NULL)
				return (0);
			return (strlen(tmp));
		}
		return (strlcpy(tmp, "0.0.0.0", len));
	case K_MAC:
		*quote = 1;
		m = col_mac(f, id);
		return (snprintf(tmp, len, "%02x:%02x:%02x:%02x:%02x:%02x",
		    m[0], m[1], m[2], m[3], m[4], m[5]));
	case K_TIME:
		*quote = 1;
		if ((n = flow_iso_time(t, sizeof(t), f->recv_sec, utc)) == 0)
			return (0);
		return (snprintf(tmp, len, "%s.%06u", t,
		    (unsigned int)f->recv_usec));
	}
	return (0);
}

const char *
flow_col_names(void)
{
	static char	names[1024];
	int		i;

	if (names[0] == '\0')
		for (i = 0; i < C_NCOLS; i++) {
			if (i > 0)
				strlcat(names, ",", sizeof(names));
			strlcat(names, cols[i].name, sizeof(names));
		}
	return (names);
}

int
flow_cols_parse(const char *spec, struct flow_cols *c, const char **errstr)
{
	char		 name[32];
	const char	*p, *q;
	size_t		 n;
	int		 i;

	c->n = 0;
	*errstr = NULL;
	for (p = spec; *p != '\0'; p = (*q == ',') ? q + 1 : q) {
		q = p + strcspn(p, ",");
		n = q - p;
		if (n == 0 || n >= sizeof(name)) {
			*errstr = "bad field name";
			return (-1);
		}
		memcpy(name, p, n);
		name[n] = '\0';
		for (i = 0; i < C_NCOLS; i++)
			if (strcmp(cols[i].name, name) == 0)
				break;
		if (i == C_NCOLS) {
			*errstr = "unknown field name";
			return (-1);
		}
		if (c->n >= FLOW_COLS_MAX) {
			*errstr = "too many fields";
			return (-1);
		}
		c->id[c->n++] = i;
	}
	if (c->n == 0) {
		*errstr = "no field named";
		return (-1);
	}
	return (0);
}

static int
put(char **pp, char *e, const char *s, size_t n)
{
	if ((size_t)(e - *pp) < n)
		return (-1);
	memcpy(*pp, s, n);
	*pp += n;
	return (0);
}

size_t
flow_cols_header(char *buf, size_t len, const struct flow_cols *c)
{
	char	*p = buf, *e = buf + len;
	int	 i;

	if (put(&p, e, "#:", 2) == -1)
		return (0);
	for (i = 0; i < c->n; i++)
		if ((i > 0 && put(&p, e, ",", 1) == -1) ||
		    put(&p, e, cols[c->id[i]].name,
		    strlen(cols[c->id[i]].name)) == -1)
			return (0);
	if (put(&p, e, "\n", 1) == -1)
		return (0);
	return (p - buf);
}

/* Text: "FLOW name value ..." for the selected columns present. */
size_t
flow_format_cols_text(char *buf, size_t len, const struct flow *f,
    uint32_t crc, const struct flow_cols *c, int flags)
{
	char	 tmp[128], *p = buf, *e = buf + len;
	size_t	 n;
	int	 i, id, quote;

	if (put(&p, e, "FLOW", 4) == -1)
		return (0);
	for (i = 0; i < c->n; i++) {
		id = c->id[i];
		if ((f->fields & cols[id].field) == 0)
			continue;
		n = col_value(tmp, sizeof(tmp), f, crc, id,
		    flags & FLOW_FMT_UTC, &quote);
		if (put(&p, e, " ", 1) == -1 || put(&p, e, cols[id].name,
		    strlen(cols[id].name)) == -1 || put(&p, e, " ", 1) == -1 ||
		    put(&p, e, tmp, n) == -1)
			return (0);
	}
	if (put(&p, e, "\n", 1) == -1)
		return (0);
	return (p - buf);
}

/* CSV: one value per selected column, empty when absent. */
size_t
flow_format_cols_csv(char *buf, size_t len, const struct flow *f,
    uint32_t crc, const struct flow_cols *c, int flags)
{
	char	 tmp[128], *p = buf, *e = buf + len;
	size_t	 n;
	int	 i, id, quote;

	for (i = 0; i < c->n; i++) {
		id = c->id[i];
		if (i > 0 && put(&p, e, ",", 1) == -1)
			return (0);
		if ((f->fields & cols[id].field) == 0)
			continue;
		n = col_value(tmp, sizeof(tmp), f, crc, id,
		    flags & FLOW_FMT_UTC, &quote);
		if (put(&p, e, tmp, n) == -1)
			return (0);
	}
	if (put(&p, e, "\n", 1) == -1)
		return (0);
	return (p - buf);
}

static size_t
json_cols(char *buf, size_t len, const struct flow *f, uint32_t crc,
    const uint8_t *ids, int nids, uint32_t display, int flags)
{
	char	 tmp[128], *p = buf, *e = buf + len;
	size_t	 n;
	int	 i, id, quote, first = 1;

	if (put(&p, e, "{", 1) == -1)
		return (0);
	for (i = 0; i < nids; i++) {
		id = ids[i];
		if ((f->fields & display & cols[id].field) == 0)
			continue;
		n = col_value(tmp, sizeof(tmp), f, crc, id,
		    flags & FLOW_FMT_UTC, &quote);
		/* Names and values never need escaping: fixed charset. */
		if ((!first && put(&p, e, ",", 1) == -1) ||
		    put(&p, e, "\"", 1) == -1 ||
		    put(&p, e, cols[id].name, strlen(cols[id].name)) == -1 ||
		    put(&p, e, "\":", 2) == -1 ||
		    (quote && put(&p, e, "\"", 1) == -1) ||
		    put(&p, e, tmp, n) == -1 ||
		    (quote && put(&p, e, "\"", 1) == -1))
			return (0);
		first = 0;
	}
	if (put(&p, e, "}\n", 2) == -1)
		return (0);
	return (p - buf);
}

size_t
flow_format_cols_json(char *buf, size_t len, const struct flow *f,
    uint32_t crc, const struct flow_cols *c, int flags)
{
	return (json_cols(buf, len, f, crc, c->id, c->n, FLOW_ALL, flags));
}

size_t
flow_format_json(char *buf, size_t len, const struct flow *f, uint32_t crc,
    uint32_t display, int flags)
{
	static uint8_t	all[C_NCOLS];
	static int	nall;
	int		i;

	if (nall == 0)
		for (i = 0; i < C_NCOLS; i++)
			if (cols[i].json)
				all[nall++] = i;
	return (json_cols(buf, len, f, crc, all, nall, display, flags));
}
