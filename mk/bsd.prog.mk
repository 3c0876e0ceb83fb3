# bsd.prog.mk: one program from SRCS, linked against the project library
# and the compat library; MAN pages live in ${TOP}/man.

BINDIR?=	${PREFIX}/bin
MANDIR?=	${PREFIX}/man
OBJS+=		${SRCS:N*.h:@s@${s:R}.o@}
CLEANFILES+=	${PROG} ${OBJS} ${SRCS:M*.y:.y=.c} y.tab.h

.MAIN: all
all: ${PROG}
test-build: all

${PROG}: ${OBJS} ${LIBFLOWD} ${LIBCOMPAT}
	${CC} ${LDFLAGS} -o ${.TARGET} ${OBJS} ${LIBFLOWD} ${LIBCOMPAT} ${LDADD}

${OBJS}: ${TOP}/config.h ${TOP}/src/lib/*.h ${HDRS:U}

clean:
	rm -f ${CLEANFILES}

.if defined(NOINSTALL)
install:
.else
install: ${PROG}
	${INSTALL} -d ${DESTDIR}${BINDIR}
	${INSTALL} -m 0755 ${PROG} ${DESTDIR}${BINDIR}/${PROG}
.for m in ${MAN}
	${INSTALL} -d ${DESTDIR}${MANDIR}/man${m:E}
	${INSTALL} -m 0644 ${TOP}/man/${m} ${DESTDIR}${MANDIR}/man${m:E}/${m}
.endfor
.endif
