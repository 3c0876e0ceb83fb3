# bsd.lib.mk: an internal static library, lib${LIB}.a, linked into the
# programs, tests and fuzzers of this tree.  Nothing is installed.

OBJS+=		${SRCS:N*.h:@s@${s:R}.o@}
CLEANFILES+=	lib${LIB}.a ${OBJS} ${SRCS:M*.y:.y=.c}

.MAIN: all
all: lib${LIB}.a
test-build: all

lib${LIB}.a: ${OBJS}
	@rm -f ${.TARGET}
	${AR} cr ${.TARGET} ${OBJS}
	${RANLIB} ${.TARGET}

${OBJS}: ${HDRS:U} ${TOP}/config.h

clean:
	rm -f ${CLEANFILES}

install:
