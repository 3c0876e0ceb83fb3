/*
 * sf_track.h: the flow tracker -- a hash table of bidirectional flows
 * over a packed canonical key, and their expiry on a timer wheel.
 *
 * A flow is 120 bytes and is never moved once made: the hash table is
 * open addressing over 32-bit slots (an 8-bit hash tag and a 24-bit
 * flow index), the wheel list links flows by index.  A packet touches
 * one slot line and its flow only; the wheel is visited once a second
 * at most, and a flow whose deadline moved on is simply put back
 * further along (lazy expiry), so no per-packet tree re-insertion as
 * in softflowd.  Packets can be looked up in two steps (sf_track_prep,
 * sf_track_prefetch) so a batch overlaps its cache misses.
 */
#ifndef SF_TRACK_H
#define SF_TRACK_H

#include <sys/types.h>

#include <stdint.h>

#include "sf_decode.h"

/* Tracking levels (-T). */
#define SF_T_IP		0
#define SF_T_PROTO	1
#define SF_T_PORT	2
#define SF_T_FULL	3
#define SF_T_VLAN	4
#define SF_T_ETHER	5

/* Why a flow left (the statistics' "Expired flow reasons"). */
#define SF_R_TCP	0
#define SF_R_RST	1
#define SF_R_FIN	2
#define SF_R_UDP	3
#define SF_R_ICMP	4
#define SF_R_GENERAL	5
#define SF_R_MAXLIFE	6
#define SF_R_OVERBYTES	7
#define SF_R_MAXFLOWS	8
#define SF_R_FLUSH	9
#define SF_R_ACTIVE	10
#define SF_R_COUNT	11

/* Timeouts in seconds; 0 disables a rule (general must be > 0). */
struct sf_timeouts {
	uint32_t	tcp;
	uint32_t	tcp_rst;
	uint32_t	tcp_fin;
	uint32_t	udp;
	uint32_t	icmp;
	uint32_t	general;
	uint32_t	maxlife;
	uint32_t	expint;
	uint32_t	active;		/* Cisco-style, not in softflowd */
};

/*
 * The part of a flow that identifies it: 56 bytes, compared and hashed
 * as seven 64-bit words, so every byte (pad included) is set.
 */
struct sf_key {
	uint8_t		addr[2][16];	/* [0] is the lower endpoint */
	uint16_t	port[2];
	uint16_t	vlan[2];	/* outer, inner (direction-free) */
	uint8_t		mac[2][6];	/* mac[i] belongs to addr[i] */
	uint8_t		af;
	uint8_t		proto;
	uint8_t		pad[2];		/* always 0 */
};
#define SF_KEY_WORDS	(sizeof(struct sf_key) / 8)

/* sf_flow.state */
#define SF_ST_RST	0x01
#define SF_ST_FIN0	0x02
#define SF_ST_FIN1	0x04
#define SF_ST_DEAD	0x08	/* expired, waiting on the wheel to free */
#define SF_ST_INUSE	0x10

struct sf_flow {
	uint64_t	octets[2];	/* [i]: sent by endpoint i */
	uint64_t	packets[2];
	uint64_t	start_us;	/* first packet, us since the epoch */
	uint32_t	dur_ms;		/* last packet - start */
	uint32_t	wnext;		/* wheel slot list, or free list */
	struct sf_key	key;
	uint8_t		tcpflags[2];
	uint8_t		tos[2];
	uint8_t		state;		/* SF_ST_* */
	uint8_t		pad;
	uint16_t	dur_us;		/* and this many us (0 - 999) */
	uint32_t	flowlabel[2];
};

/* The last packet's time, us since the epoch. */
#define SF_FLOW_END(f)	((f)->start_us + (uint64_t)(f)->dur_ms * 1000 + \
			    (f)->dur_us)

/* A packet's key and hash, made ahead of its lookup (sf_track_prep). */
struct sf_prep {
	struct sf_key	key;
	uint32_t	hash;
	int		dir;
	int		ok;		/* 0: take the slow path */
};

struct sf_track;

/*
 * Called for every flow that leaves with its counters, its reason and
 * the time; with -x also its MPLS labels: mpls_labels entries of what
 * endpoint 0 sent, then as many of endpoint 1's (else NULL).
 */
