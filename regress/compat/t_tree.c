/*
 * compat/sys-tree.h: RB and SPLAY trees against a naive model, a sorted
 * array of keys.  Each random case runs thousands of inserts, removals,
 * finds, nfinds, next/prev, min/max and whole-tree walks (including
 * removal during RB_FOREACH_SAFE and its reverse), and after every
 * operation walks the whole tree: in-order keys equal the model, parent
 * links are right, and for RB the root is black, no red node has a red
 * child, every path has the same number of black nodes and the height
 * is at most 2*log2(n+1).
 *
 * Fixed seeds make failures reproducible; the *_timeseed cases add a
 * seed from the clock, printed on failure.  Rerun one seed with
 *   kyua debug -v test_suites.flowd.seed=N compat/t_tree:rb_timeseed
 */
#include <sys/types.h>

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <atf-c.h>

#include "compat.h"
#include "sys-queue.h"
#include "sys-tree.h"
/*
 * Out of order on purpose: a system <sys/queue.h> after ours must add
 * nothing (t_queue.c checks the other order).
 */
#include <sys/queue.h>

#define KEYS_MAX	4096

struct node {
	int			 key;
	RB_ENTRY(node)		 rb;
	SPLAY_ENTRY(node)	 sp;
};

/* const arguments: the generated code must not need a cast. */
static int	node_cmp(const struct node *, const struct node *);

RB_HEAD(rbt, node);
RB_PROTOTYPE(rbt, node, rb, node_cmp);
RB_GENERATE(rbt, node, rb, node_cmp);

SPLAY_HEAD(spt, node);
SPLAY_PROTOTYPE(spt, node, sp, node_cmp);
SPLAY_GENERATE(spt, node, sp, node_cmp);

/* The same tree type again through the static variants. */
RB_HEAD(srbt, node);
RB_PROTOTYPE_STATIC(srbt, node, rb, node_cmp);
RB_GENERATE_STATIC(srbt, node, rb, node_cmp);

/* Names a careless macro would declare; -Wshadow would report them. */
static struct rbt	 head = RB_INITIALIZER(&head);
static struct node	*elm, *tmp, *parent;

struct run {
	uint64_t	 rng;
	int		 kmax;		/* keys are 0 .. kmax-1 */
	int		 model[KEYS_MAX];
	size_t		 mn;
	struct node	 pool[KEYS_MAX];	/* pool[k] has key k */
	struct rbt	 rbh;
	struct spt	 sph;
	size_t		 seen;		/* walk: nodes visited */
	int		 height;	/* walk: longest path, in nodes */
	char		 err[256];
};

static struct run	 run;

static int
node_cmp(const struct node *a, const struct node *b)
{
	return (a->key < b->key ? -1 : a->key > b->key);
}

/* xorshift64*: small, fast and the same on every platform. */
static uint64_t
rnd(struct run *r)
{
	r->rng ^= r->rng >> 12;
	r->rng ^= r->rng << 25;
	r->rng ^= r->rng >> 27;
	return (r->rng * 2685821657736338717ULL);
}

static int
rnd_below(struct run *r, int n)
{
	return ((int)(rnd(r) % (uint64_t)n));
}

static void
run_init(struct run *r, unsigned long long seed, int kmax)
{
	int	 k;

	memset(r, 0, sizeof(*r));
	r->rng = seed * 0x9e3779b97f4a7c15ULL + 1;	/* never 0 */
	r->kmax = kmax;
	for (k = 0; k < KEYS_MAX; k++)
		r->pool[k].key = k;
	RB_INIT(&r->rbh);
	SPLAY_INIT(&r->sph);
}

static int	fail(struct run *, const char *, ...)
		    __attribute__((__format__ (printf, 2, 3)));

static int
fail(struct run *r, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return (-1);
}

