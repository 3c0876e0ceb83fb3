/*
 * sf_capture.h: the packet source (capture.c).
 */
#ifndef SF_CAPTURE_H
#define SF_CAPTURE_H

#include <pcap.h>

struct sf_capture_conf {
	const char	*ifname;	/* live */
	const char	*path;		/* -r */
	const char	*filter;	/* BPF expression or NULL */
	int		 snaplen;
	int		 promisc;
	int		 bufsize;	/* 0: libpcap's default */
};

pcap_t	*sf_capture_live(const struct sf_capture_conf *, char *, size_t);
pcap_t	*sf_capture_file(const struct sf_capture_conf *, char *, size_t);

struct sf_pcapfile;
struct sf_pcapfile *sf_capture_fast(const struct sf_capture_conf *, pcap_t *,
	    struct bpf_program *, int *, char *, size_t);

#endif /* SF_CAPTURE_H */
