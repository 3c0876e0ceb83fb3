/*
 * sys-tree.h: intrusive ordered trees with the BSD tree(3) interface.
 *
 *   SPLAY	self-adjusting binary search tree (top-down splaying):
 *		recently used keys sit near the root; amortised O(log n).
 *   RB		red-black tree with parent pointers: O(log n) worst case,
 *		height at most 2*log2(n+1).
 *
 * The user's element embeds SPLAY_ENTRY/RB_ENTRY, a head is declared
 * with SPLAY_HEAD/RB_HEAD, and SPLAY_GENERATE/RB_GENERATE(_STATIC)
 * emit the functions for one (name, type, field, cmp) combination,
 * after a matching *_PROTOTYPE.  cmp(a, b) returns <0, 0 or >0.
 * Duplicate keys are refused: *_INSERT returns the element already in
 * the tree (NULL when elm went in).
 *
 * Children are kept in a two-slot array indexed by direction (0 left,
 * 1 right) so that each rebalancing case is written once for both
 * mirror images.  Generated functions name their parameters and locals
 * _rb_* / _sp_*, names user code cannot own at file scope, so neither
 * -Wshadow nor the caller's macros can interfere.
 *
 * There is no system <sys/tree.h> on glibc; on the BSDs this file takes
 * the system header's include guard and replaces any earlier
 * definitions, as sys-queue.h does.
 *
 * Where this differs from OpenBSD's header: the splay functions are
 * ordinary external functions emitted by SPLAY_GENERATE (not static
 * inline ones from SPLAY_PROTOTYPE); SPLAY_REMOVE returns the node it
 * removed (elm itself when elm is in the tree, as required); there is
 * no RB_AUGMENT hook and no RBT_* function interface.
 */
#ifndef FLOWD_SYS_TREE_H
#define FLOWD_SYS_TREE_H

#ifndef _SYS_TREE_H_
#define _SYS_TREE_H_
#endif

#include <stddef.h>

#undef _TREE_STATIC
#undef _SPLAY_CHILD
#undef _RB_CHILD
#undef _RB_ISRED
#undef _RB_PROTOTYPE
#undef _RB_GENERATE

#undef SPLAY_HEAD
#undef SPLAY_INITIALIZER
#undef SPLAY_INIT
#undef SPLAY_ENTRY
#undef SPLAY_LEFT
#undef SPLAY_RIGHT
#undef SPLAY_ROOT
#undef SPLAY_EMPTY
#undef SPLAY_PROTOTYPE
#undef SPLAY_GENERATE
#undef SPLAY_INSERT
#undef SPLAY_REMOVE
#undef SPLAY_FIND
#undef SPLAY_NEXT
#undef SPLAY_MIN
#undef SPLAY_MAX
#undef SPLAY_NEGINF
#undef SPLAY_INF
#undef SPLAY_FOREACH

#undef RB_BLACK
#undef RB_RED
#undef RB_HEAD
#undef RB_INITIALIZER
#undef RB_INIT
#undef RB_ENTRY
#undef RB_LEFT
#undef RB_RIGHT
#undef RB_PARENT
#undef RB_COLOR
#undef RB_ROOT
#undef RB_EMPTY
#undef RB_PROTOTYPE
#undef RB_PROTOTYPE_STATIC
#undef RB_GENERATE
#undef RB_GENERATE_STATIC
#undef RB_NEGINF
#undef RB_INF
#undef RB_INSERT
#undef RB_REMOVE
#undef RB_FIND
#undef RB_NFIND
#undef RB_NEXT
#undef RB_PREV
#undef RB_MIN
#undef RB_MAX
#undef RB_FOREACH
#undef RB_FOREACH_SAFE
#undef RB_FOREACH_REVERSE
#undef RB_FOREACH_REVERSE_SAFE

/* The attribute the *_STATIC variants give generated functions. */
#define _TREE_STATIC	static __attribute__((__unused__))

/*
 * Splay tree.
 */
