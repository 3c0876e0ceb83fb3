/* log.c: stderr output, verbosity, errno preservation, fatal prefix. */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "log.h"

static void
capture_stderr(const char *path)
{
	ATF_REQUIRE(freopen(path, "w", stderr) != NULL);
}

ATF_TC_WITHOUT_HEAD(stderr_and_verbose);
ATF_TC_BODY(stderr_and_verbose, tc)
{
	log_init(1, LOG_DAEMON);
	capture_stderr("err.txt");
	log_setverbose(0);
	log_debug("hidden %d", 1);
	log_warnx("shown %d", 2);
	log_setverbose(1);
	log_debug("debug %s", "now");
	errno = ENOENT;
	log_warn("open %s", "x");
	ATF_CHECK_EQ(errno, ENOENT);
	fflush(stderr);
	ATF_CHECK(atf_utils_grep_file("^shown 2$", "err.txt"));
	ATF_CHECK(!atf_utils_grep_file("hidden", "err.txt"));
	ATF_CHECK(atf_utils_grep_file("^debug now$", "err.txt"));
	ATF_CHECK(atf_utils_grep_file("^open x: No such file", "err.txt"));
}

ATF_TC_WITHOUT_HEAD(fatal_names_process);
ATF_TC_BODY(fatal_names_process, tc)
{
	pid_t	pid;
	int	status;

	ATF_REQUIRE((pid = fork()) != -1);
	if (pid == 0) {
		capture_stderr("fatal.txt");
		log_init(1, LOG_DAEMON);
		log_procinit("net");
		fatalx("bad thing %d", 7);
	}
	ATF_REQUIRE(waitpid(pid, &status, 0) == pid);
	ATF_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	ATF_CHECK(atf_utils_grep_file("^fatal in net: bad thing 7$",
	    "fatal.txt"));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, stderr_and_verbose);
	ATF_TP_ADD_TC(tp, fatal_names_process);
	return (atf_no_error());
}
