/*
 * Template cache and exporter table: LRU limits and their counters,
 * run-time limit changes, the pending buffer, exporter keys, every
 * reject reason and its string.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "nftest.h"

#define V9HDR	"0009 0001 000f4240 6553f100 00000001 00000000 "

/* v9 datagram: template tid (src addr, packets), or data for it. */
static enum nf_reason
tpl(struct nft *t, u_int tid, int host)
{
	char	buf[256];

	snprintf(buf, sizeof(buf), V9HDR "0000 0010 %04x 0002 0008 0004 "
	    "0002 0004", tid);
	return (nft_dec(t, buf, host, 2055));
}

static enum nf_reason
data(struct nft *t, u_int tid, int host)
{
	char	buf[256];

	snprintf(buf, sizeof(buf), V9HDR "%04x 000c 0a000001 %08x", tid,
	    tid);
	return (nft_dec(t, buf, host, 2055));
}

ATF_TC_WITHOUT_HEAD(template_lru);
ATF_TC_BODY(template_lru, tc)
{
	struct nft		t;
	struct nf_limits	lim;
	struct nf_exporter_info	e;

	nf_limits_default(&lim);
	lim.max_templates = 2;
	nft_init(&t, &lim);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_OK);
	ATF_CHECK_EQ(tpl(&t, 257, 1), NF_OK);
	ATF_CHECK_EQ(data(&t, 256, 1), NF_OK);	/* 256 now most recent */
	ATF_CHECK_EQ(tpl(&t, 258, 1), NF_OK);	/* evicts 257 */
	ATF_CHECK_EQ(data(&t, 256, 1), NF_OK);
	ATF_CHECK_EQ(data(&t, 258, 1), NF_OK);
	ATF_CHECK_EQ(data(&t, 257, 1), NF_NO_TEMPLATE);
	nft_exporter(&t, 1, 2055, &e);
	ATF_CHECK_EQ(e.ntemplates, 2);
	ATF_CHECK_EQ(e.c.templates_evicted, 1);
	ATF_CHECK_EQ(e.c.templates_added, 3);
	ATF_CHECK_EQ(t.n, 3);
	/* Lowered at run time: the least recently used goes. */
	lim.max_templates = 1;
	nf_collector_set_limits(t.col, &lim);
	ATF_CHECK_EQ(data(&t, 256, 1), NF_NO_TEMPLATE);
	ATF_CHECK_EQ(data(&t, 258, 1), NF_OK);
	nft_exporter(&t, 1, 2055, &e);
	ATF_CHECK_EQ(e.c.templates_evicted, 2);
	/* None allowed at all. */
	lim.max_templates = 0;
	nf_collector_set_limits(t.col, &lim);
	ATF_CHECK_EQ(tpl(&t, 300, 1), NF_LIMIT);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(template_update);
ATF_TC_BODY(template_update, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_OK);
	/* Same id, now (dst addr, packets, octets): a new definition. */
	ATF_CHECK_EQ(nft_dec(&t, V9HDR "0000 0014 0100 0003 000c 0004 "
	    "0002 0004 0001 0004 0100 0010 0a000009 00000002 00000003",
	    1, 2055), NF_OK);
	ATF_REQUIRE_EQ(t.n, 1);
	ATF_CHECK(nft_is4(&t.f[0].dst, "10.0.0.9"));
	ATF_CHECK_EQ(t.f[0].octets, 3);
	nft_exporter(&t, 1, 2055, &e);
	ATF_CHECK_EQ(e.c.templates_updated, 1);
	ATF_CHECK_EQ(e.ntemplates, 1);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(template_too_long);
ATF_TC_BODY(template_too_long, tc)
{
	struct nft		t;
	struct nf_limits	lim;

	nf_limits_default(&lim);
	lim.max_template_len = 7;
	nft_init(&t, &lim);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_TEMPLATE_TOO_LONG);
	lim.max_template_len = 8;
	nf_collector_set_limits(t.col, &lim);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_OK);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(exporter_lru);
