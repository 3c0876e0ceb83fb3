/*
 * sf_pcapfile.h: a reader of classic pcap capture files for -r, made
 * for speed: big reads, no copy per packet, records handed out in
 * batches that stay valid together (pcapfile.c).  Anything else
 * (pcapng, stdin) goes through libpcap.
 */
#ifndef SF_PCAPFILE_H
#define SF_PCAPFILE_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#define SF_PCAPFILE_MAXSNAP	262144	/* libpcap's largest snapshot */

/* Where the bytes come from: read(2)-like, -1 on error. */
typedef ssize_t	sf_pcapfile_read_fn(void *, void *, size_t);

struct sf_pcap_rec {
	const uint8_t	*data;
	uint32_t	 caplen;
	uint32_t	 len;		/* on the wire */
	uint64_t	 ts_us;		/* us since the epoch */
};

struct sf_pcapfile;

/*
 * Read the file header.  NULL with *notpcap set: not a classic pcap
 * file (nothing but the header bytes was consumed); NULL otherwise: an
 * error in err.  bufsize 0 takes the default.
 */
struct sf_pcapfile *sf_pcapfile_open(sf_pcapfile_read_fn *, void *, size_t,
		    int *, char *, size_t);
void		 sf_pcapfile_free(struct sf_pcapfile *);

/* The header's link type (a LINKTYPE_ value) and snapshot length. */
uint32_t	 sf_pcapfile_linktype(const struct sf_pcapfile *);
uint32_t	 sf_pcapfile_snaplen(const struct sf_pcapfile *);

/*
 * Up to max records, all valid until the next call; 0 at the end of
 * the file, -1 on a damaged or truncated file (message in err).
 */
int		 sf_pcapfile_next(struct sf_pcapfile *, struct sf_pcap_rec *,
		    int, char *, size_t);

#endif /* SF_PCAPFILE_H */
