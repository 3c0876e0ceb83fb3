/* flowd-reader.h: pieces of flowd-reader shared between its files. */
#ifndef FLOWD_READER_H
#define FLOWD_READER_H

#include <stddef.h>
#include <stdint.h>

#include "flow.h"

/* output.c: buffered, checked writes to one descriptor. */
#define OUT_BUFSIZE	(256 * 1024)

struct out {
	int		 fd;
	const char	*name;
	char		*buf;
	size_t		 len;
};

void	out_init(struct out *, int, const char *);
char	*out_reserve(struct out *, size_t);
void	out_commit(struct out *, size_t);
void	out_str(struct out *, const char *);
void	out_flush(struct out *);

/* summary.c: flows/packets/octets by protocol and by exporter. */
void	summary_init(void);
void	summary_add(const struct flow *);
void	summary_print(struct out *);

#endif /* FLOWD_READER_H */
