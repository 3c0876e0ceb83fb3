/*
 * The decoder's hot path allocates nothing: once an exporter's
 * templates are known, decoding its datagrams (v5, v9, IPFIX, with
 * reverse flows and options) makes no malloc/calloc/realloc call.
 * malloc and friends are interposed in this program to count calls;
 * glibc only, skipped elsewhere.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nftest.h"

/* Sanitizers bring their own malloc: no interposing under them. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_INTERPOSE
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define NO_INTERPOSE
#endif
#if defined(__GLIBC__) && !defined(NO_INTERPOSE)
#define INTERPOSE
#endif

#ifdef INTERPOSE
void	*__libc_malloc(size_t);
void	*__libc_calloc(size_t, size_t);
void	*__libc_realloc(void *, size_t);
void	 __libc_free(void *);

static volatile int	counting;
static volatile u_long	allocs;

void *
malloc(size_t n)
{
	if (counting)
		allocs++;
	return (__libc_malloc(n));
}

void *
calloc(size_t n, size_t m)
{
	if (counting)
		allocs++;
	return (__libc_calloc(n, m));
}

void *
realloc(void *p, size_t n)
{
	if (counting)
		allocs++;
	return (__libc_realloc(p, n));
}

void
free(void *p)
{
	__libc_free(p);
}
#endif

#define V5	"0005 0001 000f4240 6553f100 1dcd6500 00000064 01 02 4064" \
		"0a000001 0a000002 0a0000fe 0003 0004 0000000a 000003e8" \
		" 000f3e58 000f4240 0050 c000 00 1b 06 10 fde8 0001 18 10 0000"
#define V9T	"0009 0005 000f4240 6553f100 00000001 00000011 " \
		"0000 0010 0100 0002 0008 0004 0002 0004 " \
		"0001 0018 0102 0004 0008 0001 0004 0022 0004 0023 0001 0000 "
#define V9D	"0009 0005 000f4240 6553f100 00000002 00000011 " \
		"0102 0010 00000000 00000064 02 000000 " \
		"0100 0014 0a000001 00000003 0a000002 00000004"
#define IPT	"000a 002c 6553f100 00000000 00000001 " \
		"0002 001c 0100 0004 0008 0004 0002 0004 " \
		"8002 0004 00007279 0052 ffff"
#define IPD	"000a 002f 6553f100 00000000 00000001 " \
		"0100 001f 0a000001 00000003 00000005 01 41 " \
		"0a000002 00000004 00000000 00"

ATF_TC_WITHOUT_HEAD(hot_path);
ATF_TC_BODY(hot_path, tc)
{
#ifdef INTERPOSE
	struct nft	t;
	int		i;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, V5, 1, 2055), NF_OK);
	ATF_REQUIRE_EQ(nft_dec(&t, V9T, 2, 2055), NF_OK);
	ATF_REQUIRE_EQ(nft_dec(&t, IPT, 3, 4739), NF_OK);
	t.n = 0;
	counting = 1;
	for (i = 0; i < 50; i++) {
		ATF_REQUIRE_EQ(nft_dec(&t, V5, 1, 2055), NF_OK);
		ATF_REQUIRE_EQ(nft_dec(&t, V9D, 2, 2055), NF_OK);
		ATF_REQUIRE_EQ(nft_dec(&t, IPD, 3, 4739), NF_OK);
		/* Re-announced templates are refreshed in place. */
		ATF_REQUIRE_EQ(nft_dec(&t, V9T, 2, 2055), NF_OK);
		ATF_REQUIRE_EQ(nft_dec(&t, IPT, 3, 4739), NF_OK);
		t.n = 0;
	}
	counting = 0;
	ATF_CHECK_EQ(allocs, 0);
	/* And the counting itself works: a new exporter allocates. */
	counting = 1;
	ATF_REQUIRE_EQ(nft_dec(&t, V5, 4, 2055), NF_OK);
	counting = 0;
	ATF_CHECK(allocs > 0);
	nft_done(&t);
#else
	atf_tc_skip("malloc interposition needs glibc and no ASan");
#endif
}

ATF_TC_WITHOUT_HEAD(reverse_flow_counts);
ATF_TC_BODY(reverse_flow_counts, tc)
{
	struct nft	t;

	nft_init(&t, NULL);
	ATF_REQUIRE_EQ(nft_dec(&t, IPT, 3, 4739), NF_OK);
	ATF_REQUIRE_EQ(nft_dec(&t, IPD, 3, 4739), NF_OK);
	/* First record: 3 packets forward, 5 back; second: none back. */
	ATF_REQUIRE_EQ(t.n, 3);
	ATF_CHECK_EQ(t.f[0].packets, 3);
	ATF_CHECK_EQ(t.f[1].packets, 5);
	/* Reversed: the forward source is now the destination. */
	ATF_CHECK_EQ(t.f[1].src.af, 0);
	ATF_CHECK(nft_is4(&t.f[1].dst, "10.0.0.1"));
	ATF_CHECK((t.f[1].fields & FLOW_SRCDST_ADDR) == FLOW_DST_ADDR4);
	ATF_CHECK(nft_is4(&t.f[2].src, "10.0.0.2"));
	nft_done(&t);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, hot_path);
	ATF_TP_ADD_TC(tp, reverse_flow_counts);
	return (atf_no_error());
}