#define SPLAY_HEAD(name, type)						\
struct name {								\
	struct type	*sph_root;					\
}

#define SPLAY_INITIALIZER(root)	{ NULL }

#define SPLAY_INIT(root) do {						\
	(root)->sph_root = NULL;					\
} while (0)

#define SPLAY_ENTRY(type)						\
struct {								\
	struct type	*spe_child[2];	/* left, right */		\
}

#define _SPLAY_CHILD(elm, field, dir)	((elm)->field.spe_child[dir])
#define SPLAY_LEFT(elm, field)		_SPLAY_CHILD(elm, field, 0)
#define SPLAY_RIGHT(elm, field)		_SPLAY_CHILD(elm, field, 1)
#define SPLAY_ROOT(head)		((head)->sph_root)
#define SPLAY_EMPTY(head)		(SPLAY_ROOT(head) == NULL)

#define SPLAY_NEGINF	(-1)
#define SPLAY_INF	(1)

#define SPLAY_INSERT(name, head, elm)	name##_SPLAY_INSERT(head, elm)
#define SPLAY_REMOVE(name, head, elm)	name##_SPLAY_REMOVE(head, elm)
#define SPLAY_FIND(name, head, elm)	name##_SPLAY_FIND(head, elm)
#define SPLAY_NEXT(name, head, elm)	name##_SPLAY_NEXT(head, elm)
#define SPLAY_MIN(name, head)		name##_SPLAY_MINMAX(head, SPLAY_NEGINF)
#define SPLAY_MAX(name, head)		name##_SPLAY_MINMAX(head, SPLAY_INF)

#define SPLAY_FOREACH(x, name, head)					\
	for ((x) = SPLAY_MIN(name, head);				\
	    (x) != NULL;						\
	    (x) = SPLAY_NEXT(name, head, x))

#define SPLAY_PROTOTYPE(name, type, field, cmp)				\
void		 name##_SPLAY(struct name *, struct type *, int);	\
struct type	*name##_SPLAY_INSERT(struct name *, struct type *);	\
struct type	*name##_SPLAY_REMOVE(struct name *, struct type *);	\
struct type	*name##_SPLAY_FIND(struct name *, struct type *);	\
struct type	*name##_SPLAY_NEXT(struct name *, struct type *);	\
struct type	*name##_SPLAY_MINMAX(struct name *, int)

/*
 * name_SPLAY brings the element nearest to _sp_key (or, with a NULL
 * key, the extreme one on side _sp_dir) to the root, top-down.  Nodes
 * passed on the way hang off two side trees: those greater than the
 * key on the right tree, those less on the left.  _sp_lhook is the
 * empty right link of the left tree's largest node, _sp_rhook the empty
 * left link of the right tree's smallest, so linking is O(1).  Two
 * steps in one direction rotate first (the zig-zig case), which is what
 * keeps the amortised cost logarithmic.
 */
