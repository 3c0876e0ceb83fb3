# sys.mk: the project's own system makefile.  bmake reads it first when
# MAKESYSPATH (or -m) names this directory by an absolute path.

.if !defined(TOP)
TOP:=		${.PARSEDIR:tA:H}
.endif

.-include "${TOP}/config.mk"

CC?=		cc
YACC?=		yacc
AR?=		ar
RANLIB?=	ranlib
INSTALL?=	install

CWARN=		-Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
		-Wmissing-declarations -Wshadow -Wpointer-arith -Wcast-qual \
		-Wsign-compare -Wformat-security
COPTS?=		-O2 -g
CPPFLAGS+=	-I${TOP} -I${TOP}/compat -I${TOP}/src/lib
CFLAGS+=	${COPTS} ${CWARN} ${CONFIG_CFLAGS}

.if defined(SANITIZE) && ${SANITIZE} != "0"
CFLAGS+=	-fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=undefined
LDFLAGS+=	-fsanitize=address,undefined
.endif

.if defined(WERROR) && ${WERROR} != "0"
CFLAGS+=	-Werror
.endif

.SUFFIXES: .o .c .y

.c.o:
	${CC} ${CPPFLAGS} ${CFLAGS} -c ${.IMPSRC} -o ${.TARGET}

.y.c:
	${YACC} -o ${.TARGET} ${.IMPSRC}

LIBFLOWD=	${TOP}/src/lib/libflowd.a
LIBCOMPAT=	${TOP}/compat/libcompat.a
