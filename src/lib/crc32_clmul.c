/*
 * crc32_clmul.c: the store CRC with carry-less multiplication
 * (PCLMULQDQ) on x86-64.  The collector checksums every record it
 * stores (about 100 bytes each); the eight tables of crc32.c take
 * nearly a nanosecond a byte there, this about a tenth of that.
 *
 * The record is folded 16 bytes at a time into one 128-bit remainder
 * (each step multiplies the remainder by x^128 mod P and adds the next
 * block), which is then reduced to 64 and 32 bits and finished with a
 * Barrett reduction.  The constants are powers of x modulo the CRC-32
 * polynomial, bit-reflected like the CRC itself (Intel, "Fast CRC
 * Computation for Generic Polynomials Using PCLMULQDQ", 2009).
 *
 * Elsewhere (other machines, or compilers without the target attribute)
 * flowd_crc32_clmul_ok() says no and crc32.c keeps to its tables.
 */
#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "compat.h"
#include "crc32.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

/* x^(128+32) and x^(128-32) mod P: fold the low and high halves. */
#define K_FOLD_LO	0x1751997d0ULL
#define K_FOLD_HI	0x0ccaa009eULL
/* x^64 mod P: fold 64 bits down to 32. */
#define K_FOLD_32	0x163cd6124ULL
/* The polynomial and floor(x^64 / P), for the Barrett step. */
#define K_POLY		0x1db710641ULL
#define K_MU		0x1f7011641ULL

int
flowd_crc32_clmul_ok(void)
{
	__builtin_cpu_init();
	return (__builtin_cpu_supports("pclmul") &&
	    __builtin_cpu_supports("sse2") &&
	    __builtin_cpu_supports("ssse3"));
}

/*
 * Fold x (the first block, CRC already added) and the whole blocks of
 * p[0..len) into a 128-bit remainder, then reduce it to the CRC.
 */
__attribute__((target("pclmul,sse2"))) static inline uint32_t
fold_reduce(__m128i x, const uint8_t *p, size_t len)
{
	__m128i	t, fold, k32, poly, mask;

	fold = _mm_set_epi64x((long long)K_FOLD_HI, (long long)K_FOLD_LO);
	while (len >= 16) {
		t = _mm_clmulepi64_si128(x, fold, 0x11);
		x = _mm_clmulepi64_si128(x, fold, 0x00);
		x = _mm_xor_si128(x, t);
		x = _mm_xor_si128(x,
		    _mm_loadu_si128((const __m128i *)(const void *)p));
		p += 16;
		len -= 16;
	}

	/* 128 -> 96 bits: the low half times x^64 plus the high half. */
	t = _mm_srli_si128(x, 8);
	x = _mm_clmulepi64_si128(x, fold, 0x10);
	x = _mm_xor_si128(x, t);

	/* 96 -> 64 bits. */
	mask = _mm_set_epi32(0, 0, 0, -1);
	k32 = _mm_set_epi64x(0, (long long)K_FOLD_32);
	t = _mm_srli_si128(x, 4);
	x = _mm_and_si128(x, mask);
	x = _mm_clmulepi64_si128(x, k32, 0x00);
	x = _mm_xor_si128(x, t);

	/* Barrett: q = (low 32 bits * mu) mod x^32, remainder = x + q * P. */
	poly = _mm_set_epi64x((long long)K_MU, (long long)K_POLY);
	t = _mm_and_si128(x, mask);
	t = _mm_clmulepi64_si128(t, poly, 0x10);
	t = _mm_and_si128(t, mask);
	t = _mm_clmulepi64_si128(t, poly, 0x00);
	x = _mm_xor_si128(x, t);
	return ((uint32_t)_mm_cvtsi128_si32(_mm_srli_si128(x, 4)));
}

/* Only the whole 16-byte blocks of len (at least one) are consumed. */
__attribute__((target("pclmul,sse2")))
uint32_t
flowd_crc32_clmul(uint32_t crc, const uint8_t *p, size_t len)
{
	__m128i	x;

	x = _mm_loadu_si128((const __m128i *)(const void *)p);
	x = _mm_xor_si128(x, _mm_cvtsi32_si128((int)crc));
	return (fold_reduce(x, p + 16, (len - 16) & ~(size_t)15));
}

/* Shuffle masks: from &shift_tab[16 - n], n zero bytes then the rest. */
static const uint8_t shift_tab[32] = {
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
};

/*
 * All of p[0..len), len >= 16, from the initial value 0.  Zeros in
 * front of the data leave such a CRC as it is, so the first len % 16
 * bytes become the end of a zero-filled block and everything goes
 * through the multiplier: no byte-at-a-time tail.  The block is made
 * in a register (a shuffle of the first 16 bytes): built in memory,
 * its load would wait for the byte stores.
 */
__attribute__((target("pclmul,sse2,ssse3")))
uint32_t
flowd_crc32_clmul_all(const uint8_t *p, size_t len)
{
	__m128i	x;
	size_t	head = len & 15;

	x = _mm_loadu_si128((const __m128i *)(const void *)p);
	if (head == 0)
		return (fold_reduce(x, p + 16, len - 16));
	x = _mm_shuffle_epi8(x, _mm_loadu_si128((const __m128i *)(const void *)
	    (shift_tab + head)));
	return (fold_reduce(x, p + head, len - head));
}

#else

int
flowd_crc32_clmul_ok(void)
{
	return (0);
}

uint32_t
flowd_crc32_clmul(uint32_t crc, const uint8_t *p, size_t len)
{
	(void)p;
	(void)len;
	return (crc);
}

uint32_t
flowd_crc32_clmul_all(const uint8_t *p, size_t len)
{
	(void)p;
	(void)len;
	return (0);
}

#endif
