/*
 * conf.c: struct flowd_config life cycle, the checks a daemon config
 * must pass, and the name tables shared by the parser and printconf.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "compat.h"
#include "sys-queue.h"
#include "addr.h"
#include "flowd.h"

/* The 26 flowd 0.9.1 names first, then this tree's store minor 1 groups. */
static const struct {
	const char	*name;
	uint32_t	 mask;
} store_names[] = {
	{ "ALL",		FLOW_ALL_V30 },
	{ "TAG",		FLOW_TAG },
	{ "RECV_TIME",		FLOW_RECV_TIME },
	{ "PROTO_FLAGS_TOS",	FLOW_PROTO_FLAGS_TOS },
	{ "AGENT_ADDR",		FLOW_AGENT_ADDR },
	{ "AGENT_ADDR4",	FLOW_AGENT_ADDR4 },
	{ "AGENT_ADDR6",	FLOW_AGENT_ADDR6 },
	{ "SRCDST_ADDR",	FLOW_SRCDST_ADDR },
	{ "SRC_ADDR",		FLOW_SRC_ADDR },
	{ "SRC_ADDR4",		FLOW_SRC_ADDR4 },
	{ "SRC_ADDR6",		FLOW_SRC_ADDR6 },
	{ "DST_ADDR",		FLOW_DST_ADDR },
	{ "DST_ADDR4",		FLOW_DST_ADDR4 },
	{ "DST_ADDR6",		FLOW_DST_ADDR6 },
	{ "GATEWAY_ADDR",	FLOW_GATEWAY_ADDR },
	{ "GATEWAY_ADDR4",	FLOW_GATEWAY_ADDR4 },
	{ "GATEWAY_ADDR6",	FLOW_GATEWAY_ADDR6 },
	{ "SRCDST_PORT",	FLOW_SRCDST_PORT },
	{ "PACKETS",		FLOW_PACKETS },
	{ "OCTETS",		FLOW_OCTETS },
	{ "IF_INDICES",		FLOW_IF_INDICES },
	{ "AGENT_INFO",		FLOW_AGENT_INFO },
	{ "FLOW_TIMES",		FLOW_FLOW_TIMES },
	{ "AS_INFO",		FLOW_AS_INFO },
	{ "FLOW_ENGINE_INFO",	FLOW_FLOW_ENGINE_INFO },
	{ "CRC32",		FLOW_CRC32 },
	{ "ABS_TIMES",		FLOW_ABS_TIMES },
	{ "MAC_ADDRS",		FLOW_MAC_ADDRS },
	{ "VLANS",		FLOW_VLANS },
	{ "FLOW_INFO",		FLOW_FLOW_INFO },
	{ "SAMPLING",		FLOW_SAMPLING },
	{ "EXPORTER_PORT",	FLOW_EXPORTER_PORT },
	{ "REVERSE_COUNTERS",	FLOW_REVERSE_COUNTERS },
	{ "NAT",		FLOW_NAT },
};

static const struct {
	const char	*name;
	int		 facility;
} facilities[] = {
	{ "auth",	LOG_AUTH },
	{ "authpriv",	LOG_AUTHPRIV },
	{ "daemon",	LOG_DAEMON },
	{ "local0",	LOG_LOCAL0 },
	{ "local1",	LOG_LOCAL1 },
	{ "local2",	LOG_LOCAL2 },
	{ "local3",	LOG_LOCAL3 },
	{ "local4",	LOG_LOCAL4 },
	{ "local5",	LOG_LOCAL5 },
	{ "local6",	LOG_LOCAL6 },
	{ "local7",	LOG_LOCAL7 },
	{ "user",	LOG_USER },
};

uint32_t
conf_store_lookup(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(store_names) / sizeof(store_names[0]); i++)
		if (strcasecmp(store_names[i].name, name) == 0)
			return (store_names[i].mask);
	return (0);
}

/*
 * Canonical "store" lines: ALL if every 0.9.1 field is there, then
 * the biggest named groups that fit, in table order.
 */
void
print_store(FILE *fp, uint32_t mask)
{
	size_t	 i;

	for (i = 0; i < sizeof(store_names) / sizeof(store_names[0]); i++) {
		if ((mask & store_names[i].mask) != store_names[i].mask)
			continue;
		fprintf(fp, "store %s\n", store_names[i].name);
		mask &= ~store_names[i].mask;
	}
}

int
conf_facility_lookup(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++)
		if (strcasecmp(facilities[i].name, name) == 0)
			return (facilities[i].facility);
	return (-1);
}

const char *
conf_facility_name(int f)
{
	size_t	 i;

	for (i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++)
		if (facilities[i].facility == f)
			return (facilities[i].name);
	return ("daemon");
}

void
conf_init(struct flowd_config *c)
{
	memset(c, 0, sizeof(*c));
	TAILQ_INIT(&c->listen_addrs);
	TAILQ_INIT(&c->sources);
	TAILQ_INIT(&c->join_groups);
	TAILQ_INIT(&c->forwards);
	TAILQ_INIT(&c->filters);
	c->store_mask = FLOWD_DEF_STORE;
	c->max_exporters = FLOWD_DEF_EXPORTERS;
	c->max_templates = FLOWD_DEF_TEMPLATES;
	c->max_template_size = FLOWD_DEF_TEMPLATE_SIZE;
	c->template_lifetime = FLOWD_DEF_TEMPLATE_LIFE;
	c->recv_batch = FLOWD_DEF_RECV_BATCH;
	c->facility = FLOWD_DEF_FACILITY;
}

void
conf_clear(struct flowd_config *c)
{
	struct listen_addr	*la;
	struct flow_source	*fs;
	struct join_group	*jg;
	struct forward_target	*ft;

	while ((la = TAILQ_FIRST(&c->listen_addrs)) != NULL) {
		TAILQ_REMOVE(&c->listen_addrs, la, entry);
		free(la);
	}
	while ((fs = TAILQ_FIRST(&c->sources)) != NULL) {
		TAILQ_REMOVE(&c->sources, fs, entry);
		free(fs);
	}
	while ((jg = TAILQ_FIRST(&c->join_groups)) != NULL) {
		TAILQ_REMOVE(&c->join_groups, jg, entry);
		free(jg);
	}
	while ((ft = TAILQ_FIRST(&c->forwards)) != NULL) {
		TAILQ_REMOVE(&c->forwards, ft, entry);
		free(ft);
	}
	filter_list_free(&c->filters);
	free(c->logfile);
	free(c->logsock);
	free(c->pidfile);
	free(c->user);
	free(c->chroot);
	conf_init(c);
}

/* What a daemon config needs beyond parsing; -1 with a reason. */
int
conf_check(const struct flowd_config *c, char *why, size_t len)
{
	if (TAILQ_EMPTY(&c->listen_addrs)) {
		strlcpy(why, "no \"listen on\" address configured", len);
		return (-1);
	}
	if (c->logfile == NULL && c->logsock == NULL) {
		strlcpy(why, "neither \"logfile\" nor \"logsock\" configured",
		    len);
		return (-1);
	}
	return (0);
}

/* The "flow source" allow-list: no entries allow everyone. */
int
conf_source_allowed(const struct flowd_config *c, const struct xaddr *a)
{
	const struct flow_source	*fs;

	if (TAILQ_EMPTY(&c->sources))
		return (1);
	TAILQ_FOREACH(fs, &c->sources, entry) {
		if (fs->any || addr_in_prefix(a, &fs->addr, fs->len))
			return (1);
	}
	return (0);
}