/* Index of the first model key >= k. */
static size_t
model_lower(const struct run *r, int k)
{
	size_t	 lo = 0, hi = r->mn, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->model[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

static int
model_has(const struct run *r, int k)
{
	size_t	 i = model_lower(r, k);

	return (i < r->mn && r->model[i] == k);
}

static void
model_insert(struct run *r, int k)
{
	size_t	 i = model_lower(r, k);

	memmove(&r->model[i + 1], &r->model[i],
	    (r->mn - i) * sizeof(r->model[0]));
	r->model[i] = k;
	r->mn++;
}

static void
model_remove(struct run *r, int k)
{
	size_t	 i = model_lower(r, k);

	memmove(&r->model[i], &r->model[i + 1],
	    (r->mn - i - 1) * sizeof(r->model[0]));
	r->mn--;
}

/* The model's node for key k, or NULL if k is absent. */
static struct node *
model_node(struct run *r, int k)
{
	return (k >= 0 && k < r->kmax && model_has(r, k) ? &r->pool[k] : NULL);
}

/* The node at model position i, or NULL past either end. */
static struct node *
model_at(struct run *r, size_t i)
{
	return (i < r->mn ? &r->pool[r->model[i]] : NULL);
}

/*
 * Returns the black height of the subtree at n (missing children count
 * 0), or -1 with r->err set.  Visits in order, matching the model.
 */
static int
rb_walk(struct run *r, struct node *n, struct node *up, int depth)
{
	int	 lh, rh;

	if (n == NULL) {
		if (depth > r->height)
			r->height = depth;
		return (0);
	}
	if (r->seen > r->mn || depth > 64)
		return (fail(r, "more nodes than the model's %zu (cycle?)",
		    r->mn));
	if (RB_PARENT(n, rb) != up)
		return (fail(r, "key %d: wrong parent link", n->key));
	if (RB_COLOR(n, rb) != RB_RED && RB_COLOR(n, rb) != RB_BLACK)
		return (fail(r, "key %d: colour %d", n->key, RB_COLOR(n, rb)));
	if (RB_COLOR(n, rb) == RB_RED && up != NULL &&
	    RB_COLOR(up, rb) == RB_RED)
		return (fail(r, "red %d under red %d", n->key, up->key));
	if ((lh = rb_walk(r, RB_LEFT(n, rb), n, depth + 1)) == -1)
		return (-1);
	if (r->seen >= r->mn || r->model[r->seen] != n->key)
		return (fail(r, "in-order position %zu holds key %d",
		    r->seen, n->key));
	r->seen++;
	if ((rh = rb_walk(r, RB_RIGHT(n, rb), n, depth + 1)) == -1)
		return (-1);
	if (lh != rh)
		return (fail(r, "key %d: black heights differ (%d, %d)",
		    n->key, lh, rh));
	return (lh + (RB_COLOR(n, rb) == RB_BLACK));
}

static int
rb_check(struct run *r)
{
	uint64_t	 np1;

	r->seen = 0;
	r->height = 0;
	if (RB_EMPTY(&r->rbh) != (r->mn == 0))
		return (fail(r, "RB_EMPTY %d with %zu keys",
		    RB_EMPTY(&r->rbh), r->mn));
	if (!RB_EMPTY(&r->rbh) && RB_COLOR(RB_ROOT(&r->rbh), rb) != RB_BLACK)
		return (fail(r, "red root %d", RB_ROOT(&r->rbh)->key));
	if (rb_walk(r, RB_ROOT(&r->rbh), NULL, 0) == -1)
		return (-1);
	if (r->seen != r->mn)
		return (fail(r, "tree has %zu keys, model %zu", r->seen,
		    r->mn));
	/* height <= 2 log2(n+1)  <=>  2^height <= (n+1)^2 */
	np1 = (uint64_t)r->mn + 1;
	if (r->height >= 63 || ((uint64_t)1 << r->height) > np1 * np1)
		return (fail(r, "height %d for %zu nodes", r->height,
		    r->mn));
	return (0);
}

/* In-order walk of the splay tree against the model. */
static int
sp_walk(struct run *r, struct node *n, int depth)
{
	if (n == NULL)
		return (0);
	if (r->seen > r->mn || depth > KEYS_MAX)
		return (fail(r, "more nodes than the model's %zu (cycle?)",
		    r->mn));
	if (sp_walk(r, SPLAY_LEFT(n, sp), depth + 1) == -1)
		return (-1);
	if (r->seen >= r->mn || r->model[r->seen] != n->key)
		return (fail(r, "in-order position %zu holds key %d",
		    r->seen, n->key));
	r->seen++;
	return (sp_walk(r, SPLAY_RIGHT(n, sp), depth + 1));
}

static int
sp_check(struct run *r)
{
	r->seen = 0;
	if (SPLAY_EMPTY(&r->sph) != (r->mn == 0))
		return (fail(r, "SPLAY_EMPTY %d with %zu keys",
		    SPLAY_EMPTY(&r->sph), r->mn));
	if (sp_walk(r, SPLAY_ROOT(&r->sph), 0) == -1)
		return (-1);
	if (r->seen != r->mn)
		return (fail(r, "tree has %zu keys, model %zu", r->seen,
		    r->mn));
	return (0);
}

#define EXPECT(r, got, want, what) do {					\
	struct node *_g = (got), *_w = (want);				\
									\
	if (_g != _w)							\
		return (fail(r, what ": got key %d, want %d",		\
		    _g ? _g->key : -1, _w ? _w->key : -1));		\
} while (0)

/* Remove during RB_FOREACH_SAFE (or its reverse) all keys = x mod m. */
static int
rb_sweep(struct run *r)
{
	struct node	*n, *next;
	int		 m, x, rev;
	size_t		 visited = 0, i;

	m = 2 + rnd_below(r, 5);
	x = rnd_below(r, m);
	rev = rnd_below(r, 2);
	if (rev) {
		i = r->mn;
		RB_FOREACH_REVERSE_SAFE(n, rbt, &r->rbh, next) {
			EXPECT(r, n, model_at(r, --i), "RB_FOREACH_REVERSE_SAFE");
			visited++;
			if (n->key % m == x)
				RB_REMOVE(rbt, &r->rbh, n);
		}
	} else {
		i = 0;
		RB_FOREACH_SAFE(n, rbt, &r->rbh, next) {
			EXPECT(r, n, model_at(r, i++), "RB_FOREACH_SAFE");
			visited++;
			if (n->key % m == x)
				RB_REMOVE(rbt, &r->rbh, n);
		}
	}
	if (visited != r->mn)
		return (fail(r, "sweep visited %zu of %zu", visited,
		    r->mn));
	for (i = r->mn; i-- > 0; )
		if (r->model[i] % m == x)
			model_remove(r, r->model[i]);
	return (0);
}

/* Percentages of inserts and removals for this step's phase. */
static void
phase_mix(const struct run *r, int step, int *ins, int *del)
{
	int	 len = r->kmax < 500 ? 500 : r->kmax;

	if ((step / len) % 2 == 0) {
		*ins = 60;
		*del = 10;
	} else {
		*ins = 15;
		*del = 50;
	}
}

static int
rb_walks(struct run *r)
{
	struct node	*n;
	size_t		 i;

	i = 0;
	RB_FOREACH(n, rbt, &r->rbh)
		EXPECT(r, n, model_at(r, i++), "RB_FOREACH");
	if (i != r->mn)
		return (fail(r, "RB_FOREACH saw %zu of %zu", i, r->mn));
	i = r->mn;
	RB_FOREACH_REVERSE(n, rbt, &r->rbh)
		EXPECT(r, n, model_at(r, --i), "RB_FOREACH_REVERSE");
	if (i != 0)
		return (fail(r, "RB_FOREACH_REVERSE missed %zu", i));
	return (0);
}

/*
 * One random operation.  The mix alternates between growing and
 * shrinking phases as long as the key space, so the tree both fills up
 * (to about half the keys) and empties out again.
 */
static int
rb_step(struct run *r, int step)
{
	struct node	 probe, dup, *n;
	int		 k, op, q, ins, del;
	size_t		 i;

	phase_mix(r, step, &ins, &del);
	op = rnd_below(r, 100);
	q = rnd_below(r, 100);
	k = rnd_below(r, r->kmax);
	probe.key = k;
	if (op < ins) {
		if (model_has(r, k)) {
			dup.key = k;
			EXPECT(r, RB_INSERT(rbt, &r->rbh, &dup), &r->pool[k],
			    "RB_INSERT duplicate");
		} else {
			EXPECT(r, RB_INSERT(rbt, &r->rbh, &r->pool[k]), NULL,
			    "RB_INSERT");
			model_insert(r, k);
		}
	} else if (op < ins + del) {
		if (r->mn == 0)
			return (0);
		k = r->model[rnd_below(r, (int)r->mn)];
		EXPECT(r, RB_REMOVE(rbt, &r->rbh, &r->pool[k]), &r->pool[k],
		    "RB_REMOVE");
		model_remove(r, k);
		probe.key = k;
		EXPECT(r, RB_FIND(rbt, &r->rbh, &probe), NULL,
		    "RB_FIND after RB_REMOVE");
	} else if (q < 30) {
		EXPECT(r, RB_FIND(rbt, &r->rbh, &probe), model_node(r, k),
		    "RB_FIND");
	} else if (q < 55) {
		probe.key = rnd_below(r, r->kmax + 2) - 1;
		EXPECT(r, RB_NFIND(rbt, &r->rbh, &probe),
		    model_at(r, model_lower(r, probe.key)), "RB_NFIND");
	} else if (q < 85) {
		if (r->mn == 0)
			return (0);
		i = (size_t)rnd_below(r, (int)r->mn);
		n = model_at(r, i);
		EXPECT(r, RB_NEXT(rbt, &r->rbh, n), model_at(r, i + 1),
		    "RB_NEXT");
		EXPECT(r, RB_PREV(rbt, &r->rbh, n),
		    i > 0 ? model_at(r, i - 1) : NULL, "RB_PREV");
	} else if (q < 95) {
		EXPECT(r, RB_MIN(rbt, &r->rbh), model_at(r, 0), "RB_MIN");
		EXPECT(r, RB_MAX(rbt, &r->rbh),
		    r->mn ? model_at(r, r->mn - 1) : NULL, "RB_MAX");
	} else if (q < 99 || rnd_below(r, 8) != 0)
		return (rb_walks(r));
	else	/* rarely, as it can take out half the tree */
		return (rb_sweep(r));
	return (0);
}

static int
sp_step(struct run *r, int step)
{
	struct node	 probe, dup, *n;
	int		 k, op, q, ins, del;
	size_t		 i;

	phase_mix(r, step, &ins, &del);
	op = rnd_below(r, 100);
	q = rnd_below(r, 100);
	k = rnd_below(r, r->kmax);
	probe.key = k;
	if (op < ins) {
		if (model_has(r, k)) {
			dup.key = k;
			EXPECT(r, SPLAY_INSERT(spt, &r->sph, &dup),
			    &r->pool[k], "SPLAY_INSERT duplicate");
		} else {
			EXPECT(r, SPLAY_INSERT(spt, &r->sph, &r->pool[k]),
			    NULL, "SPLAY_INSERT");
			model_insert(r, k);
		}
	} else if (op < ins + del) {
		if (r->mn == 0)
			return (0);
		k = r->model[rnd_below(r, (int)r->mn)];
		EXPECT(r, SPLAY_REMOVE(spt, &r->sph, &r->pool[k]),
		    &r->pool[k], "SPLAY_REMOVE");
		model_remove(r, k);
		probe.key = k;
		EXPECT(r, SPLAY_FIND(spt, &r->sph, &probe), NULL,
		    "SPLAY_FIND after SPLAY_REMOVE");
	} else if (q < 10) {
		if (!model_has(r, k))
			EXPECT(r, SPLAY_REMOVE(spt, &r->sph, &probe), NULL,
			    "SPLAY_REMOVE of an absent key");
	} else if (q < 45) {
		EXPECT(r, SPLAY_FIND(spt, &r->sph, &probe), model_node(r, k),
		    "SPLAY_FIND");
	} else if (q < 80) {
		if (r->mn == 0)
			return (0);
		i = (size_t)rnd_below(r, (int)r->mn);
		n = model_at(r, i);
		EXPECT(r, SPLAY_NEXT(spt, &r->sph, n), model_at(r, i + 1),
		    "SPLAY_NEXT");
	} else if (q < 97) {
		EXPECT(r, SPLAY_MIN(spt, &r->sph), model_at(r, 0),
		    "SPLAY_MIN");
		EXPECT(r, SPLAY_MAX(spt, &r->sph),
		    r->mn ? model_at(r, r->mn - 1) : NULL, "SPLAY_MAX");
	} else {
		i = 0;
		SPLAY_FOREACH(n, spt, &r->sph)
			EXPECT(r, n, model_at(r, i++), "SPLAY_FOREACH");
		if (i != r->mn)
			return (fail(r, "SPLAY_FOREACH saw %zu of %zu", i,
			    r->mn));
	}
	return (0);
}

static void
run_random(int splay, unsigned long long seed, int kmax, int steps)
{
	struct run	*r = &run;
	int		 step;

	run_init(r, seed, kmax);
	for (step = 0; step < steps; step++) {
		if ((splay ? sp_step(r, step) : rb_step(r, step)) == -1 ||
		    (splay ? sp_check(r) : rb_check(r)) == -1)
			atf_tc_fail("%s seed %llu keys %d step %d (%zu in "
			    "tree): %s", splay ? "SPLAY" : "RB", seed, kmax,
			    step, r->mn, r->err);
	}
}

static const unsigned long long	 seeds[] = { 1, 2, 3, 20261123 };

#define RANDOM_CASE(tc, splay, kmax, steps)				\
ATF_TC_WITHOUT_HEAD(tc);						\
ATF_TC_BODY(tc, tcp)							\
{									\
	size_t	 i;							\
									\
	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)		\
		run_random(splay, seeds[i], kmax, steps);		\
}

