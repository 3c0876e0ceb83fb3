/*
 * nftest.h: helpers for the decoder tests: datagrams written as hex,
 * a collector of decoded flows, fixed sender addresses.
 */
#ifndef FLOWD_NFTEST_H
#define FLOWD_NFTEST_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <stdint.h>

#include "flow.h"
#include "nf_decode.h"

#define NFT_MAXFLOWS	256

struct nft {
	struct nf_collector	*col;
	struct flow		 f[NFT_MAXFLOWS];
	int			 n;
	struct timeval		 now;
};

size_t	nft_hex(const char *, uint8_t *, size_t);
void	nft_init(struct nft *, const struct nf_limits *);
void	nft_done(struct nft *);
/* Decode hex from 192.0.2.<host>:port; flows append to t->f. */
enum nf_reason nft_dec(struct nft *, const char *, int, uint16_t);
enum nf_reason nft_decb(struct nft *, const uint8_t *, size_t, int,
	    uint16_t);
/* Counters of exporter 192.0.2.<host>:port (zeroes if unknown). */
void	nft_exporter(struct nft *, int, uint16_t, struct nf_exporter_info *);
int	nft_is4(const struct xaddr *, const char *);
int	nft_is6(const struct xaddr *, const char *);

#endif /* FLOWD_NFTEST_H */
