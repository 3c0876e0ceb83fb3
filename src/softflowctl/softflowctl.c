/*
 * softflowctl: send one command to a running softflowd over its control
 * socket and copy the reply to standard output.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"

#define DEF_CTLSOCK	"/var/run/softflowd.ctl"

static __dead void
usage(int code)
{
	fprintf(stderr, "Usage: [-c ctlsock] softflowctl [command]\n");
	exit(code);
}

static void
write_all(int fd, const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "write");
		}
		p += n;
		len -= (size_t)n;
	}
}

int
main(int argc, char *argv[])
{
	struct sockaddr_un	 sun;
	const char		*path = DEF_CTLSOCK;
	char			 buf[8192], line[80];
	ssize_t			 n;
	int			 ch, fd;

	while ((ch = getopt(argc, argv, "hc:")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'h':
			usage(0);
		default:
			usage(1);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage(1);
	/* The daemon reads at most 63 bytes of command. */
	if (snprintf(line, sizeof(line), "%s\n", argv[0]) >= 64)
		errx(1, "command too long");

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, path, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path))
		errx(1, "control socket path too long");
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		err(1, "connect(%s)", path);
	write_all(fd, line, strlen(line));
	for (;;) {
		if ((n = read(fd, buf, sizeof(buf))) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "read");
		}
		if (n == 0)
			break;
		write_all(STDOUT_FILENO, buf, (size_t)n);
	}
	close(fd);
	return (0);
}