#define SPLAY_GENERATE(name, type, field, cmp)				\
void									\
name##_SPLAY(struct name *_sp_head, struct type *_sp_key, int _sp_dir)	\
{									\
	struct type	*_sp_t, *_sp_n, *_sp_l, *_sp_r;			\
	struct type	**_sp_lhook, **_sp_rhook;			\
	int		 _sp_c, _sp_d;					\
									\
	if ((_sp_t = SPLAY_ROOT(_sp_head)) == NULL)			\
		return;							\
	_sp_l = _sp_r = NULL;						\
	_sp_lhook = &_sp_l;						\
	_sp_rhook = &_sp_r;						\
	for (;;) {							\
		_sp_c = _sp_key != NULL ? (cmp)(_sp_key, _sp_t) :	\
		    _sp_dir;						\
		if (_sp_c == 0)						\
			break;						\
		_sp_d = _sp_c > 0;					\
		if ((_sp_n = _SPLAY_CHILD(_sp_t, field, _sp_d)) == NULL)\
			break;						\
		_sp_c = _sp_key != NULL ? (cmp)(_sp_key, _sp_n) :	\
		    _sp_dir;						\
		if (_sp_c != 0 && (_sp_c > 0) == _sp_d) {		\
			_SPLAY_CHILD(_sp_t, field, _sp_d) =		\
			    _SPLAY_CHILD(_sp_n, field, !_sp_d);		\
			_SPLAY_CHILD(_sp_n, field, !_sp_d) = _sp_t;	\
			_sp_t = _sp_n;					\
			_sp_n = _SPLAY_CHILD(_sp_t, field, _sp_d);	\
			if (_sp_n == NULL)				\
				break;					\
		}							\
		if (_sp_d == 0) {					\
			*_sp_rhook = _sp_t;				\
			_sp_rhook = &SPLAY_LEFT(_sp_t, field);		\
		} else {						\
			*_sp_lhook = _sp_t;				\
			_sp_lhook = &SPLAY_RIGHT(_sp_t, field);		\
		}							\
		_sp_t = _sp_n;						\
	}								\
	*_sp_lhook = SPLAY_LEFT(_sp_t, field);				\
	*_sp_rhook = SPLAY_RIGHT(_sp_t, field);				\
	SPLAY_LEFT(_sp_t, field) = _sp_l;				\
	SPLAY_RIGHT(_sp_t, field) = _sp_r;				\
	SPLAY_ROOT(_sp_head) = _sp_t;					\
}									\
									\
struct type *								\
name##_SPLAY_INSERT(struct name *_sp_head, struct type *_sp_elm)	\
{									\
	struct type	*_sp_root;					\
	int		 _sp_c, _sp_d;					\
									\
	if (SPLAY_EMPTY(_sp_head)) {					\
		SPLAY_LEFT(_sp_elm, field) = NULL;			\
		SPLAY_RIGHT(_sp_elm, field) = NULL;			\
		SPLAY_ROOT(_sp_head) = _sp_elm;				\
		return (NULL);						\
	}								\
	name##_SPLAY(_sp_head, _sp_elm, 0);				\
	_sp_root = SPLAY_ROOT(_sp_head);				\
	if ((_sp_c = (cmp)(_sp_elm, _sp_root)) == 0)			\
		return (_sp_root);					\
	/* The root is elm's neighbour: it and its far side move	\
	 * under elm, its near side stays with it. */			\
	_sp_d = _sp_c > 0;						\
	_SPLAY_CHILD(_sp_elm, field, _sp_d) =				\
	    _SPLAY_CHILD(_sp_root, field, _sp_d);			\
	_SPLAY_CHILD(_sp_elm, field, !_sp_d) = _sp_root;		\
	_SPLAY_CHILD(_sp_root, field, _sp_d) = NULL;			\
	SPLAY_ROOT(_sp_head) = _sp_elm;					\
	return (NULL);							\
}									\
									\
struct type *								\
name##_SPLAY_REMOVE(struct name *_sp_head, struct type *_sp_elm)	\
{									\
	struct type	*_sp_old, *_sp_right;				\
									\
	if (SPLAY_EMPTY(_sp_head))					\
		return (NULL);						\
	name##_SPLAY(_sp_head, _sp_elm, 0);				\
	_sp_old = SPLAY_ROOT(_sp_head);					\
	if ((cmp)(_sp_elm, _sp_old) != 0)				\
		return (NULL);						\
	_sp_right = SPLAY_RIGHT(_sp_old, field);			\
	if ((SPLAY_ROOT(_sp_head) = SPLAY_LEFT(_sp_old, field)) != NULL) {\
		/* Everything left is smaller: its maximum comes up	\
		 * with an empty right link to take the right side. */	\
		name##_SPLAY(_sp_head, NULL, SPLAY_INF);		\
		SPLAY_RIGHT(SPLAY_ROOT(_sp_head), field) = _sp_right;	\
	} else								\
		SPLAY_ROOT(_sp_head) = _sp_right;			\
	return (_sp_old);						\
}									\
									\
