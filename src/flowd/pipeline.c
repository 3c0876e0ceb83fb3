/*
 * pipeline.c: one datagram from the wire to the log, in one pass.
 * The sender is checked against "flow source" before anything else,
 * the raw datagram is relayed to "forward to" targets, then decoded;
 * each flow is filtered, tagged, masked by "store" and appended to the
 * writer's buffer (written out in large batches by the caller) and
 * sent, one record per datagram, to the logsock.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "addr.h"
#include "daemon.h"
#include "filter.h"
#include "log.h"

void
nf_limits_from_conf(struct nf_limits *l, const struct flowd_config *c)
{
	nf_limits_default(l);
	if (c->max_exporters)
		l->max_exporters = c->max_exporters;
	if (c->max_templates)
		l->max_templates = c->max_templates;
	if (c->max_template_size)
		l->max_template_len = c->max_template_size;
	l->ipfix_template_lifetime = c->template_lifetime;
}

int
pipeline_init(struct pipeline *p, struct flowd_config *c)
{
	struct nf_limits	lim;

	memset(p, 0, sizeof(*p));
	p->logsock = -1;
	p->conf = c;
	nf_limits_from_conf(&lim, c);
	if ((p->nf = nf_collector_new(&lim)) == NULL)
		return (-1);
	if ((p->filter = filter_compile(&c->filters)) == NULL) {
		nf_collector_free(p->nf);
		p->nf = NULL;
		return (-1);
	}
	return (0);
}

/* New rules and limits; template state and counters survive. */
int
pipeline_reconfigure(struct pipeline *p, struct flowd_config *c)
{
	struct nf_limits	 lim;
	struct filter		*f;

	if ((f = filter_compile(&c->filters)) == NULL)
		return (-1);
	filter_free(p->filter);
	p->filter = f;
	nf_limits_from_conf(&lim, c);
	nf_collector_set_limits(p->nf, &lim);
	p->conf = c;
	if (p->writer != NULL)
		p->writer->mask = c->store_mask;
	return (0);
}

void
pipeline_free(struct pipeline *p)
{
	if (p->filter != NULL)
		filter_free(p->filter);
	if (p->nf != NULL)
		nf_collector_free(p->nf);
	p->filter = NULL;
	p->nf = NULL;
}

static void
logsock_send(struct pipeline *p, const struct flow *f)
{
	uint8_t	rec[STORE_MAX_RECORD];
	size_t	len;

	if (store_flow_serialise(f, p->conf->store_mask, rec, sizeof(rec),
	    &len) != STORE_OK)
		return;
	/*
	 * A slow or absent consumer never holds the collector up, but
	 * what it misses is counted, never dropped silently.
	 */
	if (send(p->logsock, rec, len, MSG_DONTWAIT) == -1) {
		if (errno == ENOBUFS || errno == EAGAIN)
			p->st.logsock_dropped++;
		else
			p->st.logsock_errors++;
		return;
	}
	p->st.logsock_sent++;
}

static void
flow_cb(const struct flow *in, void *arg)
{
	struct pipeline		*p = arg;
	struct filter_verdict	 v;
	struct flow		 tagged;
	const struct flow	*f = in;

	p->st.flows++;
	if (filter_eval(p->filter, in, &v) == FILTER_DISCARD) {
		p->st.discarded++;
		return;
	}
	/* Copy the record (about 270 bytes) only when a rule tags it. */
	if (v.tagged) {
		tagged = *in;
		tagged.tag = v.tag;
		tagged.fields |= FLOW_TAG;
		f = &tagged;
	}
	if (p->writer != NULL) {
		if (store_writer_put(p->writer, f) == STORE_OK)
			p->st.stored++;
		else
			p->st.store_errors++;
	}
	if (p->logsock != -1)
		logsock_send(p, f);
}

void
pipeline_datagram(struct pipeline *p, const uint8_t *buf, size_t len,
    const struct sockaddr *from, socklen_t fromlen, const struct timeval *tv)
{
	struct xaddr	src;
	size_t		i;

	p->st.datagrams++;
	p->st.octets += len;
	if (addr_from_sockaddr(from, fromlen, &src, NULL) == -1 ||
	    !conf_source_allowed(p->conf, &src)) {
		p->st.not_allowed++;
		return;
	}
	for (i = 0; i < p->nforward; i++) {
		if (send(p->forward[i], buf, len, MSG_DONTWAIT) == -1)
			p->st.forward_errors++;
		else
			p->st.forwarded++;
	}
	if (nf_decode(p->nf, buf, len, from, fromlen, tv, flow_cb, p) != NF_OK)
		p->st.rejected++;
}

