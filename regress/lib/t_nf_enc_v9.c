/*
 * NetFlow v9 encoder: golden datagrams with templates and options,
 * the count of every record, package sequence, set padding, packing to
 * max_datagram, template refresh by datagram count and by time.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nf_encode.h"
#include "nfenctest.h"

/* softflowd's templates 1024 and 1025, one per set */
#define T1024	"0000 0048 0400 0010" \
		"0008 0004 000c 0004 0016 0004 0015 0004 0001 0004 0002 0004" \
		"000a 0004 000e 0004 003d 0001 0088 0001 0007 0002 000b 0002" \
		"0004 0001 0006 0001 003c 0001 0005 0001"
#define T1025	"0000 0040 0401 000e" \
		"0008 0004 000c 0004 0016 0004 0015 0004 0001 0004 0002 0004" \
		"000a 0004 000e 0004 003d 0001 0088 0001 0020 0002 0004 0001" \
		"003c 0001 0005 0001"
/* options template 256: scope interface; 34, 35, 82; padded to 28 */
#define OT	"0001 001c 0100 0004 000c 0002 0004" \
		"0022 0004 0023 0001 0052 0010 0000"
/* options data: ifindex 7, 1 in 100, deterministic, "eth0"; to 32 */
#define OD	"0100 0020 00000007 00000064 01" \
		"65746830 00000000 00000000 00000000 000000"
#define REC4	"0a000001 c0000202 000003e8 00001388 000005dc 0000000a" \
		"00000003 00000004 01 02 04d2 0050 06 1b 04 10"
#define HDR(count, seq)	"0009" count "00002904 6553f10a" seq "0000002a"

static struct nf_encoder *
mk(int tmpl, size_t max)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;

	net_opts(&o, 9);
	o.templates = tmpl;
	if (max != 0)
		o.max_datagram = max;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	return (e);
}

ATF_TC_WITHOUT_HEAD(golden_templates_then_data);
ATF_TC_BODY(golden_templates_then_data, tc)
{
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	e = mk(NF_ENC_TMPL_IPV4, 0);
	net_flow4(&f);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	/* count: 2 templates, options template, options data, 1 flow */
	net_check_hex(buf, len, HDR("0005", "00000000") T1024 T1025 OT OD
	    "0400 002e" REC4);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	net_check_hex(buf, len, HDR("0002", "00000001") "0400 0058"
	    REC4 REC4);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now), 0);
	ATF_CHECK_EQ(nf_encoder_stats(e)->template_datagrams, 1);
	nf_encoder_free(e);
}

/* ICMP uses template 1025 with type/code in IE 32. */
ATF_TC_WITHOUT_HEAD(golden_icmp);
ATF_TC_BODY(golden_icmp, tc)
{
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len;

	e = mk(NF_ENC_TMPL_IPV4, 0);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	net_flow4(&f);
	f.protocol = 1;
	f.icmp_type = 8;
	f.icmp_code = 0;
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	net_check_hex(buf, len, HDR("0001", "00000001") "0401 002b"
	    "0a000001 c0000202 000003e8 00001388 000005dc 0000000a"
	    "00000003 00000004 01 02 0800 01 04 10");
	nf_encoder_free(e);
}

/*
 * A set that another set follows is padded to 4 bytes; the last one
 * is not.  Families alternate: 4, 6, 6, 4.
 */
