/*
 * compat/sys-queue.h: every operation of SLIST, LIST, SIMPLEQ, STAILQ
 * and TAILQ, checked by walking the result both ways and checking every
 * back link, plus removal (and freeing, so ASan sees any stale access)
 * during the *_FOREACH_SAFE walks.
 *
 * glibc's <sys/queue.h> is included first on purpose: sys-queue.h must
 * replace its definitions without a redefinition warning.
 */
#include <sys/queue.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "compat.h"
#include "sys-queue.h"

struct elem {
	int			 v;
	SLIST_ENTRY(elem)	 sl;
	LIST_ENTRY(elem)	 li;
	SIMPLEQ_ENTRY(elem)	 sq;
	STAILQ_ENTRY(elem)	 st;
	TAILQ_ENTRY(elem)	 tq;
};

SLIST_HEAD(slhead, elem);
LIST_HEAD(lihead, elem);
SIMPLEQ_HEAD(sqhead, elem);
STAILQ_HEAD(sthead, elem);
TAILQ_HEAD(tqhead, elem);

/*
 * Names the macros use internally or that are common in callers; a
 * macro that declared or captured one of these would show up as a
 * -Wshadow warning or a wrong answer below.
 */
static struct tqhead	head = TAILQ_HEAD_INITIALIZER(head);
static struct elem	*elm, *tmp, *curelm;

static char	 buf[1024];

static struct elem *
mk(int v)
{
	struct elem	*e;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		atf_tc_fail("calloc");
	e->v = v;
	return (e);
}

static void
put(size_t *off, int v)
{
	int	 n;

	n = snprintf(buf + *off, sizeof(buf) - *off, "%s%d", *off ? " " : "",
	    v);
	if (n < 0 || (size_t)n >= sizeof(buf) - *off)
		atf_tc_fail("list too long to print");
	*off += (size_t)n;
}

/* The values in order, or a description of the first broken link. */
static const char *
sl_str(struct slhead *h)
{
	struct elem	*e;
	size_t		 off = 0;

	buf[0] = '\0';
	SLIST_FOREACH(e, h, sl)
		put(&off, e->v);
	return (buf);
}

static const char *
li_str(struct lihead *h)
{
	struct elem	*e;
	size_t		 off = 0;

	buf[0] = '\0';
	LIST_FOREACH(e, h, li) {
		if (*e->li.le_prev != e)
			return ("bad le_prev");
		put(&off, e->v);
	}
	if (!LIST_EMPTY(h) && LIST_FIRST(h)->li.le_prev != &h->lh_first)
		return ("first le_prev not head");
	return (buf);
}

static const char *
sq_str(struct sqhead *h)
{
	struct elem	*e;
	struct elem	**last = &h->sqh_first;
	size_t		 off = 0;

	buf[0] = '\0';
	SIMPLEQ_FOREACH(e, h, sq) {
		put(&off, e->v);
		last = &SIMPLEQ_NEXT(e, sq);
	}
	if (h->sqh_last != last)
		return ("bad sqh_last");
	return (buf);
}

static const char *
st_str(struct sthead *h)
{
	struct elem	*e, *lastelm = NULL;
	struct elem	**last = &h->stqh_first;
	size_t		 off = 0;

	buf[0] = '\0';
	STAILQ_FOREACH(e, h, st) {
		put(&off, e->v);
		last = &STAILQ_NEXT(e, st);
		lastelm = e;
	}
	if (h->stqh_last != last)
		return ("bad stqh_last");
	if (STAILQ_LAST(h, elem, st) != lastelm)
		return ("bad STAILQ_LAST");
	return (buf);
}

