# bsd.subdir.mk: run each target in every directory of SUBDIR, in order.

SUBDIR_TARGETS?=	all clean install test-build
.for t in ${SUBDIR_TARGETS}
${t}: _SUBDIR_${t}
_SUBDIR_${t}: .PHONY
.for d in ${SUBDIR}
	@echo "===> ${RELDIR:D${RELDIR}/}${d} (${t})"
	@cd ${.CURDIR}/${d} && ${MAKE} RELDIR=${RELDIR:D${RELDIR}/}${d} ${t}
.endfor
.endfor

.MAIN: all
