/* NetFlow v1 encoder: golden datagram, 24-record limit, IPv4 only. */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nf_encode.h"
#include "nfenctest.h"

ATF_TC_WITHOUT_HEAD(golden_one);
ATF_TC_BODY(golden_one, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	net_opts(&o, 1);
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow4(&f);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	/* no AS, masks, engine, sequence or sampling in v1 */
	net_check_hex(buf, len,
	    "0001 0001 00002904 6553f10a 1dcd6500"
	    "0a000001 c0000202 0a0000fe 0003 0004 0000000a 000005dc"
	    "000003e8 00001388 04d2 0050 0000 06 10 1b 000000 00000000");
	nf_encoder_free(e);
}

ATF_TC_WITHOUT_HEAD(at_most_24_records);
ATF_TC_BODY(at_most_24_records, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[4096];
	int			 i;

	net_opts(&o, 1);
	o.max_datagram = 4000;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	ATF_CHECK_EQ(nf_encoder_max_records(e), 24);
	net_flow4(&f);
	net_now(&now, 0);
	for (i = 0; i < 25; i++)
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now),
	    16 + 24 * 48);
	ATF_CHECK_EQ(net_get16(buf + 2), 24);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now), 16 + 48);
	ATF_CHECK_EQ(net_get16(buf + 2), 1);
	nf_encoder_free(e);

	/* 1400 bytes: (1400 - 16) / 48 = 28, still capped at 24 */
	net_opts(&o, 1);
	o.max_datagram = 16 + 5 * 48;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	for (i = 0; i < 6; i++)
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now),
	    16 + 5 * 48);
	nf_encoder_free(e);
}

ATF_TC_WITHOUT_HEAD(ipv6_counted_and_skipped);
ATF_TC_BODY(ipv6_counted_and_skipped, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;

	net_opts(&o, 1);
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow6(&f);
	net_now(&now, 0);
	ATF_CHECK(nf_encoder_add(e, &f, &now) == -1 && errno == EAFNOSUPPORT);
	ATF_CHECK_EQ(nf_encoder_stats(e)->flows_unsupported, 1);
	ATF_CHECK_EQ(nf_encoder_pending(e), 0);
	nf_encoder_free(e);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden_one);
	ATF_TP_ADD_TC(tp, at_most_24_records);
	ATF_TP_ADD_TC(tp, ipv6_counted_and_skipped);
	return (atf_no_error());
}
