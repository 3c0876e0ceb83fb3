/*
 * output.c: flowd-reader's text output.  One large buffer, written
 * with write(2) whose every result is checked: a full disk or a closed
 * pipe ends the program with an error instead of a silently short file.
 */
#include <sys/types.h>

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "flowd-reader.h"

void
out_init(struct out *o, int fd, const char *name)
{
	o->fd = fd;
	o->name = name;
	o->len = 0;
	if ((o->buf = malloc(OUT_BUFSIZE)) == NULL)
		err(1, "malloc");
}

void
out_flush(struct out *o)
{
	size_t	off = 0;
	ssize_t	n;

	while (off < o->len) {
		n = write(o->fd, o->buf + off, o->len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			err(1, "write %s", o->name);
		if (n == 0)
			errx(1, "write %s: no progress", o->name);
		off += n;
	}
	o->len = 0;
}

/* Room for at least n bytes; the caller then commits what it used. */
char *
out_reserve(struct out *o, size_t n)
{
	if (n > OUT_BUFSIZE)
		errx(1, "output line too long");
	if (OUT_BUFSIZE - o->len < n)
		out_flush(o);
	return (o->buf + o->len);
}

void
out_commit(struct out *o, size_t n)
{
	o->len += n;
}

void
out_str(struct out *o, const char *s)
{
	size_t	n = strlen(s);
	char	*p;

	p = out_reserve(o, n);
	memcpy(p, s, n);
	out_commit(o, n);
}
