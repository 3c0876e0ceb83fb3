# The library's sources, one per line and sorted, so that src/lib and
# the fuzz builds (which compile them with their own instrumentation)
# use the same list.
LIB_SRCS=
LIB_SRCS+=	addr.c
LIB_SRCS+=	crc32.c
LIB_SRCS+=	crc32_clmul.c
LIB_SRCS+=	filter.c
LIB_SRCS+=	filter_eval.c
LIB_SRCS+=	filter_print.c
LIB_SRCS+=	flow_cols.c
LIB_SRCS+=	flow_format.c
LIB_SRCS+=	log.c
LIB_SRCS+=	nf_decode.c
LIB_SRCS+=	nf_enc_ipfix.c
LIB_SRCS+=	nf_enc_sf.c
LIB_SRCS+=	nf_enc_tmpl.c
LIB_SRCS+=	nf_enc_v1.c
LIB_SRCS+=	nf_enc_v5.c
LIB_SRCS+=	nf_enc_v9.c
LIB_SRCS+=	nf_encode.c
LIB_SRCS+=	nf_exporter.c
LIB_SRCS+=	nf_ie.c
LIB_SRCS+=	nf_ipfix.c
LIB_SRCS+=	nf_pending.c
LIB_SRCS+=	nf_record.c
LIB_SRCS+=	nf_template.c
LIB_SRCS+=	nf_v1.c
LIB_SRCS+=	nf_v5.c
LIB_SRCS+=	nf_v7.c
LIB_SRCS+=	nf_v9.c
LIB_SRCS+=	pcap_udp.c
LIB_SRCS+=	store.c
LIB_SRCS+=	store_io.c
LIB_SRCS+=	store_direct.c
LIB_SRCS+=	store_v2.c
