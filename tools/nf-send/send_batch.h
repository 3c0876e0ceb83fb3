/*
 * send_batch: queue datagrams for a connected UDP socket and send them
 * in batches (sendmmsg where the platform has it, send elsewhere).
 * The queued buffers must stay valid until the next flush.
 */
#ifndef SEND_BATCH_H
#define SEND_BATCH_H

#include <stddef.h>
#include <stdint.h>

#define SEND_BATCH_MAX	64

struct send_batch;

struct send_batch *send_batch_new(int);
void	 send_batch_add(struct send_batch *, const void *, size_t);
int	 send_batch_full(const struct send_batch *);
/* Sends what is queued; returns how many datagrams could not be sent. */
uint64_t send_batch_flush(struct send_batch *);
void	 send_batch_free(struct send_batch *);

#endif
