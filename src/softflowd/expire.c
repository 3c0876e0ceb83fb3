/*
 * expire.c: when flows leave, and the timer wheel that finds them.
 *
 * A flow sits in the wheel slot of the second at which it must next be
 * looked at.  Packets never move it: when its slot comes round, the
 * flow's real deadline is computed from its last packet; due flows
 * leave, the others go to the slot of their new deadline (lazy expiry).
 * A TCP flow is looked at again no later than the shortest TCP state
 * timeout, so a RST or FIN that shortens its life is honoured in time.
 */
#include <sys/types.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "sf_track_local.h"

int
sf_wheel_init(struct sf_track *t)
{
	const struct sf_timeouts	*to = &t->conf.to;
	uint32_t			 r = to->tcp;

	if ((t->wheel = malloc(SF_WHEEL * sizeof(*t->wheel))) == NULL)
		return (-1);
	memset(t->wheel, 0xff, SF_WHEEL * sizeof(*t->wheel));
	if (to->tcp_rst != 0 && (r == 0 || to->tcp_rst < r))
		r = to->tcp_rst;
	if (to->tcp_fin != 0 && (r == 0 || to->tcp_fin < r))
		r = to->tcp_fin;
	t->recheck = r != 0 ? r : to->general;
	return (0);
}

int
sf_end_reason(int r)
{
	switch (r) {
	case SF_R_RST:
	case SF_R_FIN:
		return (3);	/* endOfFlowDetected */
	case SF_R_MAXLIFE:
	case SF_R_ACTIVE:
		return (2);	/* activeTimeout */
	case SF_R_FLUSH:
		return (4);	/* forcedEnd */
	case SF_R_OVERBYTES:
	case SF_R_MAXFLOWS:
		return (5);	/* lackOfResources */
	}
	return (1);		/* idleTimeout */
}

/*
 * The rules of softflowd, in its order; "0 disables" falls through to
 * the next rule.  maxlife and the active timeout bound every deadline
 * and then name the reason (softflowd keeps the idle reason: B6).
 */
uint64_t
sf_flow_deadline(const struct sf_track_conf *c, const struct sf_flow *f,
    int *reason)
{
	const struct sf_timeouts	*to = &c->to;
	uint64_t			 last, start, d, cap;
	int				 r;
	uint8_t				 p = f->key.proto;

	start = f->start_us / 1000000;
	last = SF_FLOW_END(f) / 1000000;
	if (p == IPPROTO_TCP && to->tcp_rst != 0 && (f->state & SF_ST_RST)) {
		d = last + to->tcp_rst;
		r = SF_R_RST;
	} else if (p == IPPROTO_TCP && to->tcp_fin != 0 &&
	    (f->state & (SF_ST_FIN0 | SF_ST_FIN1)) ==
	    (SF_ST_FIN0 | SF_ST_FIN1)) {
		d = last + to->tcp_fin;
		r = SF_R_FIN;
	} else if (p == IPPROTO_TCP && to->tcp != 0) {
		d = last + to->tcp;
		r = SF_R_TCP;
	} else if (p == IPPROTO_UDP && to->udp != 0) {
		d = last + to->udp;
		r = SF_R_UDP;
	} else if (((p == IPPROTO_ICMP && f->key.af == 4) ||
	    (p == IPPROTO_ICMPV6 && f->key.af == 6)) && to->icmp != 0) {
		d = last + to->icmp;
		r = SF_R_ICMP;
	} else {
		d = last + to->general;
		r = SF_R_GENERAL;
	}
	if (to->maxlife != 0 && (cap = start + to->maxlife) < d) {
		d = cap;
		r = SF_R_MAXLIFE;
	}
	if (to->active != 0 && (cap = start + to->active) < d) {
		d = cap;
		r = SF_R_ACTIVE;
	}
	*reason = r;
	return (d);
}

