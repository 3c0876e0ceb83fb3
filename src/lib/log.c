/*
 * log.c: the daemons' logging.  In debug (foreground) mode messages go
 * to stderr, otherwise to syslog with the facility from the config.
 * Fatal messages name the process that died, since privsep daemons run
 * several.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "compat.h"
#include "log.h"

static int		 log_to_stderr = 1;
static int		 log_verbose;
static const char	*log_procname;

void
log_init(int to_stderr, int facility)
{
	log_to_stderr = to_stderr;
	if (!to_stderr)
		openlog(__progname, LOG_PID | LOG_NDELAY, facility);
	tzset();
}

void
log_procinit(const char *procname)
{
	if (procname != NULL)
		log_procname = procname;
}

void
log_setverbose(int v)
{
	log_verbose = v;
}

int
log_getverbose(void)
{
	return (log_verbose);
}

void
vlog(int pri, const char *fmt, va_list ap)
{
	char	buf[1024];
	int	saved_errno = errno;

	if (log_to_stderr) {
		(void)vsnprintf(buf, sizeof(buf), fmt, ap);
		(void)fprintf(stderr, "%s\n", buf);
		(void)fflush(stderr);
	} else
		vsyslog(pri, fmt, ap);
	errno = saved_errno;
}

void
logit(int pri, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(pri, fmt, ap);
	va_end(ap);
}

static void
vlog_errno(int pri, const char *prefix, const char *fmt, va_list ap)
{
	char	buf[1024];
	int	saved_errno = errno;

	if (fmt == NULL)
		logit(pri, "%s%s", prefix, strerror(saved_errno));
	else {
		(void)vsnprintf(buf, sizeof(buf), fmt, ap);
		logit(pri, "%s%s: %s", prefix, buf, strerror(saved_errno));
	}
	errno = saved_errno;
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog_errno(LOG_ERR, "", fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

static __dead void
vfatal(int with_errno, const char *fmt, va_list ap)
{
	char	prefix[64];

	if (log_procname != NULL)
		(void)snprintf(prefix, sizeof(prefix), "fatal in %s: ",
		    log_procname);
	else
		(void)strlcpy(prefix, "fatal: ", sizeof(prefix));
	if (with_errno)
		vlog_errno(LOG_CRIT, prefix, fmt, ap);
	else {
		char	buf[1024];

		(void)vsnprintf(buf, sizeof(buf), fmt, ap);
		logit(LOG_CRIT, "%s%s", prefix, buf);
	}
	exit(1);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vfatal(1, fmt, ap);
	va_end(ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vfatal(0, fmt, ap);
	va_end(ap);
}