struct type *								\
name##_SPLAY_FIND(struct name *_sp_head, struct type *_sp_elm)		\
{									\
	if (SPLAY_EMPTY(_sp_head))					\
		return (NULL);						\
	name##_SPLAY(_sp_head, _sp_elm, 0);				\
	if ((cmp)(_sp_elm, SPLAY_ROOT(_sp_head)) == 0)			\
		return (SPLAY_ROOT(_sp_head));				\
	return (NULL);							\
}									\
									\
struct type *								\
name##_SPLAY_NEXT(struct name *_sp_head, struct type *_sp_elm)		\
{									\
	struct type	*_sp_n;						\
									\
	/* elm is in the tree, so it becomes the root. */		\
	name##_SPLAY(_sp_head, _sp_elm, 0);				\
	if ((_sp_n = SPLAY_RIGHT(SPLAY_ROOT(_sp_head), field)) != NULL)\
		while (SPLAY_LEFT(_sp_n, field) != NULL)		\
			_sp_n = SPLAY_LEFT(_sp_n, field);		\
	return (_sp_n);							\
}									\
									\
struct type *								\
name##_SPLAY_MINMAX(struct name *_sp_head, int _sp_dir)		\
{									\
	name##_SPLAY(_sp_head, NULL, _sp_dir);				\
	return (SPLAY_ROOT(_sp_head));					\
}

/*
 * Red-black tree.  Invariants: the root is black, a red node has no red
 * child, and every path from a node down to a missing child passes the
 * same number of black nodes.
 */
#define RB_BLACK	0
#define RB_RED		1

#define RB_HEAD(name, type)						\
struct name {								\
	struct type	*rbh_root;					\
}

#define RB_INITIALIZER(root)	{ NULL }

#define RB_INIT(root) do {						\
	(root)->rbh_root = NULL;					\
} while (0)

#define RB_ENTRY(type)							\
struct {								\
	struct type	*rbe_child[2];	/* left, right */		\
	struct type	*rbe_parent;					\
	int		 rbe_color;					\
}

#define _RB_CHILD(elm, field, dir)	((elm)->field.rbe_child[dir])
#define RB_LEFT(elm, field)		_RB_CHILD(elm, field, 0)
#define RB_RIGHT(elm, field)		_RB_CHILD(elm, field, 1)
#define RB_PARENT(elm, field)		((elm)->field.rbe_parent)
#define RB_COLOR(elm, field)		((elm)->field.rbe_color)
#define RB_ROOT(head)			((head)->rbh_root)
#define RB_EMPTY(head)			(RB_ROOT(head) == NULL)
/* A missing child counts as black. */
#define _RB_ISRED(elm, field)						\
	((elm) != NULL && RB_COLOR(elm, field) == RB_RED)

#define RB_NEGINF	(-1)
#define RB_INF		(1)

#define RB_INSERT(name, head, elm)	name##_RB_INSERT(head, elm)
#define RB_REMOVE(name, head, elm)	name##_RB_REMOVE(head, elm)
#define RB_FIND(name, head, elm)	name##_RB_FIND(head, elm)
#define RB_NFIND(name, head, elm)	name##_RB_NFIND(head, elm)
#define RB_NEXT(name, head, elm)	name##_RB_NEXT(elm)
#define RB_PREV(name, head, elm)	name##_RB_PREV(elm)
#define RB_MIN(name, head)		name##_RB_MINMAX(head, RB_NEGINF)
#define RB_MAX(name, head)		name##_RB_MINMAX(head, RB_INF)

