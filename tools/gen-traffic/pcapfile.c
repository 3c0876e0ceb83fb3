/*
 * pcapfile.c: write a classic pcap file (microsecond timestamps,
 * Ethernet).  Always little-endian, so a seed gives the same bytes on
 * every host, and without libpcap, so the tool builds where libpcap is
 * absent.
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>

#include "compat.h"

#include "gen-traffic.h"

#define PCAP_MAGIC	0xa1b2c3d4U
#define PCAP_SNAPLEN	65535U
#define DLT_EN10MB	1U

static FILE	*pcap_fp;
static const char *pcap_path;

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void
pcap_write(const void *buf, size_t len)
{
	if (fwrite(buf, 1, len, pcap_fp) != len)
		err(1, "%s", pcap_path);
}

void
pcap_open_out(const char *path)
{
	uint8_t hdr[24];

	pcap_path = path;
	if ((pcap_fp = fopen(path, "wb")) == NULL)
		err(1, "%s", path);
	put32(hdr, PCAP_MAGIC);
	put16(hdr + 4, 2);
	put16(hdr + 6, 4);
	put32(hdr + 8, 0);		/* thiszone */
	put32(hdr + 12, 0);		/* sigfigs */
	put32(hdr + 16, PCAP_SNAPLEN);
	put32(hdr + 20, DLT_EN10MB);
	pcap_write(hdr, sizeof(hdr));
}

void
pcap_put(uint64_t ts, const uint8_t *frame, size_t len)
{
	uint8_t rec[16];

	put32(rec, (uint32_t)(ts / 1000000));
	put32(rec + 4, (uint32_t)(ts % 1000000));
	put32(rec + 8, (uint32_t)len);
	put32(rec + 12, (uint32_t)len);
	pcap_write(rec, sizeof(rec));
	pcap_write(frame, len);
}

void
pcap_close_out(void)
{
	if (fclose(pcap_fp) != 0)
		err(1, "%s", pcap_path);
	pcap_fp = NULL;
}
