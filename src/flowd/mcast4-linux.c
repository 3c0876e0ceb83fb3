/* Linux (and FreeBSD) name the interface of an IPv4 join by index. */
#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>

#include <string.h>

#include "compat.h"
#include "listen.h"

int
mcast4_join(int fd, const struct in_addr *group, const char *ifname)
{
	struct ip_mreqn	mr;

	memset(&mr, 0, sizeof(mr));
	mr.imr_multiaddr = *group;
	if (ifname != NULL)
		mr.imr_ifindex = (int)if_nametoindex(ifname);
	return (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
	    sizeof(mr)));
}