#define RB_FOREACH(x, name, head)					\
	for ((x) = RB_MIN(name, head);					\
	    (x) != NULL;						\
	    (x) = name##_RB_NEXT(x))

#define RB_FOREACH_SAFE(x, name, head, y)				\
	for ((x) = RB_MIN(name, head);					\
	    (x) != NULL && ((y) = name##_RB_NEXT(x), 1);		\
	    (x) = (y))

#define RB_FOREACH_REVERSE(x, name, head)				\
	for ((x) = RB_MAX(name, head);					\
	    (x) != NULL;						\
	    (x) = name##_RB_PREV(x))

#define RB_FOREACH_REVERSE_SAFE(x, name, head, y)			\
	for ((x) = RB_MAX(name, head);					\
	    (x) != NULL && ((y) = name##_RB_PREV(x), 1);		\
	    (x) = (y))

#define RB_PROTOTYPE(name, type, field, cmp)				\
	_RB_PROTOTYPE(name, type, field, cmp, )
#define RB_PROTOTYPE_STATIC(name, type, field, cmp)			\
	_RB_PROTOTYPE(name, type, field, cmp, _TREE_STATIC)
#define _RB_PROTOTYPE(name, type, field, cmp, attr)			\
attr void	 name##_RB_SETCHILD(struct name *, struct type *,	\
		    struct type *, struct type *);			\
attr void	 name##_RB_ROTATE(struct name *, struct type *, int);	\
attr void	 name##_RB_INSERT_COLOR(struct name *, struct type *);	\
attr void	 name##_RB_REMOVE_COLOR(struct name *, struct type *,	\
		    struct type *);					\
attr struct type *name##_RB_REMOVE(struct name *, struct type *);	\
attr struct type *name##_RB_INSERT(struct name *, struct type *);	\
attr struct type *name##_RB_FIND(struct name *, struct type *);	\
attr struct type *name##_RB_NFIND(struct name *, struct type *);	\
attr struct type *name##_RB_STEP(struct type *, int);			\
attr struct type *name##_RB_NEXT(struct type *);			\
attr struct type *name##_RB_PREV(struct type *);			\
attr struct type *name##_RB_MINMAX(struct name *, int)

#define RB_GENERATE(name, type, field, cmp)				\
	_RB_GENERATE(name, type, field, cmp, )
#define RB_GENERATE_STATIC(name, type, field, cmp)			\
	_RB_GENERATE(name, type, field, cmp, _TREE_STATIC)

/*
 * _RB_ROTATE turns the edge between x and its child on side !dir, so
 * that the child takes x's place and x becomes its child on side dir
 * (dir 0: a left rotation).  _RB_SETCHILD points whatever referred to
 * old (parent's link or the root) at new.
 */
#define _RB_GENERATE(name, type, field, cmp, attr)			\
attr void								\
name##_RB_SETCHILD(struct name *_rb_head, struct type *_rb_parent,	\
    struct type *_rb_old, struct type *_rb_new)				\
{									\
	if (_rb_parent == NULL)						\
		RB_ROOT(_rb_head) = _rb_new;				\
	else if (RB_LEFT(_rb_parent, field) == _rb_old)			\
		RB_LEFT(_rb_parent, field) = _rb_new;			\
	else								\
		RB_RIGHT(_rb_parent, field) = _rb_new;			\
}									\
									\
attr void								\
name##_RB_ROTATE(struct name *_rb_head, struct type *_rb_x, int _rb_dir)\
{									\
	struct type	*_rb_y, *_rb_inner;				\
									\
	_rb_y = _RB_CHILD(_rb_x, field, !_rb_dir);			\
	_rb_inner = _RB_CHILD(_rb_y, field, _rb_dir);			\
	_RB_CHILD(_rb_x, field, !_rb_dir) = _rb_inner;			\
	if (_rb_inner != NULL)						\
		RB_PARENT(_rb_inner, field) = _rb_x;			\
	RB_PARENT(_rb_y, field) = RB_PARENT(_rb_x, field);		\
	name##_RB_SETCHILD(_rb_head, RB_PARENT(_rb_x, field), _rb_x,	\
	    _rb_y);							\
	_RB_CHILD(_rb_y, field, _rb_dir) = _rb_x;			\
	RB_PARENT(_rb_x, field) = _rb_y;				\
}									\
									\
