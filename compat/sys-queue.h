/*
 * sys-queue.h: intrusive lists with the BSD queue(3) interface.
 *
 * Four kinds, all with the usual names and field names:
 *   SLIST		singly-linked list (head: first)
 *   LIST		doubly-linked list (head: first)
 *   SIMPLEQ, STAILQ	singly-linked tail queue (head: first, last)
 *   TAILQ		doubly-linked tail queue (head: first, last)
 *
 * A back link ("prev", "last") points at the next-pointer that refers
 * to the element (or at the head's first-pointer), not at the previous
 * element: insertion before and removal then never need to look at the
 * head or know whether the element is first.  TAILQ_HEAD and TAILQ_ENTRY
 * share one layout so that TAILQ_LAST and TAILQ_PREV can step backwards
 * through those pointers.
 *
 * Living together with a system <sys/queue.h> (glibc ships one with
 * fewer macros and no *_FOREACH_SAFE):
 *  - if the system header came first, every name this file defines is
 *    #undef'd and redefined here.  The structures keep the traditional
 *    field names (slh_first, tqe_next, ...), so heads and entries the
 *    system macros declared stay usable with these.
 *  - if the system header comes later, it finds its include guard
 *    (_SYS_QUEUE_H_ on glibc and the BSDs) already defined by this file
 *    and adds nothing.
 * Either way the program sees exactly one set of definitions, ours.
 *
 * Macro-local variables are spelt _q_* so that they can neither capture
 * the caller's names nor trip -Wshadow.  Removal does not clear the
 * removed element's links; reusing them is the caller's error.
 */
#ifndef FLOWD_SYS_QUEUE_H
#define FLOWD_SYS_QUEUE_H

#ifndef _SYS_QUEUE_H_
#define _SYS_QUEUE_H_
#endif

#include <stddef.h>

#undef SLIST_HEAD
#undef SLIST_HEAD_INITIALIZER
#undef SLIST_ENTRY
#undef SLIST_FIRST
#undef SLIST_END
#undef SLIST_EMPTY
#undef SLIST_NEXT
#undef SLIST_FOREACH
#undef SLIST_FOREACH_SAFE
#undef SLIST_INIT
#undef SLIST_INSERT_AFTER
#undef SLIST_INSERT_HEAD
#undef SLIST_REMOVE_AFTER
#undef SLIST_REMOVE_HEAD
#undef SLIST_REMOVE

#undef LIST_HEAD
#undef LIST_HEAD_INITIALIZER
#undef LIST_ENTRY
#undef LIST_FIRST
#undef LIST_END
#undef LIST_EMPTY
#undef LIST_NEXT
#undef LIST_FOREACH
#undef LIST_FOREACH_SAFE
#undef LIST_INIT
#undef LIST_INSERT_AFTER
#undef LIST_INSERT_BEFORE
#undef LIST_INSERT_HEAD
#undef LIST_REMOVE
#undef LIST_REPLACE

#undef SIMPLEQ_HEAD
#undef SIMPLEQ_HEAD_INITIALIZER
#undef SIMPLEQ_ENTRY
#undef SIMPLEQ_FIRST
#undef SIMPLEQ_END
#undef SIMPLEQ_EMPTY
#undef SIMPLEQ_NEXT
#undef SIMPLEQ_FOREACH
#undef SIMPLEQ_FOREACH_SAFE
#undef SIMPLEQ_INIT
#undef SIMPLEQ_INSERT_HEAD
#undef SIMPLEQ_INSERT_TAIL
#undef SIMPLEQ_INSERT_AFTER
#undef SIMPLEQ_REMOVE_HEAD
#undef SIMPLEQ_REMOVE_AFTER
#undef SIMPLEQ_CONCAT

#undef STAILQ_HEAD
#undef STAILQ_HEAD_INITIALIZER
#undef STAILQ_ENTRY
#undef STAILQ_FIRST
#undef STAILQ_END
#undef STAILQ_EMPTY
#undef STAILQ_NEXT
#undef STAILQ_LAST
#undef STAILQ_FOREACH
#undef STAILQ_FOREACH_SAFE
#undef STAILQ_INIT
#undef STAILQ_INSERT_HEAD
#undef STAILQ_INSERT_TAIL
#undef STAILQ_INSERT_AFTER
#undef STAILQ_REMOVE_HEAD
#undef STAILQ_REMOVE_AFTER
#undef STAILQ_REMOVE
#undef STAILQ_CONCAT

