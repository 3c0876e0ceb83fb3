/*
 * flowd.h: the collector's configuration as parse.y builds it and
 * printconf.c prints it, and the parser's entry points.  flowd-reader
 * uses the same entry points to load filter rules from a flowd.conf.
 */
#ifndef FLOWD_FLOWD_H
#define FLOWD_FLOWD_H

#include <sys/types.h>
#include <net/if.h>

#include <stdint.h>
#include <stdio.h>
#include <syslog.h>

#include "filter.h"
#include "flow.h"
#include "sys-queue.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR		"/etc"
#endif
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR		"/var"
#endif
#define FLOWD_CONF		SYSCONFDIR "/flowd.conf"
#define FLOWD_PIDFILE		LOCALSTATEDIR "/run/flowd.pid"
#define FLOWD_USER		"_flowd"
#define FLOWD_CHROOT		"/var/empty"

/* Defaults of the tunables, and their ranges. */
#define FLOWD_DEF_EXPORTERS	128	/* exporters with template state */
#define FLOWD_MAX_EXPORTERS	65536
#define FLOWD_DEF_TEMPLATES	256	/* templates per exporter */
#define FLOWD_MAX_TEMPLATES	65536
#define FLOWD_DEF_TEMPLATE_SIZE	1024	/* bytes of one template record */
#define FLOWD_MIN_TEMPLATE_SIZE	8
#define FLOWD_MAX_TEMPLATE_SIZE	65535
#define FLOWD_DEF_TEMPLATE_LIFE	1800	/* seconds; 0: never expire */
#define FLOWD_MAX_TEMPLATE_LIFE	(7 * 86400)
#define FLOWD_DEF_RECV_BATCH	64	/* datagrams per wake-up */
#define FLOWD_MAX_RECV_BATCH	1024
#define FLOWD_MAX_BUFSIZE	(256 * 1024 * 1024)
#define FLOWD_DEF_FACILITY	LOG_DAEMON
/* With no "store" line flowd stores what flowd 0.9.1's "store ALL" does. */
#define FLOWD_DEF_STORE		FLOW_ALL_V30

struct listen_addr {
	TAILQ_ENTRY(listen_addr) entry;
	struct xaddr		 addr;
	uint16_t		 port;
	int			 bufsize;	/* 0: automatic */
};

struct flow_source {
	TAILQ_ENTRY(flow_source) entry;
	struct xaddr		 addr;
	u_int			 len;
	int			 any;
};

struct join_group {
	TAILQ_ENTRY(join_group)	 entry;
	struct xaddr		 addr;
	char			 ifname[IF_NAMESIZE];	/* "": any */
};

struct forward_target {
	TAILQ_ENTRY(forward_target) entry;
	struct xaddr		 addr;
	uint16_t		 port;
};

TAILQ_HEAD(listen_addrs, listen_addr);
TAILQ_HEAD(flow_sources, flow_source);
TAILQ_HEAD(join_groups, join_group);
TAILQ_HEAD(forward_targets, forward_target);

struct flowd_config {
	struct listen_addrs	 listen_addrs;
	struct flow_sources	 sources;
	struct join_groups	 join_groups;
	struct forward_targets	 forwards;
	struct filter_list	 filters;

	char			*logfile;
	int			 log_direct;	/* "logfile ... direct" */
	char			*logsock;
	int			 logsock_bufsize;	/* 0: system's */
	char			*pidfile;		/* NULL: default */

	uint32_t		 store_mask;
	int			 store_set;	/* a "store" line was seen */

	u_int			 max_exporters;
	u_int			 max_templates;
	u_int			 max_template_size;
	u_int			 template_lifetime;
	u_int			 recv_batch;
	char			*user;		/* NULL: FLOWD_USER */
	char			*chroot;	/* NULL: FLOWD_CHROOT */
	int			 facility;
};

/* conf_parse_* flags */
#define CONF_NOINCLUDE	0x01	/* "include" is an error (fuzzing) */
#define CONF_DAEMON	0x02	/* require a listener and a log target */
#define CONF_QUIET	0x04	/* no messages (fuzzing) */

/* parse.y */
int	 conf_parse_file(const char *, struct flowd_config *, int);
int	 conf_parse_buffer(const char *, size_t, const char *,
	    struct flowd_config *, int);
int	 conf_symset(const char *, const char *, int);
void	 conf_set_opener(FILE *(*)(const char *));
int	 conf_cmdline_symset(const char *);
void	 conf_symclear(void);

/* conf.c */
void	 conf_init(struct flowd_config *);
void	 conf_clear(struct flowd_config *);
int	 conf_check(const struct flowd_config *, char *, size_t);
int	 conf_source_allowed(const struct flowd_config *,
	    const struct xaddr *);
uint32_t conf_store_lookup(const char *);
int	 conf_facility_lookup(const char *);
const char *conf_facility_name(int);

/* printconf.c */
void	 print_config(FILE *, const struct flowd_config *);
void	 print_store(FILE *, uint32_t);

#endif /* FLOWD_FLOWD_H */
