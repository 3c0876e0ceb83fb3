/*
 * fuzz_nf_encode: encoder options and flows from the input bytes, then
 * invariants on every datagram: never over max_datagram, headers and
 * set lengths that add up, v9 count = every record, v5/IPFIX sequence
 * = flows/data records sent before, and nf_decode() reads back every
 * flow with its addresses, protocol and counters.  A broken invariant
 * aborts like a crash would.
 *
 * Input: 8 option bytes, then per flow one control byte (time step,
 * drain or not) and the bytes of a struct flow, zero-padded.  Option
 * bits left over pick softflowd's layout with its -A times, -b reverse
 * fields and -x labels (the extras come from the flow's bytes, reverse
 * counters 0 so every record stays one flow).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nf_decode.h"
#include "nf_encode.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXFLOWS	512

struct st {
	struct nf_encoder	*e;
	struct nf_collector	*col;
	int			 version;
	size_t			 max;
	struct flow		 in[MAXFLOWS];	/* accepted, in order */
	size_t			 nin, nout;
	int			 wide;		/* 8-byte counters */
	uint16_t		 port;		/* a new exporter each run */
	uint32_t		 seq;		/* expected next sequence */
	uint16_t		 reclen[8];	/* 1024, 1025, 2048, 2049, and
						   the NAT ones 1026 ... 2051 */
	uint16_t		 oreclen;
};

static uint16_t
g16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

static uint32_t
g32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static int
slot_of(u_int id)
{
	switch (id) {
	case 1024:
		return (0);
	case 1025:
		return (1);
	case 2048:
		return (2);
	case 2049:
		return (3);
	case 1026:
		return (4);
	case 1027:
		return (5);
	case 2050:
		return (6);
	case 2051:
		return (7);
	}
	return (-1);
}

/*
 * Sum of field lengths of the template record at p; its field count.
 * IPFIX enterprise fields take 8 bytes.
 */
static size_t
tmpl_len(const uint8_t *p, size_t n, u_int *nf, int ipfix)
{
	size_t	i, off = 4, sum = 0;

	*nf = g16(p + 2);
	for (i = 0; i < *nf; i++) {
		if (n < off + 4)
			abort();
		sum += g16(p + off + 2);
		off += ipfix && (p[off] & 0x80) ? 8 : 4;
	}
	if (n < off)
		abort();
	return (sum);
}

/* Walk the sets of a v9/IPFIX datagram; returns records, data records. */
static void
walk(struct st *s, const uint8_t *b, size_t len, u_int *recs, u_int *data)
{
	size_t	off, hdr = s->version == 9 ? 20 : 16, sl, o2, rl;
	u_int	id, nf, r = 0, d = 0;
	int	slot;

	for (off = hdr; off < len; off += sl) {
		if (len - off < 4)
			abort();
		id = g16(b + off);
		sl = g16(b + off + 2);
		if (sl < 4 || sl > len - off)
			abort();
		/* every set but the last ends 4-aligned */
		if (off + sl < len && (sl & 3) != 0)
			abort();
		if (id == (s->version == 9 ? 0U : 2U)) {
			o2 = off + 4;
			rl = tmpl_len(b + o2, sl - 4, &nf, s->version == 10);
			if ((slot = slot_of(g16(b + o2))) == -1)
				abort();
			s->reclen[slot] = (uint16_t)rl;
			r++;
		} else if (id == (s->version == 9 ? 1U : 3U)) {
			o2 = off + 4;
			if (s->version == 9) {
				nf = (g16(b + o2 + 2) + g16(b + o2 + 4)) / 4;
				for (rl = 0; nf > 0; nf--)
					rl += g16(b + o2 + 6 + (nf - 1) * 4 +
					    2);
			} else {
				nf = g16(b + o2 + 2);
				for (rl = 0; nf > 0; nf--)
					rl += g16(b + o2 + 6 + (nf - 1) * 4 +
					    2);
			}
			s->oreclen = (uint16_t)rl;
			r++;
		} else if (id == 256) {
			if (s->oreclen == 0 || (sl - 4) / s->oreclen != 1)
				abort();
			r++;
			d++;
		} else {
			if ((slot = slot_of(id)) == -1 || s->reclen[slot] == 0)
				abort();
			/* padding is less than one record */
			r += (u_int)((sl - 4) / s->reclen[slot]);
			d += (u_int)((sl - 4) / s->reclen[slot]);
		}
	}
	if (off != len)
		abort();
	*recs = r;
	*data = d;
}

static void
got(const struct flow *f, void *arg)
{
	struct st		*s = arg;
	const struct flow	*a;

	if (s->nout >= s->nin)
		abort();
	a = &s->in[s->nout++];
	if (f->protocol != ((a->fields & FLOW_PROTO_FLAGS_TOS) ?
	    a->protocol : 0))
		abort();
	if ((a->fields & (FLOW_SRC_ADDR4 | FLOW_SRC_ADDR6)) &&
	    memcmp(f->src.addr8, a->src.addr8,
	    (a->fields & FLOW_SRC_ADDR6) ? 16 : 4) != 0)
		abort();
	if ((a->fields & FLOW_PACKETS) && f->packets != a->packets &&
	    (s->wide || a->packets <= UINT32_MAX))
		abort();
}