ATF_TC_BODY(exporter_lru, tc)
{
	struct nft		t;
	struct nf_limits	lim;
	struct nf_stats		st;

	nf_limits_default(&lim);
	lim.max_exporters = 2;
	nft_init(&t, &lim);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_OK);
	ATF_CHECK_EQ(tpl(&t, 256, 2), NF_OK);
	ATF_CHECK_EQ(data(&t, 256, 1), NF_OK);
	ATF_CHECK_EQ(tpl(&t, 256, 3), NF_OK);	/* evicts .2 */
	ATF_CHECK_EQ(data(&t, 256, 1), NF_OK);
	ATF_CHECK_EQ(data(&t, 256, 3), NF_OK);
	ATF_CHECK_EQ(data(&t, 256, 2), NF_NO_TEMPLATE);	/* new again */
	nf_collector_stats(t.col, &st);
	ATF_CHECK_EQ(st.exporters, 2);
	ATF_CHECK_EQ(st.exporters_added, 4);
	ATF_CHECK_EQ(st.exporters_evicted, 2);
	ATF_CHECK_EQ(st.c.flows, 3);
	ATF_CHECK_EQ(st.c.reject[NF_NO_TEMPLATE], 1);
	lim.max_exporters = 0;
	nf_collector_set_limits(t.col, &lim);
	nf_collector_stats(t.col, &st);
	ATF_CHECK_EQ(st.exporters, 0);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_LIMIT);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(domain_lru);
ATF_TC_BODY(domain_lru, tc)
{
	struct nft		t;
	struct nf_limits	lim;
	struct nf_exporter_info	e;

	nf_limits_default(&lim);
	lim.max_domains = 1;
	nft_init(&t, &lim);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_OK);
	/* Source id 7: the only domain slot goes to it. */
	ATF_CHECK_EQ(nft_dec(&t, "0009 0001 000f4240 6553f100 00000001 "
	    "00000007 0000 0010 0100 0002 0008 0004 0002 0004", 1, 2055),
	    NF_OK);
	ATF_CHECK_EQ(data(&t, 256, 1), NF_NO_TEMPLATE);
	nft_exporter(&t, 1, 2055, &e);
	ATF_CHECK_EQ(e.c.domains_evicted, 2);
	ATF_CHECK_EQ(e.ndomains, 1);
	lim.max_domains = 0;
	nf_collector_set_limits(t.col, &lim);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_LIMIT);
	nft_done(&t);
}

/* Templates are per (address, port): NAT'd exporters stay apart. */
ATF_TC_WITHOUT_HEAD(exporter_port_key);
ATF_TC_BODY(exporter_port_key, tc)
{
	struct nft	t;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(nft_dec(&t, V9HDR "0000 0010 0100 0002 0008 0004 "
	    "0002 0004", 1, 1000), NF_OK);
	ATF_CHECK_EQ(nft_dec(&t, V9HDR "0000 0010 0100 0002 000c 0004 "
	    "0002 0004", 1, 1001), NF_OK);
	ATF_CHECK_EQ(nft_dec(&t, V9HDR "0100 000c 0a000001 00000001",
	    1, 1000), NF_OK);
	ATF_CHECK_EQ(nft_dec(&t, V9HDR "0100 000c 0a000001 00000001",
	    1, 1001), NF_OK);
	ATF_CHECK_EQ(nft_dec(&t, V9HDR "0100 000c 0a000001 00000001",
	    1, 1002), NF_NO_TEMPLATE);
	ATF_REQUIRE_EQ(t.n, 2);
	ATF_CHECK(t.f[0].fields & FLOW_SRC_ADDR4);
	ATF_CHECK(t.f[1].fields & FLOW_DST_ADDR4);
	ATF_CHECK_EQ(t.f[1].exporter_port, 1001);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(pending);
ATF_TC_BODY(pending, tc)
{
	struct nft		t;
	struct nf_exporter_info	e;
	struct nf_stats		st;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(data(&t, 256, 1), NF_NO_TEMPLATE);
	ATF_CHECK_EQ(data(&t, 256, 1), NF_NO_TEMPLATE);
	ATF_CHECK_EQ(data(&t, 257, 1), NF_NO_TEMPLATE);
	ATF_CHECK_EQ(data(&t, 256, 2), NF_NO_TEMPLATE);	/* other exporter */
	ATF_CHECK_EQ(t.n, 0);
	nf_collector_stats(t.col, &st);
	ATF_CHECK(st.pending_bytes > 0);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_OK);
	ATF_REQUIRE_EQ(t.n, 2);
	ATF_CHECK_EQ(t.f[0].packets, 256);
	ATF_CHECK(nft_is4(&t.f[0].agent, "192.0.2.1"));
	nft_exporter(&t, 1, 2055, &e);
	ATF_CHECK_EQ(e.c.pending_held, 3);
	ATF_CHECK_EQ(e.c.pending_decoded, 2);
	ATF_CHECK_EQ(e.c.reject[NF_NO_TEMPLATE], 3);
	ATF_CHECK_EQ(tpl(&t, 257, 1), NF_OK);
	ATF_CHECK_EQ(tpl(&t, 256, 2), NF_OK);
	ATF_CHECK_EQ(t.n, 4);
	nf_collector_stats(t.col, &st);
	ATF_CHECK_EQ(st.pending_bytes, 0);
	ATF_CHECK_EQ(st.c.pending_decoded, 4);
	nft_done(&t);
}