/* Forward, then checks that the reverse walk is its mirror image. */
static const char *
tq_str(struct tqhead *h)
{
	struct elem	*e, *fwd[64];
	size_t		 n = 0, off = 0;

	buf[0] = '\0';
	TAILQ_FOREACH(e, h, tq) {
		if (n == 64)
			return ("too long");
		if (*e->tq.tqe_prev != e)
			return ("bad tqe_prev");
		fwd[n++] = e;
		put(&off, e->v);
	}
	if (*h->tqh_last != NULL)
		return ("tqh_last not at the end");
	if (TAILQ_LAST(h, tqhead) != (n ? fwd[n - 1] : NULL))
		return ("bad TAILQ_LAST");
	TAILQ_FOREACH_REVERSE(e, h, tqhead, tq) {
		if (n == 0 || fwd[--n] != e)
			return ("reverse walk differs");
		if (TAILQ_PREV(e, tqhead, tq) != (n ? fwd[n - 1] : NULL))
			return ("bad TAILQ_PREV");
	}
	if (n != 0)
		return ("reverse walk short");
	return (buf);
}

static void
freeall_tq(struct tqhead *h)
{
	struct elem	*e, *t;

	TAILQ_FOREACH_SAFE(e, h, tq, t) {
		TAILQ_REMOVE(h, e, tq);
		free(e);
	}
}

ATF_TC_WITHOUT_HEAD(slist);
ATF_TC_BODY(slist, tc)
{
	struct slhead	 h = SLIST_HEAD_INITIALIZER(h);
	struct elem	*e[6], *t;
	int		 i;

	ATF_CHECK(SLIST_EMPTY(&h));
	ATF_CHECK(SLIST_FIRST(&h) == SLIST_END(&h));
	for (i = 0; i < 6; i++)
		e[i] = mk(i);
	SLIST_INSERT_HEAD(&h, e[2], sl);
	SLIST_INSERT_HEAD(&h, e[0], sl);
	SLIST_INSERT_AFTER(e[0], e[1], sl);
	SLIST_INSERT_AFTER(e[2], e[4], sl);
	SLIST_INSERT_AFTER(e[2], e[3], sl);
	SLIST_INSERT_AFTER(e[4], e[5], sl);
	ATF_CHECK_STREQ(sl_str(&h), "0 1 2 3 4 5");
	ATF_CHECK(!SLIST_EMPTY(&h));
	ATF_CHECK(SLIST_NEXT(e[5], sl) == NULL);

	SLIST_REMOVE(&h, e[0], elem, sl);	/* first */
	ATF_CHECK_STREQ(sl_str(&h), "1 2 3 4 5");
	SLIST_REMOVE(&h, e[3], elem, sl);	/* middle */
	ATF_CHECK_STREQ(sl_str(&h), "1 2 4 5");
	SLIST_REMOVE(&h, e[5], elem, sl);	/* last */
	ATF_CHECK_STREQ(sl_str(&h), "1 2 4");
	SLIST_REMOVE_AFTER(e[1], sl);
	ATF_CHECK_STREQ(sl_str(&h), "1 4");
	SLIST_REMOVE_HEAD(&h, sl);
	ATF_CHECK_STREQ(sl_str(&h), "4");
	SLIST_REMOVE_HEAD(&h, sl);
	ATF_CHECK(SLIST_EMPTY(&h));
	SLIST_INSERT_HEAD(&h, e[3], sl);
	ATF_CHECK_STREQ(sl_str(&h), "3");
	SLIST_INIT(&h);
	ATF_CHECK(SLIST_EMPTY(&h));
	for (i = 0; i < 6; i++)
		free(e[i]);

	/* Remove and free the odd ones, then all, while walking. */
	for (i = 9; i >= 0; i--) {
		elm = mk(i);
		SLIST_INSERT_HEAD(&h, elm, sl);
	}
	SLIST_FOREACH_SAFE(elm, &h, sl, tmp)
		if (elm->v % 2) {
			SLIST_REMOVE(&h, elm, elem, sl);
			free(elm);
		}
	ATF_CHECK_STREQ(sl_str(&h), "0 2 4 6 8");
	SLIST_FOREACH_SAFE(elm, &h, sl, t) {
		SLIST_REMOVE_HEAD(&h, sl);
		free(elm);
	}
	ATF_CHECK(SLIST_EMPTY(&h));
}

