/*
 * capture.c: open the packet source, live or from a file.
 *
 * Live captures use immediate mode where libpcap has it, else a 100 ms
 * buffer timeout: softflowd opened with timeout 0 and no immediate
 * mode, so a quiet link never handed it a packet (B1).
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "sf_capture.h"
#include "sf_decode.h"
#include "sf_pcapfile.h"

#define LIVE_TIMEOUT_MS	100

static int
set_filter(pcap_t *p, const char *expr, bpf_u_int32 net, char *err,
    size_t errlen)
{
	struct bpf_program	prog;

	if (expr == NULL || *expr == '\0')
		return (0);
	if (pcap_compile(p, &prog, expr, 1, net) == -1) {
		snprintf(err, errlen, "pcap_compile \"%s\": %s", expr,
		    pcap_geterr(p));
		return (-1);
	}
	if (pcap_setfilter(p, &prog) == -1) {
		snprintf(err, errlen, "pcap_setfilter: %s", pcap_geterr(p));
		pcap_freecode(&prog);
		return (-1);
	}
	pcap_freecode(&prog);
	return (0);
}

static pcap_t *
check_dlt(pcap_t *p, char *err, size_t errlen)
{
	int	dlt = pcap_datalink(p);

	if (!sf_decode_dlt_ok(dlt)) {
		snprintf(err, errlen, "unsupported datalink type %d (%s)",
		    dlt, pcap_datalink_val_to_name(dlt) != NULL ?
		    pcap_datalink_val_to_name(dlt) : "?");
		pcap_close(p);
		return (NULL);
	}
	return (p);
}

pcap_t *
sf_capture_live(const struct sf_capture_conf *c, char *err, size_t errlen)
{
	char		 ebuf[PCAP_ERRBUF_SIZE];
	pcap_t		*p;
	bpf_u_int32	 net = 0, mask = 0;
	int		 r;

	if ((p = pcap_create(c->ifname, ebuf)) == NULL) {
		snprintf(err, errlen, "pcap_create %s: %s", c->ifname, ebuf);
		return (NULL);
	}
	(void)pcap_set_snaplen(p, c->snaplen);
	(void)pcap_set_promisc(p, c->promisc);
	(void)pcap_set_timeout(p, LIVE_TIMEOUT_MS);
#ifdef PCAP_ERROR_ACTIVATED
	(void)pcap_set_immediate_mode(p, 1);
#endif
	if (c->bufsize > 0)
		(void)pcap_set_buffer_size(p, c->bufsize);
	/* Positive values are warnings: go on (softflowd PR #57). */
	if ((r = pcap_activate(p)) < 0) {
		snprintf(err, errlen, "pcap_activate %s: %s", c->ifname,
		    pcap_geterr(p));
		pcap_close(p);
		return (NULL);
	}
	if (pcap_lookupnet(c->ifname, &net, &mask, ebuf) == -1)
		net = 0;
	if (set_filter(p, c->filter, net, err, errlen) == -1 ||
	    pcap_setnonblock(p, 1, ebuf) == -1) {
		if (*err == '\0')
			snprintf(err, errlen, "pcap_setnonblock: %s", ebuf);
		pcap_close(p);
		return (NULL);
	}
	return (check_dlt(p, err, errlen));
}

pcap_t *
sf_capture_file(const struct sf_capture_conf *c, char *err, size_t errlen)
{
	char	 ebuf[PCAP_ERRBUF_SIZE];
	pcap_t	*p;

	if ((p = pcap_open_offline(c->path, ebuf)) == NULL) {
		snprintf(err, errlen, "%s: %s", c->path, ebuf);
		return (NULL);
	}
	if (set_filter(p, c->filter, 0, err, errlen) == -1) {
		pcap_close(p);
		return (NULL);
	}
	return (check_dlt(p, err, errlen));
}

static ssize_t
fd_read(void *arg, void *buf, size_t n)
{
	return (read((int)(intptr_t)arg, buf, n));
}

/*
 * The fast reader over the same file, for classic pcap files; libpcap's
 * handle p still gives the link type and compiles the filter, which is
 * then run with pcap_offline_filter().  NULL with *err empty: use
 * libpcap.  The descriptor lives as long as the process.
 */
struct sf_pcapfile *
sf_capture_fast(const struct sf_capture_conf *c, pcap_t *p,
    struct bpf_program *prog, int *have_prog, char *err, size_t errlen)
{
	struct sf_pcapfile	*pf;
	int			 fd, notpcap;

	*err = '\0';
	*have_prog = 0;
	if (strcmp(c->path, "-") == 0)
		return (NULL);
	if ((fd = open(c->path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", c->path, strerror(errno));
		return (NULL);
	}
	if ((pf = sf_pcapfile_open(fd_read, (void *)(intptr_t)fd, 0,
	    &notpcap, err, errlen)) == NULL) {
		close(fd);
		if (notpcap)
			*err = '\0';
		return (NULL);
	}
	if (c->filter != NULL && *c->filter != '\0') {
		if (pcap_compile(p, prog, c->filter, 1, 0) == -1) {
			snprintf(err, errlen, "pcap_compile \"%s\": %s",
			    c->filter, pcap_geterr(p));
			sf_pcapfile_free(pf);
			close(fd);
			return (NULL);
		}
		*have_prog = 1;
	}
	return (pf);
}
