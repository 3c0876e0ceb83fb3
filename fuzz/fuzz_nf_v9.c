/*
 * fuzz_nf_v9: one datagram through the NetFlow v9 decoder (the version
 * word is forced), twice, so templates from the first pass are used.
 */
#include <sys/types.h>

#include <stdint.h>

#include "compat.h"
#include "nffuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (nffuzz_datagram(data, size, 9));
}