#undef TAILQ_HEAD
#undef TAILQ_HEAD_INITIALIZER
#undef TAILQ_ENTRY
#undef TAILQ_FIRST
#undef TAILQ_END
#undef TAILQ_EMPTY
#undef TAILQ_NEXT
#undef TAILQ_LAST
#undef TAILQ_PREV
#undef TAILQ_FOREACH
#undef TAILQ_FOREACH_SAFE
#undef TAILQ_FOREACH_REVERSE
#undef TAILQ_FOREACH_REVERSE_SAFE
#undef TAILQ_INIT
#undef TAILQ_INSERT_HEAD
#undef TAILQ_INSERT_TAIL
#undef TAILQ_INSERT_AFTER
#undef TAILQ_INSERT_BEFORE
#undef TAILQ_REMOVE
#undef TAILQ_REPLACE
#undef TAILQ_CONCAT
#undef TAILQ_SWAP

/*
 * Singly-linked list: one pointer per element, O(1) insertion at the
 * head or after a known element; removing an arbitrary element walks
 * from the head.
 */
#define SLIST_HEAD(name, type)						\
struct name {								\
	struct type	*slh_first;					\
}

#define SLIST_HEAD_INITIALIZER(head)	{ NULL }

#define SLIST_ENTRY(type)						\
struct {								\
	struct type	*sle_next;					\
}

#define SLIST_FIRST(head)	((head)->slh_first)
#define SLIST_END(head)		NULL
#define SLIST_EMPTY(head)	(SLIST_FIRST(head) == SLIST_END(head))
#define SLIST_NEXT(elm, field)	((elm)->field.sle_next)

#define SLIST_FOREACH(var, head, field)					\
	for ((var) = SLIST_FIRST(head);					\
	    (var) != SLIST_END(head);					\
	    (var) = SLIST_NEXT(var, field))

#define SLIST_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = SLIST_FIRST(head);					\
	    (var) != SLIST_END(head) &&					\
	    ((tvar) = SLIST_NEXT(var, field), 1);			\
	    (var) = (tvar))

#define SLIST_INIT(head) do {						\
	SLIST_FIRST(head) = SLIST_END(head);				\
} while (0)

#define SLIST_INSERT_AFTER(slistelm, elm, field) do {			\
	(elm)->field.sle_next = (slistelm)->field.sle_next;		\
	(slistelm)->field.sle_next = (elm);				\
} while (0)

#define SLIST_INSERT_HEAD(head, elm, field) do {			\
	(elm)->field.sle_next = (head)->slh_first;			\
	(head)->slh_first = (elm);					\
} while (0)

#define SLIST_REMOVE_AFTER(elm, field) do {				\
	(elm)->field.sle_next =						\
	    (elm)->field.sle_next->field.sle_next;			\
} while (0)

#define SLIST_REMOVE_HEAD(head, field) do {				\
	(head)->slh_first = (head)->slh_first->field.sle_next;		\
} while (0)

/* Walk the link that points at elm, then make it skip elm. */
#define SLIST_REMOVE(head, elm, type, field) do {			\
	struct type **_q_link = &(head)->slh_first;			\
									\
	while (*_q_link != (elm))					\
		_q_link = &(*_q_link)->field.sle_next;			\
	*_q_link = (elm)->field.sle_next;				\
} while (0)

/*
 * Doubly-linked list: O(1) removal of any element and insertion before
 * or after it, without the head.
 */
#define LIST_HEAD(name, type)						\
struct name {								\
	struct type	*lh_first;					\
}

#define LIST_HEAD_INITIALIZER(head)	{ NULL }

#define LIST_ENTRY(type)						\
struct {								\
	struct type	*le_next;					\
	struct type	**le_prev;	/* the link pointing at us */	\
}

