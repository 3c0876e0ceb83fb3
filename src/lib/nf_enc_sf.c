/*
 * nf_enc_sf.c: softflowd 1.1's own v9/IPFIX layout, byte for byte in
 * its templates, for collectors set up for softflowd.
 *
 * Against the default layout: counters as wide as counter_bytes (4 in
 * softflowd), the destination MAC as IE 57 (softflowd's choice, not
 * 80), the -A time pairs in v9 as well as IPFIX (150/151 seconds,
 * 152/153 milliseconds, 154/155 and 156/157 NTP), the RFC 5103 reverse
 * fields of -b (PEN 29305) and the MPLS label stack of -x, and the
 * IPFIX options template of softflowd 1.1.0 (no exporter address).
 * Only set padding differs from softflowd, which leaves sets unaligned.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "nf_enc_local.h"

#define PEN_REVERSE	29305		/* RFC 5103 */
#define NTP_EPOCH	2208988800ULL	/* 1900-01-01 to 1970-01-01, s */

static void
field(struct nfe_template *t, uint16_t ie, uint16_t len, uint32_t pen)
{
	t->f[t->nfields].ie = ie;
	t->f[t->nfields].len = len;
	t->f[t->nfields].pen = pen;
	t->nfields++;
	t->reclen += len;
}

void
nfe_sf_build(const struct nf_encoder *e, struct nfe_template *t, int is6,
    int icmp)
{
	const struct nf_encoder_opts	*o = &e->opts;
	uint16_t			 cb = (uint16_t)o->counter_bytes;
	uint16_t			 icmp_ie = is6 ? 139 : 32;
	u_int				 i;

	field(t, is6 ? 27 : 8, is6 ? 16 : 4, 0);
	field(t, is6 ? 28 : 12, is6 ? 16 : 4, 0);
	switch (o->ipfix_times) {
	case NF_ENC_TIME_SEC:
		field(t, 150, 4, 0);
		field(t, 151, 4, 0);
		break;
	case NF_ENC_TIME_MILLI:
		field(t, 152, 8, 0);
		field(t, 153, 8, 0);
		break;
	case NF_ENC_TIME_MICRO:
		field(t, 154, 8, 0);
		field(t, 155, 8, 0);
		break;
	case NF_ENC_TIME_NANO:
		field(t, 156, 8, 0);
		field(t, 157, 8, 0);
		break;
	default:
		/* first switched before last, as softflowd */
		field(t, 22, 4, 0);
		field(t, 21, 4, 0);
		break;
	}
	field(t, 1, cb, 0);
	field(t, 2, cb, 0);
	field(t, 10, 4, 0);
	field(t, 14, 4, 0);
	field(t, 61, 1, 0);
	field(t, 136, 1, 0);
	if (icmp)
		field(t, icmp_ie, 2, 0);
	else {
		field(t, 7, 2, 0);
		field(t, 11, 2, 0);
	}
	field(t, 4, 1, 0);
	if (!icmp)
		field(t, 6, 1, 0);
	field(t, 60, 1, 0);
	field(t, 5, 1, 0);
	if (o->fields & NF_ENC_F_VLAN) {
		field(t, 58, 2, 0);
		field(t, 59, 2, 0);
	}
	if (o->fields & NF_ENC_F_MAC) {
		field(t, 56, 6, 0);
		field(t, 57, 6, 0);
	}
	if (o->biflow && o->version == 10) {
		field(t, 1, cb, PEN_REVERSE);
		field(t, 2, cb, PEN_REVERSE);
		field(t, 5, 1, PEN_REVERSE);
		if (icmp)
			field(t, icmp_ie, 2, PEN_REVERSE);
		else
			field(t, 6, 1, PEN_REVERSE);
	}
	for (i = 0; i < o->mpls_labels && i < NF_ENC_MAX_MPLS; i++)
		field(t, (uint16_t)(70 + i), 3, 0);
}

