/*
 * recv_batch: a batch of real datagrams on a loopback socket, each with
 * its sender; an empty queue reads 0; 64 KiB datagrams arrive whole;
 * kernel drops on a tiny receive buffer are counted where the platform
 * reports them, per socket, including those after the last datagram
 * read.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "recv_batch.h"

static int
udp_socket(struct sockaddr_in *sin)
{
	socklen_t	len = sizeof(*sin);
	int		s;

	ATF_REQUIRE((s = socket(AF_INET, SOCK_DGRAM, 0)) != -1);
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ATF_REQUIRE(bind(s, (struct sockaddr *)sin, sizeof(*sin)) == 0);
	ATF_REQUIRE(getsockname(s, (struct sockaddr *)sin, &len) == 0);
	return (s);
}

ATF_TC_WITHOUT_HEAD(batch);
ATF_TC_BODY(batch, tc)
{
	struct recv_batch	*rb;
	const struct recv_slot	*sl;
	struct recv_drops	 d = { 0, 0 };
	struct sockaddr_in	 rx, tx;
	char			 msg[32];
	int			 r, s, c, i, total = 0;

	s = udp_socket(&rx);
	c = udp_socket(&tx);
	ATF_REQUIRE((rb = recv_batch_new(8)) != NULL);
	ATF_CHECK_EQ(recv_batch_read(rb, s, &d), 0);
	for (i = 0; i < 20; i++) {
		snprintf(msg, sizeof(msg), "datagram %d", i);
		ATF_REQUIRE(sendto(c, msg, strlen(msg), 0,
		    (struct sockaddr *)&rx, sizeof(rx)) == (ssize_t)strlen(msg));
	}
	while ((r = recv_batch_read(rb, s, &d)) > 0) {
		ATF_CHECK(r <= 8);
		for (i = 0; i < r; i++) {
			ATF_REQUIRE((sl = recv_batch_slot(rb, i)) != NULL);
			snprintf(msg, sizeof(msg), "datagram %d", total);
			ATF_CHECK_EQ(sl->len, strlen(msg));
			ATF_CHECK(memcmp(sl->data, msg, sl->len) == 0);
			ATF_CHECK_EQ(((const struct sockaddr_in *)&sl->from)->
			    sin_port, tx.sin_port);
			ATF_CHECK(!sl->truncated);
			total++;
		}
		ATF_CHECK(recv_batch_slot(rb, r) == NULL);
	}
	ATF_CHECK_EQ(r, 0);
	ATF_CHECK_EQ(total, 20);
	ATF_CHECK_EQ(d.total, 0);
	recv_batch_free(rb);
	close(s);
	close(c);
}

ATF_TC_WITHOUT_HEAD(large_datagram);
ATF_TC_BODY(large_datagram, tc)
{
	static uint8_t		 big[65507];
	struct recv_batch	*rb;
	const struct recv_slot	*sl;
	struct recv_drops	 d = { 0, 0 };
	struct sockaddr_in	 rx, tx;
	int			 s, c, sz = 1 << 20;
	size_t			 i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	s = udp_socket(&rx);
	c = udp_socket(&tx);
	(void)setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	ATF_REQUIRE((rb = recv_batch_new(4)) != NULL);
	ATF_REQUIRE(sendto(c, big, sizeof(big), 0, (struct sockaddr *)&rx,
	    sizeof(rx)) == sizeof(big));
	ATF_REQUIRE_EQ(recv_batch_read(rb, s, &d), 1);
	sl = recv_batch_slot(rb, 0);
	ATF_CHECK_EQ(sl->len, sizeof(big));
	ATF_CHECK(memcmp(sl->data, big, sizeof(big)) == 0);
	recv_batch_free(rb);
	close(s);
	close(c);
}

/* Fill a socket with a tiny buffer: returns how many were sent. */
static int
overflow(int c, const struct sockaddr_in *rx, int n)
{
	static uint8_t	pkt[1400];
	int		i;

	for (i = 0; i < n; i++)
		(void)sendto(c, pkt, sizeof(pkt), 0,
		    (const struct sockaddr *)rx, sizeof(*rx));
	return (n);
}

static int
drain(struct recv_batch *rb, int s, struct recv_drops *d)
{
	int	r, got = 0;

	while ((r = recv_batch_read(rb, s, d)) > 0)
		got += r;
	ATF_CHECK_EQ(r, 0);
	return (got);
}

static int
tiny_socket(struct sockaddr_in *sin)
{
	int	s, sz = 4096;

	s = udp_socket(sin);
	(void)setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	if (rxq_ovfl_enable(s) == -1)
		atf_tc_skip("this platform does not report receive drops");
	return (s);
}

