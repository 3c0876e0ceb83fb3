/*
 * compat.h: what this platform lacks, declared for the rest of the tree.
 * Every source file includes this after its system headers.  The
 * replacements themselves are built only when configure finds the
 * platform's own missing (see COMPAT_SRCS in config.mk).
 */
#ifndef FLOWD_COMPAT_H
#define FLOWD_COMPAT_H

#include "config.h"

#include <sys/types.h>

#include <stddef.h>

#ifndef __dead
#define __dead		__attribute__((__noreturn__))
#endif
#ifndef __unused
#define __unused	__attribute__((__unused__))
#endif

#if !HAVE_STRLCPY
size_t	 strlcpy(char *, const char *, size_t);
#endif
#if !HAVE_STRLCAT
size_t	 strlcat(char *, const char *, size_t);
#endif
#if !HAVE_STRTONUM
long long strtonum(const char *, long long, long long, const char **);
#endif
#if !HAVE_REALLOCARRAY
void	*reallocarray(void *, size_t, size_t);
#endif
#if !HAVE_RECALLOCARRAY
void	*recallocarray(void *, size_t, size_t, size_t);
#endif
#if !HAVE_FREEZERO
void	 freezero(void *, size_t);
#endif
#if !HAVE_EXPLICIT_BZERO
void	 explicit_bzero(void *, size_t);
#endif
#if !HAVE_CLOSEFROM
void	 closefrom(int);
#endif
#if !HAVE_SETPROCTITLE
void	 compat_init_setproctitle(int, char **);
void	 setproctitle(const char *, ...)
	    __attribute__((__format__ (printf, 1, 2)));
#else
#define compat_init_setproctitle(argc, argv)	do { } while (0)
#endif
#if !HAVE_GETDTABLECOUNT
int	 getdtablecount(void);
#endif
#if !HAVE_PLEDGE
#define pledge(promises, execpromises)	0
#endif
#if !HAVE_UNVEIL
#define unveil(path, permissions)	0
#endif
#if !HAVE_PROGNAME
extern const char *__progname;
#else
extern char *__progname;
#endif

#endif /* FLOWD_COMPAT_H */