/*									\
 * x is a new red node.  While its parent is red too: a red uncle	\
 * means recolouring pushes the problem up to the grandparent;		\
 * otherwise at most two rotations end it.				\
 */									\
attr void								\
name##_RB_INSERT_COLOR(struct name *_rb_head, struct type *_rb_x)	\
{									\
	struct type	*_rb_p, *_rb_g, *_rb_u;				\
	int		 _rb_d;						\
									\
	while ((_rb_p = RB_PARENT(_rb_x, field)) != NULL &&		\
	    RB_COLOR(_rb_p, field) == RB_RED) {				\
		/* A red node is never the root: g exists. */		\
		_rb_g = RB_PARENT(_rb_p, field);			\
		_rb_d = RB_RIGHT(_rb_g, field) == _rb_p;		\
		_rb_u = _RB_CHILD(_rb_g, field, !_rb_d);		\
		if (_RB_ISRED(_rb_u, field)) {				\
			RB_COLOR(_rb_p, field) = RB_BLACK;		\
			RB_COLOR(_rb_u, field) = RB_BLACK;		\
			RB_COLOR(_rb_g, field) = RB_RED;		\
			_rb_x = _rb_g;					\
			continue;					\
		}							\
		if (_RB_CHILD(_rb_p, field, !_rb_d) == _rb_x) {		\
			/* Inner grandchild: make it outer first. */	\
			name##_RB_ROTATE(_rb_head, _rb_p, _rb_d);	\
			_rb_x = _rb_p;					\
			_rb_p = RB_PARENT(_rb_x, field);		\
		}							\
		RB_COLOR(_rb_p, field) = RB_BLACK;			\
		RB_COLOR(_rb_g, field) = RB_RED;			\
		name##_RB_ROTATE(_rb_head, _rb_g, !_rb_d);		\
	}								\
	RB_COLOR(RB_ROOT(_rb_head), field) = RB_BLACK;			\
}									\
									\
/*									\
 * A black node was unlinked above x (possibly NULL, hence the		\
 * separate parent p): x's side is one black short.  Borrow from the	\
 * sibling w by rotation, or recolour w red and move the shortage up.	\
 */									\
attr void								\
name##_RB_REMOVE_COLOR(struct name *_rb_head, struct type *_rb_p,	\
    struct type *_rb_x)							\
{									\
	struct type	*_rb_w;						\
	int		 _rb_d;						\
									\
	while (_rb_x != RB_ROOT(_rb_head) && !_RB_ISRED(_rb_x, field)) {\
		_rb_d = RB_RIGHT(_rb_p, field) == _rb_x;		\
		/* x's side is short, so w's side has a black node. */	\
		_rb_w = _RB_CHILD(_rb_p, field, !_rb_d);		\
		if (RB_COLOR(_rb_w, field) == RB_RED) {			\
			RB_COLOR(_rb_w, field) = RB_BLACK;		\
			RB_COLOR(_rb_p, field) = RB_RED;		\
			name##_RB_ROTATE(_rb_head, _rb_p, _rb_d);	\
			_rb_w = _RB_CHILD(_rb_p, field, !_rb_d);	\
		}							\
		if (!_RB_ISRED(RB_LEFT(_rb_w, field), field) &&		\
		    !_RB_ISRED(RB_RIGHT(_rb_w, field), field)) {	\
			RB_COLOR(_rb_w, field) = RB_RED;		\
			_rb_x = _rb_p;					\
			_rb_p = RB_PARENT(_rb_x, field);		\
			continue;					\
		}							\
		if (!_RB_ISRED(_RB_CHILD(_rb_w, field, !_rb_d), field)) {\
			/* Only the near nephew is red: turn it outward. */\
			RB_COLOR(_RB_CHILD(_rb_w, field, _rb_d), field) =\
			    RB_BLACK;					\
			RB_COLOR(_rb_w, field) = RB_RED;		\
			name##_RB_ROTATE(_rb_head, _rb_w, !_rb_d);	\
			_rb_w = _RB_CHILD(_rb_p, field, !_rb_d);	\
		}							\
		RB_COLOR(_rb_w, field) = RB_COLOR(_rb_p, field);	\
		RB_COLOR(_rb_p, field) = RB_BLACK;			\
		RB_COLOR(_RB_CHILD(_rb_w, field, !_rb_d), field) =	\
		    RB_BLACK;						\
		name##_RB_ROTATE(_rb_head, _rb_p, _rb_d);		\
		_rb_x = RB_ROOT(_rb_head);				\
		break;							\
	}								\
	if (_rb_x != NULL)						\
		RB_COLOR(_rb_x, field) = RB_BLACK;			\
}									\
									\
