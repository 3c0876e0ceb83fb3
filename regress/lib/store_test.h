/* store_test.h: flows and hex helpers shared by the store tests. */
#ifndef FLOWD_STORE_TEST_H
#define FLOWD_STORE_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "flow.h"

void		 test_full_flow(struct flow *, int);
void		 test_v5_flow(struct flow *);
size_t		 test_unhex(const char *, uint8_t *, size_t);
const char	*test_hex(const uint8_t *, size_t);
uint32_t	 test_get32(const uint8_t *);
int		 test_flow_group_eq(const struct flow *, const struct flow *,
		    uint32_t);

#endif /* FLOWD_STORE_TEST_H */