ATF_TC_WITHOUT_HEAD(sets_padded_between);
ATF_TC_BODY(sets_padded_between, tc)
{
	struct nf_encoder	*e;
	struct flow		 f4, f6;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len, off;

	e = mk(NF_ENC_TMPL_IPV4 | NF_ENC_TMPL_IPV6, 0);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	net_flow4(&f4);
	net_flow6(&f6);
	ATF_REQUIRE(nf_encoder_add(e, &f4, &now) == 0);
	ATF_REQUIRE(nf_encoder_add(e, &f6, &now) == 0);
	ATF_REQUIRE(nf_encoder_add(e, &f6, &now) == 0);
	ATF_REQUIRE(nf_encoder_add(e, &f4, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	ATF_CHECK_EQ(net_get16(buf + 2), 4);
	off = 20;
	ATF_CHECK_EQ(net_get16(buf + off), 1024);
	ATF_CHECK_EQ(net_get16(buf + off + 2), 4 + 42 + 2);
	off += 48;
	ATF_CHECK_EQ(net_get16(buf + off), 2048);
	ATF_CHECK_EQ(net_get16(buf + off + 2), 4 + 2 * 66);
	off += 4 + 2 * 66;
	ATF_CHECK_EQ(net_get16(buf + off), 1024);
	ATF_CHECK_EQ(net_get16(buf + off + 2), 4 + 42);
	ATF_CHECK_EQ(len, off + 4 + 42);
	nf_encoder_free(e);
}

/* After the template datagram, header + set + 5 records exactly. */
ATF_TC_WITHOUT_HEAD(pack_to_max_datagram);
ATF_TC_BODY(pack_to_max_datagram, tc)
{
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 len, max = 20 + 4 + 5 * 42;
	int			 i;

	/* smaller than the templates: refused at setup */
	errno = 0;
	{
		struct nf_encoder_opts o;

		net_opts(&o, 9);
		o.max_datagram = max;
		ATF_CHECK(nf_encoder_new(&o) == NULL && errno == EINVAL);
	}
	e = mk(NF_ENC_TMPL_IPV4, 1400);
	net_flow4(&f);
	net_now(&now, 0);
	/* the template datagram fills what the 196 template bytes leave */
	for (i = 0; i < 40; i++)
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	len = nf_encoder_next(e, buf, sizeof(buf), &now);
	ATF_CHECK_EQ(len, 20 + 196 + 4 + 28 * 42);
	ATF_CHECK_EQ(net_get16(buf + 2), 4 + 28);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, max, &now), max);
	ATF_CHECK_EQ(net_get16(buf + 2), 5);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, max - 1, &now), max - 42);
	ATF_CHECK_EQ(net_get16(buf + 2), 4);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now),
	    20 + 4 + 3 * 42);
	ATF_CHECK_EQ(net_get32(buf + 12), 3);
	ATF_CHECK_EQ(nf_encoder_pending(e), 0);
	nf_encoder_free(e);
}

static int
has_templates(const uint8_t *buf)
{
	return (net_get16(buf + 20) == 0);
}

ATF_TC_WITHOUT_HEAD(refresh_by_count);
ATF_TC_BODY(refresh_by_count, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	int			 i;

	net_opts(&o, 9);
	o.template_refresh_packets = 3;
	o.template_refresh_seconds = 0;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow4(&f);
	net_now(&now, 0);
	for (i = 0; i < 8; i++) {
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
		ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
		ATF_CHECK_EQ_MSG(has_templates(buf), i % 3 == 0,
		    "datagram %d", i);
		ATF_CHECK_EQ(net_get32(buf + 12), (uint32_t)i);
	}
	/* no data: nothing, even though a refresh is due by count */
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now), 0);
	/* asked for (softflowctl send-template): a template datagram */
	nf_encoder_send_templates(e);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	ATF_CHECK(has_templates(buf));
	ATF_CHECK_EQ(net_get16(buf + 2), 6);	/* 4 + options + data */
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now), 0);
	nf_encoder_free(e);
}