#define LIST_FIRST(head)	((head)->lh_first)
#define LIST_END(head)		NULL
#define LIST_EMPTY(head)	(LIST_FIRST(head) == LIST_END(head))
#define LIST_NEXT(elm, field)	((elm)->field.le_next)

#define LIST_FOREACH(var, head, field)					\
	for ((var) = LIST_FIRST(head);					\
	    (var) != LIST_END(head);					\
	    (var) = LIST_NEXT(var, field))

#define LIST_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = LIST_FIRST(head);					\
	    (var) != LIST_END(head) &&					\
	    ((tvar) = LIST_NEXT(var, field), 1);			\
	    (var) = (tvar))

#define LIST_INIT(head) do {						\
	LIST_FIRST(head) = LIST_END(head);				\
} while (0)

#define LIST_INSERT_AFTER(listelm, elm, field) do {			\
	if (((elm)->field.le_next = (listelm)->field.le_next) != NULL)	\
		(listelm)->field.le_next->field.le_prev =		\
		    &(elm)->field.le_next;				\
	(listelm)->field.le_next = (elm);				\
	(elm)->field.le_prev = &(listelm)->field.le_next;		\
} while (0)

#define LIST_INSERT_BEFORE(listelm, elm, field) do {			\
	(elm)->field.le_prev = (listelm)->field.le_prev;		\
	(elm)->field.le_next = (listelm);				\
	*(listelm)->field.le_prev = (elm);				\
	(listelm)->field.le_prev = &(elm)->field.le_next;		\
} while (0)

#define LIST_INSERT_HEAD(head, elm, field) do {				\
	if (((elm)->field.le_next = (head)->lh_first) != NULL)		\
		(head)->lh_first->field.le_prev = &(elm)->field.le_next;\
	(head)->lh_first = (elm);					\
	(elm)->field.le_prev = &(head)->lh_first;			\
} while (0)

#define LIST_REMOVE(elm, field) do {					\
	if ((elm)->field.le_next != NULL)				\
		(elm)->field.le_next->field.le_prev =			\
		    (elm)->field.le_prev;				\
	*(elm)->field.le_prev = (elm)->field.le_next;			\
} while (0)

/* elm2 takes elm's place in the list. */
#define LIST_REPLACE(elm, elm2, field) do {				\
	if (((elm2)->field.le_next = (elm)->field.le_next) != NULL)	\
		(elm2)->field.le_next->field.le_prev =			\
		    &(elm2)->field.le_next;				\
	(elm2)->field.le_prev = (elm)->field.le_prev;			\
	*(elm2)->field.le_prev = (elm2);				\
} while (0)

/*
 * Simple queue: singly linked, with a pointer to the last link so that
 * appending is O(1).  STAILQ below is the same structure under the
 * FreeBSD/glibc names.
 */
#define SIMPLEQ_HEAD(name, type)					\
struct name {								\
	struct type	*sqh_first;					\
	struct type	**sqh_last;	/* the NULL link at the end */	\
}

#define SIMPLEQ_HEAD_INITIALIZER(head)	{ NULL, &(head).sqh_first }

#define SIMPLEQ_ENTRY(type)						\
struct {								\
	struct type	*sqe_next;					\
}

#define SIMPLEQ_FIRST(head)	((head)->sqh_first)
#define SIMPLEQ_END(head)	NULL
#define SIMPLEQ_EMPTY(head)	(SIMPLEQ_FIRST(head) == SIMPLEQ_END(head))
#define SIMPLEQ_NEXT(elm, field) ((elm)->field.sqe_next)

#define SIMPLEQ_FOREACH(var, head, field)				\
	for ((var) = SIMPLEQ_FIRST(head);				\
	    (var) != SIMPLEQ_END(head);					\
	    (var) = SIMPLEQ_NEXT(var, field))

#define SIMPLEQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = SIMPLEQ_FIRST(head);				\
	    (var) != SIMPLEQ_END(head) &&				\
	    ((tvar) = SIMPLEQ_NEXT(var, field), 1);			\
	    (var) = (tvar))

#define SIMPLEQ_INIT(head) do {						\
	(head)->sqh_first = NULL;					\
	(head)->sqh_last = &(head)->sqh_first;				\
} while (0)