ATF_TC_WITHOUT_HEAD(list);
ATF_TC_BODY(list, tc)
{
	struct lihead	 h = LIST_HEAD_INITIALIZER(h);
	struct elem	*e[7];
	int		 i;

	ATF_CHECK(LIST_EMPTY(&h));
	ATF_CHECK(LIST_FIRST(&h) == LIST_END(&h));
	for (i = 0; i < 7; i++)
		e[i] = mk(i);
	LIST_INSERT_HEAD(&h, e[3], li);
	LIST_INSERT_BEFORE(e[3], e[1], li);	/* before the first */
	LIST_INSERT_AFTER(e[3], e[5], li);	/* after the last */
	LIST_INSERT_BEFORE(e[3], e[2], li);
	LIST_INSERT_AFTER(e[3], e[4], li);
	LIST_INSERT_HEAD(&h, e[0], li);
	ATF_CHECK_STREQ(li_str(&h), "0 1 2 3 4 5");
	ATF_CHECK(LIST_NEXT(e[5], li) == NULL);

	LIST_REMOVE(e[0], li);			/* first */
	ATF_CHECK_STREQ(li_str(&h), "1 2 3 4 5");
	LIST_REMOVE(e[3], li);			/* middle */
	ATF_CHECK_STREQ(li_str(&h), "1 2 4 5");
	LIST_REMOVE(e[5], li);			/* last */
	ATF_CHECK_STREQ(li_str(&h), "1 2 4");
	LIST_REPLACE(e[1], e[6], li);		/* first */
	ATF_CHECK_STREQ(li_str(&h), "6 2 4");
	LIST_REPLACE(e[4], e[0], li);		/* last */
	ATF_CHECK_STREQ(li_str(&h), "6 2 0");
	LIST_REPLACE(e[2], e[3], li);		/* middle */
	ATF_CHECK_STREQ(li_str(&h), "6 3 0");
	LIST_REMOVE(e[6], li);
	LIST_REMOVE(e[0], li);
	LIST_REMOVE(e[3], li);
	ATF_CHECK(LIST_EMPTY(&h));
	LIST_INSERT_HEAD(&h, e[1], li);
	ATF_CHECK_STREQ(li_str(&h), "1");
	LIST_INIT(&h);
	ATF_CHECK(LIST_EMPTY(&h));
	for (i = 0; i < 7; i++)
		free(e[i]);

	for (i = 9; i >= 0; i--) {
		elm = mk(i);
		LIST_INSERT_HEAD(&h, elm, li);
	}
	LIST_FOREACH_SAFE(elm, &h, li, tmp)
		if (elm->v % 3 != 1) {
			LIST_REMOVE(elm, li);
			free(elm);
		}
	ATF_CHECK_STREQ(li_str(&h), "1 4 7");
	LIST_FOREACH_SAFE(curelm, &h, li, tmp) {
		LIST_REMOVE(curelm, li);
		free(curelm);
	}
	ATF_CHECK(LIST_EMPTY(&h));
}

