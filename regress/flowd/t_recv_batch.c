/*
 * recv_batch: a batch of real datagrams on a loopback socket, each with
 * its sender; an empty queue reads 0; 64 KiB datagrams arrive whole;
 * kernel drops on a tiny receive buffer are counted where the platform
 * reports them.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <fcntl.h>
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
	struct sockaddr_in	 rx, tx;
	char			 msg[32];
	int			 r, s, c, i, total = 0;

	s = udp_socket(&rx);
	c = udp_socket(&tx);
	ATF_REQUIRE((rb = recv_batch_new(8)) != NULL);
	ATF_CHECK_EQ(recv_batch_read(rb, s), 0);
	for (i = 0; i < 20; i++) {
		snprintf(msg, sizeof(msg), "datagram %d", i);
		ATF_REQUIRE(sendto(c, msg, strlen(msg), 0,
		    (struct sockaddr *)&rx, sizeof(rx)) == (ssize_t)strlen(msg));
	}
	while ((r = recv_batch_read(rb, s)) > 0) {
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
	ATF_REQUIRE_EQ(recv_batch_read(rb, s), 1);
	sl = recv_batch_slot(rb, 0);
	ATF_CHECK_EQ(sl->len, sizeof(big));
	ATF_CHECK(memcmp(sl->data, big, sizeof(big)) == 0);
	recv_batch_free(rb);
	close(s);
	close(c);
}

ATF_TC_WITHOUT_HEAD(kernel_drops);
ATF_TC_BODY(kernel_drops, tc)
{
	static uint8_t		 pkt[1400];
	struct recv_batch	*rb;
	struct sockaddr_in	 rx, tx;
	int			 s, c, sz = 4096, i, got = 0, r;

	s = udp_socket(&rx);
	c = udp_socket(&tx);
	(void)setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	if (rxq_ovfl_enable(s) == -1)
		atf_tc_skip("this platform does not report receive drops");
	ATF_REQUIRE((rb = recv_batch_new(64)) != NULL);
	for (i = 0; i < 200; i++)
		(void)sendto(c, pkt, sizeof(pkt), 0, (struct sockaddr *)&rx,
		    sizeof(rx));
	/* One more after the overflow, so a datagram carries the count. */
	while ((r = recv_batch_read(rb, s)) > 0)
		got += r;
	ATF_REQUIRE(sendto(c, pkt, sizeof(pkt), 0, (struct sockaddr *)&rx,
	    sizeof(rx)) == sizeof(pkt));
	while ((r = recv_batch_read(rb, s)) > 0)
		got += r;
	ATF_CHECK_MSG(got < 201, "nothing was dropped (%d received)", got);
	ATF_CHECK_EQ_MSG(recv_batch_kernel_drops(rb), (uint64_t)(201 - got),
	    "drops %llu, received %d of 201",
	    (unsigned long long)recv_batch_kernel_drops(rb), got);
	recv_batch_free(rb);
	close(s);
	close(c);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, batch);
	ATF_TP_ADD_TC(tp, large_datagram);
	ATF_TP_ADD_TC(tp, kernel_drops);
	return (atf_no_error());
}
