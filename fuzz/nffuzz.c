/* nffuzz.c: see nffuzz.h. */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nffuzz.h"

static void
check_addr(uint32_t fields, uint32_t bit4, const struct xaddr *a)
{
	uint32_t	both = bit4 | bit4 << 1;

	if ((fields & both) == both)
		abort();
	if ((fields & bit4) && a->af != AF_INET)
		abort();
	if ((fields & (bit4 << 1)) && a->af != AF_INET6)
		abort();
}

void
nffuzz_flow(const struct flow *f, void *arg)
{
	(void)arg;
	check_addr(f->fields, FLOW_AGENT_ADDR4, &f->agent);
	check_addr(f->fields, FLOW_SRC_ADDR4, &f->src);
	check_addr(f->fields, FLOW_DST_ADDR4, &f->dst);
	check_addr(f->fields, FLOW_GATEWAY_ADDR4, &f->gateway);
	if (f->netflow_version != 1 && f->netflow_version != 5 &&
	    f->netflow_version != 7 && f->netflow_version != 9 &&
	    f->netflow_version != 10)
		abort();
	if (f->fields & (FLOW_CRC32 | FLOW_TAG | FLOW_RESERVED))
		abort();
	if (f->start_nsec >= 1000000000 || f->end_nsec >= 1000000000)
		abort();
}

void
nffuzz_check(struct nf_collector *col, enum nf_reason r,
    const struct nf_limits *lim)
{
	struct nf_stats	st;

	if ((u_int)r >= NF_REASON_MAX || nf_reason_str(r) == NULL)
		abort();
	nf_collector_stats(col, &st);
	if (lim != NULL && (st.exporters > lim->max_exporters ||
	    st.pending_bytes > lim->pending_max))
		abort();
	if (st.c.reverse_flows > st.c.flows)
		abort();
}

enum nf_reason
nffuzz_one(struct nf_collector *col, const uint8_t *p, size_t len,
    int host, uint16_t port, time_t when)
{
	struct sockaddr_in	sin;
	struct timeval		tv;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(0xc0000200U | (host & 0xff));
	tv.tv_sec = when;
	tv.tv_usec = 0;
	return (nf_decode(col, p, len, (struct sockaddr *)&sin, sizeof(sin),
	    &tv, nffuzz_flow, NULL));
}

/*
 * One datagram; with version non-zero the first word is forced to it so
 * that mutations go to that version's decoder.
 */
int
nffuzz_datagram(const uint8_t *data, size_t size, int version)
{
	struct nf_collector	*col;
	enum nf_reason		 r;
	uint8_t			*copy;

	if (size > 65535)
		return (0);
	if ((copy = malloc(size + 1)) == NULL)
		abort();
	memcpy(copy, data, size);
	if (version != 0 && size >= 2) {
		copy[0] = 0;
		copy[1] = version;
	}
	if ((col = nf_collector_new(NULL)) == NULL)
		abort();
	r = nffuzz_one(col, copy, size, 1, 2055, 1700000000);
	nffuzz_check(col, r, NULL);
	/* Twice: the second pass meets the templates the first left. */
	r = nffuzz_one(col, copy, size, 1, 2055, 1700000001);
	nffuzz_check(col, r, NULL);
	nf_collector_free(col);
	free(copy);
	return (0);
}
