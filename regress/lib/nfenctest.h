/*
 * nfenctest.h: helpers for the encoder tests: fixed flows, clocks,
 * comparing a datagram with hex, writing datagrams into a pcap.
 */
#ifndef FLOWD_NFENCTEST_H
#define FLOWD_NFENCTEST_H

#include <sys/types.h>
#include <sys/time.h>

#include <stdint.h>
#include <stdio.h>

#include "flow.h"
#include "nf_encode.h"

/* Boot at 1700000000.000, now 10.5 s later: sysUptime 10500. */
#define NET_BOOT	1700000000
#define NET_NOW		1700000010

void	net_boot(struct timeval *);
void	net_now(struct timeval *, int);	/* NET_NOW + s, .5 s */
/* 10.0.0.1:1234 -> 192.0.2.2:80 TCP, times 1000..5000 ms uptime */
void	net_flow4(struct flow *);
/* 2001:db8::1:1234 -> 2001:db8::2:443 TCP */
void	net_flow6(struct flow *);
void	net_opts(struct nf_encoder_opts *, int);
/* Check buf[0..len) equals the hex string, reporting the first byte. */
void	net_check_hex(const uint8_t *, size_t, const char *);
uint16_t net_get16(const uint8_t *);
uint32_t net_get32(const uint8_t *);

FILE	*net_pcap_open(const char *);
void	 net_pcap_add(FILE *, const uint8_t *, size_t, uint16_t, int);

#endif /* FLOWD_NFENCTEST_H */
