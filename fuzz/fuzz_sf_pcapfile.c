/*
 * fuzz_sf_pcapfile: softflowd's fast capture file reader on arbitrary
 * files.  The first input byte sets the size of each read (1 to 256
 * bytes, or as much as asked) and the batch size; the rest is the file.
 * The fuzzer walks the same bytes on its own and checks that every
 * record handed out is exactly the bytes of the file where it should
 * be, so a record can neither point outside what was read nor skip or
 * repeat part of the file.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "../src/softflowd/sf_pcapfile.h"

struct mem {
	const uint8_t	*p;
	size_t		 len, off, chunk;
};

static ssize_t
mem_read(void *arg, void *buf, size_t n)
{
	struct mem	*m = arg;

	if (m->chunk != 0 && n > m->chunk)
		n = m->chunk;
	if (n > m->len - m->off)
		n = m->len - m->off;
	memcpy(buf, m->p + m->off, n);
	m->off += n;
	return ((ssize_t)n);
}

static uint32_t
get32(const uint8_t *p, int swap)
{
	return (swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3] : (uint32_t)p[3] << 24 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_pcapfile	*f;
	struct sf_pcap_rec	 r[8];
	struct mem		 m;
	char			 err[256];
	size_t			 off = 24;
	uint32_t		 caplen;
	int			 notpcap, n, i, batch, swap;

	if (size < 1)
		return (0);
	m.p = data + 1;
	m.len = size - 1;
	m.off = 0;
	m.chunk = data[0] & 0x80 ? 0 : (size_t)(data[0] & 0x7f) * 2 + 1;
	batch = 1 + (data[0] & 7);
	if ((f = sf_pcapfile_open(mem_read, &m, 0, &notpcap, err,
	    sizeof(err))) == NULL)
		return (0);
	/* The reader accepted the magic: it is one of the four. */
	swap = get32(m.p, 0) != 0xa1b2c3d4U && get32(m.p, 0) != 0xa1b23c4dU;
	while ((n = sf_pcapfile_next(f, r, batch, err, sizeof(err))) > 0) {
		for (i = 0; i < n; i++) {
			if (off + 16 > m.len)
				abort();
			caplen = get32(m.p + off + 8, swap);
			if (caplen > m.len - off - 16 ||
			    r[i].caplen > caplen ||
			    r[i].caplen > SF_PCAPFILE_MAXSNAP ||
			    r[i].len != get32(m.p + off + 12, swap) ||
			    memcmp(r[i].data, m.p + off + 16, r[i].caplen) != 0)
				abort();
			off += 16 + (size_t)caplen;
		}
	}
	/* The end of the file is the end of the last record, or an error. */
	if (n == 0 && off != m.len)
		abort();
	sf_pcapfile_free(f);
	return (0);
}
