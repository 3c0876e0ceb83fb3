/*
 * offline.c: flowd -r capture.pcap.  The export datagrams recorded in
 * a capture go through the very same pipeline as live ones (source
 * check, decode, filter, store), with the capture's timestamps as
 * receive times, so an incident can be replayed into a log and tests
 * are deterministic.  No sockets, no privilege separation: it runs
 * with the rights of whoever starts it.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "daemon.h"
#include "log.h"
#include "pcap_udp.h"

static void
datagram(const struct udp_payload *u, void *arg)
{
	struct pipeline	*p = arg;

	pipeline_datagram(p, u->data, u->len,
	    (const struct sockaddr *)&u->src, u->addrlen, &u->ts);
	/* Written batch by batch, as the daemon does per wake-up. */
	if (p->writer != NULL && p->writer->npending >= 4096 &&
	    store_writer_flush(p->writer) != STORE_OK)
		log_warn("write %s", p->conf->logfile);
}

int
offline_main(const struct flowd_opts *o, const char *capture)
{
	struct flowd_config	c;
	struct pipeline		p;
	struct store_writer	w;
	struct pcap_udp_stats	ps;
	char			err[512];
	int			fd = -1, r, rc = 0;

	memset(&ps, 0, sizeof(ps));
	conf_init(&c);
	if (conf_parse_opts(o, &c, 0) == -1)
		return (1);
	if (c.logfile == NULL) {
		log_warnx("%s: no logfile to write to", o->conffile);
		conf_clear(&c);
		return (1);
	}
	if (pipeline_init(&p, &c) == -1) {
		log_warn("pipeline");
		conf_clear(&c);
		return (1);
	}
	if ((fd = open(c.logfile, O_RDWR | O_APPEND | O_CREAT | O_NOCTTY,
	    0600)) == -1) {
		log_warn("%s", c.logfile);
		rc = 1;
		goto out;
	}
	if ((r = store_writer_open(&w, fd, c.store_mask, STORE_WBUF_LARGE,
	    0)) != STORE_OK) {
		log_warnx("%s: %s", c.logfile, store_strerror(r));
		rc = 1;
		goto out;
	}
	p.writer = &w;
	if (pcap_udp_read(capture, datagram, &p, &ps, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		rc = 1;
	}
	if ((r = store_writer_close(&w)) != STORE_OK) {
		log_warnx("%s: %s", c.logfile, store_strerror(r));
		rc = 1;
	}
	if (o->verbose || rc != 0) {
		log_info("%s: %llu frames, %llu UDP datagrams; skipped: %llu "
		    "not IP, %llu not UDP, %llu truncated, %llu fragments, "
		    "%llu bad headers", capture,
		    (unsigned long long)ps.frames, (unsigned long long)ps.udp,
		    (unsigned long long)ps.not_ip,
		    (unsigned long long)ps.not_udp,
		    (unsigned long long)ps.truncated,
		    (unsigned long long)ps.fragments,
		    (unsigned long long)ps.bad_header);
		pipeline_log_stats(&p, 0);
	}
out:
	if (fd != -1)
		close(fd);
	pipeline_free(&p);
	conf_clear(&c);
	return (rc);
}