typedef void	sf_emit_fn(void *, const struct sf_flow *, const uint32_t *,
		    int, uint64_t);

struct sf_track_conf {
	int			level;		/* SF_T_* */
	int			track_v6;
	uint32_t		max_flows;	/* 0: no limit */
	struct sf_timeouts	to;
	uint64_t		byte_limit;	/* per direction; 0: none */
	u_int			mpls_labels;	/* -x: labels kept, 0 - 10 */
	sf_emit_fn		*emit;
	void			*arg;
};

/* Statistics of flows that left, for softflowctl statistics. */
struct sf_proto_stats {
	uint64_t	octets;
	uint64_t	packets;
	uint64_t	flows;
	double		life_sum;
	double		life_max;
};

struct sf_track_stats {
	uint64_t	flows_now;
	uint64_t	flows_made;
	uint64_t	expired;
	uint64_t	forced;
	uint64_t	reasons[SF_R_COUNT];
	uint64_t	fragments;
	uint64_t	frag_matched;	/* later fragment given its ports */
	uint64_t	frag_orphan;	/* later fragment without a first */
	uint64_t	v6_ignored;
	double		min_bytes, max_bytes, avg_bytes;
	double		min_pkts, max_pkts, avg_pkts;
	double		min_dur, max_dur, avg_dur;
	struct sf_proto_stats proto[256];
};

/* Defaults of softflowd 1.1 (section 1.3 of the dossier). */
void		 sf_timeouts_default(struct sf_timeouts *);

struct sf_track	*sf_track_new(const struct sf_track_conf *);
void		 sf_track_free(struct sf_track *);

/* One decoded packet at time ts (us since the epoch). 0, or -1: ignored. */
int		 sf_track_packet(struct sf_track *, const struct sf_pkt *,
		    uint64_t);

/*
 * The same in steps, for a batch: prep every packet (key, hash, and a
 * prefetch of its slot), then prefetch every flow, then track each.
 */
void		 sf_track_prep(struct sf_track *, const struct sf_pkt *,
		    struct sf_prep *);
void		 sf_track_prefetch(const struct sf_track *,
		    const struct sf_prep *, u_int *);
int		 sf_track_packet_prep(struct sf_track *, const struct sf_pkt *,
		    const struct sf_prep *, uint64_t);

/* Expire what is due at now; returns flows expired. */
u_int		 sf_track_expire(struct sf_track *, uint64_t);

/* Evict flows over max_flows, soonest expiry first. */
u_int		 sf_track_evict(struct sf_track *, uint64_t);

/* Export every flow (reason flushed), or drop them all unexported. */
u_int		 sf_track_flush(struct sf_track *, uint64_t);
u_int		 sf_track_delete_all(struct sf_track *);

/* Walk every live flow (dump-flows); deadline in seconds, reason. */
typedef void	 sf_walk_fn(void *, const struct sf_flow *, uint64_t, int);
void		 sf_track_walk(const struct sf_track *, sf_walk_fn *, void *);

const struct sf_track_stats *sf_track_stats(const struct sf_track *);
struct sf_track_stats	*sf_track_stats_rw(struct sf_track *);
const struct sf_track_conf *sf_track_conf(const struct sf_track *);

/* The deadline (s) a flow has now and the reason it would leave. */
uint64_t	 sf_flow_deadline(const struct sf_track_conf *,
		    const struct sf_flow *, int *);

/* flowEndReason (IE 136) for an SF_R_* reason. */
int		 sf_end_reason(int);

/* Build the canonical key; *dir is the sending endpoint (0 or 1). */
void		 sf_key_make(int, const struct sf_pkt *, struct sf_key *,
		    int *);

/* Fragment association (frag.c). */
struct sf_frags;
struct sf_frags	*sf_frags_new(u_int);
void		 sf_frags_free(struct sf_frags *);
void		 sf_frags_first(struct sf_frags *, const struct sf_pkt *,
		    uint64_t);
int		 sf_frags_later(struct sf_frags *, struct sf_pkt *, uint64_t);

#endif /* SF_TRACK_H */
