/*
 * export.c: collectors, their sockets, and the encoders feeding them.
 *
 * Every collector has its own socket and its own failure count: a send
 * that fails (or would block) is counted for that collector only and
 * the others still get the datagram (softflowd B14).  With -l each
 * collector has its own encoder and gets whole datagrams in turn, so
 * every collector sees templates and gap-free sequence numbers.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "flow.h"
#include "nf_encode.h"
#include "sf_export.h"

struct collector {
	int			fd;
	struct sockaddr_storage	ss;
	socklen_t		sslen;
	struct nf_encoder	*enc;	/* with -l only */
	uint64_t		failures;
};

struct sf_export {
	struct sf_export_conf	conf;
	struct collector	c[SF_MAX_COLLECTORS];
	int			nc;
	int			cur;
	struct nf_encoder	*enc;	/* without -l */
	struct sf_export_stats	st;
	uint8_t			buf[NF_ENC_MAX_DATAGRAM];
};

static int
open_socket(const struct sf_export_conf *cf, struct collector *c,
    const char *host, const char *port, char *err, size_t errlen)
{
	struct addrinfo	 hints, *res, *ai, *src;
	int		 e, fd = -1, one = 1, hl;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = cf->proto == IPPROTO_TCP ? SOCK_STREAM :
	    SOCK_DGRAM;
	hints.ai_protocol = cf->proto;
	if ((e = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(err, errlen, "%s:%s: %s", host, port,
		    gai_strerror(e));
		return (-1);
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype,
		    ai->ai_protocol)) == -1)
			continue;
		if (cf->source != NULL) {
			hints.ai_family = ai->ai_family;
			hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
			if (getaddrinfo(cf->source, NULL, &hints, &src) != 0)
				goto next;
			e = bind(fd, src->ai_addr, src->ai_addrlen);
			freeaddrinfo(src);
			if (e == -1)
				goto next;
		}
#ifdef SO_BINDTODEVICE
		if (cf->bind_dev != NULL && setsockopt(fd, SOL_SOCKET,
		    SO_BINDTODEVICE, cf->bind_dev,
		    (socklen_t)strlen(cf->bind_dev) + 1) == -1)
			goto next;
#endif
		if (cf->hoplimit >= 0) {
			/* Unicast and multicast alike (softflowd B13). */
			hl = cf->hoplimit;
			if (ai->ai_family == AF_INET) {
				u_char	ttl = (u_char)hl;

				(void)setsockopt(fd, IPPROTO_IP, IP_TTL, &hl,
				    sizeof(hl));
				(void)setsockopt(fd, IPPROTO_IP,
				    IP_MULTICAST_TTL, &ttl, sizeof(ttl));
			} else {
				(void)setsockopt(fd, IPPROTO_IPV6,
				    IPV6_UNICAST_HOPS, &hl, sizeof(hl));
				(void)setsockopt(fd, IPPROTO_IPV6,
				    IPV6_MULTICAST_HOPS, &hl, sizeof(hl));
			}
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1)
			goto next;
		(void)one;
		memcpy(&c->ss, ai->ai_addr, ai->ai_addrlen);
		c->sslen = ai->ai_addrlen;
		c->fd = fd;
		freeaddrinfo(res);
		return (0);
 next:
		close(fd);
		fd = -1;
	}
	snprintf(err, errlen, "%s:%s: %s", host, port,
	    errno != 0 ? strerror(errno) : "no usable address");
	freeaddrinfo(res);
	return (-1);
}

static struct nf_encoder *
new_encoder(const struct sf_export_conf *cf)
{
	struct nf_encoder_opts	o;

	nf_encoder_opts_init(&o, cf->version);
	/* softflowd's datagram sizes, so collectors see familiar sizes. */
	o.max_datagram = (cf->version == 1 || cf->version == 5) ? 1464 :
	    1428;
	/* softflowd 1.1's templates, byte for byte (4-byte counters). */
	o.layout = NF_ENC_LAYOUT_SOFTFLOWD;
	o.counter_bytes = 4;
	o.ipfix_times = cf->times == SF_TIMES_UPTIME ? NF_ENC_TIME_UPTIME :
	    cf->times;
	/* As softflowd: no biflow records in v9. */
	o.biflow = cf->biflow && cf->version == 10;
	o.mpls_labels = cf->mpls_labels;
	if (cf->level >= SF_T_VLAN)
		o.fields |= NF_ENC_F_VLAN;
	if (cf->level >= SF_T_ETHER)
		o.fields |= NF_ENC_F_MAC;
	o.sampling_interval = cf->sampling > 1 ? cf->sampling : 0;
	if (cf->version == 5 && o.sampling_interval > 0x3fff)
		o.sampling_interval = 0x3fff;
	o.if_index = cf->if_index;
	memcpy(o.if_name, cf->if_name, sizeof(o.if_name));
	return (nf_encoder_new(&o));
}

