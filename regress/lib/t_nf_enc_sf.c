/*
 * The softflowd layout of the v9/IPFIX encoder (nf_enc_sf.c): golden
 * template and record bytes (softflowd 1.1's field sizes, -b reverse
 * fields under PEN 29305, -x MPLS labels, -A NTP times), the options
 * template of softflowd 1.1.0, a round trip through our decoder for
 * every time format, and the option checks.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nf_decode.h"
#include "nf_encode.h"
#include "nfenctest.h"

/* 1024 with -A micro, -b and -x 2: 18 IANA fields, 4 reverse ones. */
#define T1024	"0002 0070 0400 0016 0008 0004 000c 0004 009a 0008 009b 0008" \
		"0001 0004 0002 0004 000a 0004 000e 0004 003d 0001 0088 0001" \
		"0007 0002 000b 0002 0004 0001 0006 0001 003c 0001 0005 0001" \
		"8001 0004 00007279 8002 0004 00007279 8005 0001 00007279" \
		"8006 0001 00007279 0046 0003 0047 0003"
/* scope 143; 160, 305, 306, 304, 82: softflowd 1.1.0's, padded to 36 */
#define OT	"0003 0024 0100 0006 0001 008f 0004 00a0 0008 0131 0004" \
		"0132 0004 0130 0002 0052 0010 0000"
/* 1700000001.123456 - 1700000004.654321 in NTP, counters of 4 bytes,
 * the reverse ones, labels 1000 and 2000 (bottom of stack) */
#define REC	"0a000001 c0000202 e8fe6f811f9acffb e8fe6f84a78194c1" \
		"000005dc 0000000a 00000003 00000004 01 02 04d2 0050 06 1b" \
		"04 10 00000384 00000007 28 12 003e80 007d01"

static void
flow(struct flow *f, struct nf_enc_extra *x)
{
	net_flow4(f);
	f->fields |= FLOW_ABS_TIMES;
	f->start_sec = 1700000001;
	f->start_nsec = 123456000;
	f->end_sec = 1700000004;
	f->end_nsec = 654321000;
	memset(x, 0, sizeof(*x));
	x->rev_octets = 900;
	x->rev_packets = 7;
	x->rev_tos = 0x28;
	x->rev_tcp_flags = 0x12;
	x->nmpls = 2;
	x->mpls[0] = 1000 << 4;
	x->mpls[1] = 2000 << 4 | 1;
}

static struct nf_encoder *
mk(int version, int times, int biflow, u_int mpls)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;

	net_opts(&o, version);
	o.templates = NF_ENC_TMPL_IPV4;
	o.layout = NF_ENC_LAYOUT_SOFTFLOWD;
	o.counter_bytes = 4;
	o.ipfix_times = times;
	o.biflow = biflow;
	o.mpls_labels = mpls;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	return (e);
}

static struct flow	got[8];
static int		ngot;

static void
collect(const struct flow *f, void *arg)
{
	(void)arg;
	if (ngot < 8)
		got[ngot] = *f;
	ngot++;
}

static void
decode(const uint8_t *buf, size_t len, const struct timeval *now)
{
	struct nf_collector	*col;
	struct sockaddr_in	 sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(40000);
	sin.sin_addr.s_addr = htonl(0xc0000201U);
	ATF_REQUIRE((col = nf_collector_new(NULL)) != NULL);
	ngot = 0;
	ATF_REQUIRE_EQ(nf_decode(col, buf, len, (struct sockaddr *)&sin,
	    sizeof(sin), now, collect, NULL), NF_OK);
	nf_collector_free(col);
}