static void
drain(struct st *s, const struct timeval *now)
{
	static uint8_t		 buf[NF_ENC_MAX_DATAGRAM];
	struct sockaddr_in	 sin;
	size_t			 len, hdr, n;
	u_int			 recs, data;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(s->port);
	sin.sin_addr.s_addr = htonl(0x7f000001);
	while ((len = nf_encoder_next(s->e, buf, sizeof(buf), now)) > 0) {
		if (len > s->max)
			abort();
		switch (s->version) {
		case 1:
		case 5:
			hdr = s->version == 1 ? 16 : 24;
			n = g16(buf + 2);
			if (g16(buf) != s->version || n == 0 ||
			    n > (s->version == 1 ? 24U : 30U) ||
			    len != hdr + n * 48)
				abort();
			if (s->version == 5 && g32(buf + 16) != s->seq)
				abort();
			s->seq += (uint32_t)n;
			break;
		case 9:
			walk(s, buf, len, &recs, &data);
			if (g16(buf + 2) != recs || g32(buf + 12) != s->seq)
				abort();
			s->seq++;
			break;
		default:
			walk(s, buf, len, &recs, &data);
			if (g16(buf + 2) != len || g32(buf + 8) != s->seq)
				abort();
			s->seq += data;
			break;
		}
		if (nf_decode(s->col, buf, len, (struct sockaddr *)&sin,
		    sizeof(sin), now, got, s) != NF_OK)
			abort();
	}
}

/*
 * One collector for the whole run, as creating one per input costs more
 * than the input; each input comes from its own source port, so it
 * meets a fresh exporter (old ones leave by LRU).
 */
static struct nf_collector	*col;
static struct st		 state;
static uint16_t			 next_port = 1;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int	 vers[4] = { 1, 5, 9, 10 };
	struct nf_encoder_opts	 o;
	struct nf_enc_extra	 x;
	struct st		*s;
	struct flow		 f;
	struct timeval		 now;
	size_t			 n, tries = 0, step;
	int			 r;

	if (size < 8)
		return (0);
	s = &state;
	s->nin = s->nout = 0;
	s->seq = 0;
	memset(s->reclen, 0, sizeof(s->reclen));
	s->oreclen = 0;
	s->port = next_port++;
	if (next_port == 0)
		next_port = 1;
	if (col == NULL && (col = nf_collector_new(NULL)) == NULL)
		abort();
	s->col = col;
	s->version = vers[data[0] & 3];
	nf_encoder_opts_init(&o, s->version);
	o.max_datagram = 60 + (size_t)g16(data + 1) % 3000;
	o.fields = (data[3] & 7) | ((data[4] & 8) ? NF_ENC_F_NAT : 0);
	o.counter_bytes = data[3] & 8 ? 8 : 4;
	o.ipfix_times = (data[3] >> 4) & 1;
	o.templates = 1 + ((data[3] >> 5) % 3);
	o.template_refresh_packets = data[4] & 7;
	o.template_refresh_seconds = data[4] >> 4;
	o.queue_flows = 1 + data[5] % 64;
	o.sampling_interval = g16(data + 6) & 0x3fff;
	o.boot_time.tv_sec = 1000000;
	if (data[5] & 0x40) {
		o.layout = NF_ENC_LAYOUT_SOFTFLOWD;
		o.ipfix_times = (((data[3] >> 4) & 1) | (data[6] >> 6) << 1) %
		    5;
		o.biflow = (data[5] & 0x80) != 0 && s->version == 10;
		o.mpls_labels = (data[4] & 8) ? 1 + data[2] % 10 : 0;
	}
	s->max = o.max_datagram;
	s->wide = s->version >= 9 && o.counter_bytes == 8;
	if ((s->e = nf_encoder_new(&o)) == NULL)
		return (0);
	now.tv_sec = 1000000 + 5;
	now.tv_usec = 0;
	data += 8;
	size -= 8;
	while (size > 0 && s->nin < MAXFLOWS) {
		step = data[0];
		data++;
		size--;
		memset(&f, 0, sizeof(f));
		n = size < sizeof(f) ? size : sizeof(f);
		memcpy(&f, data, n);
		data += n;
		size -= n;
		now.tv_sec += step & 7;
		tries++;
		/* extras from the flow's own bytes; no reverse traffic */
		memset(&x, 0, sizeof(x));
		memcpy(x.mpls, &f, sizeof(x.mpls));
		x.nmpls = f.tag % 12;
		x.rev_tos = f.tos;
		x.rev_tcp_flags = f.tcp_flags;
		x.rev_icmp = f.dst_port;
		if ((r = nf_encoder_add_extra(s->e, &f, &x, &now)) == 0)
			s->in[s->nin++] = f;
		if ((step & 0x80) || r == -1)
			drain(s, &now);
	}
	drain(s, &now);
	if (nf_encoder_pending(s->e) != 0 || s->nout != s->nin ||
	    nf_encoder_stats(s->e)->flows_sent != s->nin)
		abort();
	if (nf_encoder_stats(s->e)->flows_added +
	    nf_encoder_stats(s->e)->flows_unsupported +
	    nf_encoder_stats(s->e)->flows_queue_full != tries)
		abort();
	nf_encoder_free(s->e);
	return (0);
}