/* Few keys: constant churn around empty and tiny trees. */
RANDOM_CASE(rb_random_small, 0, 12, 10000)
RANDOM_CASE(rb_random_medium, 0, 300, 10000)
RANDOM_CASE(rb_random_large, 0, KEYS_MAX, 20000)
RANDOM_CASE(splay_random_small, 1, 12, 10000)
RANDOM_CASE(splay_random_medium, 1, 300, 10000)
RANDOM_CASE(splay_random_large, 1, KEYS_MAX, 20000)

static unsigned long long
pick_seed(const atf_tc_t *tc)
{
	const char		*errstr;
	unsigned long long	 seed;

	if (atf_tc_has_config_var(tc, "seed")) {
		seed = (unsigned long long)strtonum(atf_tc_get_config_var(tc,
		    "seed"), 0, LLONG_MAX, &errstr);
		if (errstr != NULL)
			atf_tc_fail("config seed is %s", errstr);
	} else
		seed = ((unsigned long long)time(NULL) << 16) ^
		    (unsigned long long)getpid();
	printf("seed %llu\n", seed);
	return (seed);
}

ATF_TC_WITHOUT_HEAD(rb_timeseed);
ATF_TC_BODY(rb_timeseed, tc)
{
	unsigned long long	 seed = pick_seed(tc);

	run_random(0, seed, 40, 5000);
	run_random(0, seed, 1000, 10000);
}