#define SIMPLEQ_INSERT_HEAD(head, elm, field) do {			\
	if (((elm)->field.sqe_next = (head)->sqh_first) == NULL)	\
		(head)->sqh_last = &(elm)->field.sqe_next;		\
	(head)->sqh_first = (elm);					\
} while (0)

#define SIMPLEQ_INSERT_TAIL(head, elm, field) do {			\
	(elm)->field.sqe_next = NULL;					\
	*(head)->sqh_last = (elm);					\
	(head)->sqh_last = &(elm)->field.sqe_next;			\
} while (0)

#define SIMPLEQ_INSERT_AFTER(head, listelm, elm, field) do {		\
	if (((elm)->field.sqe_next = (listelm)->field.sqe_next) == NULL)\
		(head)->sqh_last = &(elm)->field.sqe_next;		\
	(listelm)->field.sqe_next = (elm);				\
} while (0)

#define SIMPLEQ_REMOVE_HEAD(head, field) do {				\
	if (((head)->sqh_first = (head)->sqh_first->field.sqe_next)	\
	    == NULL)							\
		(head)->sqh_last = &(head)->sqh_first;			\
} while (0)

#define SIMPLEQ_REMOVE_AFTER(head, elm, field) do {			\
	if (((elm)->field.sqe_next =					\
	    (elm)->field.sqe_next->field.sqe_next) == NULL)		\
		(head)->sqh_last = &(elm)->field.sqe_next;		\
} while (0)

/* Move all of head2 onto the end of head1, leaving head2 empty. */
#define SIMPLEQ_CONCAT(head1, head2) do {				\
	if (!SIMPLEQ_EMPTY(head2)) {					\
		*(head1)->sqh_last = (head2)->sqh_first;		\
		(head1)->sqh_last = (head2)->sqh_last;			\
		SIMPLEQ_INIT(head2);					\
	}								\
} while (0)

#define STAILQ_HEAD(name, type)						\
struct name {								\
	struct type	*stqh_first;					\
	struct type	**stqh_last;	/* the NULL link at the end */	\
}

#define STAILQ_HEAD_INITIALIZER(head)	{ NULL, &(head).stqh_first }

#define STAILQ_ENTRY(type)						\
struct {								\
	struct type	*stqe_next;					\
}

#define STAILQ_FIRST(head)	((head)->stqh_first)
#define STAILQ_END(head)	NULL
#define STAILQ_EMPTY(head)	(STAILQ_FIRST(head) == STAILQ_END(head))
#define STAILQ_NEXT(elm, field)	((elm)->field.stqe_next)

/* The element whose link stqh_last points at (NULL when empty). */
#define STAILQ_LAST(head, type, field)					\
	(STAILQ_EMPTY(head) ? NULL :					\
	    ((struct type *)(void *)((char *)((head)->stqh_last) -	\
	    offsetof(struct type, field))))

#define STAILQ_FOREACH(var, head, field)				\
	for ((var) = STAILQ_FIRST(head);				\
	    (var) != STAILQ_END(head);					\
	    (var) = STAILQ_NEXT(var, field))

#define STAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = STAILQ_FIRST(head);				\
	    (var) != STAILQ_END(head) &&				\
	    ((tvar) = STAILQ_NEXT(var, field), 1);			\
	    (var) = (tvar))

#define STAILQ_INIT(head) do {						\
	(head)->stqh_first = NULL;					\
	(head)->stqh_last = &(head)->stqh_first;			\
} while (0)

#define STAILQ_INSERT_HEAD(head, elm, field) do {			\
	if (((elm)->field.stqe_next = (head)->stqh_first) == NULL)	\
		(head)->stqh_last = &(elm)->field.stqe_next;		\
	(head)->stqh_first = (elm);					\
} while (0)

#define STAILQ_INSERT_TAIL(head, elm, field) do {			\
	(elm)->field.stqe_next = NULL;					\
	*(head)->stqh_last = (elm);					\
	(head)->stqh_last = &(elm)->field.stqe_next;			\
} while (0)

#define STAILQ_INSERT_AFTER(head, listelm, elm, field) do {		\
	if (((elm)->field.stqe_next = (listelm)->field.stqe_next)	\
	    == NULL)							\
		(head)->stqh_last = &(elm)->field.stqe_next;		\
	(listelm)->field.stqe_next = (elm);				\
} while (0)

