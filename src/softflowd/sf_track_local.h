/*
 * sf_track_local.h: the tracker's insides, shared by flowtable.c (the
 * hash table) and expire.c (the wheel) only.
 */
#ifndef SF_TRACK_LOCAL_H
#define SF_TRACK_LOCAL_H

#include "sf_track.h"

#define SF_NIL		UINT32_MAX
#define SF_CHUNK_SHIFT	12		/* 4096 flows a chunk */
#define SF_CHUNK	(1U << SF_CHUNK_SHIFT)
#define SF_MAX_CHUNKS	(1U << 12)	/* 16.7 M flows */
#define SF_WHEEL_BITS	16		/* one slot a second: 18 hours */
#define SF_WHEEL	(1U << SF_WHEEL_BITS)
#define SF_WHEEL_MASK	(SF_WHEEL - 1)

struct sf_track {
	struct sf_track_conf	 conf;
	struct sf_flow		*chunk[SF_MAX_CHUNKS];
	uint32_t		 nchunks;
	uint32_t		 freelist;	/* via hnext */
	uint32_t		 fresh;		/* next never used */
	uint32_t		*bucket;
	uint32_t		 nbucket;	/* power of two */
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

/* flowtable.c */
uint32_t	sf_ft_hash(const struct sf_track *, const struct sf_key *);
uint32_t	sf_ft_alloc(struct sf_track *);
void		sf_ft_unlink(struct sf_track *, uint32_t);
void		sf_ft_release(struct sf_track *, uint32_t);

/* expire.c */
int		sf_wheel_init(struct sf_track *);
void		sf_wheel_add(struct sf_track *, uint32_t, uint64_t);
void		sf_flow_gone(struct sf_track *, struct sf_flow *, int,
		    uint64_t);
void		sf_flow_reset(struct sf_flow *, uint64_t);

#endif /* SF_TRACK_LOCAL_H */
