/*
 * sandbox: inside the collector's sandbox the allowed work still
 * works, opening files fails, and anything else ends the process.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "sandbox.h"

/* Runs fn in a sandboxed child; returns its wait status. */
static int
in_sandbox(int (*fn)(int), int fd)
{
	pid_t	pid;
	int	status;

	ATF_REQUIRE((pid = fork()) != -1);
	if (pid == 0) {
		if (sandbox_collector() == -1)
			_exit(100);
		_exit(fn(fd));
	}
	ATF_REQUIRE(waitpid(pid, &status, 0) == pid);
	return (status);
}

static int
allowed_work(int fd)
{
	char	*p;

	if (write(fd, "ok", 2) != 2)
		return (1);
	if ((p = malloc(1 << 20)) == NULL)
		return (2);
	memset(p, 1, 1 << 20);
	free(p);
	if (getpid() <= 0)
		return (3);
	return (0);
}

static int
open_file(int fd)
{
	(void)fd;
	if (open("/etc/passwd", O_RDONLY) != -1)
		return (1);
	return (errno == EACCES ? 0 : 2);
}

static int
forbidden_call(int fd)
{
	(void)fd;
	/* chdir is on no allow-list. */
	(void)chdir("/");
	return (0);
}

ATF_TC_WITHOUT_HEAD(allowed);
ATF_TC_BODY(allowed, tc)
{
	int	p[2], st;
	char	buf[2];

	ATF_REQUIRE(pipe(p) == 0);
	st = in_sandbox(allowed_work, p[1]);
	ATF_CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "status %#x", st);
	ATF_CHECK(read(p[0], buf, 2) == 2 && memcmp(buf, "ok", 2) == 0);
}

ATF_TC_WITHOUT_HEAD(open_refused);
ATF_TC_BODY(open_refused, tc)
{
	int	st;

	if (strcmp(sandbox_name(), "none") == 0)
		atf_tc_skip("no sandbox on this platform");
	st = in_sandbox(open_file, -1);
	if (strcmp(sandbox_name(), "pledge") == 0)
		ATF_CHECK(WIFSIGNALED(st));
	else
		ATF_CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "status %#x", st);
}

ATF_TC_WITHOUT_HEAD(forbidden_kills);
ATF_TC_BODY(forbidden_kills, tc)
{
	int	st;

	if (strcmp(sandbox_name(), "none") == 0)
		atf_tc_skip("no sandbox on this platform");
	st = in_sandbox(forbidden_call, -1);
	ATF_CHECK_MSG(WIFSIGNALED(st), "status %#x: not killed", st);
	if (WIFSIGNALED(st) && strcmp(sandbox_name(), "seccomp") == 0)
		ATF_CHECK_EQ(WTERMSIG(st), SIGSYS);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, allowed);
	ATF_TP_ADD_TC(tp, open_refused);
	ATF_TP_ADD_TC(tp, forbidden_kills);
	return (atf_no_error());
}
