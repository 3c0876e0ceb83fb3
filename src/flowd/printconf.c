/*
 * printconf.c: the config in canonical form for "flowd -nv".  What it
 * prints parses back to the same config, and printing that again gives
 * the same text (the regress suite checks both).  Tunables are printed
 * only when they differ from their defaults.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "sys-queue.h"
#include "addr.h"
#include "filter.h"
#include "flowd.h"

/* A quoted string the lexer reads back unchanged. */
static void
print_quoted(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void
print_addr_port(FILE *fp, const struct xaddr *a, uint16_t port)
{
	char	 buf[ADDR_STRLEN + 8];

	if (addr_port_ntop(a, port, buf, sizeof(buf)) == -1)
		strlcpy(buf, "?", sizeof(buf));
	fprintf(fp, "%s", buf);
}

static void
print_globals(FILE *fp, const struct flowd_config *c)
{
	const struct listen_addr	*la;
	const struct flow_source	*fs;
	const struct join_group		*jg;
	const struct forward_target	*ft;
	char				 buf[ADDR_STRLEN];

	TAILQ_FOREACH(la, &c->listen_addrs, entry) {
		fprintf(fp, "listen on ");
		print_addr_port(fp, &la->addr, la->port);
		if (la->bufsize != 0)
			fprintf(fp, " bufsize %d", la->bufsize);
		fputc('\n', fp);
	}
	TAILQ_FOREACH(fs, &c->sources, entry) {
		if (fs->any)
			strlcpy(buf, "any", sizeof(buf));
		else if (addr_prefix_ntop(&fs->addr, fs->len, 1, buf,
		    sizeof(buf)) == -1)
			strlcpy(buf, "?", sizeof(buf));
		fprintf(fp, "flow source %s\n", buf);
	}
	TAILQ_FOREACH(jg, &c->join_groups, entry) {
		if (addr_ntop(&jg->addr, buf, sizeof(buf)) == -1)
			strlcpy(buf, "?", sizeof(buf));
		fprintf(fp, "join group %s", buf);
		if (jg->ifname[0] != '\0')
			fprintf(fp, " on %s", jg->ifname);
		fputc('\n', fp);
	}
	if (c->logfile != NULL) {
		fprintf(fp, "logfile ");
		print_quoted(fp, c->logfile);
		if (c->log_direct)
			fprintf(fp, " direct");
		fputc('\n', fp);
	}
	if (c->logsock != NULL) {
		fprintf(fp, "logsock ");
		print_quoted(fp, c->logsock);
		if (c->logsock_bufsize != 0)
			fprintf(fp, " bufsize %d", c->logsock_bufsize);
		fputc('\n', fp);
	}
	if (c->pidfile != NULL) {
		fprintf(fp, "pidfile ");
		print_quoted(fp, c->pidfile);
		fputc('\n', fp);
	}
	TAILQ_FOREACH(ft, &c->forwards, entry) {
		fprintf(fp, "forward to ");
		print_addr_port(fp, &ft->addr, ft->port);
		fputc('\n', fp);
	}
	print_store(fp, c->store_mask);
}

static void
print_tunables(FILE *fp, const struct flowd_config *c)
{
	if (c->max_exporters != FLOWD_DEF_EXPORTERS)
		fprintf(fp, "limit exporters %u\n", c->max_exporters);
	if (c->max_templates != FLOWD_DEF_TEMPLATES)
		fprintf(fp, "limit templates %u\n", c->max_templates);
	if (c->max_template_size != FLOWD_DEF_TEMPLATE_SIZE)
		fprintf(fp, "limit template size %u\n", c->max_template_size);
	if (c->template_lifetime != FLOWD_DEF_TEMPLATE_LIFE)
		fprintf(fp, "template lifetime %u\n", c->template_lifetime);
	if (c->recv_batch != FLOWD_DEF_RECV_BATCH)
		fprintf(fp, "receive batch %u\n", c->recv_batch);
	if (c->user != NULL) {
		fprintf(fp, "user ");
		print_quoted(fp, c->user);
		fputc('\n', fp);
	}
	if (c->chroot != NULL) {
		fprintf(fp, "chroot ");
		print_quoted(fp, c->chroot);
		fputc('\n', fp);
	}
	if (c->facility != FLOWD_DEF_FACILITY)
		fprintf(fp, "syslog facility %s\n",
		    conf_facility_name(c->facility));
}

void
print_config(FILE *fp, const struct flowd_config *c)
{
	const struct filter_rule	*r;

	print_globals(fp, c);
	print_tunables(fp, c);
	if (!TAILQ_EMPTY(&c->filters))
		fputc('\n', fp);
	TAILQ_FOREACH(r, &c->filters, entry) {
		filter_rule_print(fp, r);
		fputc('\n', fp);
	}
}
