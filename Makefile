# flowd: NetFlow/IPFIX collector and exporter.
#
# Build with BSD make (bmake on Linux) using the project's own mk files:
#	MAKESYSPATH=$PWD/mk bmake	(GNUmakefile does this for `make')
#
# Targets: all test fuzz bench install clean run; SANITIZE=1 builds
# everything under ASan+UBSan, CC=clang selects the compiler.

SUBDIR=		compat src tools regress fuzz bench
SUBDIR_TARGETS=	all clean install test-build

# Configure on first use, and start from clean objects whenever the
# compiler or sanitizer choice changes, so objects are never mixed.
_BUILDID=	${CC} ${SANITIZE:U0} ${COPTS} ${WERROR:U0}
.if !defined(_CHECKED) && !make(clean) && !make(distclean)
_STALE!=	cd ${.CURDIR} && { [ ! -f config.mk ] || [ configure -nt config.mk ]; } \
		    && echo yes || echo no
.  if ${_STALE} == "yes"
_CONF!=		cd ${.CURDIR} && ./configure CC="${CC}" >&2; echo ok
.  endif
_OLDID!=	cat ${.CURDIR}/.buildid 2>/dev/null || true
.  if "${_OLDID}" != "${_BUILDID}"
_CLEAN!=	cd ${.CURDIR} && ${MAKE} _CHECKED=1 clean >/dev/null 2>&1; \
		echo '${_BUILDID}' > .buildid; echo ok
.  endif
.endif
.MAKEFLAGS:	_CHECKED=1

.include <bsd.subdir.mk>

test: all test-build
	@sh ${.CURDIR}/tools/run-tests ${.CURDIR}

fuzz: all
	@cd ${.CURDIR}/fuzz && ${MAKE} fuzz-run TARGET=${TARGET:U} \
	    SECONDS=${SECONDS:U60} ENGINE=${ENGINE:Ulibfuzzer}

bench: all
	@cd ${.CURDIR}/bench && ${MAKE} bench

run: all
	@sh ${.CURDIR}/tools/run-demo ${.CURDIR}

distclean: clean
	rm -f config.h config.mk config.log .buildid

.PHONY: test fuzz bench run distclean
