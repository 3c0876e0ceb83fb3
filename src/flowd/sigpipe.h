/*
 * sigpipe.h: signals turned into bytes on a pipe, so that the daemons'
 * poll(2) loops wake up for them.
 */
#ifndef FLOWD_SIGPIPE_H
#define FLOWD_SIGPIPE_H

int	sigpipe_open(const int *, const int *);
void	sigpipe_close(int);

#endif
