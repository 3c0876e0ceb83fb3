/*
 * store_direct.h: the store writer's batches written with O_DIRECT
 * (store_direct.c); private to store_io.c.
 */
#ifndef FLOWD_STORE_DIRECT_H
#define FLOWD_STORE_DIRECT_H

#include "store.h"

/* Alignment asked of direct writes, in the file and in memory. */
#define STORE_DIO_ALIGN		4096
/* Not written: the caller writes the batch the ordinary way. */
#define STORE_DIO_ORDINARY	(-1)

int	store_direct_open(struct store_writer *, off_t);
int	store_direct_flush(struct store_writer *);
void	store_direct_close(struct store_writer *);

#endif