/* Split "[v6]:port", "host:port" (port after the last ':'). */
static int
split_hostport(char *s, char **host, char **port)
{
	char	*p;

	if (*s == '[') {
		if ((p = strchr(s, ']')) == NULL || p[1] != ':')
			return (-1);
		*p = '\0';
		*host = s + 1;
		*port = p + 2;
	} else {
		if ((p = strrchr(s, ':')) == NULL)
			return (-1);
		*p = '\0';
		*host = s;
		*port = p + 1;
	}
	return (**host == '\0' || **port == '\0' ? -1 : 0);
}

struct sf_export *
sf_export_new(const struct sf_export_conf *cf, const char *targets,
    char *err, size_t errlen)
{
	struct sf_export	*x;
	char			*list = NULL, *tok, *host, *port, *lp;
	int			 i;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return (NULL);
	}
	x->conf = *cf;
	for (i = 0; i < SF_MAX_COLLECTORS; i++)
		x->c[i].fd = -1;
	if (targets != NULL) {
		if ((list = strdup(targets)) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		lp = list;
		while ((tok = strsep(&lp, ",")) != NULL) {
			if (*tok == '\0')
				continue;
			if (x->nc == SF_MAX_COLLECTORS) {
				snprintf(err, errlen, "more than %d "
				    "collectors", SF_MAX_COLLECTORS);
				goto fail;
			}
			if (split_hostport(tok, &host, &port) == -1) {
				snprintf(err, errlen, "bad collector \"%s\": "
				    "want host:port", tok);
				goto fail;
			}
			if (open_socket(cf, &x->c[x->nc], host, port, err,
			    errlen) == -1)
				goto fail;
			x->nc++;
		}
		free(list);
		list = NULL;
	}
	if (x->nc > 0 && cf->load_balance) {
		for (i = 0; i < x->nc; i++)
			if ((x->c[i].enc = new_encoder(cf)) == NULL)
				goto encfail;
	} else if ((x->enc = new_encoder(cf)) == NULL)
		goto encfail;
	return (x);
 encfail:
	snprintf(err, errlen, "cannot set up the v%d encoder", cf->version);
 fail:
	free(list);
	sf_export_free(x);
	return (NULL);
}

void
sf_export_free(struct sf_export *x)
{
	int	i;

	if (x == NULL)
		return;
	for (i = 0; i < SF_MAX_COLLECTORS; i++) {
		if (x->c[i].fd != -1)
			close(x->c[i].fd);
		nf_encoder_free(x->c[i].enc);
	}
	nf_encoder_free(x->enc);
	free(x);
}

int
sf_export_ncollectors(const struct sf_export *x)
{
	return (x->nc);
}

void
sf_export_set_boot(struct sf_export *x, const struct timeval *tv)
{
	int	i;

	if (x->enc != NULL)
		nf_encoder_set_boot(x->enc, tv);
	for (i = 0; i < x->nc; i++)
		if (x->c[i].enc != NULL)
			nf_encoder_set_boot(x->c[i].enc, tv);
}

void
sf_export_templates(struct sf_export *x)
{
	int	i;

	if (x->enc != NULL)
		nf_encoder_send_templates(x->enc);
	for (i = 0; i < x->nc; i++)
		if (x->c[i].enc != NULL)
			nf_encoder_send_templates(x->c[i].enc);
}

static void
send_one(struct sf_export *x, struct collector *c, size_t len)
{
	ssize_t	n;
	int	tries;

	for (tries = 0; tries < 2; tries++) {
		n = send(c->fd, x->buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n == (ssize_t)len)
			return;
		/* An ICMP error from an earlier datagram: try once more. */
		if (n == -1 && errno == ECONNREFUSED)
			continue;
		break;
	}
	c->failures++;
	x->st.failures++;
}