ATF_TC_WITHOUT_HEAD(golden_biflow_mpls_ntp);
ATF_TC_BODY(golden_biflow_mpls_ntp, tc)
{
	struct nf_encoder	*e;
	struct nf_enc_extra	 x;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len, off;

	e = mk(10, NF_ENC_TIME_MICRO, 1, 2);
	flow(&f, &x);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_add_extra(e, &f, &x, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	ATF_REQUIRE(len > 16 + 112);
	net_check_hex(buf + 16, 112, T1024);
	/* then 1025 (100 bytes), the options template and its data */
	off = 16 + 112;
	ATF_CHECK_EQ(net_get16(buf + off + 4), 1025);
	off += net_get16(buf + off + 2);
	net_check_hex(buf + off, 36, OT);
	off += 36;
	ATF_CHECK_EQ(net_get16(buf + off), 256);
	off += net_get16(buf + off + 2);
	ATF_REQUIRE_EQ(len, off + 4 + 66);
	net_check_hex(buf + off, 70, "0400 0046" REC);

	/* Our decoder: the forward flow and the reverse one. */
	decode(buf, len, &now);
	ATF_REQUIRE_EQ(ngot, 2);
	ATF_CHECK_EQ(got[0].packets, 10);
	ATF_CHECK_EQ(got[0].octets, 1500);
	ATF_CHECK_EQ(got[0].start_sec, 1700000001);
	ATF_CHECK_EQ(got[0].start_nsec, 123456000);
	ATF_CHECK_EQ(got[0].end_sec, 1700000004);
	ATF_CHECK_EQ(got[0].end_nsec, 654321000);
	ATF_CHECK_EQ(got[1].packets, 7);
	ATF_CHECK_EQ(got[1].octets, 900);
	ATF_CHECK_EQ(got[1].tcp_flags, 0x12);
	ATF_CHECK_EQ(got[1].tos, 0x28);
	ATF_CHECK_EQ(got[0].tos, f.tos);
	ATF_CHECK(memcmp(&got[1].src.v4, &f.dst.v4, 4) == 0);
	ATF_CHECK(memcmp(&got[1].dst.v4, &f.src.v4, 4) == 0);
	nf_encoder_free(e);
}

/* Every -A format in v9 and IPFIX: sizes, and exact times back. */
ATF_TC_WITHOUT_HEAD(times);
ATF_TC_BODY(times, tc)
{
	static const struct {
		int		fmt;
		uint16_t	ie;
		uint16_t	len;
		uint32_t	start_ns, end_ns;
	} t[] = {
		{ NF_ENC_TIME_SEC, 150, 4, 0, 0 },
		{ NF_ENC_TIME_MILLI, 152, 8, 123000000, 654000000 },
		{ NF_ENC_TIME_MICRO, 154, 8, 123456000, 654321000 },
		{ NF_ENC_TIME_NANO, 156, 8, 123456000, 654321000 },
	};
	struct nf_encoder	*e;
	struct nf_enc_extra	 x;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len, i;
	int			 v;

	for (v = 9; v <= 10; v++) {
		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			e = mk(v, t[i].fmt, 0, 0);
			flow(&f, &x);
			net_now(&now, 0);
			ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
			len = nf_encoder_next(e, buf, sizeof(buf), &now);
			/* the third field of template 1024 */
			ATF_CHECK_EQ(net_get16(buf + (v == 9 ? 20 : 16) + 16),
			    t[i].ie);
			ATF_CHECK_EQ(net_get16(buf + (v == 9 ? 20 : 16) + 18),
			    t[i].len);
			decode(buf, len, &now);
			ATF_REQUIRE_EQ(ngot, 1);
			ATF_CHECK_EQ(got[0].start_sec, 1700000001);
			ATF_CHECK_EQ(got[0].end_sec, 1700000004);
			ATF_CHECK_EQ_MSG(got[0].start_nsec, t[i].start_ns,
			    "v%d ie %u", v, t[i].ie);
			ATF_CHECK_EQ_MSG(got[0].end_nsec, t[i].end_ns,
			    "v%d ie %u", v, t[i].ie);
			ATF_CHECK_EQ(got[0].packets, 10);
			nf_encoder_free(e);
		}
	}
}

/*
 * v9 has no biflow, the softflowd layout no NAT; counters saturate at
 * 4 bytes, counted.
 */
ATF_TC_WITHOUT_HEAD(options_checked);
ATF_TC_BODY(options_checked, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct nf_enc_extra	 x;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	net_opts(&o, 9);
	o.layout = NF_ENC_LAYOUT_SOFTFLOWD;
	o.biflow = 1;
	errno = 0;
	ATF_CHECK(nf_encoder_new(&o) == NULL && errno == EINVAL);
	o.biflow = 0;
	o.mpls_labels = 11;
	ATF_CHECK(nf_encoder_new(&o) == NULL && errno == EINVAL);
	o.mpls_labels = 0;
	o.ipfix_times = 5;
	ATF_CHECK(nf_encoder_new(&o) == NULL && errno == EINVAL);
	/* softflowd's templates have no NAT fields. */
	o.ipfix_times = NF_ENC_TIME_MILLI;
	o.fields = NF_ENC_F_NAT;
	ATF_CHECK(nf_encoder_new(&o) == NULL && errno == EINVAL);
	/* The default layout has none of it. */
	net_opts(&o, 10);
	o.ipfix_times = NF_ENC_TIME_SEC;
	ATF_CHECK(nf_encoder_new(&o) == NULL && errno == EINVAL);
	o.ipfix_times = NF_ENC_TIME_MILLI;
	o.mpls_labels = 1;
	ATF_CHECK(nf_encoder_new(&o) == NULL && errno == EINVAL);

	e = mk(10, NF_ENC_TIME_UPTIME, 0, 0);
	flow(&f, &x);
	f.octets = 5000000000ULL;
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	decode(buf, len, &now);
	ATF_REQUIRE_EQ(ngot, 1);
	ATF_CHECK_EQ(got[0].octets, UINT32_MAX);
	ATF_CHECK_EQ(nf_encoder_stats(e)->values_narrowed, 1);
	nf_encoder_free(e);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden_biflow_mpls_ntp);
	ATF_TP_ADD_TC(tp, times);
	ATF_TP_ADD_TC(tp, options_checked);
	return (atf_no_error());
}
