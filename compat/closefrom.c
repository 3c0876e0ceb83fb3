/*
 * closefrom(2) for platforms without it: close every descriptor from
 * lowfd up.  /dev/fd (or /proc/self/fd) is walked when it exists, so a
 * huge descriptor limit does not cost millions of close calls.
 */
#include <sys/types.h>
#include <sys/resource.h>

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "compat.h"

static int
closefrom_dir(const char *path, int lowfd)
{
	DIR		*d;
	struct dirent	*de;
	const char	*errstr;
	long long	 fd;
	int		 fds[256], n, i;

	if ((d = opendir(path)) == NULL)
		return (-1);
	/* Collect first, then close, so the walk's own descriptor survives. */
	for (;;) {
		n = 0;
		rewinddir(d);
		while (n < (int)(sizeof(fds) / sizeof(fds[0])) &&
		    (de = readdir(d)) != NULL) {
			fd = strtonum(de->d_name, lowfd, INT_MAX, &errstr);
			if (errstr != NULL || fd == dirfd(d))
				continue;
			fds[n++] = (int)fd;
		}
		if (n == 0)
			break;
		for (i = 0; i < n; i++)
			(void)close(fds[i]);
	}
	(void)closedir(d);
	return (0);
}

void
closefrom(int lowfd)
{
	struct rlimit	rl;
	long		fd, max;

	if (lowfd < 0)
		lowfd = 0;
	if (closefrom_dir("/proc/self/fd", lowfd) == 0 ||
	    closefrom_dir("/dev/fd", lowfd) == 0)
		return;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		max = (long)rl.rlim_cur;
	else
		max = sysconf(_SC_OPEN_MAX);
	if (max <= 0 || max > INT_MAX)
		max = 1024;
	for (fd = lowfd; fd < max; fd++)
		(void)close((int)fd);
}