ATF_TC_WITHOUT_HEAD(simpleq);
ATF_TC_BODY(simpleq, tc)
{
	struct sqhead	 h = SIMPLEQ_HEAD_INITIALIZER(h);
	struct sqhead	 h2;
	struct elem	*e[8], *t;
	int		 i;

	ATF_CHECK(SIMPLEQ_EMPTY(&h));
	ATF_CHECK(SIMPLEQ_FIRST(&h) == SIMPLEQ_END(&h));
	ATF_CHECK_STREQ(sq_str(&h), "");
	for (i = 0; i < 8; i++)
		e[i] = mk(i);
	SIMPLEQ_INSERT_TAIL(&h, e[2], sq);	/* into empty */
	SIMPLEQ_INSERT_HEAD(&h, e[0], sq);
	SIMPLEQ_INSERT_AFTER(&h, e[0], e[1], sq);
	SIMPLEQ_INSERT_AFTER(&h, e[2], e[3], sq);	/* after the last */
	SIMPLEQ_INSERT_TAIL(&h, e[4], sq);	/* lands after e[3] */
	ATF_CHECK_STREQ(sq_str(&h), "0 1 2 3 4");
	ATF_CHECK(SIMPLEQ_NEXT(e[4], sq) == NULL);

	SIMPLEQ_REMOVE_AFTER(&h, e[1], sq);
	ATF_CHECK_STREQ(sq_str(&h), "0 1 3 4");
	SIMPLEQ_REMOVE_AFTER(&h, e[3], sq);	/* the last */
	ATF_CHECK_STREQ(sq_str(&h), "0 1 3");
	SIMPLEQ_INSERT_TAIL(&h, e[5], sq);
	ATF_CHECK_STREQ(sq_str(&h), "0 1 3 5");
	SIMPLEQ_REMOVE_HEAD(&h, sq);
	SIMPLEQ_REMOVE_HEAD(&h, sq);
	SIMPLEQ_REMOVE_HEAD(&h, sq);
	ATF_CHECK_STREQ(sq_str(&h), "5");
	SIMPLEQ_REMOVE_HEAD(&h, sq);		/* to empty */
	ATF_CHECK(SIMPLEQ_EMPTY(&h));
	ATF_CHECK_STREQ(sq_str(&h), "");
	SIMPLEQ_INSERT_TAIL(&h, e[6], sq);
	ATF_CHECK_STREQ(sq_str(&h), "6");
	SIMPLEQ_REMOVE_HEAD(&h, sq);
	SIMPLEQ_INSERT_HEAD(&h, e[7], sq);	/* into empty */
	SIMPLEQ_INSERT_TAIL(&h, e[6], sq);
	ATF_CHECK_STREQ(sq_str(&h), "7 6");

	/* Concatenation: empty onto full, full onto empty, full onto full. */
	SIMPLEQ_INIT(&h2);
	SIMPLEQ_CONCAT(&h, &h2);
	ATF_CHECK_STREQ(sq_str(&h), "7 6");
	ATF_CHECK_STREQ(sq_str(&h2), "");
	SIMPLEQ_CONCAT(&h2, &h);
	ATF_CHECK_STREQ(sq_str(&h), "");
	ATF_CHECK_STREQ(sq_str(&h2), "7 6");
	SIMPLEQ_INSERT_TAIL(&h, e[0], sq);
	SIMPLEQ_INSERT_TAIL(&h, e[1], sq);
	SIMPLEQ_CONCAT(&h2, &h);
	ATF_CHECK_STREQ(sq_str(&h2), "7 6 0 1");
	ATF_CHECK(SIMPLEQ_EMPTY(&h));
	SIMPLEQ_INSERT_TAIL(&h2, e[2], sq);
	ATF_CHECK_STREQ(sq_str(&h2), "7 6 0 1 2");
	SIMPLEQ_INIT(&h2);
	for (i = 0; i < 8; i++)
		free(e[i]);

	for (i = 0; i < 10; i++) {
		elm = mk(i);
		SIMPLEQ_INSERT_TAIL(&h, elm, sq);
	}
	/* Only the head or the successor of a kept element can go. */
	t = NULL;
	SIMPLEQ_FOREACH_SAFE(elm, &h, sq, tmp) {
		if (elm->v % 2 == 0) {
			if (t == NULL)
				SIMPLEQ_REMOVE_HEAD(&h, sq);
			else
				SIMPLEQ_REMOVE_AFTER(&h, t, sq);
			free(elm);
		} else
			t = elm;
	}
	ATF_CHECK_STREQ(sq_str(&h), "1 3 5 7 9");
	SIMPLEQ_FOREACH_SAFE(elm, &h, sq, tmp) {
		SIMPLEQ_REMOVE_HEAD(&h, sq);
		free(elm);
	}
	ATF_CHECK_STREQ(sq_str(&h), "");
}

