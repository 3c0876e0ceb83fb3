/*
 * privdrop.c: become the unprivileged user, optionally inside a chroot.
 * The chroot directory must belong to root and be writable by nobody
 * else, or a compromised collector could plant files there.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "daemon.h"
#include "log.h"

int
drop_privileges(const char *user, const char *dir, int do_chroot)
{
	struct passwd	*pw;
	struct stat	 sb;
	uid_t		 uid;
	gid_t		 gid;

	if ((pw = getpwnam(user)) == NULL) {
		log_warnx("unknown user %s (create it, or set \"user\" in "
		    "the config)", user);
		return (-1);
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (do_chroot) {
		if (stat(dir, &sb) == -1) {
			log_warn("privsep directory %s", dir);
			return (-1);
		}
		if (sb.st_uid != 0 || (sb.st_mode & (S_IWGRP | S_IWOTH))) {
			log_warnx("privsep directory %s must belong to root "
			    "and be writable by root only", dir);
			return (-1);
		}
		if (chroot(dir) == -1 || chdir("/") == -1) {
			log_warn("chroot %s", dir);
			return (-1);
		}
	}
	if (setgroups(1, &gid) == -1 ||
	    setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1) {
		log_warn("cannot drop privileges to %s", user);
		return (-1);
	}
	/* Make sure there is no way back. */
	if (uid != 0 && (setuid(0) != -1 || seteuid(0) != -1)) {
		log_warnx("privileges could be regained");
		errno = EPERM;
		return (-1);
	}
	return (0);
}
