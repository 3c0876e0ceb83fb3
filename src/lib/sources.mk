# The library's sources, one per line and sorted, so that src/lib and
# the fuzz builds (which compile them with their own instrumentation)
# use the same list.
LIB_SRCS=
LIB_SRCS+=	log.c
LIB_SRCS+=	pcap_udp.c