/* When the wheel must look at a flow next (seconds). */
static uint64_t
check_time(const struct sf_track *t, const struct sf_flow *f, uint64_t now)
{
	uint64_t	d;
	int		r;

	d = sf_flow_deadline(&t->conf, f, &r);
	if (f->key.proto == IPPROTO_TCP && r == SF_R_TCP &&
	    now + t->recheck < d)
		d = now + t->recheck;
	if (t->wheel_started && d <= t->wheel_pos)
		d = t->wheel_pos + 1;
	return (d);
}

void
sf_wheel_add(struct sf_track *t, uint32_t idx, uint64_t now)
{
	struct sf_flow	*f = sf_flow_at(t, idx);
	uint64_t	 c;
	uint32_t	 s;

	if (!t->wheel_started) {
		t->wheel_started = 1;
		t->wheel_pos = now > 0 ? now - 1 : 0;
		t->evict_pos = t->wheel_pos + 1;
	}
	c = check_time(t, f, now);
	/* evict_pos stays at or before the earliest occupied second. */
	if (c < t->evict_pos)
		t->evict_pos = c;
	s = (uint32_t)(c & SF_WHEEL_MASK);
	f->wnext = t->wheel[s];
	t->wheel[s] = idx;
}

void
sf_flow_reset(struct sf_flow *f, uint64_t ts)
{
	f->octets[0] = f->octets[1] = 0;
	f->packets[0] = f->packets[1] = 0;
	f->tcpflags[0] = f->tcpflags[1] = 0;
	f->state &= ~(SF_ST_RST | SF_ST_FIN0 | SF_ST_FIN1);
	f->start_us = ts;
	f->dur_ms = 0;
	f->dur_us = 0;
}

static void
minmax(double v, double *mn, double *mx, double *avg, uint64_t n)
{
	if (n == 1 || v < *mn)
		*mn = v;
	if (n == 1 || v > *mx)
		*mx = v;
	*avg += (v - *avg) / (double)n;
}

/* Account a flow that leaves and hand it to the exporter. */
void
sf_flow_gone(struct sf_track *t, uint32_t idx, int reason, uint64_t now)
{
	struct sf_flow		*f = sf_flow_at(t, idx);
	struct sf_track_stats	*st = &t->st;
	struct sf_proto_stats	*ps = &st->proto[f->key.proto];
	double			 life = f->dur_ms / 1000.0;
	uint64_t		 oct, pk;

	oct = f->octets[0] + f->octets[1];
	pk = f->packets[0] + f->packets[1];
	st->expired++;
	if (reason == SF_R_MAXFLOWS || reason == SF_R_OVERBYTES)
		st->forced++;
	st->reasons[reason]++;
	minmax((double)oct, &st->min_bytes, &st->max_bytes, &st->avg_bytes,
	    st->expired);
	minmax((double)pk, &st->min_pkts, &st->max_pkts, &st->avg_pkts,
	    st->expired);
	minmax(life, &st->min_dur, &st->max_dur, &st->avg_dur, st->expired);
	ps->octets += oct;
	ps->packets += pk;
	ps->flows++;
	ps->life_sum += life;
	if (life > ps->life_max)
		ps->life_max = life;
	if (pk > 0)
		t->conf.emit(t->conf.arg, f, sf_labels_at(t, idx), reason,
		    now);
}

static void
remove_flow(struct sf_track *t, uint32_t idx)
{
	sf_ft_unlink(t, idx);
	sf_ft_release(t, idx);
}

/*
 * Look at every slot whose second is before now: flows due (deadline
 * strictly before now, as softflowd) leave, the rest move on.
 */
