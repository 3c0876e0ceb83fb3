/*
 * privdrop.c: after the capture, the sockets and the control socket are
 * open, shut the process into an empty directory and become an
 * unprivileged user, in the foreground as in the background.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "sf_main.h"

int
sf_privdrop(const char *user, const char *dir, char *err, size_t errlen)
{
	struct passwd	*pw;
	uid_t		 uid;
	gid_t		 gid;

	if (geteuid() != 0)
		return (0);	/* nothing to give up */
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(err, errlen, "no user \"%s\" to run as", user);
		return (-1);
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "mkdir %s: %s", dir, strerror(errno));
		return (-1);
	}
	if (chroot(dir) == -1 || chdir("/") == -1) {
		snprintf(err, errlen, "chroot %s: %s", dir, strerror(errno));
		return (-1);
	}
	if (setgroups(1, &gid) == -1 ||
#if HAVE_SETRESUID
	    setresgid(gid, gid, gid) == -1 || setresuid(uid, uid, uid) == -1
#else
	    setgid(gid) == -1 || setuid(uid) == -1
#endif
	    ) {
		snprintf(err, errlen, "cannot become %s: %s", user,
		    strerror(errno));
		return (-1);
	}
	/* Make sure there is no way back. */
	if (uid != 0 && setuid(0) != -1) {
		snprintf(err, errlen, "could regain root after dropping it");
		return (-1);
	}
	return (0);
}
