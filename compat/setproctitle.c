/*
 * setproctitle(3) for platforms without it.  On Linux the argv area is
 * rewritten in place (bounded by the original argv strings, never the
 * environment), so ps(1) shows "flowd: collector"; elsewhere it is a
 * no-op.  The arguments are moved to the heap first, so getopt's
 * optarg and every other pointer into argv stay valid.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

static char	*title_base;
static size_t	 title_room;

void
compat_init_setproctitle(int argc, char **argv)
{
	char	*end;
	int	 i;

	if (argc <= 0 || argv == NULL || argv[0] == NULL)
		return;
	end = argv[0] + strlen(argv[0]);
	/* Only take over argument strings that are contiguous. */
	for (i = 1; i < argc && argv[i] != NULL; i++) {
		if (argv[i] != end + 1)
			break;
		end = argv[i] + strlen(argv[i]);
	}
	title_base = argv[0];
	title_room = end - argv[0];
	for (i = 0; i < argc && argv[i] != NULL; i++)
		if ((argv[i] = strdup(argv[i])) == NULL) {
			title_base = NULL;	/* argv is half moved: leave it */
			return;
		}
}

void
setproctitle(const char *fmt, ...)
{
	char	buf[256];
	va_list	ap;
	int	n;

	if (title_base == NULL || title_room < 2)
		return;
	n = snprintf(buf, sizeof(buf), "%s: ", __progname);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return;
	if (fmt != NULL) {
		va_start(ap, fmt);
		(void)vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
		va_end(ap);
	}
	memset(title_base, 0, title_room + 1);
	(void)strlcpy(title_base, buf, title_room + 1);
}
