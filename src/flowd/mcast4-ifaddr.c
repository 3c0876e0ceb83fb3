/*
 * Systems whose IPv4 join names the interface by one of its addresses
 * (OpenBSD, Solaris): look the address up with getifaddrs(3).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>

#include <errno.h>
#include <ifaddrs.h>
#include <string.h>

#include "compat.h"
#include "listen.h"

int
mcast4_join(int fd, const struct in_addr *group, const char *ifname)
{
	struct ip_mreq	 mr;
	struct ifaddrs	*ifa, *i;
	int		 found = 0;

	memset(&mr, 0, sizeof(mr));
	mr.imr_multiaddr = *group;
	mr.imr_interface.s_addr = htonl(INADDR_ANY);
	if (ifname != NULL) {
		if (getifaddrs(&ifa) == -1)
			return (-1);
		for (i = ifa; i != NULL; i = i->ifa_next) {
			if (i->ifa_addr == NULL ||
			    i->ifa_addr->sa_family != AF_INET ||
			    strcmp(i->ifa_name, ifname) != 0)
				continue;
			mr.imr_interface =
			    ((struct sockaddr_in *)i->ifa_addr)->sin_addr;
			found = 1;
			break;
		}
		freeifaddrs(ifa);
		if (!found) {
			errno = EADDRNOTAVAIL;
			return (-1);
		}
	}
	return (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
	    sizeof(mr)));
}
