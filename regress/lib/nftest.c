/* nftest.c: see nftest.h. */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nftest.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* Hex digits in pairs; anything else (spaces, |) is ignored. */
size_t
nft_hex(const char *s, uint8_t *out, size_t max)
{
	size_t	n = 0;
	int	hi = -1, v;

	for (; *s != '\0'; s++) {
		if ((v = hexval((unsigned char)*s)) == -1)
			continue;
		if (hi == -1)
			hi = v;
		else {
			ATF_REQUIRE(n < max);
			out[n++] = hi << 4 | v;
			hi = -1;
		}
	}
	ATF_REQUIRE_MSG(hi == -1, "odd number of hex digits");
	return (n);
}

void
nft_init(struct nft *t, const struct nf_limits *lim)
{
	memset(t, 0, sizeof(*t));
	ATF_REQUIRE((t->col = nf_collector_new(lim)) != NULL);
	t->now.tv_sec = 1700000000;
	t->now.tv_usec = 250000;
}

void
nft_done(struct nft *t)
{
	nf_collector_free(t->col);
	t->col = NULL;
}

static void
collect(const struct flow *f, void *arg)
{
	struct nft	*t = arg;

	ATF_REQUIRE(t->n < NFT_MAXFLOWS);
	t->f[t->n++] = *f;
}

static void
mkaddr(struct sockaddr_in *sin, int host, uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(0xc0000200U | (host & 0xff));
}

enum nf_reason
nft_decb(struct nft *t, const uint8_t *p, size_t len, int host,
    uint16_t port)
{
	struct sockaddr_in	sin;

	mkaddr(&sin, host, port);
	return (nf_decode(t->col, p, len, (struct sockaddr *)&sin,
	    sizeof(sin), &t->now, collect, t));
}

enum nf_reason
nft_dec(struct nft *t, const char *hex, int host, uint16_t port)
{
	static uint8_t	buf[65536];
	size_t		len;

	len = nft_hex(hex, buf, sizeof(buf));
	return (nft_decb(t, buf, len, host, port));
}

struct find {
	struct xaddr		 a;
	uint16_t		 port;
	struct nf_exporter_info	*out;
};

static void
find_cb(const struct nf_exporter_info *e, void *arg)
{
	struct find	*fd = arg;

	if (e->port == fd->port && e->addr.af == AF_INET &&
	    e->addr.v4.s_addr == fd->a.v4.s_addr)
		*fd->out = *e;
}

void
nft_exporter(struct nft *t, int host, uint16_t port,
    struct nf_exporter_info *out)
{
	struct find	fd;

	memset(out, 0, sizeof(*out));
	memset(&fd, 0, sizeof(fd));
	fd.a.af = AF_INET;
	fd.a.v4.s_addr = htonl(0xc0000200U | (host & 0xff));
	fd.port = port;
	fd.out = out;
	nf_collector_walk(t->col, find_cb, &fd);
}

int
nft_is4(const struct xaddr *a, const char *s)
{
	struct in_addr	in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return (0);
	return (a->af == AF_INET && a->v4.s_addr == in.s_addr);
}

int
nft_is6(const struct xaddr *a, const char *s)
{
	struct in6_addr	in6;

	if (inet_pton(AF_INET6, s, &in6) != 1)
		return (0);
	return (a->af == AF_INET6 && memcmp(&a->v6, &in6, 16) == 0);
}
