/*
 * frames.h: build test frames byte by byte (t_decode, t_track).
 */
#ifndef SF_TEST_FRAMES_H
#define SF_TEST_FRAMES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct fb {
	uint8_t	b[2048];
	size_t	n;
};

static inline void
fb_bytes(struct fb *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static inline void
fb_u8(struct fb *f, uint8_t v)
{
	f->b[f->n++] = v;
}

static inline void
fb_u16(struct fb *f, uint16_t v)
{
	fb_u8(f, (uint8_t)(v >> 8));
	fb_u8(f, (uint8_t)v);
}

static inline void
fb_u32(struct fb *f, uint32_t v)
{
	fb_u16(f, (uint16_t)(v >> 16));
	fb_u16(f, (uint16_t)v);
}

static inline void
fb_zero(struct fb *f, size_t n)
{
	memset(f->b + f->n, 0, n);
	f->n += n;
}

static inline void
fb_ether(struct fb *f, uint16_t et)
{
	static const uint8_t d[6] = { 2, 0, 0, 0, 0, 2 };
	static const uint8_t s[6] = { 2, 0, 0, 0, 0, 1 };

	fb_bytes(f, d, 6);
	fb_bytes(f, s, 6);
	fb_u16(f, et);
}

/* IPv4 header; tot is the IP total length written. */
static inline void
fb_ip4(struct fb *f, uint8_t proto, uint32_t src, uint32_t dst,
    uint16_t tot, uint16_t id, uint16_t fragoff)
{
	fb_u8(f, 0x45);
	fb_u8(f, 0x10);
	fb_u16(f, tot);
	fb_u16(f, id);
	fb_u16(f, fragoff);
	fb_u8(f, 64);
	fb_u8(f, proto);
	fb_u16(f, 0);
	fb_u32(f, src);
	fb_u32(f, dst);
}

static inline void
fb_ip6(struct fb *f, uint8_t nh, uint8_t last, uint16_t plen)
{
	uint8_t	a[16];

	fb_u32(f, 0x60000000U | 0x2e << 20 | 0x12345);
	fb_u16(f, plen);
	fb_u8(f, nh);
	fb_u8(f, 64);
	memset(a, 0, sizeof(a));
	a[0] = 0x20;
	a[1] = 0x01;
	a[15] = 1;
	fb_bytes(f, a, 16);
	a[15] = last;
	fb_bytes(f, a, 16);
}

static inline void
fb_udp(struct fb *f, uint16_t sp, uint16_t dp, uint16_t len)
{
	fb_u16(f, sp);
	fb_u16(f, dp);
	fb_u16(f, len);
	fb_u16(f, 0);
}

static inline void
fb_tcp(struct fb *f, uint16_t sp, uint16_t dp, uint8_t flags)
{
	fb_u16(f, sp);
	fb_u16(f, dp);
	fb_u32(f, 1);
	fb_u32(f, 0);
	fb_u8(f, 0x50);
	fb_u8(f, flags);
	fb_u16(f, 1024);
	fb_u32(f, 0);
}

#endif /* SF_TEST_FRAMES_H */