void
nfe_sf_options(const struct nf_encoder *e, struct nfe_template *t)
{
	if (e->opts.version == 9) {
		field(t, 2, 4, 0);	/* scope: interface */
		field(t, 34, 4, 0);
		field(t, 35, 1, 0);
		field(t, 82, 16, 0);
		return;
	}
	field(t, 143, 4, 0);		/* scope: meteringProcessId */
	field(t, 160, 8, 0);
	field(t, 305, 4, 0);
	field(t, 306, 4, 0);
	field(t, 304, 2, 0);
	field(t, 82, 16, 0);
}

/* A first/last packet time as seconds and nanoseconds since the epoch. */
static void
abs_time(const struct flow *f, const struct nfe_clock *c, int end,
    uint64_t *sec, uint64_t *nsec)
{
	int64_t	ms;

	if (f->fields & FLOW_ABS_TIMES) {
		*sec = end ? f->end_sec : f->start_sec;
		*nsec = end ? f->end_nsec : f->start_nsec;
		if (*nsec >= 1000000000)
			*nsec = 999999999;
		return;
	}
	ms = end ? nfe_abs_end(f, c) : nfe_abs_start(f, c);
	if (ms < 0)
		ms = 0;
	*sec = (uint64_t)ms / 1000;
	*nsec = (uint64_t)ms % 1000 * 1000000;
}

/*
 * RFC 7011 6.1.10: NTP seconds since 1900 and a binary fraction,
 * rounded up so that a reader truncating it back gets nsec again.
 */
static uint64_t
ntp(uint64_t sec, uint64_t nsec)
{
	return ((sec + NTP_EPOCH) << 32 |
	    ((nsec << 32) + 999999999) / 1000000000);
}

uint8_t *
nfe_sf_field(struct nf_encoder *e, uint8_t *p, const struct nfe_field *fd,
    const struct flow *f, const struct nfe_clock *c)
{
	static const struct nf_enc_extra	 none;
	const struct nf_enc_extra		*x = e->rx;
	uint64_t				 sec, nsec;
	uint32_t				 v;

	if (x == NULL)
		x = &none;
	if (fd->pen == PEN_REVERSE) {
		switch (fd->ie) {
		case 1:
			return (nfe_putn(e, p, fd->len, x->rev_octets));
		case 2:
			return (nfe_putn(e, p, fd->len, x->rev_packets));
		case 5:
			return (nfe_putn(e, p, fd->len, x->rev_tos));
		case 6:
			return (nfe_putn(e, p, fd->len, x->rev_tcp_flags));
		case 32:
		case 139:
			return (nfe_putn(e, p, fd->len, x->rev_icmp));
		}
	}
	if (fd->pen == 0) {
		switch (fd->ie) {
		case 57:
			if (f->fields & FLOW_MAC_ADDRS)
				memcpy(p, f->dst_mac, 6);
			else
				memset(p, 0, 6);
			return (p + 6);
		case 150:
		case 151:
			abs_time(f, c, fd->ie == 151, &sec, &nsec);
			return (nfe_putn(e, p, 4, sec));
		case 154:
		case 155:
		case 156:
		case 157:
			abs_time(f, c, fd->ie & 1, &sec, &nsec);
			return (nfe_put64(p, ntp(sec, nsec)));
		}
		if (fd->ie >= 70 && fd->ie < 70 + NF_ENC_MAX_MPLS) {
			/* a label stack entry less its TTL: 3 bytes */
			v = fd->ie - 70u < x->nmpls ? x->mpls[fd->ie - 70] : 0;
			p[0] = (uint8_t)(v >> 16);
			p[1] = (uint8_t)(v >> 8);
			p[2] = (uint8_t)v;
			return (p + 3);
		}
	}
	/* nfe_sf_build() adds only the cases above */
	memset(p, 0, fd->len);
	return (p + fd->len);
}