/* Drain an encoder; to collector ci, or to all when ci is -1. */
static void
drain(struct sf_export *x, struct nf_encoder *e, int ci, uint64_t now_us)
{
	struct timeval	now;
	size_t		len;
	int		i;

	now.tv_sec = (time_t)(now_us / 1000000);
	now.tv_usec = (suseconds_t)(now_us % 1000000);
	while ((len = nf_encoder_next(e, x->buf, sizeof(x->buf), &now)) > 0) {
		x->st.datagrams++;
		if (ci >= 0)
			send_one(x, &x->c[ci], len);
		else
			for (i = 0; i < x->nc; i++)
				send_one(x, &x->c[i], len);
	}
}

void
sf_export_fill(const struct sf_export_conf *cf, struct flow *fl,
    const struct sf_flow *f, int d, int reason)
{
	const struct sf_key	*k = &f->key;
	uint64_t		 end = SF_FLOW_END(f);
	int			 o = !d;

	memset(fl, 0, sizeof(*fl));
	fl->fields = FLOW_PROTO_FLAGS_TOS | FLOW_SRCDST_PORT | FLOW_PACKETS |
	    FLOW_OCTETS | FLOW_IF_INDICES | FLOW_ABS_TIMES | FLOW_FLOW_INFO;
	if (k->af == 4) {
		fl->fields |= FLOW_SRC_ADDR4 | FLOW_DST_ADDR4;
		fl->src.af = fl->dst.af = AF_INET;
		memcpy(&fl->src.v4, k->addr[d], 4);
		memcpy(&fl->dst.v4, k->addr[o], 4);
	} else {
		fl->fields |= FLOW_SRC_ADDR6 | FLOW_DST_ADDR6;
		fl->src.af = fl->dst.af = AF_INET6;
		memcpy(&fl->src.v6, k->addr[d], 16);
		memcpy(&fl->dst.v6, k->addr[o], 16);
	}
	fl->protocol = k->proto;
	fl->tcp_flags = f->tcpflags[d];
	fl->tos = f->tos[d];
	fl->src_port = k->port[d];
	fl->dst_port = k->port[o];
	fl->packets = f->packets[d];
	fl->octets = f->octets[d];
	fl->if_in = fl->if_out = cf->if_index;
	fl->start_sec = (uint32_t)(f->start_us / 1000000);
	fl->start_nsec = (uint32_t)(f->start_us % 1000000) * 1000;
	fl->end_sec = (uint32_t)(end / 1000000);
	fl->end_nsec = (uint32_t)(end % 1000000) * 1000;
	fl->ip_version = k->af;
	fl->end_reason = (uint8_t)sf_end_reason(reason);
	fl->flow_label = f->flowlabel[d];
	if ((k->proto == IPPROTO_ICMP && k->af == 4) ||
	    (k->proto == IPPROTO_ICMPV6 && k->af == 6)) {
		fl->icmp_type = (uint8_t)(k->port[o] >> 8);
		fl->icmp_code = (uint8_t)k->port[o];
	}
	/* flowDirection: the -H MAC decides, else the canonical slot. */
	fl->direction = (uint8_t)d;
	if (cf->have_dir_mac) {
		if (memcmp(k->mac[d], cf->dir_mac, 6) == 0)
			fl->direction = FLOW_DIR_EGRESS;
		else if (memcmp(k->mac[o], cf->dir_mac, 6) == 0)
			fl->direction = FLOW_DIR_INGRESS;
	}
	if (cf->level >= SF_T_VLAN) {
		fl->fields |= FLOW_VLANS;
		fl->src_vlan = fl->dst_vlan = k->vlan[0];
	}
	if (cf->level >= SF_T_ETHER) {
		fl->fields |= FLOW_MAC_ADDRS;
		memcpy(fl->src_mac, k->mac[d], 6);
		memcpy(fl->dst_mac, k->mac[o], 6);
	}
}

