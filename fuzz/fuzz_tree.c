/*
 * fuzz_tree: compat/sys-tree.h driven by the fuzzer.  The input is a
 * sequence of two-byte operations (opcode, key); a red-black tree and a
 * splay tree holding the same keys are checked against a model, a
 * presence bitmap scanned in key order a word at a time.  Every answer is compared, and
 * both trees are walked whole for order and size, the RB tree also for
 * parent links, colours, equal black height and the 2*log2(n+1) height
 * bound: after every change while the tree is small (where the
 * rebalancing corner cases are), after every 16th once it is larger,
 * and at the end of the input.  A full walk per change of a large tree
 * would cost most of the executions for little new coverage.  Any
 * disagreement aborts, so the fuzzer reports it like a crash.
 *
 * Opcode byte: low 3 bits the operation, next 2 bits the key's high
 * bits (keys 0..1023), so long inputs build trees of hundreds of nodes.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "sys-tree.h"

#define NKEYS		1024
#define MAX_OPS		4096	/* longer inputs add time, not coverage */

struct node {
	int			 key;
	RB_ENTRY(node)		 rb;
	SPLAY_ENTRY(node)	 sp;
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	node_cmp(const struct node *, const struct node *);

RB_HEAD(rbt, node);
RB_PROTOTYPE_STATIC(rbt, node, rb, node_cmp);
RB_GENERATE_STATIC(rbt, node, rb, node_cmp);

SPLAY_HEAD(spt, node);
SPLAY_PROTOTYPE(spt, node, sp, node_cmp);
SPLAY_GENERATE(spt, node, sp, node_cmp);

static struct node	 pool[NKEYS];
static uint64_t		 present[NKEYS / 64];
static size_t		 npresent;
static struct rbt	 rbh;
static struct spt	 sph;
static size_t		 seen;
static int		 maxdepth;
static unsigned int	 nchanges;

static int
node_cmp(const struct node *a, const struct node *b)
{
	return (a->key < b->key ? -1 : a->key > b->key);
}

static void
expect(const struct node *got, const struct node *want)
{
	if (got != want)
		abort();
}

static int
has(int k)
{
	return ((present[k / 64] >> (k % 64)) & 1);
}

static void
set(int k, int on)
{
	if (on)
		present[k / 64] |= (uint64_t)1 << (k % 64);
	else
		present[k / 64] &= ~((uint64_t)1 << (k % 64));
}

/* The model's first key >= k (k may be out of range), as a node. */
static struct node *
model_ge(int k)
{
	uint64_t	 w;
	int		 i;

	if (k < 0)
		k = 0;
	if (k >= NKEYS)
		return (NULL);
	w = present[k / 64] & (~(uint64_t)0 << (k % 64));
	for (i = k / 64; ; ) {
		if (w != 0)
			return (&pool[i * 64 + __builtin_ctzll(w)]);
		if (++i == NKEYS / 64)
			return (NULL);
		w = present[i];
	}
}

static struct node *
model_le(int k)
{
	uint64_t	 w;
	int		 i;

	if (k >= NKEYS)
		k = NKEYS - 1;
	if (k < 0)
		return (NULL);
	w = present[k / 64] & (~(uint64_t)0 >> (63 - k % 64));
	for (i = k / 64; ; ) {
		if (w != 0)
			return (&pool[i * 64 + 63 - __builtin_clzll(w)]);
		if (--i < 0)
			return (NULL);
		w = present[i];
	}
}

/* Black height of the subtree; aborts on any broken invariant. */
static int
rb_walk(struct node *n, struct node *up, int depth, int *prev)
{
	int	 lh, rh;

	if (n == NULL) {
		if (depth > maxdepth)
			maxdepth = depth;
		return (0);
	}
	if (depth > 64 || RB_PARENT(n, rb) != up ||
	    (RB_COLOR(n, rb) != RB_RED && RB_COLOR(n, rb) != RB_BLACK))
		abort();
	if (RB_COLOR(n, rb) == RB_RED && up != NULL &&
	    RB_COLOR(up, rb) == RB_RED)
		abort();
	lh = rb_walk(RB_LEFT(n, rb), n, depth + 1, prev);
	if (n->key <= *prev || !has(n->key) || n != &pool[n->key])
		abort();
	*prev = n->key;
	seen++;
	rh = rb_walk(RB_RIGHT(n, rb), n, depth + 1, prev);
	if (lh != rh)
		abort();
	return (lh + (RB_COLOR(n, rb) == RB_BLACK));
}

static void
sp_walk(struct node *n, int depth, int *prev)
{
	if (n == NULL)
		return;
	if (depth > NKEYS)
		abort();
	sp_walk(SPLAY_LEFT(n, sp), depth + 1, prev);
	if (n->key <= *prev || !has(n->key) || n != &pool[n->key])
		abort();
	*prev = n->key;
	seen++;
	sp_walk(SPLAY_RIGHT(n, sp), depth + 1, prev);
}

static void
check_all(void)
{
	uint64_t	 np1 = (uint64_t)npresent + 1;
	int		 prev;

	if (!RB_EMPTY(&rbh) && RB_COLOR(RB_ROOT(&rbh), rb) != RB_BLACK)
		abort();
	seen = 0;
	maxdepth = 0;
	prev = -1;
	(void)rb_walk(RB_ROOT(&rbh), NULL, 0, &prev);
	if (seen != npresent)
		abort();
	/* height <= 2 log2(n+1)  <=>  2^height <= (n+1)^2 */
	if (((uint64_t)1 << maxdepth) > np1 * np1)
		abort();
	seen = 0;
	prev = -1;
	sp_walk(SPLAY_ROOT(&sph), 0, &prev);
	if (seen != npresent)
		abort();
}

/* After a change: the full check, or a cheaper skip for big trees. */
static void
changed(void)
{
	if (npresent <= 64 || ++nchanges % 16 == 0)
		check_all();
}

static void
op_insert(int k)
{
	struct node	 dup;

	if (has(k)) {
		dup.key = k;
		expect(RB_INSERT(rbt, &rbh, &dup), &pool[k]);
		expect(SPLAY_INSERT(spt, &sph, &dup), &pool[k]);
		return;
	}
	expect(RB_INSERT(rbt, &rbh, &pool[k]), NULL);
	expect(SPLAY_INSERT(spt, &sph, &pool[k]), NULL);
	set(k, 1);
	npresent++;
	changed();
}

static void
op_remove(int k)
{
	struct node	 probe;

	probe.key = k;
	if (!has(k)) {
		expect(RB_FIND(rbt, &rbh, &probe), NULL);
		expect(SPLAY_REMOVE(spt, &sph, &probe), NULL);
		return;
	}
	expect(RB_REMOVE(rbt, &rbh, &pool[k]), &pool[k]);
	expect(SPLAY_REMOVE(spt, &sph, &pool[k]), &pool[k]);
	set(k, 0);
	npresent--;
	changed();
}

/* Whole-tree walks both ways, and removal while walking. */
static void
op_sweep(int k)
{
	struct node	*n, *next, *want;
	int		 m = 2 + (k & 7), x = (k >> 3) % m;

	want = model_ge(0);
	RB_FOREACH(n, rbt, &rbh) {
		expect(n, want);
		want = model_ge(n->key + 1);
	}
	expect(NULL, want);
	want = model_ge(0);
	SPLAY_FOREACH(n, spt, &sph) {
		expect(n, want);
		want = model_ge(n->key + 1);
	}
	expect(NULL, want);
	if (k & 0x100) {
		want = model_le(NKEYS - 1);
		RB_FOREACH_REVERSE_SAFE(n, rbt, &rbh, next) {
			expect(n, want);
			want = model_le(n->key - 1);
			if (n->key % m == x)
				RB_REMOVE(rbt, &rbh, n);
		}
	} else {
		want = model_ge(0);
		RB_FOREACH_SAFE(n, rbt, &rbh, next) {
			expect(n, want);
			want = model_ge(n->key + 1);
			if (n->key % m == x)
				RB_REMOVE(rbt, &rbh, n);
		}
	}
	expect(NULL, want);
	for (k = 0; k < NKEYS; k++)
		if (has(k) && k % m == x) {
			expect(SPLAY_REMOVE(spt, &sph, &pool[k]), &pool[k]);
			set(k, 0);
			npresent--;
		}
	check_all();
}

static void
reset(void)
{
	int	 k;

	RB_INIT(&rbh);
	SPLAY_INIT(&sph);
	memset(present, 0, sizeof(present));
	npresent = 0;
	nchanges = 0;
	for (k = 0; k < NKEYS; k++)
		pool[k].key = k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct node	 probe, *n;
	size_t		 i;
	int		 k;

	reset();
	for (i = 0; i + 1 < size && i / 2 < MAX_OPS; i += 2) {
		k = ((data[i] >> 3) & 3) << 8 | data[i + 1];
		probe.key = k;
		switch (data[i] & 7) {
		case 0:
		case 1:
			op_insert(k);
			break;
		case 2:
			op_remove(k);
			break;
		case 3:
			expect(RB_FIND(rbt, &rbh, &probe),
			    has(k) ? &pool[k] : NULL);
			expect(SPLAY_FIND(spt, &sph, &probe),
			    has(k) ? &pool[k] : NULL);
			break;
		case 4:
			expect(RB_NFIND(rbt, &rbh, &probe), model_ge(k));
			break;
		case 5:
			/* Neighbours of the nearest present key. */
			if ((n = model_ge(k)) == NULL)
				break;
			expect(RB_NEXT(rbt, &rbh, n), model_ge(n->key + 1));
			expect(RB_PREV(rbt, &rbh, n), model_le(n->key - 1));
			expect(SPLAY_NEXT(spt, &sph, n), model_ge(n->key + 1));
			break;
		case 6:
			expect(RB_MIN(rbt, &rbh), model_ge(0));
			expect(RB_MAX(rbt, &rbh), model_le(NKEYS - 1));
			expect(SPLAY_MIN(spt, &sph), model_ge(0));
			expect(SPLAY_MAX(spt, &sph), model_le(NKEYS - 1));
			break;
		default:
			op_sweep(k);
			break;
		}
	}
	check_all();
	return (0);
}
