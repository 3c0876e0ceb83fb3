/*
 * crc32.c: table-driven CRC-32 (polynomial 0xedb88320, reflected) with
 * initial value 0 and no final xor, as flowd's store format requires.
 * Slicing by eight bytes keeps the reader's checksum cost well below
 * its parsing cost; the tables are built once at first use.  Where the
 * CPU multiplies carry-less (crc32_clmul.c) the 16-byte blocks go that
 * way, several times faster again, and the tables take the tail.
 */
#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "compat.h"
#include "crc32.h"

#define CRC32_POLY	0xedb88320U

static uint32_t	crc_tab[8][256];
static int	crc_ready;
static int	crc_clmul;

static void
crc32_init(void)
{
	uint32_t	c;
	int		i, j;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? (c >> 1) ^ CRC32_POLY : c >> 1;
		crc_tab[0][i] = c;
	}
	for (i = 0; i < 256; i++) {
		c = crc_tab[0][i];
		for (j = 1; j < 8; j++) {
			c = crc_tab[0][c & 0xff] ^ (c >> 8);
			crc_tab[j][i] = c;
		}
	}
	crc_clmul = flowd_crc32_clmul_ok();
	crc_ready = 1;
}

uint32_t
flowd_crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t	*p = buf;
	uint32_t	 hi;

	if (!crc_ready)
		crc32_init();
	if (crc_clmul && len >= 16) {
		crc = flowd_crc32_clmul(crc, p, len & ~(size_t)15);
		p += len & ~(size_t)15;
		len &= 15;
	}
	/* Eight bytes a step, byte order independent (bytes read singly). */
	while (len >= 8) {
		crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
		    (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
		crc = crc_tab[7][crc & 0xff] ^ crc_tab[6][(crc >> 8) & 0xff] ^
		    crc_tab[5][(crc >> 16) & 0xff] ^ crc_tab[4][crc >> 24] ^
		    crc_tab[3][hi & 0xff] ^ crc_tab[2][(hi >> 8) & 0xff] ^
		    crc_tab[1][(hi >> 16) & 0xff] ^ crc_tab[0][hi >> 24];
		p += 8;
		len -= 8;
	}
	while (len-- > 0)
		crc = crc_tab[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return (crc);
}

uint32_t
flowd_crc32(const void *buf, size_t len)
{
	if (!crc_ready)
		crc32_init();
	if (crc_clmul && len >= 16)
		return (flowd_crc32_clmul_all(buf, len));
	return (flowd_crc32_update(FLOWD_CRC32_INIT, buf, len));
}