ATF_TC_WITHOUT_HEAD(stailq);
ATF_TC_BODY(stailq, tc)
{
	struct sthead	 h = STAILQ_HEAD_INITIALIZER(h);
	struct sthead	 h2;
	struct elem	*e[8], *t;
	int		 i;

	ATF_CHECK(STAILQ_EMPTY(&h));
	ATF_CHECK(STAILQ_LAST(&h, elem, st) == NULL);
	ATF_CHECK_STREQ(st_str(&h), "");
	for (i = 0; i < 8; i++)
		e[i] = mk(i);
	STAILQ_INSERT_TAIL(&h, e[2], st);
	STAILQ_INSERT_HEAD(&h, e[0], st);
	STAILQ_INSERT_AFTER(&h, e[0], e[1], st);
	STAILQ_INSERT_AFTER(&h, e[2], e[3], st);
	STAILQ_INSERT_TAIL(&h, e[4], st);
	STAILQ_INSERT_TAIL(&h, e[5], st);
	ATF_CHECK_STREQ(st_str(&h), "0 1 2 3 4 5");
	ATF_CHECK(STAILQ_LAST(&h, elem, st) == e[5]);

	STAILQ_REMOVE(&h, e[5], elem, st);	/* last */
	ATF_CHECK_STREQ(st_str(&h), "0 1 2 3 4");
	STAILQ_REMOVE(&h, e[0], elem, st);	/* first */
	ATF_CHECK_STREQ(st_str(&h), "1 2 3 4");
	STAILQ_REMOVE(&h, e[2], elem, st);	/* middle */
	ATF_CHECK_STREQ(st_str(&h), "1 3 4");
	STAILQ_REMOVE_AFTER(&h, e[3], st);	/* the last */
	ATF_CHECK_STREQ(st_str(&h), "1 3");
	STAILQ_REMOVE_AFTER(&h, e[1], st);
	ATF_CHECK_STREQ(st_str(&h), "1");
	STAILQ_REMOVE(&h, e[1], elem, st);	/* only */
	ATF_CHECK_STREQ(st_str(&h), "");
	STAILQ_INSERT_HEAD(&h, e[6], st);
	STAILQ_INSERT_TAIL(&h, e[7], st);
	STAILQ_REMOVE_HEAD(&h, st);
	ATF_CHECK_STREQ(st_str(&h), "7");
	STAILQ_REMOVE_HEAD(&h, st);
	ATF_CHECK_STREQ(st_str(&h), "");

	STAILQ_INIT(&h2);
	STAILQ_INSERT_TAIL(&h, e[0], st);
	STAILQ_CONCAT(&h, &h2);
	ATF_CHECK_STREQ(st_str(&h), "0");
	STAILQ_CONCAT(&h2, &h);
	ATF_CHECK_STREQ(st_str(&h), "");
	ATF_CHECK_STREQ(st_str(&h2), "0");
	STAILQ_INSERT_TAIL(&h, e[1], st);
	STAILQ_INSERT_TAIL(&h, e[2], st);
	STAILQ_CONCAT(&h2, &h);
	ATF_CHECK_STREQ(st_str(&h2), "0 1 2");
	ATF_CHECK(STAILQ_LAST(&h2, elem, st) == e[2]);
	ATF_CHECK_STREQ(st_str(&h), "");
	STAILQ_INIT(&h2);
	for (i = 0; i < 8; i++)
		free(e[i]);

	for (i = 0; i < 10; i++) {
		elm = mk(i);
		STAILQ_INSERT_TAIL(&h, elm, st);
	}
	STAILQ_FOREACH_SAFE(elm, &h, st, t)
		if (elm->v % 4 != 3) {
			STAILQ_REMOVE(&h, elm, elem, st);
			free(elm);
		}
	ATF_CHECK_STREQ(st_str(&h), "3 7");
	STAILQ_FOREACH_SAFE(elm, &h, st, t) {
		STAILQ_REMOVE_HEAD(&h, st);
		free(elm);
	}
	ATF_CHECK_STREQ(st_str(&h), "");
}