ATF_TC_WITHOUT_HEAD(splay_timeseed);
ATF_TC_BODY(splay_timeseed, tc)
{
	unsigned long long	 seed = pick_seed(tc);

	run_random(1, seed, 40, 5000);
	run_random(1, seed, 1000, 10000);
}

/*
 * Sorted input is a plain binary tree's worst case: it must stay within
 * the height bound going up, and removing from either end must keep
 * every invariant.
 */
ATF_TC_WITHOUT_HEAD(rb_sorted);
ATF_TC_BODY(rb_sorted, tc)
{
	struct run	*r = &run;
	int		 k, pass;

	for (pass = 0; pass < 2; pass++) {
		run_init(r, 0, KEYS_MAX);
		for (k = 0; k < KEYS_MAX; k++) {
			int	 key = pass ? KEYS_MAX - 1 - k : k;

			ATF_REQUIRE(RB_INSERT(rbt, &r->rbh, &r->pool[key]) ==
			    NULL);
			model_insert(r, key);
			if (rb_check(r) == -1)
				atf_tc_fail("pass %d insert %d: %s", pass, key,
				    r->err);
		}
		for (k = 0; k < KEYS_MAX; k++) {
			int	 key = pass ? k : KEYS_MAX - 1 - k;

			RB_REMOVE(rbt, &r->rbh, &r->pool[key]);
			model_remove(r, key);
			if (rb_check(r) == -1)
				atf_tc_fail("pass %d remove %d: %s", pass, key,
				    r->err);
		}
		ATF_CHECK(RB_EMPTY(&r->rbh));
	}
}

