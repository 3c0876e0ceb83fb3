/*
 * privsep_msg: messages and descriptors cross the socketpair intact;
 * oversized, truncated and descriptor-stuffed messages are refused.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "privsep_msg.h"

static void
pair(int sv[2])
{
	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
}

ATF_TC_WITHOUT_HEAD(roundtrip);
ATF_TC_BODY(roundtrip, tc)
{
	struct psmsg	m;
	uint32_t	v = 0xdeadbeef, got;
	int		sv[2], fd;
	char		buf[8];

	pair(sv);
	ATF_REQUIRE(psmsg_init(&m) == 0);
	ATF_REQUIRE(psmsg_send(sv[0], 7, &v, sizeof(v), -1) == 0);
	ATF_REQUIRE_EQ(psmsg_recv(sv[1], &m), 1);
	ATF_CHECK_EQ(m.type, 7);
	ATF_CHECK_EQ(m.fd, -1);
	ATF_REQUIRE(psmsg_get(&m, &got, sizeof(got)) == 0);
	ATF_CHECK_EQ(got, v);
	/* Exactly the size asked for, or nothing. */
	ATF_CHECK(psmsg_get(&m, buf, 2) == -1 && errno == EMSGSIZE);
	ATF_CHECK(psmsg_get(&m, buf, 8) == -1);

	/* An empty message with a descriptor. */
	ATF_REQUIRE((fd = open("f", O_CREAT | O_RDWR, 0600)) != -1);
	ATF_REQUIRE(write(fd, "hello", 5) == 5);
	ATF_REQUIRE(psmsg_send(sv[0], 9, NULL, 0, fd) == 0);
	close(fd);
	ATF_REQUIRE_EQ(psmsg_recv(sv[1], &m), 1);
	ATF_CHECK_EQ(m.type, 9);
	ATF_CHECK_EQ(m.len, 0);
	ATF_REQUIRE(m.fd != -1);
	ATF_CHECK(pread(m.fd, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0);

	/* Orderly EOF. */
	close(sv[0]);
	ATF_CHECK_EQ(psmsg_recv(sv[1], &m), 0);
	psmsg_free(&m);
	close(sv[1]);
}

ATF_TC_WITHOUT_HEAD(large_payload);
ATF_TC_BODY(large_payload, tc)
{
	struct psmsg	 m;
	uint8_t		*big;
	pid_t		 pid;
	int		 sv[2];
	size_t		 i;

	pair(sv);
	ATF_REQUIRE((big = malloc(PSMSG_MAX_PAYLOAD)) != NULL);
	for (i = 0; i < PSMSG_MAX_PAYLOAD; i++)
		big[i] = (uint8_t)(i * 7);
	/* Larger than the socket buffer: the writer must be another process. */
	ATF_REQUIRE((pid = fork()) != -1);
	if (pid == 0) {
		_exit(psmsg_send(sv[0], 1, big, PSMSG_MAX_PAYLOAD, -1) == 0 ?
		    0 : 1);
	}
	ATF_REQUIRE(psmsg_init(&m) == 0);
	ATF_REQUIRE_EQ(psmsg_recv(sv[1], &m), 1);
	ATF_CHECK_EQ(m.len, PSMSG_MAX_PAYLOAD);
	ATF_CHECK(memcmp(m.buf, big, PSMSG_MAX_PAYLOAD) == 0);
	errno = 0;
	ATF_CHECK(psmsg_send(sv[0], 1, big, PSMSG_MAX_PAYLOAD + 1, -1) == -1 &&
	    errno == EMSGSIZE);
	psmsg_free(&m);
	free(big);
}

ATF_TC_WITHOUT_HEAD(hostile_peer);
ATF_TC_BODY(hostile_peer, tc)
{
	struct psmsg	m;
	uint32_t	hdr[2];
	int		sv[2];

	/* A header announcing more than the maximum is refused unread. */
	pair(sv);
	ATF_REQUIRE(psmsg_init(&m) == 0);
	hdr[0] = 1;
	hdr[1] = PSMSG_MAX_PAYLOAD + 1;
	ATF_REQUIRE(write(sv[0], hdr, sizeof(hdr)) == sizeof(hdr));
	ATF_CHECK(psmsg_recv(sv[1], &m) == -1 && errno == EMSGSIZE);
	close(sv[0]);
	close(sv[1]);

	/* A payload cut short by EOF is an error, not a short message. */
	pair(sv);
	hdr[1] = 100;
	ATF_REQUIRE(write(sv[0], hdr, sizeof(hdr)) == sizeof(hdr));
	ATF_REQUIRE(write(sv[0], "abc", 3) == 3);
	close(sv[0]);
	ATF_CHECK_EQ(psmsg_recv(sv[1], &m), -1);
	close(sv[1]);

	/* A header cut short by EOF likewise. */
	pair(sv);
	ATF_REQUIRE(write(sv[0], hdr, 3) == 3);
	close(sv[0]);
	ATF_CHECK_EQ(psmsg_recv(sv[1], &m), -1);
	close(sv[1]);
	psmsg_free(&m);
}

ATF_TC_WITHOUT_HEAD(descriptor_not_leaked);
ATF_TC_BODY(descriptor_not_leaked, tc)
{
	struct psmsg	m;
	int		sv[2], fd, before;

	pair(sv);
	ATF_REQUIRE(psmsg_init(&m) == 0);
	ATF_REQUIRE((fd = open("/dev/null", O_RDONLY)) != -1);
	before = getdtablecount();
	ATF_REQUIRE(psmsg_send(sv[0], 1, NULL, 0, fd) == 0);
	ATF_REQUIRE(psmsg_send(sv[0], 2, NULL, 0, fd) == 0);
	ATF_REQUIRE_EQ(psmsg_recv(sv[1], &m), 1);
	/* The second receive closes the descriptor nobody took. */
	ATF_REQUIRE_EQ(psmsg_recv(sv[1], &m), 1);
	ATF_CHECK_EQ(getdtablecount(), before + 1);
	psmsg_free(&m);
	ATF_CHECK_EQ(getdtablecount(), before);
	close(fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, roundtrip);
	ATF_TP_ADD_TC(tp, large_payload);
	ATF_TP_ADD_TC(tp, hostile_peer);
	ATF_TP_ADD_TC(tp, descriptor_not_leaked);
	return (atf_no_error());
}