ATF_TC_WITHOUT_HEAD(tailq);
ATF_TC_BODY(tailq, tc)
{
	struct tqhead	 h = TAILQ_HEAD_INITIALIZER(h);
	struct elem	*e[9];
	int		 i;

	ATF_CHECK(TAILQ_EMPTY(&h));
	ATF_CHECK(TAILQ_FIRST(&h) == TAILQ_END(&h));
	ATF_CHECK(TAILQ_LAST(&h, tqhead) == NULL);
	ATF_CHECK_STREQ(tq_str(&h), "");
	for (i = 0; i < 9; i++)
		e[i] = mk(i);
	TAILQ_INSERT_TAIL(&h, e[3], tq);	/* into empty */
	TAILQ_INSERT_BEFORE(e[3], e[1], tq);	/* before the first */
	TAILQ_INSERT_HEAD(&h, e[0], tq);
	TAILQ_INSERT_AFTER(&h, e[1], e[2], tq);
	TAILQ_INSERT_AFTER(&h, e[3], e[5], tq);	/* after the last */
	TAILQ_INSERT_BEFORE(e[5], e[4], tq);
	TAILQ_INSERT_TAIL(&h, e[6], tq);
	ATF_CHECK_STREQ(tq_str(&h), "0 1 2 3 4 5 6");
	ATF_CHECK(TAILQ_NEXT(e[6], tq) == NULL);
	ATF_CHECK(TAILQ_PREV(e[0], tqhead, tq) == NULL);
	ATF_CHECK(TAILQ_PREV(e[4], tqhead, tq) == e[3]);

	TAILQ_REMOVE(&h, e[6], tq);		/* last */
	ATF_CHECK_STREQ(tq_str(&h), "0 1 2 3 4 5");
	TAILQ_REMOVE(&h, e[0], tq);		/* first */
	ATF_CHECK_STREQ(tq_str(&h), "1 2 3 4 5");
	TAILQ_REMOVE(&h, e[3], tq);		/* middle */
	ATF_CHECK_STREQ(tq_str(&h), "1 2 4 5");
	TAILQ_REPLACE(&h, e[5], e[8], tq);	/* last */
	ATF_CHECK_STREQ(tq_str(&h), "1 2 4 8");
	TAILQ_INSERT_TAIL(&h, e[5], tq);
	TAILQ_REPLACE(&h, e[1], e[7], tq);	/* first */
	TAILQ_REPLACE(&h, e[4], e[6], tq);	/* middle */
	ATF_CHECK_STREQ(tq_str(&h), "7 2 6 8 5");
	TAILQ_REMOVE(&h, e[7], tq);
	TAILQ_REMOVE(&h, e[2], tq);
	TAILQ_REMOVE(&h, e[6], tq);
	TAILQ_REMOVE(&h, e[8], tq);
	TAILQ_REMOVE(&h, e[5], tq);		/* only */
	ATF_CHECK(TAILQ_EMPTY(&h));
	ATF_CHECK_STREQ(tq_str(&h), "");
	TAILQ_INSERT_HEAD(&h, e[0], tq);	/* into empty */
	TAILQ_INSERT_TAIL(&h, e[1], tq);
	ATF_CHECK_STREQ(tq_str(&h), "0 1");
	TAILQ_INIT(&h);
	for (i = 0; i < 9; i++)
		free(e[i]);
}