ATF_TC_WITHOUT_HEAD(refresh_by_time);
ATF_TC_BODY(refresh_by_time, tc)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];

	net_opts(&o, 9);
	o.template_refresh_packets = 0;
	o.template_refresh_seconds = 10;
	ATF_REQUIRE((e = nf_encoder_new(&o)) != NULL);
	net_flow4(&f);
	/* never sent: due even without data */
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) ==
	    20 + 72 + 64 + 72 + 64 + 28 + 32);
	ATF_CHECK_EQ(net_get16(buf + 2), 6);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now), 0);
	net_now(&now, 9);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	ATF_CHECK(!has_templates(buf));
	net_now(&now, 10);
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	ATF_CHECK(has_templates(buf));
	ATF_CHECK_EQ(net_get16(buf + 2), 7);
	/* a quiet exporter still refreshes: templates-only datagram */
	net_now(&now, 25);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	ATF_CHECK(has_templates(buf));
	ATF_CHECK_EQ(net_get32(buf + 12), 3);
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now), 0);
	/* clock stepped back: refresh rather than wait */
	net_now(&now, 1);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	ATF_CHECK(has_templates(buf));
	nf_encoder_free(e);
}

/* Only the IPv6 templates: IPv4 flows are counted and refused. */
ATF_TC_WITHOUT_HEAD(family_without_template);
ATF_TC_BODY(family_without_template, tc)
{
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;

	e = mk(NF_ENC_TMPL_IPV6, 0);
	net_flow4(&f);
	net_now(&now, 0);
	ATF_CHECK(nf_encoder_add(e, &f, &now) == -1 && errno == EAFNOSUPPORT);
	net_flow6(&f);
	ATF_CHECK(nf_encoder_add(e, &f, &now) == 0);
	ATF_CHECK_EQ(nf_encoder_stats(e)->flows_unsupported, 1);
	nf_encoder_free(e);
}

/* ready: once the queue holds more than one datagram carries. */
ATF_TC_WITHOUT_HEAD(ready_when_a_datagram_fills);
ATF_TC_BODY(ready_when_a_datagram_fills, tc)
{
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	int			 i;

	e = mk(NF_ENC_TMPL_IPV4, 0);
	net_flow4(&f);
	net_now(&now, 0);
	ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf), &now) > 0);
	/* 20 + 4 + 32 * 42 = 1368 fits 1400; a 33rd record does not */
	for (i = 0; i < 32; i++) {
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
		ATF_CHECK(!nf_encoder_ready(e));
	}
	ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
	ATF_CHECK(nf_encoder_ready(e));
	ATF_CHECK_EQ(nf_encoder_next(e, buf, sizeof(buf), &now),
	    20 + 4 + 32 * 42);
	ATF_CHECK(!nf_encoder_ready(e));
	ATF_CHECK_EQ(nf_encoder_pending(e), 1);
	nf_encoder_free(e);
}

/*
 * The heap stays flat over thousands of datagrams (glibc's count): no
 * leak per datagram.  The encoder calls malloc only in nf_encoder_new().
 */
ATF_TC_WITHOUT_HEAD(heap_flat_across_datagrams);
ATF_TC_BODY(heap_flat_across_datagrams, tc)
{
#ifdef __GLIBC__
	struct nf_encoder	*e;
	struct flow		 f4, f6;
	struct timeval		 now;
	static uint8_t		 buf[2048];
	struct mallinfo2	 before, after;
	size_t			 sent = 0;
	int			 i;

	e = mk(NF_ENC_TMPL_IPV4 | NF_ENC_TMPL_IPV6, 0);
	net_flow4(&f4);
	net_flow6(&f6);
	net_now(&now, 0);
	before = mallinfo2();
	for (i = 0; i < 20000; i++) {
		if (nf_encoder_add(e, i % 3 ? &f4 : &f6, &now) == -1)
			break;
		while (nf_encoder_ready(e))
			sent += nf_encoder_next(e, buf, sizeof(buf), &now);
		if (i % 1000 == 0)
			now.tv_sec += 61;	/* time refreshes too */
	}
	while (nf_encoder_next(e, buf, sizeof(buf), &now) > 0)
		continue;
	after = mallinfo2();
	ATF_CHECK_EQ(i, 20000);
	ATF_CHECK(sent > 0);
	ATF_CHECK_EQ(before.uordblks, after.uordblks);
	ATF_CHECK_EQ(before.hblkhd, after.hblkhd);
	nf_encoder_free(e);
#else
	atf_tc_skip("mallinfo2() is glibc's");
#endif
}

