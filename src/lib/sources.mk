# The library's sources, one per line and sorted, so that src/lib and
# the fuzz builds (which compile them with their own instrumentation)
# use the same list.
LIB_SRCS=
LIB_SRCS+=	log.c
LIB_SRCS+=	nf_enc_ipfix.c
LIB_SRCS+=	nf_enc_tmpl.c
LIB_SRCS+=	nf_enc_v1.c
LIB_SRCS+=	nf_enc_v5.c
LIB_SRCS+=	nf_enc_v9.c
LIB_SRCS+=	nf_encode.c
