/*
 * ctl.c: the control socket softflowctl talks to.  One command line per
 * connection, one reply, then close; the wording of every reply is
 * softflowd 1.1's.  A client gets a second to send its line, so a
 * stalled one cannot hold up capture for long.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "sf_main.h"

#define CTL_LINE	64

int
sf_ctl_open(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un	sun;
	int			fd, probe;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, path, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path)) {
		snprintf(err, errlen, "control socket path too long: %s",
		    path);
		return (-1);
	}
	/* A live daemon answers: refuse; a stale socket file goes. */
	if ((probe = socket(AF_UNIX, SOCK_STREAM, 0)) != -1) {
		if (connect(probe, (struct sockaddr *)&sun,
		    sizeof(sun)) == 0) {
			close(probe);
			snprintf(err, errlen, "control socket %s is in use",
			    path);
			return (-1);
		}
		close(probe);
	}
	(void)unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 64) == -1) {
		snprintf(err, errlen, "control socket %s: %s", path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return (-1);
	}
	return (fd);
}

static void
prefix(FILE *fp)
{
	fprintf(fp, "softflowd[%ld]: ", (long)getpid());
}

/* Run one command, reply into fp.  Returns 0, or -1 if unknown. */
int
sf_ctl_command(struct sf_ctx *cx, const char *cmd, FILE *fp)
{
	u_int	n;

	if (strcmp(cmd, "help") == 0) {
		fprintf(fp, "Valid control words are:\n"
		    "\tdebug+ debug- delete-all dump-flows exit expire-all\n"
		    "\tshutdown start-gather statistics stop-gather timeouts\n"
		    "\tsend-template\n");
		return (0);
	}
	if (strcmp(cmd, "shutdown") == 0) {
		prefix(fp);
		fprintf(fp, "Shutting down gracefully...\n");
		cx->run = SF_SHUTDOWN;
	} else if (strcmp(cmd, "exit") == 0) {
		prefix(fp);
		fprintf(fp, "Exiting now...\n");
		cx->run = SF_EXIT;
	} else if (strcmp(cmd, "expire-all") == 0) {
		sf_export_templates(cx->exp);
		n = sf_track_flush(cx->track, cx->now_us);
		sf_export_flush(cx->exp, cx->now_us);
		prefix(fp);
		fprintf(fp, "Expired %u flows.\n", n);
	} else if (strcmp(cmd, "delete-all") == 0) {
		n = sf_track_delete_all(cx->track);
		prefix(fp);
		fprintf(fp, "Deleted %u flows.\n", n);
	} else if (strcmp(cmd, "statistics") == 0) {
		prefix(fp);
		sf_print_since(cx, fp);
		sf_print_statistics(cx, fp);
	} else if (strcmp(cmd, "dump-flows") == 0) {
		prefix(fp);
		sf_print_flows(cx, fp);
	} else if (strcmp(cmd, "timeouts") == 0) {
		prefix(fp);
		sf_print_timeouts(cx, fp);
	} else if (strcmp(cmd, "debug+") == 0) {
		cx->verbose = 1;
		log_setverbose(1);
		prefix(fp);
		fprintf(fp, "Debug level increased.\n");
	} else if (strcmp(cmd, "debug-") == 0) {
		cx->verbose = 0;
		log_setverbose(0);
		prefix(fp);
		fprintf(fp, "Debug level decreased.\n");
	} else if (strcmp(cmd, "stop-gather") == 0) {
		cx->gather = 0;
		prefix(fp);
		fprintf(fp, "Data collection stopped.\n");
	} else if (strcmp(cmd, "start-gather") == 0) {
		cx->gather = 1;
		prefix(fp);
		fprintf(fp, "Data collection resumed.\n");
	} else if (strcmp(cmd, "send-template") == 0) {
		sf_export_templates(cx->exp);
		prefix(fp);
		fprintf(fp, "Template will be sent at next flow export\n");
	} else {
		fprintf(fp, "Unknown control command \"%s\"\n", cmd);
		return (-1);
	}
	return (0);
}

static void
write_all(int fd, const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

void
sf_ctl_accept(struct sf_ctx *cx)
{
	struct timeval	 tv = { 1, 0 };
	char		 line[CTL_LINE], *reply = NULL;
	size_t		 have = 0, rlen = 0;
	ssize_t		 n;
	FILE		*fp;
	int		 fd;

	if ((fd = accept(cx->ctl_fd, NULL, NULL)) == -1)
		return;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (have < sizeof(line) - 1) {
		n = read(fd, line + have, sizeof(line) - 1 - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		if (memchr(line, '\n', have) != NULL)
			break;
	}
	line[have] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if ((fp = open_memstream(&reply, &rlen)) != NULL) {
		(void)sf_ctl_command(cx, line, fp);
		if (fclose(fp) == 0 && reply != NULL)
			write_all(fd, reply, rlen);
		free(reply);
	}
	close(fd);
}