static void
log_exporter(const struct nf_exporter_info *e, void *arg)
{
	char		 host[64];
	const char	*sep = "";
	char		 rej[512];
	size_t		 off = 0;
	int		 i, n;

	(void)arg;
	if (addr_ntop(&e->addr, host, sizeof(host)) == -1)
		(void)strlcpy(host, "?", sizeof(host));
	rej[0] = '\0';
	for (i = 1; i < NF_REASON_MAX; i++) {
		if (e->c.reject[i] == 0)
			continue;
		n = snprintf(rej + off, sizeof(rej) - off, "%s%s %llu", sep,
		    nf_reason_str((enum nf_reason)i),
		    (unsigned long long)e->c.reject[i]);
		if (n < 0 || (size_t)n >= sizeof(rej) - off)
			break;
		off += (size_t)n;
		sep = ", ";
	}
	log_info("exporter [%s]:%u version %u: packets %llu flows %llu "
	    "templates %u (evicted %llu) lost packets %llu records %llu; "
	    "rejected: %s", host, e->port, e->last_version,
	    (unsigned long long)e->c.packets, (unsigned long long)e->c.flows,
	    e->ntemplates, (unsigned long long)e->c.templates_evicted,
	    (unsigned long long)e->c.seq_lost_packets,
	    (unsigned long long)e->c.seq_lost_records,
	    rej[0] ? rej : "none");
}

/* Every counter: receive path, store, exporters, reject reasons, rules. */
void
pipeline_log_stats(struct pipeline *p, uint64_t kernel_drops)
{
	struct filter_rule	*r;
	struct nf_stats		 ns;
	int			 i;

	p->st.kernel_drops = kernel_drops;
	log_info("datagrams %llu (%llu bytes), not allowed %llu, rejected "
	    "%llu, kernel drops %llu; flows %llu, discarded %llu, stored "
	    "%llu, store errors %llu, records lost to write errors %llu; "
	    "logsock sent %llu dropped %llu errors %llu; forwarded %llu errors %llu",
	    (unsigned long long)p->st.datagrams,
	    (unsigned long long)p->st.octets,
	    (unsigned long long)p->st.not_allowed,
	    (unsigned long long)p->st.rejected,
	    (unsigned long long)p->st.kernel_drops,
	    (unsigned long long)p->st.flows,
	    (unsigned long long)p->st.discarded,
	    (unsigned long long)p->st.stored,
	    (unsigned long long)p->st.store_errors,
	    (unsigned long long)(p->writer ? p->writer->nlost : 0),
	    (unsigned long long)p->st.logsock_sent,
	    (unsigned long long)p->st.logsock_dropped,
	    (unsigned long long)p->st.logsock_errors,
	    (unsigned long long)p->st.forwarded,
	    (unsigned long long)p->st.forward_errors);
	nf_collector_stats(p->nf, &ns);
	log_info("exporters %u (added %llu, evicted %llu), pending bytes %u",
	    ns.exporters, (unsigned long long)ns.exporters_added,
	    (unsigned long long)ns.exporters_evicted, ns.pending_bytes);
	for (i = 1; i < NF_REASON_MAX; i++)
		if (ns.c.reject[i] != 0)
			log_info("reject %s: %llu",
			    nf_reason_str((enum nf_reason)i),
			    (unsigned long long)ns.c.reject[i]);
	nf_collector_walk(p->nf, log_exporter, NULL);

	/* Counters go back into the rules so they print with them. */
	filter_stats(p->filter, &p->conf->filters);
	i = 0;
	TAILQ_FOREACH(r, &p->conf->filters, entry) {
		log_info("rule %d (line %u): evaluations %llu matches %llu "
		    "wins %llu", ++i, r->lineno,
		    (unsigned long long)r->evaluations,
		    (unsigned long long)r->matches,
		    (unsigned long long)r->wins);
	}
}