/*
 * Whatever size an encoder accepts, its queue drains: with templates in
 * every datagram (refresh 1) they and a record of the longest template
 * must fit together, or the encoder would send templates forever.
 */
static void
drains(int version, int fields, int templates)
{
	struct nf_encoder_opts	 o;
	struct nf_encoder	*e;
	struct flow		 f;
	struct timeval		 now;
	uint8_t			 buf[2048];
	size_t			 max;
	int			 n, accepted = 0;

	for (max = 60; max <= sizeof(buf); max++) {
		net_opts(&o, version);
		o.fields = fields;
		o.templates = templates;
		o.template_refresh_packets = 1;
		o.max_datagram = max;
		if ((e = nf_encoder_new(&o)) == NULL)
			continue;
		accepted++;
		net_now(&now, 0);
		net_flow4(&f);
		f.fields |= FLOW_NAT;
		if (templates & NF_ENC_TMPL_IPV6)
			net_flow6(&f);
		f.fields |= FLOW_NAT;
		ATF_REQUIRE(nf_encoder_add(e, &f, &now) == 0);
		for (n = 0; n < 4 && nf_encoder_pending(e) > 0; n++)
			ATF_REQUIRE(nf_encoder_next(e, buf, sizeof(buf),
			    &now) > 0);
		ATF_CHECK_MSG(nf_encoder_pending(e) == 0,
		    "v%d fields %#x max %zu: no progress", version, fields,
		    max);
		nf_encoder_free(e);
	}
	ATF_CHECK(accepted > 0);
}

ATF_TC_WITHOUT_HEAD(refresh_every_datagram_drains);
ATF_TC_BODY(refresh_every_datagram_drains, tc)
{
	int	v, t;

	for (v = 9; v <= 10; v++)
		for (t = 1; t <= 3; t++) {
			drains(v, 0, t);
			drains(v, NF_ENC_F_VLAN | NF_ENC_F_MAC |
			    NF_ENC_F_ROUTING, t);
			drains(v, NF_ENC_F_NAT, t);
			drains(v, NF_ENC_F_VLAN | NF_ENC_F_MAC |
			    NF_ENC_F_ROUTING | NF_ENC_F_NAT, t);
		}
}

ATF_TC_WITHOUT_HEAD(bad_options);
ATF_TC_BODY(bad_options, tc)
{
	struct nf_encoder_opts	o;

	net_opts(&o, 8);
	ATF_CHECK(nf_encoder_new(&o) == NULL);
	net_opts(&o, 9);
	o.templates = 0;
	ATF_CHECK(nf_encoder_new(&o) == NULL);
	net_opts(&o, 9);
	o.counter_bytes = 2;
	ATF_CHECK(nf_encoder_new(&o) == NULL);
	net_opts(&o, 9);
	o.max_datagram = NF_ENC_MAX_DATAGRAM + 1;
	ATF_CHECK(nf_encoder_new(&o) == NULL);
	net_opts(&o, 9);
	o.queue_flows = 0;
	ATF_CHECK(nf_encoder_new(&o) == NULL);
	net_opts(&o, 9);
	o.fields = 0x100;
	ATF_CHECK(nf_encoder_new(&o) == NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, golden_templates_then_data);
	ATF_TP_ADD_TC(tp, golden_icmp);
	ATF_TP_ADD_TC(tp, sets_padded_between);
	ATF_TP_ADD_TC(tp, pack_to_max_datagram);
	ATF_TP_ADD_TC(tp, refresh_by_count);
	ATF_TP_ADD_TC(tp, refresh_by_time);
	ATF_TP_ADD_TC(tp, family_without_template);
	ATF_TP_ADD_TC(tp, ready_when_a_datagram_fills);
	ATF_TP_ADD_TC(tp, heap_flat_across_datagrams);
	ATF_TP_ADD_TC(tp, refresh_every_datagram_drains);
	ATF_TP_ADD_TC(tp, bad_options);
	return (atf_no_error());
}
