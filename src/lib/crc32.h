/*
 * crc32.h: the CRC-32 of flowd's store: reflected, polynomial
 * 0xedb88320, initial value 0, no final exclusive-or.  This is not the
 * zlib variant; the store format fixes it (flowd.log(5)).
 */
#ifndef FLOWD_CRC32_H
#define FLOWD_CRC32_H

#include <stddef.h>
#include <stdint.h>

#define FLOWD_CRC32_INIT	0U

uint32_t	flowd_crc32_update(uint32_t, const void *, size_t);
uint32_t	flowd_crc32(const void *, size_t);

/* crc32_clmul.c: whole 16-byte blocks (len >= 16), where the CPU can. */
int		flowd_crc32_clmul_ok(void);
uint32_t	flowd_crc32_clmul(uint32_t, const uint8_t *, size_t);
/* All of len >= 16 bytes from FLOWD_CRC32_INIT, where the CPU can. */
uint32_t	flowd_crc32_clmul_all(const uint8_t *, size_t);

#endif /* FLOWD_CRC32_H */