ATF_TC_WITHOUT_HEAD(pending_bounded);
ATF_TC_BODY(pending_bounded, tc)
{
	struct nft		t;
	struct nf_limits	lim;
	struct nf_stats		st;
	u_int			i;

	nf_limits_default(&lim);
	lim.pending_max = 256;
	nft_init(&t, &lim);
	for (i = 0; i < 20; i++)
		ATF_CHECK_EQ(data(&t, 256 + i, 1), NF_NO_TEMPLATE);
	nf_collector_stats(t.col, &st);
	ATF_CHECK(st.pending_bytes <= 256);
	ATF_CHECK(st.c.pending_dropped > 0);
	ATF_CHECK_EQ(st.c.pending_held, 20);
	/* The newest survive, the oldest were pushed out. */
	ATF_CHECK_EQ(tpl(&t, 256 + 19, 1), NF_OK);
	ATF_CHECK_EQ(t.n, 1);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_OK);
	ATF_CHECK_EQ(t.n, 1);
	/* No buffer at all: counted as dropped at once. */
	lim.pending_max = 0;
	nf_collector_set_limits(t.col, &lim);
	ATF_CHECK_EQ(data(&t, 999, 1), NF_NO_TEMPLATE);
	nf_collector_stats(t.col, &st);
	ATF_CHECK_EQ(st.pending_bytes, 0);
	ATF_CHECK_EQ(st.c.pending_held, 20);
	nft_done(&t);
}

struct walk {
	int	n;
	int	ports;
};

static void
walk_cb(const struct nf_exporter_info *e, void *arg)
{
	struct walk	*w = arg;

	w->n++;
	w->ports += e->port;
}

ATF_TC_WITHOUT_HEAD(walk_and_reasons);
ATF_TC_BODY(walk_and_reasons, tc)
{
	struct nft		t;
	struct walk		w;
	struct sockaddr_un	sun;
	uint8_t			pkt[4] = { 0, 5, 0, 0 };
	int			r, i;

	nft_init(&t, NULL);
	ATF_CHECK_EQ(tpl(&t, 256, 1), NF_OK);
	ATF_CHECK_EQ(tpl(&t, 256, 2), NF_OK);
	memset(&w, 0, sizeof(w));
	nf_collector_walk(t.col, walk_cb, &w);
	ATF_CHECK_EQ(w.n, 2);
	ATF_CHECK_EQ(w.ports, 2 * 2055);
	/* A sender of a family we cannot key on. */
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	ATF_CHECK_EQ(nf_decode(t.col, pkt, sizeof(pkt),
	    (struct sockaddr *)&sun, sizeof(sun), NULL, NULL, NULL),
	    NF_BAD_ADDRESS);
	/* No sender at all is one anonymous exporter. */
	ATF_CHECK_EQ(nf_decode(t.col, pkt, sizeof(pkt), NULL, 0, NULL,
	    NULL, NULL), NF_SHORT);
	for (r = 0; r < NF_REASON_MAX; r++) {
		ATF_CHECK(nf_reason_str(r) != NULL);
		for (i = 0; i < r; i++)
			ATF_CHECK(strcmp(nf_reason_str(r),
			    nf_reason_str(i)) != 0);
	}
	ATF_CHECK_STREQ(nf_reason_str(NF_REASON_MAX), "unknown reason");
	nft_done(&t);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, template_lru);
	ATF_TP_ADD_TC(tp, template_update);
	ATF_TP_ADD_TC(tp, template_too_long);
	ATF_TP_ADD_TC(tp, exporter_lru);
	ATF_TP_ADD_TC(tp, domain_lru);
	ATF_TP_ADD_TC(tp, exporter_port_key);
	ATF_TP_ADD_TC(tp, pending);
	ATF_TP_ADD_TC(tp, pending_bounded);
	ATF_TP_ADD_TC(tp, walk_and_reasons);
	return (atf_no_error());
}
