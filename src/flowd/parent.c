/*
 * parent.c: the privileged parent.  It opens what needs root (listeners
 * on any port, the log file, the logsock, the pidfile), starts the
 * collector and then only answers it: "open the log", "open the
 * logsock", always for the paths of its own config, never for a path
 * the collector names.  It reloads on SIGHUP, keeping the sockets of
 * listeners that did not change so no datagram queued on them is lost,
 * and relays SIGUSR1/SIGUSR2 to the collector.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "compat.h"
#include "addr.h"
#include "daemon.h"
#include "listen.h"
#include "log.h"
#include "privsep_msg.h"
#include "sigpipe.h"

struct listener {
	struct xaddr	addr;
	uint16_t	port;
	int		bufsize;
	int		fd;
};

struct parent {
	struct flowd_opts	*o;
	struct flowd_config	 conf;
	struct listener		*ls;
	size_t			 nls;
	int			*ffd;
	size_t			 nffd;
	int			 csock;
	pid_t			 child;
	char			*pidfile;
	struct psmsg		 msg;
};


static int
same_listener(const struct listener *l, const struct listen_addr *la)
{
	return (addr_cmp(&l->addr, &la->addr) == 0 && l->port == la->port &&
	    l->bufsize == la->bufsize);
}

/*
 * The listeners of conf, reusing the sockets in old where nothing
 * changed.  Returns the new set, or NULL if a new one could not be
 * opened (then old is untouched).
 */
static struct listener *
open_listeners(const struct flowd_config *conf, struct listener *old,
    size_t nold, size_t *nnew)
{
	struct listen_addr	*la;
	struct join_group	*jg;
	struct listener		*ls = NULL, *nl;
	char			 err[256];
	size_t			 n = 0, i, j;

	TAILQ_FOREACH(la, &conf->listen_addrs, entry) {
		if ((nl = reallocarray(ls, n + 1, sizeof(*ls))) == NULL)
			goto fail;
		ls = nl;
		memset(&ls[n], 0, sizeof(ls[n]));
		ls[n].addr = la->addr;
		ls[n].port = la->port;
		ls[n].bufsize = la->bufsize;
		ls[n].fd = -1;
		for (i = 0; i < nold; i++)
			if (old[i].fd != -1 && same_listener(&old[i], la)) {
				ls[n].fd = old[i].fd;
				old[i].fd = -1;	/* taken over */
				break;
			}
		if (ls[n].fd == -1 && (ls[n].fd = listen_open(&la->addr,
		    la->port, la->bufsize, err, sizeof(err))) == -1) {
			log_warnx("%s", err);
			n++;
			goto fail;
		}
		n++;
	}
	/* Joins are idempotent; a failure is logged, not fatal. */
	TAILQ_FOREACH(jg, &conf->join_groups, entry) {
		for (j = 0; j < n; j++) {
			if (ls[j].addr.af != jg->addr.af)
				continue;
			if (listen_join(ls[j].fd, &jg->addr, jg->ifname, err,
			    sizeof(err)) == -1 && errno != EADDRINUSE)
				log_warnx("%s", err);
		}
	}
	*nnew = n;
	return (ls);
fail:
	/* Give back what was taken over; close what was new. */
	for (j = 0; j < n; j++) {
		if (ls[j].fd == -1)
			continue;
		for (i = 0; i < nold; i++)
			if (old[i].fd == -1 && addr_cmp(&old[i].addr,
			    &ls[j].addr) == 0 && old[i].port == ls[j].port &&
			    old[i].bufsize == ls[j].bufsize) {
				old[i].fd = ls[j].fd;
				ls[j].fd = -1;
				break;
			}
		if (ls[j].fd != -1)
			close(ls[j].fd);
	}
	free(ls);
	return (NULL);
}

static int *
open_forwarders(const struct flowd_config *conf, size_t *n)
{
	struct forward_target	*ft;
	struct sockaddr_storage	 ss;
	socklen_t		 sl;
	int			*v = NULL, *nv, fd;
	char			 host[128];

	*n = 0;
	TAILQ_FOREACH(ft, &conf->forwards, entry) {
		sl = addr_to_sockaddr(&ft->addr, ft->port, &ss);
		if (addr_port_ntop(&ft->addr, ft->port, host,
		    sizeof(host)) == -1)
			(void)strlcpy(host, "?", sizeof(host));
		if ((fd = socket(ft->addr.af, SOCK_DGRAM, 0)) == -1 ||
		    connect(fd, (struct sockaddr *)&ss, sl) == -1) {
			log_warn("forward to %s", host);
			if (fd != -1)
				close(fd);
			continue;
		}
		if ((nv = reallocarray(v, *n + 1, sizeof(*v))) == NULL)
			fatal(NULL);
		v = nv;
		v[(*n)++] = fd;
	}
	return (v);
}

