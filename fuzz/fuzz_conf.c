/*
 * fuzz_conf: flowd.conf parsing from a memory buffer (no files, no
 * includes).  Whatever parses must also survive the round trip: the
 * canonical print parses again and prints identically, and its rules
 * compile.  A difference aborts like a crash.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "filter.h"
#include "flowd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

#define FLAGS	(CONF_NOINCLUDE | CONF_QUIET)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "UTC", 1);
	return (0);
}

static char *
print(const struct flowd_config *c, size_t *len)
{
	char	*buf = NULL;
	FILE	*fp;

	if ((fp = open_memstream(&buf, len)) == NULL)
		abort();
	print_config(fp, c);
	if (fclose(fp) != 0)
		abort();
	return (buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flowd_config	 conf, again;
	struct filter		*fl;
	char			*p1, *p2;
	size_t			 l1, l2;

	if (size > 16384)
		return (0);
	conf_init(&conf);
	if (conf_parse_buffer((const char *)data, size, "fuzz", &conf,
	    FLAGS) == 0) {
		if ((fl = filter_compile(&conf.filters)) == NULL)
			abort();
		filter_free(fl);
		p1 = print(&conf, &l1);
		conf_init(&again);
		if (conf_parse_buffer(p1, l1, "printed", &again, FLAGS) != 0) {
			fprintf(stderr, "canonical form does not parse:\n%s",
			    p1);
			abort();
		}
		p2 = print(&again, &l2);
		if (l1 != l2 || memcmp(p1, p2, l1) != 0) {
			fprintf(stderr, "round trip differs:\n%s---\n%s", p1,
			    p2);
			abort();
		}
		free(p1);
		free(p2);
		conf_clear(&again);
	}
	conf_clear(&conf);
	conf_symclear();
	return (0);
}
