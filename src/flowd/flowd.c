/*
 * flowd.c: the collector's command line.  "flowd -n" checks the config
 * (with -v printing it in canonical form), "flowd -r capture.pcap"
 * runs the recorded export datagrams of a capture into the log, and
 * plain "flowd" starts the privilege-separated daemon.
 */
#include <sys/types.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include "compat.h"
#include "daemon.h"
#include "log.h"

static __dead void
usage(void)
{
	fprintf(stderr, "usage: %s [-dghnv] [-D macro=value] [-f file] "
	    "[-r capture.pcap] [-X insecure]\n", __progname);
	exit(1);
}

static int
check_config(const struct flowd_opts *o)
{
	struct flowd_config	conf;
	int			rc = 0;

	conf_init(&conf);
	if (conf_parse_file(o->conffile, &conf, CONF_DAEMON) == -1)
		rc = 1;
	else if (o->verbose)
		print_config(stdout, &conf);
	else
		fprintf(stderr, "configuration OK\n");
	conf_clear(&conf);
	conf_symclear();
	return (rc);
}

int
main(int argc, char **argv)
{
	struct flowd_opts	 o;
	const char		*capture = NULL;
	int			 ch, noaction = 0;

	compat_init_setproctitle(argc, argv);
	memset(&o, 0, sizeof(o));
	o.conffile = FLOWD_CONF;
	log_init(1, LOG_DAEMON);
	while ((ch = getopt(argc, argv, "D:df:ghnr:vX:")) != -1) {
		switch (ch) {
		case 'D':
			if (conf_cmdline_symset(optarg) == -1)
				errx(1, "could not parse macro definition %s",
				    optarg);
			break;
		case 'd':
			o.foreground = 1;
			o.to_stderr = 1;
			break;
		case 'f':
			o.conffile = optarg;
			break;
		case 'g':
			o.foreground = 1;
			break;
		case 'n':
			noaction = 1;
			break;
		case 'r':
			capture = optarg;
			break;
		case 'v':
			o.verbose++;
			break;
		case 'X':
			if (strcasecmp(optarg, "insecure") != 0)
				errx(1, "unknown -X option %s", optarg);
			o.insecure = 1;
			break;
		case 'h':
		default:
			usage();
		}
	}
	argc -= optind;
	if (argc != 0)
		usage();
	log_setverbose(o.verbose || o.to_stderr);

	if (noaction)
		exit(check_config(&o));
	if (capture != NULL)
		exit(offline_main(&o, capture));
	parent_main(&o);
}
