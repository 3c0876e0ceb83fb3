/*
 * sigpipe.c: the self-pipe both flowd processes use.  A handler only
 * writes the signal number down a non-blocking pipe; the main loop reads
 * it when poll(2) says so and does the real work outside signal context.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "sigpipe.h"

static int	sigpipe_w = -1;

static void
sig_to_pipe(int sig)
{
	unsigned char	c = (unsigned char)sig;
	int		saved = errno;

	/* A full pipe already holds a wake-up: losing this byte is fine. */
	(void)write(sigpipe_w, &c, 1);
	errno = saved;
}

/*
 * Catch every signal of the 0-terminated list "caught", ignore those of
 * "ignored".  Returns the read end of the pipe, or -1.
 */
int
sigpipe_open(const int *caught, const int *ignored)
{
	struct sigaction	sa;
	int			p[2], i;

	if (pipe(p) == -1)
		return (-1);
	for (i = 0; i < 2; i++)
		if (fcntl(p[i], F_SETFL, O_NONBLOCK) == -1 ||
		    fcntl(p[i], F_SETFD, FD_CLOEXEC) == -1) {
			close(p[0]);
			close(p[1]);
			return (-1);
		}
	sigpipe_w = p[1];
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = sig_to_pipe;
	for (i = 0; caught[i] != 0; i++)
		if (sigaction(caught[i], &sa, NULL) == -1)
			return (-1);
	sa.sa_handler = SIG_IGN;
	for (i = 0; ignored[i] != 0; i++)
		if (sigaction(ignored[i], &sa, NULL) == -1)
			return (-1);
	return (p[0]);
}

/* A forked child that sets up its own pipe lets go of this one. */
void
sigpipe_close(int rfd)
{
	close(rfd);
	if (sigpipe_w != -1)
		close(sigpipe_w);
	sigpipe_w = -1;
}