u_int
sf_track_expire(struct sf_track *t, uint64_t now_us)
{
	struct sf_flow	*f;
	uint64_t	 now = now_us / 1000000, pos, end, d;
	uint32_t	 s, idx, next;
	u_int		 n = 0;
	int		 r;

	if (!t->wheel_started || now == 0 || now - 1 <= t->wheel_pos)
		return (0);
	end = now - 1;
	pos = t->wheel_pos + 1;
	/* After a long sleep one turn of the wheel sees every flow. */
	if (end - pos >= SF_WHEEL)
		pos = end - SF_WHEEL + 1;
	t->wheel_pos = end;
	for (; pos <= end; pos++) {
		s = (uint32_t)(pos & SF_WHEEL_MASK);
		idx = t->wheel[s];
		t->wheel[s] = SF_NIL;
		for (; idx != SF_NIL; idx = next) {
			f = sf_flow_at(t, idx);
			next = f->wnext;
			d = sf_flow_deadline(&t->conf, f, &r);
			if (d < now) {
				sf_flow_gone(t, idx, r, now_us);
				remove_flow(t, idx);
				n++;
			} else
				sf_wheel_add(t, idx, now);
		}
	}
	if (t->evict_pos <= t->wheel_pos)
		t->evict_pos = t->wheel_pos + 1;
	return (n);
}

/* Pop one flow off a wheel slot and expire it for reason. */
static void
pop(struct sf_track *t, uint32_t s, int reason, uint64_t now_us)
{
	struct sf_flow	*f;
	uint32_t	 idx = t->wheel[s];

	f = sf_flow_at(t, idx);
	t->wheel[s] = f->wnext;
	sf_flow_gone(t, idx, reason, now_us);
	remove_flow(t, idx);
}

/*
 * Too many flows: those the wheel would look at first go, which is
 * softflowd's "nearest to expiry" within the slack of lazy expiry.
 */
u_int
sf_track_evict(struct sf_track *t, uint64_t now_us)
{
	uint64_t	need, turn;
	uint32_t	s;
	u_int		n = 0;

	if (t->conf.max_flows == 0 || t->st.flows_now <= t->conf.max_flows)
		return (0);
	need = t->st.flows_now - t->conf.max_flows;
	if (t->evict_pos <= t->wheel_pos)
		t->evict_pos = t->wheel_pos + 1;
	for (turn = 0; need > 0 && turn <= SF_WHEEL; turn++) {
		s = (uint32_t)(t->evict_pos & SF_WHEEL_MASK);
		while (need > 0 && t->wheel[s] != SF_NIL) {
			pop(t, s, SF_R_MAXFLOWS, now_us);
			need--;
			n++;
		}
		if (need > 0)
			t->evict_pos++;
	}
	return (n);
}

/*
 * Every flow leaves (flushed) or is dropped: the table is emptied in
 * one sweep afterwards instead of flow by flow.
 */
static u_int
drain_all(struct sf_track *t, int export, uint64_t now_us)
{
	struct sf_flow	*f;
	uint32_t	 s, idx;
	u_int		 n = 0;

	for (s = 0; s < SF_WHEEL; s++) {
		while ((idx = t->wheel[s]) != SF_NIL) {
			f = sf_flow_at(t, idx);
			t->wheel[s] = f->wnext;
			if (export)
				sf_flow_gone(t, idx, SF_R_FLUSH, now_us);
			sf_ft_release(t, idx);
			n++;
		}
	}
	sf_ft_clear(t);
	return (n);
}

u_int
sf_track_flush(struct sf_track *t, uint64_t now_us)
{
	return (drain_all(t, 1, now_us));
}

u_int
sf_track_delete_all(struct sf_track *t)
{
	return (drain_all(t, 0, 0));
}

/* Every live flow, in the order the wheel will look at them. */
void
sf_track_walk(const struct sf_track *t, sf_walk_fn *fn, void *arg)
{
	const struct sf_flow	*f;
	uint64_t		 pos, d;
	uint32_t		 idx;
	int			 r;

	for (pos = t->wheel_pos + 1; pos <= t->wheel_pos + SF_WHEEL; pos++) {
		idx = t->wheel[pos & SF_WHEEL_MASK];
		for (; idx != SF_NIL; idx = f->wnext) {
			f = sf_flow_at(t, idx);
			d = sf_flow_deadline(&t->conf, f, &r);
			fn(arg, f, d, r);
		}
	}
}