#define STAILQ_REMOVE_HEAD(head, field) do {				\
	if (((head)->stqh_first =					\
	    (head)->stqh_first->field.stqe_next) == NULL)		\
		(head)->stqh_last = &(head)->stqh_first;		\
} while (0)

#define STAILQ_REMOVE_AFTER(head, elm, field) do {			\
	if (((elm)->field.stqe_next =					\
	    (elm)->field.stqe_next->field.stqe_next) == NULL)		\
		(head)->stqh_last = &(elm)->field.stqe_next;		\
} while (0)

/* As SLIST_REMOVE; the link found becomes the end if elm was last. */
#define STAILQ_REMOVE(head, elm, type, field) do {			\
	struct type **_q_link = &(head)->stqh_first;			\
									\
	while (*_q_link != (elm))					\
		_q_link = &(*_q_link)->field.stqe_next;			\
	if ((*_q_link = (elm)->field.stqe_next) == NULL)		\
		(head)->stqh_last = _q_link;				\
} while (0)

#define STAILQ_CONCAT(head1, head2) do {				\
	if (!STAILQ_EMPTY(head2)) {					\
		*(head1)->stqh_last = (head2)->stqh_first;		\
		(head1)->stqh_last = (head2)->stqh_last;		\
		STAILQ_INIT(head2);					\
	}								\
} while (0)

/*
 * Tail queue: doubly linked with a last pointer; O(1) everywhere and
 * traversable in both directions.
 */
#define TAILQ_HEAD(name, type)						\
struct name {								\
	struct type	*tqh_first;					\
	struct type	**tqh_last;	/* the NULL link at the end */	\
}

#define TAILQ_HEAD_INITIALIZER(head)	{ NULL, &(head).tqh_first }

#define TAILQ_ENTRY(type)						\
struct {								\
	struct type	*tqe_next;					\
	struct type	**tqe_prev;	/* the link pointing at us */	\
}

#define TAILQ_FIRST(head)	((head)->tqh_first)
#define TAILQ_END(head)		NULL
#define TAILQ_EMPTY(head)	(TAILQ_FIRST(head) == TAILQ_END(head))
#define TAILQ_NEXT(elm, field)	((elm)->field.tqe_next)

/*
 * tqh_last points at the last element's tqe_next, the first member of
 * an entry laid out like the head; that entry's second member points at
 * the link holding the last element.  An empty queue yields the head's
 * tqh_first, NULL.  TAILQ_PREV does the same from an element.
 */
#define TAILQ_LAST(head, headname)					\
	(*(((struct headname *)(void *)((head)->tqh_last))->tqh_last))
#define TAILQ_PREV(elm, headname, field)				\
	(*(((struct headname *)(void *)((elm)->field.tqe_prev))->tqh_last))

#define TAILQ_FOREACH(var, head, field)					\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != TAILQ_END(head);					\
	    (var) = TAILQ_NEXT(var, field))

#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != TAILQ_END(head) &&					\
	    ((tvar) = TAILQ_NEXT(var, field), 1);			\
	    (var) = (tvar))

#define TAILQ_FOREACH_REVERSE(var, head, headname, field)		\
	for ((var) = TAILQ_LAST(head, headname);			\
	    (var) != TAILQ_END(head);					\
	    (var) = TAILQ_PREV(var, headname, field))

#define TAILQ_FOREACH_REVERSE_SAFE(var, head, headname, field, tvar)	\
	for ((var) = TAILQ_LAST(head, headname);			\
	    (var) != TAILQ_END(head) &&					\
	    ((tvar) = TAILQ_PREV(var, headname, field), 1);		\
	    (var) = (tvar))

#define TAILQ_INIT(head) do {						\
	(head)->tqh_first = NULL;					\
	(head)->tqh_last = &(head)->tqh_first;				\
} while (0)

