/*
 * privsep_msg: typed, size-checked messages between flowd's privileged
 * parent and its unprivileged children over a stream socketpair, with
 * at most one descriptor passed alongside each message.
 */
#ifndef FLOWD_PRIVSEP_MSG_H
#define FLOWD_PRIVSEP_MSG_H

#include <stddef.h>
#include <stdint.h>

/* Nothing flowd sends is larger; anything larger is an attack or a bug. */
#define PSMSG_MAX_PAYLOAD	(256 * 1024)

struct psmsg {
	uint32_t	 type;
	uint32_t	 len;		/* payload bytes in buf */
	int		 fd;		/* passed descriptor, or -1 */
	uint8_t		*buf;		/* PSMSG_MAX_PAYLOAD bytes, owned */
};

int	psmsg_send(int, uint32_t, const void *, size_t, int);
/*
 * Reads one whole message.  Returns 1, 0 on orderly EOF, -1 on error
 * (errno EMSGSIZE for an oversized or malformed message).
 */
int	psmsg_recv(int, struct psmsg *);
int	psmsg_init(struct psmsg *);
void	psmsg_free(struct psmsg *);
/* The payload as exactly n bytes: -1 unless len == n. */
int	psmsg_get(const struct psmsg *, void *, size_t);

#endif
