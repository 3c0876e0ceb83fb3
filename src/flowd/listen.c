/*
 * listen.c: open, bind and tune the listeners, and join multicast
 * groups per interface (flowd 0.9.1 joined IPv4 groups on the default
 * interface only).  How an IPv4 join names its interface differs
 * between systems: mcast4-<os>.c.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "addr.h"
#include "listen.h"
#include "recv_batch.h"

int
listen_rcvbuf(int fd)
{
	socklen_t	len;
	int		v;

	len = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len) == -1)
		return (-1);
	return (v);
}

int
listen_open(const struct xaddr *a, uint16_t port, int bufsize, char *err,
    size_t errlen)
{
	struct sockaddr_storage	ss;
	socklen_t		slen;
	char			host[INET6_ADDRSTRLEN];
	int			fd, on = 1, sz, fl;

	if ((slen = addr_to_sockaddr(a, port, &ss)) == 0) {
		snprintf(err, errlen, "listen: unknown address family %d",
		    a->af);
		return (-1);
	}
	if (addr_ntop(a, host, sizeof(host)) == -1)
		(void)strlcpy(host, "?", sizeof(host));
	if ((fd = socket(a->af, SOCK_DGRAM, 0)) == -1) {
		snprintf(err, errlen, "socket for [%s]:%u: %s", host, port,
		    strerror(errno));
		return (-1);
	}
	/* [::] and 0.0.0.0 are separate listeners, as in flowd 0.9.1. */
	if (a->af == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
	    &on, sizeof(on)) == -1) {
		snprintf(err, errlen, "IPV6_V6ONLY on [%s]:%u: %s", host,
		    port, strerror(errno));
		goto fail;
	}
	if (bind(fd, (struct sockaddr *)&ss, slen) == -1) {
		snprintf(err, errlen, "bind [%s]:%u: %s", host, port,
		    strerror(errno));
		goto fail;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		snprintf(err, errlen, "non-blocking [%s]:%u: %s", host, port,
		    strerror(errno));
		goto fail;
	}
	if (bufsize > 0) {
		if (rcvbuf_set(fd, bufsize) == -1) {
			snprintf(err, errlen, "receive buffer %d on [%s]:%u: "
			    "%s", bufsize, host, port, strerror(errno));
			goto fail;
		}
	} else {
		/* As large as allowed: halve until the system accepts. */
		for (sz = LISTEN_DEFAULT_RCVBUF; sz >= 65536; sz /= 2)
			if (rcvbuf_set(fd, sz) == 0)
				break;
	}
	/* Drop reporting is best effort: not every platform has it. */
	(void)rxq_ovfl_enable(fd);
	return (fd);
fail:
	close(fd);
	return (-1);
}

int
listen_join(int fd, const struct xaddr *g, const char *ifname, char *err,
    size_t errlen)
{
	struct ipv6_mreq	mr6;
	unsigned int		ifindex = 0;
	char			host[INET6_ADDRSTRLEN];

	if (addr_ntop(g, host, sizeof(host)) == -1)
		(void)strlcpy(host, "?", sizeof(host));
	if (ifname != NULL && *ifname != '\0' &&
	    (ifindex = if_nametoindex(ifname)) == 0) {
		snprintf(err, errlen, "join %s: no interface %s", host,
		    ifname);
		return (-1);
	}
	switch (g->af) {
	case AF_INET:
		if (mcast4_join(fd, &g->v4, ifindex ? ifname : NULL) == -1)
			goto fail;
		return (0);
	case AF_INET6:
		memset(&mr6, 0, sizeof(mr6));
		mr6.ipv6mr_multiaddr = g->v6;
		mr6.ipv6mr_interface = ifindex ? ifindex : g->scope_id;
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr6,
		    sizeof(mr6)) == -1)
			goto fail;
		return (0);
	default:
		snprintf(err, errlen, "join: unknown address family %d",
		    g->af);
		return (-1);
	}
fail:
	snprintf(err, errlen, "join %s%s%s: %s", host, ifindex ? " on " : "",
	    ifindex ? ifname : "", strerror(errno));
	return (-1);
}
