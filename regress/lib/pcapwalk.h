/*
 * pcapwalk.h: hand every UDP payload of a capture to a function, with
 * its sender and capture time (test and bench helper, not libflowd).
 */
#ifndef FLOWD_PCAPWALK_H
#define FLOWD_PCAPWALK_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <stdint.h>

typedef void (*pcapwalk_cb)(const uint8_t *, size_t, const struct sockaddr *,
    socklen_t, const struct timeval *, void *);

/* Returns datagrams seen, or -1 (with errbuf set) if unreadable. */
long	pcapwalk(const char *, int, pcapwalk_cb, void *, char *, size_t);

#endif /* FLOWD_PCAPWALK_H */
