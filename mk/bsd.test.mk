# bsd.test.mk: atf test programs beside their Kyuafile.
#
#   TESTS_C	atf-c programs; t_x is built from t_x.c plus SRCS.t_x
#   TESTS_SH	atf-sh scripts; t_x is made from t_x.sh with the atf-sh
#		interpreter line, mode 0755
#   TESTS_PY, TESTS_PL	scripts installed as they are, mode 0755
#
# Tests are built in place so that kyua finds them next to their data.

.for t in ${TESTS_C}
_TOBJS.${t}=	${t}.o ${SRCS.${t}:U:N*.h:@s@${s:R}.o@}
_ALLOBJS+=	${_TOBJS.${t}}
${t}: ${_TOBJS.${t}} ${LIBFLOWD} ${LIBCOMPAT}
	${CC} ${LDFLAGS} -o ${.TARGET} ${_TOBJS.${t}} ${LIBFLOWD} ${LIBCOMPAT} \
	    ${LDADD} ${LDADD.${t}:U} ${ATF_C_LIBS}
.endfor

.for t in ${TESTS_SH}
${t}: ${t}.sh
	@(echo '#!${ATF_SH}'; sed 1d ${.ALLSRC}) > ${.TARGET}.tmp
	@chmod 0755 ${.TARGET}.tmp && mv ${.TARGET}.tmp ${.TARGET}
.endfor

CPPFLAGS+=	${ATF_C_CFLAGS}
CLEANFILES+=	${TESTS_C} ${TESTS_SH} ${_ALLOBJS}

${_ALLOBJS}: ${TOP}/config.h ${TOP}/src/lib/*.h ${HDRS:U}

.MAIN: all
all:
test-build: ${TESTS_C} ${TESTS_SH} ${TEST_DEPS:U}

clean:
	rm -f ${CLEANFILES}

install:
