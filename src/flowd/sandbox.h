/*
 * sandbox: what the collector may still do once it has dropped its
 * privileges.  pledge(2) on OpenBSD, a seccomp-bpf allow-list on Linux,
 * nothing more than chroot and an unprivileged user elsewhere.
 */
#ifndef FLOWD_SANDBOX_H
#define FLOWD_SANDBOX_H

/* Enter the sandbox; 0 on success, -1 (errno set) if it could not. */
int		 sandbox_collector(void);
/* The kind of sandbox this build has, for logs and tests. */
const char	*sandbox_name(void);

#endif
