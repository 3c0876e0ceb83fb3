/*
 * confproc.c: parse the config in a throw-away unprivileged process.
 * The parser is the most complex code that reads a file, so it never
 * runs with root's rights: the parent opens each file the parser asks
 * for (read-only), and gets back only flat, size-checked records of
 * what it needs itself (listeners, groups, forwarders, paths).  The
 * collector gets the whole config as canonical text, which it parses
 * itself, unprivileged.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "daemon.h"
#include "log.h"
#include "privsep_msg.h"

static int	parser_sock = -1;

/* The parser's way to open a file: ask the parent. */
static FILE *
parser_open(const char *path)
{
	struct psmsg	m;
	FILE		*f = NULL;
	int		e;

	if (psmsg_init(&m) == -1)
		return (NULL);
	if (psmsg_send(parser_sock, M_OPEN_CONF, path, strlen(path) + 1,
	    -1) == -1 || psmsg_recv(parser_sock, &m) != 1 ||
	    m.type != M_CONF_FD || psmsg_get(&m, &e, sizeof(e)) == -1) {
		psmsg_free(&m);
		errno = EIO;
		return (NULL);
	}
	if (e != 0 || m.fd == -1) {
		psmsg_free(&m);
		errno = e ? e : EIO;
		return (NULL);
	}
	if ((f = fdopen(m.fd, "r")) != NULL)
		m.fd = -1;
	psmsg_free(&m);
	return (f);
}

static int
send_str(int s, uint32_t which, const char *str)
{
	uint8_t	buf[4 + 1024];
	size_t	l;

	if (str == NULL)
		return (0);
	l = strlen(str);
	if (l >= sizeof(buf) - 4) {
		log_warnx("config: path too long: %s", str);
		return (-1);
	}
	memcpy(buf, &which, 4);
	memcpy(buf + 4, str, l + 1);
	return (psmsg_send(s, M_CONF_STR, buf, 4 + l + 1, -1));
}

static char *
canonical_text(const struct flowd_config *c, size_t *len)
{
	char	*text = NULL;
	FILE	*f;

	if ((f = open_memstream(&text, len)) == NULL)
		return (NULL);
	print_config(f, c);
	if (fclose(f) != 0) {
		free(text);
		return (NULL);
	}
	return (text);
}

static __dead void
parser_child(const struct flowd_opts *o, int s)
{
	struct flowd_config	 c;
	struct listen_addr	*la;
	struct join_group	*jg;
	struct forward_target	*ft;
	struct m_listen		 ml;
	struct m_group		 mg;
	struct m_forward	 mf;
	struct m_scalars	 ms;
	const char		*user = FLOWD_USER;
	char			*text;
	size_t			 tlen;
	int			 r;

	setproctitle("config parser");
	log_procinit("config parser");
	if (geteuid() == 0 && !o->insecure) {
		/* No chroot: files come from the parent anyway. */
		if (getpwnam(user) == NULL)
			user = "nobody";
		if (setsid() == -1 || drop_privileges(user, NULL, 0) == -1)
			_exit(1);
	}
	parser_sock = s;
	conf_set_opener(parser_open);
	conf_init(&c);
	if (conf_parse_file(o->conffile, &c, CONF_DAEMON) == -1) {
		(void)psmsg_send(s, M_CONF_FAIL, NULL, 0, -1);
		_exit(1);
	}
	r = 0;
	TAILQ_FOREACH(la, &c.listen_addrs, entry) {
		memset(&ml, 0, sizeof(ml));
		ml.addr = la->addr;
		ml.port = la->port;
		ml.bufsize = la->bufsize;
		r |= psmsg_send(s, M_CONF_LISTEN, &ml, sizeof(ml), -1);
	}
	TAILQ_FOREACH(jg, &c.join_groups, entry) {
		memset(&mg, 0, sizeof(mg));
		mg.addr = jg->addr;
		(void)strlcpy(mg.ifname, jg->ifname, sizeof(mg.ifname));
		r |= psmsg_send(s, M_CONF_GROUP, &mg, sizeof(mg), -1);
	}
	TAILQ_FOREACH(ft, &c.forwards, entry) {
		memset(&mf, 0, sizeof(mf));
		mf.addr = ft->addr;
		mf.port = ft->port;
		r |= psmsg_send(s, M_CONF_FORWARD, &mf, sizeof(mf), -1);
	}
	r |= send_str(s, CS_LOGFILE, c.logfile);
	r |= send_str(s, CS_LOGSOCK, c.logsock);
	r |= send_str(s, CS_PIDFILE, c.pidfile);
	r |= send_str(s, CS_USER, c.user);
	r |= send_str(s, CS_CHROOT, c.chroot);
	memset(&ms, 0, sizeof(ms));
	ms.logsock_bufsize = c.logsock_bufsize;
	ms.facility = c.facility;
	r |= psmsg_send(s, M_CONF_SCALARS, &ms, sizeof(ms), -1);
	if ((text = canonical_text(&c, &tlen)) == NULL) {
		log_warnx("config: cannot print the canonical form");
		_exit(1);
	}
	r |= psmsg_send(s, M_CONF_TEXT, text, tlen, -1);
	r |= psmsg_send(s, M_CONF_END, NULL, 0, -1);
	_exit(r == 0 ? 0 : 1);
}