static void
write_pidfile(struct parent *p)
{
	const char	*path = p->conf.pidfile ? p->conf.pidfile :
			    FLOWD_PIDFILE;
	FILE		*f;

	if (p->pidfile != NULL && strcmp(p->pidfile, path) == 0)
		return;
	if (p->pidfile != NULL)
		(void)unlink(p->pidfile);
	free(p->pidfile);
	if ((p->pidfile = strdup(path)) == NULL)
		fatal(NULL);
	if ((f = fopen(path, "w")) == NULL) {
		log_warn("pidfile %s", path);
		free(p->pidfile);
		p->pidfile = NULL;
		return;
	}
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0)
		log_warn("pidfile %s", path);
}

static void
answer(struct parent *p, uint32_t type, int e, int fd)
{
	if (psmsg_send(p->csock, type, &e, sizeof(e), fd) == -1)
		log_warn("answer to collector");
	if (fd != -1)
		close(fd);
}

/* Only ever the configured log, appended to, never readable by others. */
static void
serve_open_log(struct parent *p)
{
	int	fd;

	if (p->conf.logfile == NULL) {
		answer(p, M_LOG_FD, ENOENT, -1);
		return;
	}
	fd = open(p->conf.logfile, O_RDWR | O_APPEND | O_CREAT | O_NOCTTY |
	    O_NOFOLLOW, 0600);
	if (fd == -1)
		log_warn("log %s", p->conf.logfile);
	answer(p, M_LOG_FD, fd == -1 ? errno : 0, fd);
}

static void
serve_open_logsock(struct parent *p)
{
	struct sockaddr_un	sun;
	int			fd, e = 0, sz;

	if (p->conf.logsock == NULL) {
		answer(p, M_LOGSOCK_FD, ENOENT, -1);
		return;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, p->conf.logsock, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path)) {
		answer(p, M_LOGSOCK_FD, ENAMETOOLONG, -1);
		return;
	}
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		e = errno;
		if (fd != -1)
			close(fd);
		answer(p, M_LOGSOCK_FD, e, -1);
		return;
	}
	if ((sz = p->conf.logsock_bufsize) > 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	answer(p, M_LOGSOCK_FD, 0, fd);
}

static void
reload(struct parent *p)
{
	struct flowd_config	 nc;
	struct listener		*nls;
	char			*text;
	size_t			 tlen, nnls, nnffd, i;
	int			*nffd, r = 0;

	log_info("reloading %s", p->o->conffile);
	if (conf_load_unprivileged(p->o, &nc, &text, &tlen) == -1) {
		log_warnx("reload: %s has errors, keeping the running config",
		    p->o->conffile);
		return;
	}
	if ((nls = open_listeners(&nc, p->ls, p->nls, &nnls)) == NULL) {
		log_warnx("reload: listeners failed, keeping the running "
		    "config");
		conf_clear(&nc);
		free(text);
		return;
	}
	nffd = open_forwarders(&nc, &nnffd);
	r |= psmsg_send(p->csock, M_RECONF_BEGIN, NULL, 0, -1);
	for (i = 0; i < nnls; i++)
		r |= psmsg_send(p->csock, M_RECONF_LISTENER, NULL, 0,
		    nls[i].fd);
	for (i = 0; i < nnffd; i++)
		r |= psmsg_send(p->csock, M_RECONF_FORWARD, NULL, 0, nffd[i]);
	r |= psmsg_send(p->csock, M_RECONF_TEXT, text, tlen, -1);
	r |= psmsg_send(p->csock, M_RECONF_END, NULL, 0, -1);
	if (r != 0)
		log_warn("reload: sending to the collector");
	free(text);
	/* Listeners not taken over are gone from the config. */
	for (i = 0; i < p->nls; i++)
		if (p->ls[i].fd != -1)
			close(p->ls[i].fd);
	free(p->ls);
	p->ls = nls;
	p->nls = nnls;
	for (i = 0; i < nnffd; i++)
		close(nffd[i]);
	free(nffd);
	conf_clear(&p->conf);
	p->conf = nc;
	write_pidfile(p);
}

