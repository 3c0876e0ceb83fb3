/*
 * getdtablecount(2) for platforms without it: count the open
 * descriptors.  Daemons use it to refuse new work before they run out.
 */
#include <sys/types.h>
#include <sys/resource.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "compat.h"

int
getdtablecount(void)
{
	DIR		*d;
	struct dirent	*de;
	struct rlimit	 rl;
	int		 n, fd;

	n = 0;
	if ((d = opendir("/proc/self/fd")) != NULL ||
	    (d = opendir("/dev/fd")) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				n++;
		(void)closedir(d);
		return (n - 1);		/* the walk's own descriptor */
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		rl.rlim_cur = 1024;
	for (fd = 0; fd < (int)rl.rlim_cur; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return (n);
}
