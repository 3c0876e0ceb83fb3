# The library's sources, one per line and sorted, so that src/lib and
# the fuzz builds (which compile them with their own instrumentation)
# use the same list.
LIB_SRCS=
LIB_SRCS+=	addr.c
LIB_SRCS+=	filter.c
LIB_SRCS+=	filter_eval.c
LIB_SRCS+=	filter_print.c
LIB_SRCS+=	log.c