#define TAILQ_INSERT_HEAD(head, elm, field) do {			\
	if (((elm)->field.tqe_next = (head)->tqh_first) != NULL)	\
		(head)->tqh_first->field.tqe_prev =			\
		    &(elm)->field.tqe_next;				\
	else								\
		(head)->tqh_last = &(elm)->field.tqe_next;		\
	(head)->tqh_first = (elm);					\
	(elm)->field.tqe_prev = &(head)->tqh_first;			\
} while (0)

#define TAILQ_INSERT_TAIL(head, elm, field) do {			\
	(elm)->field.tqe_next = NULL;					\
	(elm)->field.tqe_prev = (head)->tqh_last;			\
	*(head)->tqh_last = (elm);					\
	(head)->tqh_last = &(elm)->field.tqe_next;			\
} while (0)

#define TAILQ_INSERT_AFTER(head, listelm, elm, field) do {		\
	if (((elm)->field.tqe_next = (listelm)->field.tqe_next) != NULL)\
		(elm)->field.tqe_next->field.tqe_prev =			\
		    &(elm)->field.tqe_next;				\
	else								\
		(head)->tqh_last = &(elm)->field.tqe_next;		\
	(listelm)->field.tqe_next = (elm);				\
	(elm)->field.tqe_prev = &(listelm)->field.tqe_next;		\
} while (0)

#define TAILQ_INSERT_BEFORE(listelm, elm, field) do {			\
	(elm)->field.tqe_prev = (listelm)->field.tqe_prev;		\
	(elm)->field.tqe_next = (listelm);				\
	*(listelm)->field.tqe_prev = (elm);				\
	(listelm)->field.tqe_prev = &(elm)->field.tqe_next;		\
} while (0)

#define TAILQ_REMOVE(head, elm, field) do {				\
	if ((elm)->field.tqe_next != NULL)				\
		(elm)->field.tqe_next->field.tqe_prev =			\
		    (elm)->field.tqe_prev;				\
	else								\
		(head)->tqh_last = (elm)->field.tqe_prev;		\
	*(elm)->field.tqe_prev = (elm)->field.tqe_next;			\
} while (0)

/* elm2 takes elm's place in the queue. */
#define TAILQ_REPLACE(head, elm, elm2, field) do {			\
	if (((elm2)->field.tqe_next = (elm)->field.tqe_next) != NULL)	\
		(elm2)->field.tqe_next->field.tqe_prev =		\
		    &(elm2)->field.tqe_next;				\
	else								\
		(head)->tqh_last = &(elm2)->field.tqe_next;		\
	(elm2)->field.tqe_prev = (elm)->field.tqe_prev;			\
	*(elm2)->field.tqe_prev = (elm2);				\
} while (0)

/* Move all of head2 onto the end of head1, leaving head2 empty. */
#define TAILQ_CONCAT(head1, head2, field) do {				\
	if (!TAILQ_EMPTY(head2)) {					\
		*(head1)->tqh_last = (head2)->tqh_first;		\
		(head2)->tqh_first->field.tqe_prev = (head1)->tqh_last;	\
		(head1)->tqh_last = (head2)->tqh_last;			\
		TAILQ_INIT(head2);					\
	}								\
} while (0)

/*
 * Exchange the contents of two queues (the FreeBSD macro).  The first
 * elements' back links must then point at their new heads, and an
 * empty queue's last link at its own first-pointer.
 */
#define TAILQ_SWAP(head1, head2, type, field) do {			\
	struct type	*_q_first = (head1)->tqh_first;			\
	struct type	**_q_last = (head1)->tqh_last;			\
									\
	(head1)->tqh_first = (head2)->tqh_first;			\
	(head1)->tqh_last = (head2)->tqh_last;				\
	(head2)->tqh_first = _q_first;					\
	(head2)->tqh_last = _q_last;					\
	if ((head1)->tqh_first != NULL)					\
		(head1)->tqh_first->field.tqe_prev = &(head1)->tqh_first;\
	else								\
		(head1)->tqh_last = &(head1)->tqh_first;		\
	if ((head2)->tqh_first != NULL)					\
		(head2)->tqh_first->field.tqe_prev = &(head2)->tqh_first;\
	else								\
		(head2)->tqh_last = &(head2)->tqh_first;		\
} while (0)

#endif /* FLOWD_SYS_QUEUE_H */