/* Store one flat record from the parser into the parent's config. */
static int
take_record(struct flowd_config *c, const struct psmsg *m, char **text,
    size_t *tlen)
{
	struct listen_addr	*la;
	struct join_group	*jg;
	struct forward_target	*ft;
	struct m_listen		 ml;
	struct m_group		 mg;
	struct m_forward	 mf;
	struct m_scalars	 ms;
	uint32_t		 which;
	char			**dst, *str;

	switch (m->type) {
	case M_CONF_LISTEN:
		if (psmsg_get(m, &ml, sizeof(ml)) == -1 ||
		    (la = calloc(1, sizeof(*la))) == NULL)
			return (-1);
		la->addr = ml.addr;
		la->port = ml.port;
		la->bufsize = ml.bufsize;
		TAILQ_INSERT_TAIL(&c->listen_addrs, la, entry);
		return (0);
	case M_CONF_GROUP:
		if (psmsg_get(m, &mg, sizeof(mg)) == -1 ||
		    (jg = calloc(1, sizeof(*jg))) == NULL)
			return (-1);
		jg->addr = mg.addr;
		mg.ifname[sizeof(mg.ifname) - 1] = '\0';
		(void)strlcpy(jg->ifname, mg.ifname, sizeof(jg->ifname));
		TAILQ_INSERT_TAIL(&c->join_groups, jg, entry);
		return (0);
	case M_CONF_FORWARD:
		if (psmsg_get(m, &mf, sizeof(mf)) == -1 ||
		    (ft = calloc(1, sizeof(*ft))) == NULL)
			return (-1);
		ft->addr = mf.addr;
		ft->port = mf.port;
		TAILQ_INSERT_TAIL(&c->forwards, ft, entry);
		return (0);
	case M_CONF_STR:
		if (m->len < 5 || m->buf[m->len - 1] != '\0' ||
		    memchr(m->buf + 4, '\0', m->len - 4) !=
		    m->buf + m->len - 1)
			return (-1);
		memcpy(&which, m->buf, 4);
		switch (which) {
		case CS_LOGFILE:	dst = &c->logfile; break;
		case CS_LOGSOCK:	dst = &c->logsock; break;
		case CS_PIDFILE:	dst = &c->pidfile; break;
		case CS_USER:		dst = &c->user; break;
		case CS_CHROOT:		dst = &c->chroot; break;
		default:		return (-1);
		}
		if ((str = strdup((char *)m->buf + 4)) == NULL)
			return (-1);
		free(*dst);
		*dst = str;
		return (0);
	case M_CONF_SCALARS:
		if (psmsg_get(m, &ms, sizeof(ms)) == -1)
			return (-1);
		c->logsock_bufsize = ms.logsock_bufsize;
		c->facility = ms.facility;
		return (0);
	case M_CONF_TEXT:
		if (*text != NULL || (*text = malloc(m->len + 1)) == NULL)
			return (-1);
		memcpy(*text, m->buf, m->len);
		(*text)[m->len] = '\0';
		*tlen = m->len;
		return (0);
	default:
		return (-1);
	}
}

/* The parent's side of one file request: open read-only, nothing else. */
static int
serve_open(int s, const struct psmsg *m)
{
	int	fd, e = 0;

	if (m->len == 0 || m->buf[m->len - 1] != '\0' ||
	    strlen((char *)m->buf) != m->len - 1) {
		e = EINVAL;
		fd = -1;
	} else if ((fd = open((char *)m->buf, O_RDONLY | O_NOCTTY)) == -1)
		e = errno;
	if (psmsg_send(s, M_CONF_FD, &e, sizeof(e), fd) == -1) {
		if (fd != -1)
			close(fd);
		return (-1);
	}
	if (fd != -1)
		close(fd);
	return (0);
}

int
conf_load_unprivileged(const struct flowd_opts *o, struct flowd_config *c,
    char **text, size_t *tlen)
{
	struct psmsg	m;
	pid_t		pid;
	int		sv[2], r, status, ok = 0;

	*text = NULL;
	*tlen = 0;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
		log_warn("socketpair");
		return (-1);
	}
	if ((pid = fork()) == -1) {
		log_warn("fork");
		close(sv[0]);
		close(sv[1]);
		return (-1);
	}
	if (pid == 0) {
		close(sv[0]);
		parser_child(o, sv[1]);
	}
	close(sv[1]);
	conf_init(c);
	if (psmsg_init(&m) == -1) {
		close(sv[0]);
		return (-1);
	}
	while ((r = psmsg_recv(sv[0], &m)) == 1) {
		if (m.type == M_OPEN_CONF) {
			if (serve_open(sv[0], &m) == -1)
				break;
			continue;
		}
		if (m.type == M_CONF_END) {
			ok = 1;
			break;
		}
		if (m.type == M_CONF_FAIL)
			break;
		if (take_record(c, &m, text, tlen) == -1) {
			log_warnx("config parser sent a malformed message "
			    "(type %u, %u bytes)", m.type, m.len);
			break;
		}
	}
	psmsg_free(&m);
	close(sv[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!ok || *text == NULL || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		conf_clear(c);
		free(*text);
		*text = NULL;
		return (-1);
	}
	return (0);
}

/* The collector's parse of the canonical text the parser printed. */
int
conf_load_text(const char *text, size_t len, struct flowd_config *c)
{
	conf_init(c);
	return (conf_parse_buffer(text, len, "canonical config", c, 0));
}