/*									\
 * A node with two children is replaced by its successor y (which has	\
 * no left child); what is actually unlinked is then y's old position,	\
 * and y's colour there decides whether a fix-up is needed.		\
 */									\
attr struct type *							\
name##_RB_REMOVE(struct name *_rb_head, struct type *_rb_z)		\
{									\
	struct type	*_rb_x, *_rb_p, *_rb_y;				\
	int		 _rb_color;					\
									\
	if (RB_LEFT(_rb_z, field) == NULL ||				\
	    RB_RIGHT(_rb_z, field) == NULL) {				\
		_rb_x = RB_LEFT(_rb_z, field) != NULL ?			\
		    RB_LEFT(_rb_z, field) : RB_RIGHT(_rb_z, field);	\
		_rb_p = RB_PARENT(_rb_z, field);			\
		_rb_color = RB_COLOR(_rb_z, field);			\
		if (_rb_x != NULL)					\
			RB_PARENT(_rb_x, field) = _rb_p;		\
		name##_RB_SETCHILD(_rb_head, _rb_p, _rb_z, _rb_x);	\
	} else {							\
		_rb_y = RB_RIGHT(_rb_z, field);				\
		while (RB_LEFT(_rb_y, field) != NULL)			\
			_rb_y = RB_LEFT(_rb_y, field);			\
		_rb_color = RB_COLOR(_rb_y, field);			\
		_rb_x = RB_RIGHT(_rb_y, field);				\
		_rb_p = RB_PARENT(_rb_y, field);			\
		if (_rb_p == _rb_z)					\
			_rb_p = _rb_y;					\
		else {							\
			RB_LEFT(_rb_p, field) = _rb_x;			\
			if (_rb_x != NULL)				\
				RB_PARENT(_rb_x, field) = _rb_p;	\
			RB_RIGHT(_rb_y, field) = RB_RIGHT(_rb_z, field);\
			RB_PARENT(RB_RIGHT(_rb_y, field), field) = _rb_y;\
		}							\
		RB_LEFT(_rb_y, field) = RB_LEFT(_rb_z, field);		\
		RB_PARENT(RB_LEFT(_rb_y, field), field) = _rb_y;	\
		RB_PARENT(_rb_y, field) = RB_PARENT(_rb_z, field);	\
		name##_RB_SETCHILD(_rb_head, RB_PARENT(_rb_z, field),	\
		    _rb_z, _rb_y);					\
		RB_COLOR(_rb_y, field) = RB_COLOR(_rb_z, field);	\
	}								\
	if (_rb_color == RB_BLACK)					\
		name##_RB_REMOVE_COLOR(_rb_head, _rb_p, _rb_x);		\
	return (_rb_z);							\
}									\
									\