ATF_TC_WITHOUT_HEAD(tailq_concat_swap);
ATF_TC_BODY(tailq_concat_swap, tc)
{
	struct tqhead	 a, b;
	int		 i;

	TAILQ_INIT(&a);
	TAILQ_INIT(&b);
	TAILQ_CONCAT(&a, &b, tq);		/* both empty */
	TAILQ_SWAP(&a, &b, elem, tq);
	ATF_CHECK_STREQ(tq_str(&a), "");
	ATF_CHECK_STREQ(tq_str(&b), "");
	for (i = 0; i < 3; i++) {
		elm = mk(i);
		TAILQ_INSERT_TAIL(&a, elm, tq);
	}
	TAILQ_SWAP(&a, &b, elem, tq);		/* full with empty */
	ATF_CHECK_STREQ(tq_str(&a), "");
	ATF_CHECK_STREQ(tq_str(&b), "0 1 2");
	TAILQ_SWAP(&a, &b, elem, tq);		/* empty with full */
	ATF_CHECK_STREQ(tq_str(&a), "0 1 2");
	ATF_CHECK_STREQ(tq_str(&b), "");
	TAILQ_CONCAT(&a, &b, tq);		/* empty onto full */
	ATF_CHECK_STREQ(tq_str(&a), "0 1 2");
	TAILQ_CONCAT(&b, &a, tq);		/* full onto empty */
	ATF_CHECK_STREQ(tq_str(&a), "");
	ATF_CHECK_STREQ(tq_str(&b), "0 1 2");
	for (i = 3; i < 5; i++) {
		elm = mk(i);
		TAILQ_INSERT_TAIL(&a, elm, tq);
	}
	TAILQ_SWAP(&a, &b, elem, tq);		/* full with full */
	ATF_CHECK_STREQ(tq_str(&a), "0 1 2");
	ATF_CHECK_STREQ(tq_str(&b), "3 4");
	TAILQ_CONCAT(&a, &b, tq);		/* full onto full */
	ATF_CHECK_STREQ(tq_str(&a), "0 1 2 3 4");
	ATF_CHECK_STREQ(tq_str(&b), "");
	/* Both heads still work for appending. */
	elm = mk(5);
	TAILQ_INSERT_TAIL(&a, elm, tq);
	elm = mk(6);
	TAILQ_INSERT_TAIL(&b, elm, tq);
	ATF_CHECK_STREQ(tq_str(&a), "0 1 2 3 4 5");
	ATF_CHECK_STREQ(tq_str(&b), "6");
	freeall_tq(&a);
	freeall_tq(&b);
}

ATF_TC_WITHOUT_HEAD(tailq_foreach_safe);
ATF_TC_BODY(tailq_foreach_safe, tc)
{
	struct elem	*prev;
	int		 i, seen;

	/* The file-scope head, to prove the macros do not capture it. */
	for (i = 0; i < 12; i++) {
		elm = mk(i);
		TAILQ_INSERT_TAIL(&head, elm, tq);
	}
	seen = 0;
	TAILQ_FOREACH_SAFE(elm, &head, tq, tmp) {
		seen++;
		if (elm->v % 3 == 0) {
			TAILQ_REMOVE(&head, elm, tq);
			free(elm);
		}
	}
	ATF_CHECK_EQ(seen, 12);
	ATF_CHECK_STREQ(tq_str(&head), "1 2 4 5 7 8 10 11");
	/* Backwards, also inserting behind the walk (not visited). */
	seen = 0;
	TAILQ_FOREACH_REVERSE_SAFE(elm, &head, tqhead, tq, prev) {
		seen++;
		if (elm->v % 2 == 0) {
			TAILQ_REMOVE(&head, elm, tq);
			free(elm);
		} else if (elm->v == 11) {
			tmp = mk(12);
			TAILQ_INSERT_AFTER(&head, elm, tmp, tq);
		}
	}
	ATF_CHECK_EQ(seen, 8);
	ATF_CHECK_STREQ(tq_str(&head), "1 5 7 11 12");
	TAILQ_FOREACH_REVERSE_SAFE(elm, &head, tqhead, tq, prev) {
		TAILQ_REMOVE(&head, elm, tq);
		free(elm);
	}
	ATF_CHECK(TAILQ_EMPTY(&head));
	ATF_CHECK_STREQ(tq_str(&head), "");
}

