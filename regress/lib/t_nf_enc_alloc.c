/*
 * The encoder allocates only in nf_encoder_new(): queueing flows and
 * producing datagrams (templates, refreshes, every version) makes no
 * malloc/calloc/realloc call.  The allocator is wrapped in this program
 * to count calls; glibc without a sanitizer only, skipped elsewhere.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nf_encode.h"
#include "nfenctest.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ENC_NO_WRAP
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ENC_NO_WRAP
#endif

#if defined(__GLIBC__) && !defined(ENC_NO_WRAP)
#define ENC_WRAP
void	*__libc_malloc(size_t);
void	*__libc_calloc(size_t, size_t);
void	*__libc_realloc(void *, size_t);
void	 __libc_free(void *);

static volatile int	watch;
static volatile u_long	ncalls;

void *
malloc(size_t n)
{
	ncalls += watch;
	return (__libc_malloc(n));
}

void *
calloc(size_t n, size_t m)
{
	ncalls += watch;
	return (__libc_calloc(n, m));
}

void *
realloc(void *p, size_t n)
{
	ncalls += watch;
	return (__libc_realloc(p, n));
}

void
free(void *p)
{
	__libc_free(p);
}
#endif

ATF_TC_WITHOUT_HEAD(no_allocation_after_new);
ATF_TC_BODY(no_allocation_after_new, tc)
{
#ifdef ENC_WRAP
	static const int	 vers[4] = { 1, 5, 9, 10 };
	static uint8_t		 buf[2048];
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f4, f6;
	struct timeval		 now;
	size_t			 sent;
	int			 k, i;

	net_flow4(&f4);
	net_flow6(&f6);
	for (k = 0; k < 4; k++) {
		net_opts(&o, vers[k]);
		ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
		net_now(&now, 0);
		sent = 0;
		ncalls = 0;
		watch = 1;
		for (i = 0; i < 5000; i++) {
			/* IPv6 is refused by v1/v5: counted, no memory */
			(void)nf_encoder_add(e, i % 3 ? &f4 : &f6, &now);
			while (nf_encoder_ready(e))
				sent += nf_encoder_next(e, buf, sizeof(buf),
				    &now);
			if (i % 500 == 0) {
				now.tv_sec += 61;
				nf_encoder_send_templates(e);
			}
		}
		while (nf_encoder_next(e, buf, sizeof(buf), &now) > 0)
			sent++;
		watch = 0;
		ATF_CHECK_EQ_MSG(ncalls, 0, "version %d: %lu calls",
		    vers[k], (u_long)ncalls);
		ATF_CHECK(sent > 0);
		nf_encoder_free(e);
	}
#else
	atf_tc_skip("allocator wrapping needs glibc and no ASan");
#endif
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, no_allocation_after_new);
	return (atf_no_error());
}
