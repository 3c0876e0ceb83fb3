/*
 * sf_track_local.h: the tracker's insides, shared by flowtable.c (the
 * hash table) and expire.c (the wheel) only.
 */
#ifndef SF_TRACK_LOCAL_H
#define SF_TRACK_LOCAL_H

#include "sf_track.h"

#define SF_NIL		UINT32_MAX
#define SF_CHUNK_SHIFT	10		/* 1024 flows (120 KiB) a chunk */
#define SF_CHUNK	(1U << SF_CHUNK_SHIFT)
#define SF_MAX_CHUNKS	(1U << 14)	/* 16.7 M flows */
/* A slot: hash tag << 24 | flow index; two values are reserved. */
#define SF_IDX_BITS	24
#define SF_IDX_MASK	((1U << SF_IDX_BITS) - 1)
#define SF_MAX_FLOWS	(SF_IDX_MASK - 1)	/* indices 0 .. this - 1 */
#define SF_SLOT_EMPTY	UINT32_MAX
#define SF_SLOT_TOMB	(UINT32_MAX - 1)
#define SF_WHEEL_BITS	16		/* one slot a second: 18 hours */
#define SF_WHEEL	(1U << SF_WHEEL_BITS)
#define SF_WHEEL_MASK	(SF_WHEEL - 1)

struct sf_track {
	struct sf_track_conf	 conf;
	struct sf_flow		*chunk[SF_MAX_CHUNKS];
	uint32_t		*labels[SF_MAX_CHUNKS];	/* -x only */
	uint32_t		 nchunks;
	uint32_t		 freelist;	/* via wnext */
	uint32_t		 fresh;		/* next never used */
	uint32_t		*slot;		/* SF_SLOT_* or tag|index */
	uint32_t		 nslot;		/* power of two */
	uint32_t		 nlive;		/* slots holding a flow */
	uint32_t		 ntomb;		/* deleted slots */
	uint64_t		 seed;
	uint32_t		*wheel;		/* SF_WHEEL list heads */
	uint64_t		 wheel_pos;	/* last second scanned */
	uint64_t		 evict_pos;
	int			 wheel_started;
	uint32_t		 recheck;	/* TCP: earliest state change */
	struct sf_frags		*frags;
	struct sf_track_stats	 st;
};

static inline struct sf_flow *
sf_flow_at(const struct sf_track *t, uint32_t i)
{
	return (&t->chunk[i >> SF_CHUNK_SHIFT][i & (SF_CHUNK - 1)]);
}

/* A flow's MPLS labels (2 x mpls_labels), NULL without -x. */
static inline uint32_t *
sf_labels_at(const struct sf_track *t, uint32_t i)
{
	if (t->conf.mpls_labels == 0)
		return (NULL);
	return (&t->labels[i >> SF_CHUNK_SHIFT][(i & (SF_CHUNK - 1)) * 2 *
	    t->conf.mpls_labels]);
}

/* flowtable.c */
uint32_t	sf_ft_hash(const struct sf_track *, const struct sf_key *);
uint32_t	sf_ft_alloc(struct sf_track *);
void		sf_ft_unlink(struct sf_track *, uint32_t);
void		sf_ft_release(struct sf_track *, uint32_t);
void		sf_ft_clear(struct sf_track *);

/* expire.c */
int		sf_wheel_init(struct sf_track *);
void		sf_wheel_add(struct sf_track *, uint32_t, uint64_t);
void		sf_flow_gone(struct sf_track *, uint32_t, int, uint64_t);
void		sf_flow_reset(struct sf_flow *, uint64_t);

#endif /* SF_TRACK_LOCAL_H */