/* A datagram after the overflow carries the count. */
ATF_TC_WITHOUT_HEAD(kernel_drops);
ATF_TC_BODY(kernel_drops, tc)
{
	struct recv_batch	*rb;
	struct recv_drops	 d = { 0, 0 };
	struct sockaddr_in	 rx, tx;
	int			 s, c, got, sent;

	s = tiny_socket(&rx);
	c = udp_socket(&tx);
	ATF_REQUIRE((rb = recv_batch_new(64)) != NULL);
	sent = overflow(c, &rx, 200);
	got = drain(rb, s, &d);
	sent += overflow(c, &rx, 1);
	got += drain(rb, s, &d);
	ATF_CHECK_MSG(got < sent, "nothing was dropped (%d received)", got);
	ATF_CHECK_EQ_MSG(d.total, (uint64_t)(sent - got),
	    "drops %llu, received %d of %d", (unsigned long long)d.total,
	    got, sent);
	recv_batch_free(rb);
	close(s);
	close(c);
}

/*
 * Drops after the last datagram read: the datagrams that were queued
 * all carry the count from before the overflow, so only asking the
 * socket tells (flowd 0.9.x and this tree until now missed them).
 */
ATF_TC_WITHOUT_HEAD(drops_after_last);
ATF_TC_BODY(drops_after_last, tc)
{
	struct recv_batch	*rb;
	struct recv_drops	 d = { 0, 0 };
	struct sockaddr_in	 rx, tx;
	int			 s, c, got, sent;

	s = tiny_socket(&rx);
	c = udp_socket(&tx);
	ATF_REQUIRE((rb = recv_batch_new(64)) != NULL);
	sent = overflow(c, &rx, 200);
	got = drain(rb, s, &d);
	ATF_REQUIRE_MSG(got < sent, "nothing was dropped (%d received)", got);
	if (recv_drops_update(s, &d) == -1)
		atf_tc_skip("this platform reports drops only with datagrams");
	ATF_CHECK_EQ_MSG(d.total, (uint64_t)(sent - got),
	    "drops %llu, received %d of %d", (unsigned long long)d.total,
	    got, sent);
	/* Asking again, or reading nothing more, adds nothing. */
	ATF_CHECK_EQ(recv_drops_update(s, &d), 0);
	ATF_CHECK_EQ(drain(rb, s, &d), 0);
	ATF_CHECK_EQ(d.total, (uint64_t)(sent - got));
	recv_batch_free(rb);
	close(s);
	close(c);
}

/*
 * Two sockets read through one batch, as the collector does with its
 * listeners: each count is its own (a shared one took the difference
 * between two unrelated totals).
 */
ATF_TC_WITHOUT_HEAD(drops_per_socket);
ATF_TC_BODY(drops_per_socket, tc)
{
	struct recv_batch	*rb;
	struct recv_drops	 da = { 0, 0 }, db = { 0, 0 };
	struct sockaddr_in	 ra, rbx, tx;
	int			 a, b, c, gota, gotb, senta, sentb;

	a = tiny_socket(&ra);
	b = tiny_socket(&rbx);
	c = udp_socket(&tx);
	ATF_REQUIRE((rb = recv_batch_new(64)) != NULL);
	senta = overflow(c, &ra, 200);
	sentb = overflow(c, &rbx, 2);
	gota = drain(rb, a, &da);
	gotb = drain(rb, b, &db);
	/* Then one more each, read in the other order. */
	sentb += overflow(c, &rbx, 1);
	senta += overflow(c, &ra, 1);
	gotb += drain(rb, b, &db);
	gota += drain(rb, a, &da);
	ATF_REQUIRE_MSG(gota < senta, "nothing was dropped (%d received)",
	    gota);
	ATF_CHECK_EQ(gotb, sentb);
	ATF_CHECK_EQ(db.total, 0);
	ATF_CHECK_EQ_MSG(da.total, (uint64_t)(senta - gota),
	    "drops %llu, received %d of %d", (unsigned long long)da.total,
	    gota, senta);
	recv_batch_free(rb);
	close(a);
	close(b);
	close(c);
}

/*
 * The count a datagram carries is from when it was queued: after a
 * SO_MEMINFO reading it can be behind, and must not wrap the total.
 */
ATF_TC_WITHOUT_HEAD(drops_stale_report);
ATF_TC_BODY(drops_stale_report, tc)
{
	struct recv_drops	d;

	memset(&d, 0, sizeof(d));
	recv_drops_note(&d, 900);
	ATF_CHECK_EQ(d.total, 900);
	recv_drops_note(&d, 1000);	/* SO_MEMINFO, now */
	recv_drops_note(&d, 950);	/* a datagram queued before that */
	ATF_CHECK_EQ(d.total, 1000);
	ATF_CHECK_EQ(d.last, 1000);
	recv_drops_note(&d, 1010);
	ATF_CHECK_EQ(d.total, 1010);
	/* The kernel's 32-bit count wraps; the total does not. */
	d.last = UINT32_MAX - 4;
	recv_drops_note(&d, 5);
	ATF_CHECK_EQ(d.total, 1020);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, batch);
	ATF_TP_ADD_TC(tp, large_datagram);
	ATF_TP_ADD_TC(tp, kernel_drops);
	ATF_TP_ADD_TC(tp, drops_after_last);
	ATF_TP_ADD_TC(tp, drops_per_socket);
	ATF_TP_ADD_TC(tp, drops_stale_report);
	return (atf_no_error());
}