/*
 * Random operations on a TAILQ and a LIST against an array, which
 * reaches the combinations the hand-written cases might miss.
 */
ATF_TC_WITHOUT_HEAD(tailq_list_model);
ATF_TC_BODY(tailq_list_model, tc)
{
	struct tqhead	 tq;
	struct lihead	 li;
	struct elem	*pool[48], *model[48], *e;
	unsigned int	 rnd = 12345;
	size_t		 n = 0, i, k, want;
	int		 op, step;
	char		 exp[1024];

	TAILQ_INIT(&tq);
	LIST_INIT(&li);
	for (i = 0; i < 48; i++)
		pool[i] = mk((int)i);
	for (step = 0; step < 5000; step++) {
		rnd = rnd * 1103515245 + 12345;
		op = (int)((rnd >> 16) % 6);
		rnd = rnd * 1103515245 + 12345;
		k = n ? (rnd >> 16) % n : 0;
		if (op < 4 && n < 48) {
			/* A free element: the first in pool not in model. */
			for (i = 0; i < 48; i++) {
				for (want = 0; want < n; want++)
					if (model[want] == pool[i])
						break;
				if (want == n)
					break;
			}
			e = pool[i];
			if (n == 0 || op == 0) {
				TAILQ_INSERT_HEAD(&tq, e, tq);
				LIST_INSERT_HEAD(&li, e, li);
				k = 0;
			} else if (op == 1) {
				TAILQ_INSERT_TAIL(&tq, e, tq);
				LIST_INSERT_AFTER(model[n - 1], e, li);
				k = n;
			} else if (op == 2) {
				TAILQ_INSERT_BEFORE(model[k], e, tq);
				LIST_INSERT_BEFORE(model[k], e, li);
			} else {
				TAILQ_INSERT_AFTER(&tq, model[k], e, tq);
				LIST_INSERT_AFTER(model[k], e, li);
				k++;
			}
			memmove(&model[k + 1], &model[k],
			    (n - k) * sizeof(model[0]));
			model[k] = e;
			n++;
		} else if (n > 0) {
			TAILQ_REMOVE(&tq, model[k], tq);
			LIST_REMOVE(model[k], li);
			memmove(&model[k], &model[k + 1],
			    (n - k - 1) * sizeof(model[0]));
			n--;
		}
		exp[0] = '\0';
		for (i = 0, want = 0; i < n; i++)
			want += (size_t)snprintf(exp + want, sizeof(exp) - want,
			    "%s%d", i ? " " : "", model[i]->v);
		if (strcmp(tq_str(&tq), exp) != 0)
			atf_tc_fail("step %d: tailq \"%s\", want \"%s\"", step,
			    buf, exp);
		if (strcmp(li_str(&li), exp) != 0)
			atf_tc_fail("step %d: list \"%s\", want \"%s\"", step,
			    buf, exp);
	}
	for (i = 0; i < 48; i++)
		free(pool[i]);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, slist);
	ATF_TP_ADD_TC(tp, list);
	ATF_TP_ADD_TC(tp, simpleq);
	ATF_TP_ADD_TC(tp, stailq);
	ATF_TP_ADD_TC(tp, tailq);
	ATF_TP_ADD_TC(tp, tailq_concat_swap);
	ATF_TP_ADD_TC(tp, tailq_foreach_safe);
	ATF_TP_ADD_TC(tp, tailq_list_model);
	return (0);
}
