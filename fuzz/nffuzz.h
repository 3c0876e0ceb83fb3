/*
 * nffuzz.h: shared by the decoder fuzz targets: one datagram through a
 * fresh collector, with every flow and the counters checked for
 * consistency (a violation aborts like a crash).
 */
#ifndef FLOWD_NFFUZZ_H
#define FLOWD_NFFUZZ_H

#include <sys/types.h>

#include <stdint.h>

#include "nf_decode.h"

void	nffuzz_flow(const struct flow *, void *);
void	nffuzz_check(struct nf_collector *, enum nf_reason,
	    const struct nf_limits *);
enum nf_reason nffuzz_one(struct nf_collector *, const uint8_t *, size_t,
	    int, uint16_t, time_t);
int	nffuzz_datagram(const uint8_t *, size_t, int);

#endif /* FLOWD_NFFUZZ_H */
