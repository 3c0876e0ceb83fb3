/*
 * listen: bound, non-blocking, v6-only, buffer sized as asked; bad
 * addresses, busy ports and unknown interfaces give a clear message.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "listen.h"

static void
xaddr_of(struct xaddr *a, int af, const char *s)
{
	memset(a, 0, sizeof(*a));
	a->af = af;
	ATF_REQUIRE(inet_pton(af, s, &a->xa) == 1);
}

static uint16_t
port_of(int fd)
{
	struct sockaddr_storage	ss;
	socklen_t		len = sizeof(ss);

	ATF_REQUIRE(getsockname(fd, (struct sockaddr *)&ss, &len) == 0);
	if (ss.ss_family == AF_INET)
		return (ntohs(((struct sockaddr_in *)&ss)->sin_port));
	return (ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
}

ATF_TC_WITHOUT_HEAD(ipv4_receives);
ATF_TC_BODY(ipv4_receives, tc)
{
	struct sockaddr_in	to;
	struct xaddr		a;
	char			err[256], buf[16];
	int			fd, c;

	xaddr_of(&a, AF_INET, "127.0.0.1");
	fd = listen_open(&a, 0, 0, err, sizeof(err));
	ATF_REQUIRE_MSG(fd != -1, "%s", err);
	ATF_CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	ATF_CHECK(recv(fd, buf, sizeof(buf), 0) == -1 && errno == EAGAIN);
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_addr = a.v4;
	to.sin_port = htons(port_of(fd));
	ATF_REQUIRE((c = socket(AF_INET, SOCK_DGRAM, 0)) != -1);
	ATF_REQUIRE(sendto(c, "hi", 2, 0, (struct sockaddr *)&to,
	    sizeof(to)) == 2);
	usleep(10000);
	ATF_CHECK(recv(fd, buf, sizeof(buf), 0) == 2);
	/* The default buffer is well above Linux's 208 KiB cap as root. */
	if (geteuid() == 0)
		ATF_CHECK_MSG(listen_rcvbuf(fd) >= 1024 * 1024,
		    "rcvbuf %d", listen_rcvbuf(fd));
	close(c);
	close(fd);
}

ATF_TC_WITHOUT_HEAD(ipv6_only);
ATF_TC_BODY(ipv6_only, tc)
{
	struct xaddr	a;
	socklen_t	len;
	char		err[256];
	int		fd, on = 0;

	xaddr_of(&a, AF_INET6, "::1");
	fd = listen_open(&a, 0, 0, err, sizeof(err));
	if (fd == -1 && strstr(err, "Address family") != NULL)
		atf_tc_skip("no IPv6 here: %s", err);
	ATF_REQUIRE_MSG(fd != -1, "%s", err);
	len = sizeof(on);
	ATF_REQUIRE(getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, &len) == 0);
	ATF_CHECK_EQ(on, 1);
	close(fd);
}

ATF_TC_WITHOUT_HEAD(bufsize);
ATF_TC_BODY(bufsize, tc)
{
	struct xaddr	a;
	char		err[256];
	int		fd;

	xaddr_of(&a, AF_INET, "127.0.0.1");
	fd = listen_open(&a, 0, 4 * 1024 * 1024, err, sizeof(err));
	ATF_REQUIRE_MSG(fd != -1, "%s", err);
	if (geteuid() == 0)
		ATF_CHECK_EQ(listen_rcvbuf(fd), 4 * 1024 * 1024);
	else
		ATF_CHECK(listen_rcvbuf(fd) > 0);
	close(fd);
}

ATF_TC_WITHOUT_HEAD(errors);
ATF_TC_BODY(errors, tc)
{
	struct xaddr	a, g;
	char		err[256];
	int		fd, fd2;

	xaddr_of(&a, AF_INET, "127.0.0.1");
	fd = listen_open(&a, 0, 0, err, sizeof(err));
	ATF_REQUIRE_MSG(fd != -1, "%s", err);
	fd2 = listen_open(&a, port_of(fd), 0, err, sizeof(err));
	ATF_CHECK_EQ(fd2, -1);
	ATF_CHECK_MSG(strstr(err, "bind [127.0.0.1]:") != NULL &&
	    strstr(err, "in use") != NULL, "%s", err);

	/* An address this host does not have. */
	xaddr_of(&g, AF_INET, "192.0.2.77");
	ATF_CHECK_EQ(listen_open(&g, 0, 0, err, sizeof(err)), -1);
	ATF_CHECK_MSG(strstr(err, "192.0.2.77") != NULL, "%s", err);

	memset(&g, 0, sizeof(g));
	ATF_CHECK_EQ(listen_open(&g, 0, 0, err, sizeof(err)), -1);
	ATF_CHECK(strstr(err, "family") != NULL);

	xaddr_of(&g, AF_INET, "239.1.2.3");
	ATF_CHECK_EQ(listen_join(fd, &g, "nosuchif0", err, sizeof(err)), -1);
	ATF_CHECK_MSG(strstr(err, "no interface nosuchif0") != NULL, "%s",
	    err);
	close(fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, ipv4_receives);
	ATF_TP_ADD_TC(tp, ipv6_only);
	ATF_TP_ADD_TC(tp, bufsize);
	ATF_TP_ADD_TC(tp, errors);
	return (atf_no_error());
}
