/*
 * store_bytes.h: big-endian loads and stores for the store codecs,
 * byte by byte so that alignment and host order never matter.
 */
#ifndef FLOWD_STORE_BYTES_H
#define FLOWD_STORE_BYTES_H

#include <stdint.h>
#include <string.h>

static inline uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static inline uint16_t
get16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

static inline const uint8_t *
get16p(const uint8_t *p, uint16_t *v)
{
	*v = get16(p);
	return (p + 2);
}

static inline const uint8_t *
get32p(const uint8_t *p, uint32_t *v)
{
	*v = get32(p);
	return (p + 4);
}

static inline const uint8_t *
get64p(const uint8_t *p, uint64_t *v)
{
	*v = (uint64_t)get32(p) << 32 | get32(p + 4);
	return (p + 8);
}

static inline uint8_t *
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
	return (p + 2);
}

static inline uint8_t *
put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
	return (p + 4);
}

static inline uint8_t *
put64(uint8_t *p, uint64_t v)
{
	put32(p, v >> 32);
	return (put32(p + 4, (uint32_t)v));
}

static inline uint8_t *
putbytes(uint8_t *p, const void *v, size_t n)
{
	memcpy(p, v, n);
	return (p + n);
}

#endif /* FLOWD_STORE_BYTES_H */
