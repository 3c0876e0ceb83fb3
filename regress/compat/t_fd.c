/* closefrom(2) and getdtablecount(2) against what fcntl(2) sees. */
#include <sys/types.h>

#include <fcntl.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"

static int
count_open(void)
{
	int	fd, n = 0;

	for (fd = 0; fd < 4096; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return (n);
}

ATF_TC_WITHOUT_HEAD(closefrom_closes);
ATF_TC_BODY(closefrom_closes, tc)
{
	int	fds[8], i, low;

	for (i = 0; i < 8; i++)
		ATF_REQUIRE((fds[i] = open("/dev/null", O_RDONLY)) != -1);
	ATF_REQUIRE(dup2(fds[0], 1000) == 1000);
	low = fds[4];
	closefrom(low);
	for (i = 0; i < 8; i++) {
		if (fds[i] < low)
			ATF_CHECK_MSG(fcntl(fds[i], F_GETFD) != -1,
			    "fd %d below %d was closed", fds[i], low);
		else
			ATF_CHECK_MSG(fcntl(fds[i], F_GETFD) == -1,
			    "fd %d left open", fds[i]);
	}
	ATF_CHECK(fcntl(1000, F_GETFD) == -1);
	ATF_CHECK(fcntl(0, F_GETFD) != -1 || fcntl(2, F_GETFD) != -1);
}

ATF_TC_WITHOUT_HEAD(getdtablecount_counts);
ATF_TC_BODY(getdtablecount_counts, tc)
{
	int	before, fd;

	before = getdtablecount();
	ATF_CHECK_EQ(before, count_open());
	ATF_REQUIRE((fd = open("/dev/null", O_RDONLY)) != -1);
	ATF_CHECK_EQ(getdtablecount(), before + 1);
	close(fd);
	ATF_CHECK_EQ(getdtablecount(), before);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, closefrom_closes);
	ATF_TP_ADD_TC(tp, getdtablecount_counts);
	return (atf_no_error());
}
