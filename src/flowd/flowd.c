/*
 * flowd.c: the collector's command line.  At this stage only the config
 * check works: "flowd -n" parses the config and exits, "flowd -nv" also
 * prints it in canonical form.  The collector itself (privilege
 * separation, sockets, decoding, the store) is not built yet, so
 * running without -n fails with a message saying so.
 */
#include <sys/types.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include "compat.h"
#include "flowd.h"
#include "log.h"

static __dead void
usage(void)
{
	fprintf(stderr, "usage: %s [-dghnv] [-D macro=value] [-f file]\n",
	    __progname);
	exit(1);
}

int
main(int argc, char **argv)
{
	struct flowd_config	 conf;
	const char		*path = FLOWD_CONF;
	int			 ch, noaction = 0, verbose = 0;

	log_init(1, LOG_DAEMON);
	while ((ch = getopt(argc, argv, "D:dgf:hnv")) != -1) {
		switch (ch) {
		case 'D':
			if (conf_cmdline_symset(optarg) == -1)
				errx(1, "could not parse macro definition %s",
				    optarg);
			break;
		case 'd':
		case 'g':
			/* Foreground modes: used once the daemon exists. */
			break;
		case 'f':
			path = optarg;
			break;
		case 'n':
			noaction = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
		default:
			usage();
		}
	}
	argc -= optind;
	if (argc != 0)
		usage();
	log_setverbose(verbose);

	conf_init(&conf);
	if (conf_parse_file(path, &conf, CONF_DAEMON) == -1) {
		conf_clear(&conf);
		conf_symclear();
		exit(1);
	}
	if (noaction) {
		if (verbose)
			print_config(stdout, &conf);
		else
			fprintf(stderr, "configuration OK\n");
		conf_clear(&conf);
		conf_symclear();
		exit(0);
	}
	conf_clear(&conf);
	conf_symclear();
	errx(1, "the collector daemon is not built yet: only the config "
	    "check (-n, -nv) works in this version");
}