attr struct type *							\
name##_RB_INSERT(struct name *_rb_head, struct type *_rb_elm)		\
{									\
	struct type	*_rb_p, *_rb_t;					\
	int		 _rb_c;						\
									\
	_rb_p = NULL;							\
	_rb_c = 0;							\
	_rb_t = RB_ROOT(_rb_head);					\
	while (_rb_t != NULL) {						\
		_rb_p = _rb_t;						\
		if ((_rb_c = (cmp)(_rb_elm, _rb_t)) == 0)		\
			return (_rb_t);					\
		_rb_t = _RB_CHILD(_rb_t, field, _rb_c > 0);		\
	}								\
	RB_LEFT(_rb_elm, field) = NULL;					\
	RB_RIGHT(_rb_elm, field) = NULL;				\
	RB_PARENT(_rb_elm, field) = _rb_p;				\
	RB_COLOR(_rb_elm, field) = RB_RED;				\
	if (_rb_p == NULL)						\
		RB_ROOT(_rb_head) = _rb_elm;				\
	else								\
		_RB_CHILD(_rb_p, field, _rb_c > 0) = _rb_elm;		\
	name##_RB_INSERT_COLOR(_rb_head, _rb_elm);			\
	return (NULL);							\
}									\
									\
attr struct type *							\
name##_RB_FIND(struct name *_rb_head, struct type *_rb_key)		\
{									\
	struct type	*_rb_t;						\
	int		 _rb_c;						\
									\
	_rb_t = RB_ROOT(_rb_head);					\
	while (_rb_t != NULL) {						\
		if ((_rb_c = (cmp)(_rb_key, _rb_t)) == 0)		\
			return (_rb_t);					\
		_rb_t = _RB_CHILD(_rb_t, field, _rb_c > 0);		\
	}								\
	return (NULL);							\
}									\
									\
/* The least element not less than key. */				\
attr struct type *							\
name##_RB_NFIND(struct name *_rb_head, struct type *_rb_key)		\
{									\
	struct type	*_rb_t, *_rb_best;				\
	int		 _rb_c;						\
									\
	_rb_best = NULL;						\
	_rb_t = RB_ROOT(_rb_head);					\
	while (_rb_t != NULL) {						\
		if ((_rb_c = (cmp)(_rb_key, _rb_t)) == 0)		\
			return (_rb_t);					\
		if (_rb_c < 0)						\
			_rb_best = _rb_t;				\
		_rb_t = _RB_CHILD(_rb_t, field, _rb_c > 0);		\
	}								\
	return (_rb_best);						\
}									\
									\
/*									\
 * In-order neighbour on side dir (1 next, 0 previous): the extreme	\
 * node of that subtree, else the first ancestor reached from the	\
 * other side.								\
 */									\
attr struct type *							\
name##_RB_STEP(struct type *_rb_elm, int _rb_dir)			\
{									\
	struct type	*_rb_p;						\
									\
	if (_RB_CHILD(_rb_elm, field, _rb_dir) != NULL) {		\
		_rb_elm = _RB_CHILD(_rb_elm, field, _rb_dir);		\
		while (_RB_CHILD(_rb_elm, field, !_rb_dir) != NULL)	\
			_rb_elm = _RB_CHILD(_rb_elm, field, !_rb_dir);	\
		return (_rb_elm);					\
	}								\
	while ((_rb_p = RB_PARENT(_rb_elm, field)) != NULL &&		\
	    _RB_CHILD(_rb_p, field, _rb_dir) == _rb_elm)		\
		_rb_elm = _rb_p;					\
	return (_rb_p);							\
}									\
									\
attr struct type *							\
name##_RB_NEXT(struct type *_rb_elm)					\
{									\
	return (name##_RB_STEP(_rb_elm, 1));				\
}									\
									\
attr struct type *							\
name##_RB_PREV(struct type *_rb_elm)					\
{									\
	return (name##_RB_STEP(_rb_elm, 0));				\
}									\
									\
attr struct type *							\
name##_RB_MINMAX(struct name *_rb_head, int _rb_val)			\
{									\
	struct type	*_rb_t;						\
	int		 _rb_dir;					\
									\
	_rb_dir = _rb_val > 0;						\
	if ((_rb_t = RB_ROOT(_rb_head)) != NULL)			\
		while (_RB_CHILD(_rb_t, field, _rb_dir) != NULL)	\
			_rb_t = _RB_CHILD(_rb_t, field, _rb_dir);	\
	return (_rb_t);							\
}

#endif /* FLOWD_SYS_TREE_H */
