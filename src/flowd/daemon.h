/*
 * daemon.h: flowd's processes and what passes between them.
 *
 *   parent (root)	opens listeners, forwarders, the log and the
 *			logsock, writes the pidfile; answers only for the
 *			objects named in its own config
 *   config parser	forked for every parse, unprivileged; sends the
 *			parent flat records and the collector the config
 *			in canonical text
 *   collector		chrooted, unprivileged, sandboxed: receives,
 *			decodes, filters and stores
 */
#ifndef FLOWD_DAEMON_H
#define FLOWD_DAEMON_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <stdint.h>

#include "flowd.h"
#include "nf_decode.h"
#include "store.h"

/* Messages on the privsep socketpairs (privsep_msg.h framing). */
enum flowd_msg {
	/* config parser -> parent */
	M_CONF_LISTEN = 1,	/* struct m_listen */
	M_CONF_GROUP,		/* struct m_group */
	M_CONF_FORWARD,		/* struct m_forward */
	M_CONF_STR,		/* uint32_t which + NUL-terminated string */
	M_CONF_SCALARS,		/* struct m_scalars */
	M_CONF_TEXT,		/* canonical config text, one message */
	M_CONF_END,		/* nothing: all sent */
	M_CONF_FAIL,		/* nothing: the config has errors */
	M_OPEN_CONF,		/* path: open a config file to read */
	/* parent -> config parser */
	M_CONF_FD,		/* int errno (0 with a descriptor) */
	/* collector -> parent */
	M_OPEN_LOG,		/* nothing */
	M_OPEN_LOGSOCK,		/* nothing */
	/* parent -> collector */
	M_LOG_FD,		/* int errno (0 with a descriptor) */
	M_LOGSOCK_FD,		/* int errno (0 with a descriptor) */
	M_RECONF_BEGIN,		/* nothing */
	M_RECONF_LISTENER,	/* nothing, with a descriptor */
	M_RECONF_FORWARD,	/* nothing, with a descriptor */
	M_RECONF_TEXT,		/* canonical config text */
	M_RECONF_END		/* nothing */
};

enum m_conf_str {
	CS_LOGFILE = 1,
	CS_LOGSOCK,
	CS_PIDFILE,
	CS_USER,
	CS_CHROOT
};

struct m_listen {
	struct xaddr	addr;
	uint16_t	port;
	int32_t		bufsize;
};

struct m_group {
	struct xaddr	addr;
	char		ifname[IF_NAMESIZE];
};

struct m_forward {
	struct xaddr	addr;
	uint16_t	port;
};

struct m_scalars {
	int32_t		logsock_bufsize;
	int32_t		facility;
};

/* The name configs read from flowd_default_conf go by in messages. */
#define FLOWD_BUILTIN_CONF	"(built-in config)"
extern const char flowd_default_conf[];

/* Options from the command line that every process needs. */
struct flowd_opts {
	const char	*conffile;	/* FLOWD_BUILTIN_CONF: the default */
	int		 foreground;	/* -d or -g */
	int		 to_stderr;	/* -d */
	int		 insecure;	/* -X insecure: no chroot, no setuid */
	int		 verbose;
};

/* Counters of the receive path, shown on SIGUSR2 and at exit. */
struct pipeline_stats {
	uint64_t	datagrams;
	uint64_t	octets;
	uint64_t	not_allowed;	/* sender not in "flow source" */
	uint64_t	truncated;	/* larger than 64 KiB: never happens */
	uint64_t	rejected;	/* nf_decode found a problem */
	uint64_t	flows;
	uint64_t	discarded;	/* by the filter */
	uint64_t	stored;
	uint64_t	store_errors;	/* records refused by the store */
	uint64_t	logsock_sent;
	uint64_t	logsock_errors;
	uint64_t	logsock_dropped;	/* consumer lagging: queue full */
	uint64_t	forwarded;
	uint64_t	forward_errors;
	uint64_t	kernel_drops;
};

/* decode -> filter -> store, shared by the collector and flowd -r. */
struct pipeline {
	struct flowd_config	*conf;
	struct nf_collector	*nf;
	struct filter		*filter;
	struct store_writer	*writer;	/* NULL: no log open */
	int			 logsock;	/* -1: none */
	int			*forward;	/* connected UDP sockets */
	size_t			 nforward;
	struct pipeline_stats	 st;
};

/* pipeline.c */
int	 pipeline_init(struct pipeline *, struct flowd_config *);
int	 pipeline_reconfigure(struct pipeline *, struct flowd_config *);
void	 pipeline_free(struct pipeline *);
void	 pipeline_datagram(struct pipeline *, const uint8_t *, size_t,
	    const struct sockaddr *, socklen_t, const struct timeval *);
void	 pipeline_log_stats(struct pipeline *, uint64_t);
void	 nf_limits_from_conf(struct nf_limits *, const struct flowd_config *);

/* confproc.c */
int	 conf_parse_opts(const struct flowd_opts *, struct flowd_config *,
	    int);
int	 conf_load_unprivileged(const struct flowd_opts *,
	    struct flowd_config *, char **, size_t *);
int	 conf_load_text(const char *, size_t, struct flowd_config *);

/* privdrop.c */
int	 drop_privileges(const char *, const char *, int);

/* parent.c */
__dead void parent_main(struct flowd_opts *);

/* collector.c */
__dead void collector_main(const struct flowd_opts *, int, char *, size_t,
	    int *, size_t, int *, size_t);

/* offline.c */
int	 offline_main(const struct flowd_opts *, const char *);

#endif