/* The static variant, the file-scope head and initializers. */
ATF_TC_WITHOUT_HEAD(rb_api);
ATF_TC_BODY(rb_api, tc)
{
	struct srbt	 s = RB_INITIALIZER(&s);
	struct node	 n[5], g[3], probe;
	int		 i;

	ATF_CHECK(RB_EMPTY(&s));
	ATF_CHECK(RB_ROOT(&s) == NULL);
	ATF_CHECK(RB_MIN(srbt, &s) == NULL);
	ATF_CHECK(RB_MAX(srbt, &s) == NULL);
	probe.key = 3;
	ATF_CHECK(RB_FIND(srbt, &s, &probe) == NULL);
	ATF_CHECK(RB_NFIND(srbt, &s, &probe) == NULL);
	for (i = 0; i < 5; i++) {
		n[i].key = i * 10;
		ATF_CHECK(RB_INSERT(srbt, &s, &n[i]) == NULL);
	}
	for (i = 0; i < 5; i++) {
		probe.key = i * 10;
		ATF_CHECK(RB_INSERT(srbt, &s, &probe) == &n[i]);
		ATF_CHECK(RB_FIND(srbt, &s, &probe) == &n[i]);
	}
	/* 0 10 20 then 30 (recolour) then 40 (rotate under 10). */
	ATF_CHECK(RB_ROOT(&s) == &n[1]);
	probe.key = 25;
	ATF_CHECK(RB_NFIND(srbt, &s, &probe) == &n[3]);
	probe.key = 41;
	ATF_CHECK(RB_NFIND(srbt, &s, &probe) == NULL);
	probe.key = -5;
	ATF_CHECK(RB_NFIND(srbt, &s, &probe) == &n[0]);
	ATF_CHECK(RB_MIN(srbt, &s) == &n[0]);
	ATF_CHECK(RB_MAX(srbt, &s) == &n[4]);
	ATF_CHECK(RB_NEXT(srbt, &s, &n[2]) == &n[3]);
	ATF_CHECK(RB_PREV(srbt, &s, &n[2]) == &n[1]);
	ATF_CHECK(RB_NEXT(srbt, &s, &n[4]) == NULL);
	ATF_CHECK(RB_PREV(srbt, &s, &n[0]) == NULL);
	i = 0;
	RB_FOREACH_SAFE(elm, srbt, &s, tmp) {
		ATF_CHECK(elm == &n[i]);
		ATF_CHECK(RB_REMOVE(srbt, &s, elm) == elm);
		i++;
	}
	ATF_CHECK_EQ(i, 5);
	ATF_CHECK(RB_EMPTY(&s));
	RB_INIT(&s);
	ATF_CHECK(RB_EMPTY(&s));

	/* The file-scope head, named like the generated parameters. */
	ATF_CHECK(RB_EMPTY(&head));
	for (i = 0; i < 3; i++) {
		g[i].key = i;
		ATF_CHECK(RB_INSERT(rbt, &head, &g[i]) == NULL);
	}
	i = 3;
	RB_FOREACH_REVERSE_SAFE(elm, rbt, &head, parent) {
		ATF_CHECK(elm == &g[--i]);
		RB_REMOVE(rbt, &head, elm);
	}
	ATF_CHECK_EQ(i, 0);
	ATF_CHECK(RB_EMPTY(&head));
}

