/*
 * compat_rename.h: forced into every compile in this directory so the
 * tests exercise this tree's replacements under their own names, also
 * on platforms whose libc has the real function.
 */
#ifndef COMPAT_RENAME_H
#define COMPAT_RENAME_H

#include <stddef.h>

#define strlcpy			test_strlcpy
#define strlcat			test_strlcat
#define strtonum		test_strtonum
#define reallocarray		test_reallocarray
#define recallocarray		test_recallocarray
#define freezero		test_freezero
#define explicit_bzero		test_explicit_bzero
#define closefrom		test_closefrom
#define getdtablecount		test_getdtablecount

size_t		test_strlcpy(char *, const char *, size_t);
size_t		test_strlcat(char *, const char *, size_t);
long long	test_strtonum(const char *, long long, long long,
		    const char **);
void		*test_reallocarray(void *, size_t, size_t);
void		*test_recallocarray(void *, size_t, size_t, size_t);
void		test_freezero(void *, size_t);
void		test_explicit_bzero(void *, size_t);
void		test_closefrom(int);
int		test_getdtablecount(void);

#endif
