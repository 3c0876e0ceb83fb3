/*
 * standalone.c: the plain-cc driver for a fuzz target.  Each argument
 * is a file or a directory of files; every file is copied into a buffer
 * of exactly its size (so ASan sees any over-read) and handed to
 * LLVMFuzzerTestOneInput once.  CI replays the committed corpora
 * through this, without clang.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((__weak__));

#define MAX_INPUT_BYTES	(16 * 1024 * 1024)

static unsigned long	nreplayed;

static void
replay_file(const char *path)
{
	FILE		*f;
	struct stat	 st;
	uint8_t		*buf;
	size_t		 n;

	if ((f = fopen(path, "rb")) == NULL)
		err(1, "%s", path);
	if (fstat(fileno(f), &st) == -1)
		err(1, "%s", path);
	if (st.st_size > MAX_INPUT_BYTES)
		errx(1, "%s: larger than %d bytes", path, MAX_INPUT_BYTES);
	if ((buf = malloc(st.st_size == 0 ? 1 : (size_t)st.st_size)) == NULL)
		err(1, NULL);
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (n != (size_t)st.st_size)
		errx(1, "%s: short read", path);
	fclose(f);
	(void)LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	nreplayed++;
}

static void
replay(const char *path)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		 sub[PATH_MAX];

	if (stat(path, &st) == -1)
		err(1, "%s", path);
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL)
		err(1, "%s", path);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path,
		    de->d_name) >= sizeof(sub))
			errx(1, "%s/%s: path too long", path, de->d_name);
		replay(sub);
	}
	closedir(d);
}

int
main(int argc, char **argv)
{
	int	i;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		fprintf(stderr, "usage: %s file|dir ...\n", argv[0]);
		return (1);
	}
	for (i = 1; i < argc; i++)
		replay(argv[i]);
	printf("%lu inputs replayed\n", nreplayed);
	return (0);
}