ATF_TC_WITHOUT_HEAD(splay_api);
ATF_TC_BODY(splay_api, tc)
{
	struct spt	 s = SPLAY_INITIALIZER(&s);
	struct node	 n[4], probe;
	int		 i;

	ATF_CHECK(SPLAY_EMPTY(&s));
	ATF_CHECK(SPLAY_MIN(spt, &s) == NULL);
	ATF_CHECK(SPLAY_MAX(spt, &s) == NULL);
	probe.key = 1;
	ATF_CHECK(SPLAY_FIND(spt, &s, &probe) == NULL);
	ATF_CHECK(SPLAY_REMOVE(spt, &s, &probe) == NULL);
	for (i = 3; i >= 0; i--) {
		n[i].key = i;
		ATF_CHECK(SPLAY_INSERT(spt, &s, &n[i]) == NULL);
		ATF_CHECK(SPLAY_ROOT(&s) == &n[i]);
	}
	ATF_CHECK(SPLAY_INSERT(spt, &s, &probe) == &n[1]);
	ATF_CHECK(SPLAY_FIND(spt, &s, &probe) == &n[1]);
	ATF_CHECK(SPLAY_ROOT(&s) == &n[1]);	/* found keys come up */
	i = 0;
	SPLAY_FOREACH(elm, spt, &s)
		ATF_CHECK(elm == &n[i++]);
	ATF_CHECK_EQ(i, 4);
	ATF_CHECK(SPLAY_REMOVE(spt, &s, &n[2]) == &n[2]);
	ATF_CHECK(SPLAY_NEXT(spt, &s, &n[1]) == &n[3]);
	SPLAY_INIT(&s);
	ATF_CHECK(SPLAY_EMPTY(&s));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, rb_api);
	ATF_TP_ADD_TC(tp, rb_sorted);
	ATF_TP_ADD_TC(tp, rb_random_small);
	ATF_TP_ADD_TC(tp, rb_random_medium);
	ATF_TP_ADD_TC(tp, rb_random_large);
	ATF_TP_ADD_TC(tp, rb_timeseed);
	ATF_TP_ADD_TC(tp, splay_api);
	ATF_TP_ADD_TC(tp, splay_random_small);
	ATF_TP_ADD_TC(tp, splay_random_medium);
	ATF_TP_ADD_TC(tp, splay_random_large);
	ATF_TP_ADD_TC(tp, splay_timeseed);
	return (0);
}