static void
shutdown_parent(struct parent *p, int sig, int status)
{
	int	st;

	if (p->child > 0) {
		(void)kill(p->child, sig);
		while (waitpid(p->child, &st, 0) == -1 && errno == EINTR)
			;
	}
	if (p->pidfile != NULL)
		(void)unlink(p->pidfile);
	exit(status);
}

static int
setup_signals(void)
{
	static const int caught[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1,
	    SIGUSR2, SIGCHLD,
#ifdef SIGINFO
	    SIGINFO,
#endif
	    0 };
	static const int ignored[] = { SIGPIPE, 0 };

	return (sigpipe_open(caught, ignored));
}

__dead void
parent_main(struct flowd_opts *o)
{
	struct parent	 p;
	struct pollfd	 pfd[2];
	unsigned char	 sig;
	char		*text;
	size_t		 tlen, i;
	int		 sv[2], sigr, st, *lfd;
	pid_t		 w;

	memset(&p, 0, sizeof(p));
	p.o = o;
	if (geteuid() != 0 && !o->insecure)
		fatalx("need root privileges (or -X insecure for a test "
		    "without privilege separation)");
	if (conf_load_unprivileged(o, &p.conf, &text, &tlen) == -1)
		fatalx("%s: the config has errors", o->conffile);
	if ((p.ls = open_listeners(&p.conf, NULL, 0, &p.nls)) == NULL)
		fatalx("cannot open the listeners");
	p.ffd = open_forwarders(&p.conf, &p.nffd);

	log_init(o->to_stderr, p.conf.facility);
	if (!o->foreground && daemon(0, 0) == -1)
		fatal("daemon");
	write_pidfile(&p);
	if ((sigr = setup_signals()) == -1)
		fatal("signals");
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		fatal("socketpair");
	if ((p.child = fork()) == -1)
		fatal("fork");
	if (p.child == 0) {
		close(sv[0]);
		sigpipe_close(sigr);
		if ((lfd = calloc(p.nls + 1, sizeof(*lfd))) == NULL)
			fatal(NULL);
		for (i = 0; i < p.nls; i++)
			lfd[i] = p.ls[i].fd;
		collector_main(o, sv[1], text, tlen, lfd, p.nls, p.ffd,
		    p.nffd);
	}
	close(sv[1]);
	free(text);
	for (i = 0; i < p.nffd; i++)
		close(p.ffd[i]);
	free(p.ffd);
	p.csock = sv[0];
	setproctitle("parent");
	log_procinit("parent");
	if (psmsg_init(&p.msg) == -1)
		fatal(NULL);

	for (;;) {
		pfd[0].fd = sigr;
		pfd[0].events = POLLIN;
		pfd[1].fd = p.csock;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		if (pfd[1].revents & (POLLIN | POLLHUP)) {
			if (psmsg_recv(p.csock, &p.msg) != 1) {
				log_warnx("collector went away");
				shutdown_parent(&p, SIGTERM, 1);
			}
			switch (p.msg.type) {
			case M_OPEN_LOG:
				serve_open_log(&p);
				break;
			case M_OPEN_LOGSOCK:
				serve_open_logsock(&p);
				break;
			default:
				log_warnx("collector sent unknown request %u",
				    p.msg.type);
				shutdown_parent(&p, SIGTERM, 1);
			}
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		while (read(sigr, &sig, 1) == 1) {
			switch (sig) {
			case SIGTERM:
			case SIGINT:
				log_info("exiting on signal %d", sig);
				shutdown_parent(&p, sig, 0);
				break;
			case SIGHUP:
				reload(&p);
				break;
			case SIGCHLD:
				w = waitpid(p.child, &st, WNOHANG);
				if (w == p.child) {
					log_warnx("collector exited (status "
					    "%d)", st);
					p.child = -1;
					shutdown_parent(&p, SIGTERM, 1);
				}
				break;
			default:
				/* USR1, USR2, INFO: the collector's job. */
				(void)kill(p.child, sig);
				break;
			}
		}
	}
}
