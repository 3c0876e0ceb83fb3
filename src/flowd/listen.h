/*
 * listen: the collector's UDP sockets.  The privileged parent opens
 * them (so ports below 1024 work) and passes them to the collector.
 */
#ifndef FLOWD_LISTEN_H
#define FLOWD_LISTEN_H

#include <stddef.h>
#include <stdint.h>

#include "flow.h"

/* Receive buffer asked for when the config names none. */
#define LISTEN_DEFAULT_RCVBUF	(32 * 1024 * 1024)

/*
 * A non-blocking UDP socket bound to addr:port, IPv6 ones v6-only, with
 * the receive buffer at bufsize bytes (0: as large as the system
 * allows, up to LISTEN_DEFAULT_RCVBUF) and kernel drop reporting on
 * where the platform has it.  Returns the descriptor, or -1 with a
 * message in err.
 */
int	listen_open(const struct xaddr *, uint16_t, int, char *, size_t);
/* The receive buffer the socket really got, in bytes, or -1. */
int	listen_rcvbuf(int);
/* Join a multicast group on ifname ("" or NULL: the default interface). */
int	listen_join(int, const struct xaddr *, const char *, char *, size_t);

/* mcast4-<os>.c: join an IPv4 group on ifname (NULL: default). */
struct in_addr;
int	mcast4_join(int, const struct in_addr *, const char *);

/* rcvbuf-<os>.c: set a receive buffer, past the sysctl cap if allowed. */
int	rcvbuf_set(int, int);

#endif
