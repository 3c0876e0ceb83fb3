/*
 * addr.h: helpers for struct xaddr (flow.h), the address of either
 * family that flows, the config and the filter share.
 *
 * Text forms accepted by the parsers: dotted IPv4 ("192.0.2.1"), IPv6
 * in any inet_pton(3) form, optionally inside [brackets] and with a
 * "%scope" suffix (interface name or number), and for prefixes a
 * "/len" suffix.  In a prefix an IPv4 address may be abbreviated to
 * its leading octets ("10/8", "172.16/12"), the missing ones being 0.
 */
#ifndef FLOWD_ADDR_H
#define FLOWD_ADDR_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stdint.h>

#include "flow.h"

/* Longest text addr_ntop() and addr_prefix_ntop() produce, with NUL. */
#define ADDR_STRLEN	64

int	addr_pton(const char *, struct xaddr *);
int	addr_pton_prefix(const char *, struct xaddr *, u_int *);
int	addr_pton_port(const char *, struct xaddr *, uint16_t *);
int	addr_ntop(const struct xaddr *, char *, size_t);
int	addr_prefix_ntop(const struct xaddr *, u_int, int, char *, size_t);
int	addr_port_ntop(const struct xaddr *, uint16_t, char *, size_t);

u_int	addr_maxlen(int);
int	addr_cmp(const struct xaddr *, const struct xaddr *);
int	addr_netmask(int, u_int, struct xaddr *);
int	addr_and(struct xaddr *, const struct xaddr *, const struct xaddr *);
int	addr_host_is_zero(const struct xaddr *, u_int);
int	addr_in_prefix(const struct xaddr *, const struct xaddr *, u_int);
int	addr_is_unspec(const struct xaddr *);
int	addr_is_v4(const struct xaddr *);
int	addr_is_v6(const struct xaddr *);
int	addr_is_multicast(const struct xaddr *);

int	addr_from_sockaddr(const struct sockaddr *, socklen_t, struct xaddr *,
	    uint16_t *);
socklen_t addr_to_sockaddr(const struct xaddr *, uint16_t,
	    struct sockaddr_storage *);

#endif /* FLOWD_ADDR_H */