static void
add(struct sf_export *x, struct nf_encoder *e, int ci, const struct flow *fl,
    const struct nf_enc_extra *ex, uint64_t now_us)
{
	struct timeval	now;

	now.tv_sec = (time_t)(now_us / 1000000);
	now.tv_usec = (suseconds_t)(now_us % 1000000);
	if (nf_encoder_add_extra(e, fl, ex, &now) == -1) {
		if (errno == EAFNOSUPPORT) {
			x->st.unsupported++;
			return;
		}
		/* ENOBUFS: make room, then it fits. */
		drain(x, e, ci, now_us);
		if (nf_encoder_add_extra(e, fl, ex, &now) == -1)
			return;
	}
	x->st.records++;
	if (nf_encoder_ready(e))
		drain(x, e, ci, now_us);
}

/* The record of direction d, or the biflow record, into the encoder. */
static void
record(struct sf_export *x, const struct flow *fl,
    const struct nf_enc_extra *ex, uint64_t now_us)
{
	struct nf_encoder	*e;
	int			 ci = -1;

	if (x->enc != NULL)
		e = x->enc;
	else {
		ci = x->cur;
		e = x->c[ci].enc;
	}
	add(x, e, ci, fl, ex, now_us);
	/* -l: the next collector once this one had a datagram. */
	if (x->enc == NULL && nf_encoder_pending(e) == 0)
		x->cur = (x->cur + 1) % x->nc;
}

void
sf_export_flow(struct sf_export *x, const struct sf_flow *f,
    const uint32_t *labels, int reason, uint64_t now_us)
{
	const struct sf_key	*k = &f->key;
	struct flow		 fl;
	struct nf_enc_extra	 ex;
	uint64_t		 before = x->st.records;
	u_int			 n = x->conf.mpls_labels, i;
	int			 d;

	memset(&ex, 0, sizeof(ex));
	if (x->conf.biflow && x->conf.version == 10) {
		/*
		 * One record: forward is endpoint 0 (the lower address) even
		 * when it sent nothing, reverse is endpoint 1, as softflowd.
		 */
		sf_export_fill(&x->conf, &fl, f, 0, reason);
		ex.rev_octets = f->octets[1];
		ex.rev_packets = f->packets[1];
		ex.rev_tos = f->tos[1];
		ex.rev_tcp_flags = f->tcpflags[1];
		/* ICMP type/code endpoint 1 sent, kept in port[0] */
		ex.rev_icmp = k->port[0];
		for (i = 0; i < n && labels != NULL; i++)
			ex.mpls[i] = labels[i];
		ex.nmpls = n;
		record(x, &fl, &ex, now_us);
	} else {
		for (d = 0; d < 2; d++) {
			if (f->packets[d] == 0)
				continue;
			sf_export_fill(&x->conf, &fl, f, d, reason);
			for (i = 0; i < n && labels != NULL; i++)
				ex.mpls[i] = labels[d * n + i];
			ex.nmpls = n;
			record(x, &fl, &ex, now_us);
		}
	}
	if (x->st.records != before)
		x->st.flows++;
}

void
sf_export_flush(struct sf_export *x, uint64_t now_us)
{
	int	i;

	if (x->enc != NULL)
		drain(x, x->enc, -1, now_us);
	for (i = 0; i < x->nc; i++)
		if (x->c[i].enc != NULL)
			drain(x, x->c[i].enc, i, now_us);
}

const struct sf_export_stats *
sf_export_stats(const struct sf_export *x)
{
	return (&x->st);
}

int
sf_export_is_own(const struct sf_export *x, const struct sf_pkt *p)
{
	const struct sockaddr_in	*s4;
	const struct sockaddr_in6	*s6;
	int				 i;

	if (p->proto != x->conf.proto || !p->has_ports)
		return (0);
	for (i = 0; i < x->nc; i++) {
		if (p->af == 4 && x->c[i].ss.ss_family == AF_INET) {
			s4 = (const struct sockaddr_in *)&x->c[i].ss;
			if (ntohs(s4->sin_port) == p->dport &&
			    memcmp(&s4->sin_addr, p->dst, 4) == 0)
				return (1);
		} else if (p->af == 6 && x->c[i].ss.ss_family == AF_INET6) {
			s6 = (const struct sockaddr_in6 *)&x->c[i].ss;
			if (ntohs(s6->sin6_port) == p->dport &&
			    memcmp(&s6->sin6_addr, p->dst, 16) == 0)
				return (1);
		}
	}
	return (0);
}
