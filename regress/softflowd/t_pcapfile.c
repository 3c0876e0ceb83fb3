/*
 * t_pcapfile: softflowd's fast capture file reader against libpcap on
 * real captures (the tree's pcaps/ and, if present, the shared public
 * captures), on their big-endian and nanosecond rewrites, with short
 * reads, and on damaged files.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <atf-c.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "sf_pcapfile.h"

/* A file as a byte source, at most chunk bytes a read (0: any). */
struct src {
	int	fd;
	size_t	chunk;
};

static ssize_t
src_read(void *arg, void *buf, size_t n)
{
	struct src	*s = arg;

	if (s->chunk != 0 && n > s->chunk)
		n = s->chunk;
	return (read(s->fd, buf, n));
}

static uint8_t *
slurp(const char *path, size_t *len)
{
	struct stat	 st;
	uint8_t		*b;
	int		 fd;

	ATF_REQUIRE((fd = open(path, O_RDONLY)) != -1);
	ATF_REQUIRE(fstat(fd, &st) == 0);
	ATF_REQUIRE((b = malloc((size_t)st.st_size + 1)) != NULL);
	ATF_REQUIRE(read(fd, b, (size_t)st.st_size) == st.st_size);
	close(fd);
	*len = (size_t)st.st_size;
	return (b);
}

static void
spew(const char *path, const uint8_t *b, size_t len)
{
	int	fd;

	ATF_REQUIRE((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) !=
	    -1);
	ATF_REQUIRE(write(fd, b, len) == (ssize_t)len);
	close(fd);
}

static uint32_t
le32(const uint8_t *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static void
put32(uint8_t *p, uint32_t v, int be)
{
	int	i;

	for (i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

/*
 * Rewrite a little-endian microsecond file: big-endian and/or with
 * nanosecond stamps (us * 1000 + 999, which libpcap and we cut back).
 */
static void
rewrite(const char *in, const char *out, int be, int ns)
{
	uint8_t	*b;
	size_t	 len, off;
	uint32_t v[4];
	int	 i;

	b = slurp(in, &len);
	ATF_REQUIRE(len >= 24 && le32(b) == 0xa1b2c3d4U);
	put32(b, ns ? 0xa1b23c4dU : 0xa1b2c3d4U, be);
	if (be) {
		uint8_t	t;

		for (i = 4; i < 8; i += 2) {
			t = b[i];
			b[i] = b[i + 1];
			b[i + 1] = t;
		}
		for (i = 8; i < 24; i += 4)
			put32(b + i, le32(b + i), 1);
	}
	for (off = 24; off + 16 <= len; off += 16 + v[2]) {
		for (i = 0; i < 4; i++)
			v[i] = le32(b + off + 4 * i);
		if (ns)
			v[1] = v[1] * 1000 + 999;
		for (i = 0; i < 4; i++)
			put32(b + off + 4 * i, v[i], be);
	}
	spew(out, b, len);
	free(b);
}

/* Every record of path through both readers; returns the count. */
static u_int
compare(const char *path, size_t chunk, int batch)
{
	char			 eb[PCAP_ERRBUF_SIZE], err[256];
	struct pcap_pkthdr	*h;
	const u_char		*d;
	struct sf_pcapfile	*f;
	struct sf_pcap_rec	 r[32];
	struct src		 s;
	pcap_t			*p;
	uint64_t		 ts;
	u_int			 n = 0;
	int			 notpcap, got, i;

	ATF_REQUIRE_MSG((p = pcap_open_offline(path, eb)) != NULL, "%s", eb);
	s.chunk = chunk;
	ATF_REQUIRE((s.fd = open(path, O_RDONLY)) != -1);
	f = sf_pcapfile_open(src_read, &s, 0, &notpcap, err, sizeof(err));
	ATF_REQUIRE_MSG(f != NULL, "%s: %s", path, notpcap ? "not pcap" : err);
	for (;;) {
		got = sf_pcapfile_next(f, r, batch, err, sizeof(err));
		ATF_REQUIRE_MSG(got >= 0, "%s: %s", path, err);
		if (got == 0)
			break;
		for (i = 0; i < got; i++, n++) {
			ATF_REQUIRE_EQ_MSG(pcap_next_ex(p, &h, &d), 1,
			    "%s: libpcap ended before record %u", path, n);
			ts = (uint64_t)h->ts.tv_sec * 1000000 +
			    (uint64_t)h->ts.tv_usec;
			ATF_REQUIRE_EQ_MSG(r[i].ts_us, ts, "%s #%u", path, n);
			ATF_REQUIRE_EQ(r[i].caplen, h->caplen);
			ATF_REQUIRE_EQ(r[i].len, h->len);
			ATF_REQUIRE(memcmp(r[i].data, d, h->caplen) == 0);
		}
	}
	ATF_REQUIRE_EQ_MSG(pcap_next_ex(p, &h, &d), -2,
	    "%s: we ended before libpcap", path);
	ATF_REQUIRE_EQ(sf_pcapfile_linktype(f), (uint32_t)pcap_datalink(p));
	sf_pcapfile_free(f);
	close(s.fd);
	pcap_close(p);
	return (n);
}

static u_int
compare_dir(const char *dir, u_int max)
{
	char		 path[1024];
	struct dirent	*de;
	DIR		*dp;
	size_t		 l;
	u_int		 files = 0;

	if ((dp = opendir(dir)) == NULL)
		return (0);
	while ((de = readdir(dp)) != NULL && files < max) {
		l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".pcap") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		compare(path, 0, 16);
		files++;
	}
	closedir(dp);
	return (files);
}

static void
first_pcap(const atf_tc_t *tc, char *path, size_t len)
{
	snprintf(path, len, "%s/../../pcaps/softflowd-v9.pcap",
	    atf_tc_get_config_var(tc, "srcdir"));
	if (access(path, R_OK) != 0)
		atf_tc_skip("%s missing", path);
}

ATF_TC(real);
ATF_TC_HEAD(real, tc)
{
	atf_tc_set_md_var(tc, "descr", "the same records as libpcap on the "
	    "tree's captures and the shared public ones");
}
ATF_TC_BODY(real, tc)
{
	static const char	*sub[] = { "scapy", "pmacct", "goflow2" };
	char			 dir[1200], base[1024];
	const char		*e;
	size_t			 i;

	snprintf(dir, sizeof(dir), "%s/../../pcaps",
	    atf_tc_get_config_var(tc, "srcdir"));
	ATF_CHECK(compare_dir(dir, 1000) >= 10);
	/* Optional: the public captures beside the repository. */
	if ((e = getenv("FLOWD_CAPTURES")) != NULL && *e != '\0')
		snprintf(base, sizeof(base), "%s", e);
	else
		snprintf(base, sizeof(base), "%s/../../../shared/captures",
		    atf_tc_get_config_var(tc, "srcdir"));
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/%s", base, sub[i]);
		printf("%s: %u files\n", dir, compare_dir(dir, 50));
	}
}

ATF_TC(variants);
ATF_TC_HEAD(variants, tc)
{
	atf_tc_set_md_var(tc, "descr", "big-endian and nanosecond files, "
	    "short reads and batch sizes");
}
ATF_TC_BODY(variants, tc)
{
	char	in[1024];
	u_int	n;

	first_pcap(tc, in, sizeof(in));
	n = compare(in, 0, 16);
	ATF_REQUIRE(n > 5);
	ATF_CHECK_EQ(compare(in, 7, 1), n);
	ATF_CHECK_EQ(compare(in, 100, 3), n);
	rewrite(in, "be.pcap", 1, 0);
	ATF_CHECK_EQ(compare("be.pcap", 0, 16), n);
	rewrite(in, "ns.pcap", 0, 1);
	ATF_CHECK_EQ(compare("ns.pcap", 0, 16), n);
	rewrite(in, "bens.pcap", 1, 1);
	ATF_CHECK_EQ(compare("bens.pcap", 13, 5), n);
}

/* Open bytes b as a file; NULL with *notpcap or err as the reader says. */
static struct sf_pcapfile *
open_bytes(const uint8_t *b, size_t len, struct src *s, int *notpcap,
    char *err, size_t errlen)
{
	struct sf_pcapfile	*f;

	spew("x.pcap", b, len);
	ATF_REQUIRE((s->fd = open("x.pcap", O_RDONLY)) != -1);
	s->chunk = 0;
	f = sf_pcapfile_open(src_read, s, 0, notpcap, err, errlen);
	if (f == NULL)
		close(s->fd);
	return (f);
}

static size_t
header(uint8_t *b, uint32_t snaplen)
{
	put32(b, 0xa1b2c3d4U, 0);
	b[4] = 2;
	b[5] = 0;
	b[6] = 4;
	b[7] = 0;
	memset(b + 8, 0, 8);
	put32(b + 16, snaplen, 0);
	put32(b + 20, 1, 0);
	return (24);
}

static size_t
record(uint8_t *b, uint32_t caplen, uint32_t len, uint8_t fill)
{
	put32(b, 1700000000, 0);
	put32(b + 4, 5, 0);
	put32(b + 8, caplen, 0);
	put32(b + 12, len, 0);
	memset(b + 16, fill, caplen);
	return (16 + caplen);
}

ATF_TC(damaged);
ATF_TC_HEAD(damaged, tc)
{
	atf_tc_set_md_var(tc, "descr", "truncated and impossible files are "
	    "errors, other formats are left to libpcap");
}
ATF_TC_BODY(damaged, tc)
{
	static uint8_t		 b[400000];
	char			 err[256];
	struct sf_pcapfile	*f;
	struct sf_pcap_rec	 r[4];
	struct src		 s;
	size_t			 n;
	int			 notpcap;

	/* Not classic pcap: empty, pcapng, version 2.3. */
	ATF_CHECK(open_bytes(b, 0, &s, &notpcap, err, sizeof(err)) == NULL &&
	    notpcap);
	memcpy(b, "\x0a\x0d\x0d\x0a\x1c\x00\x00\x00", 8);
	ATF_CHECK(open_bytes(b, 8, &s, &notpcap, err, sizeof(err)) == NULL &&
	    notpcap);
	n = header(b, 65535);
	b[6] = 3;
	ATF_CHECK(open_bytes(b, n, &s, &notpcap, err, sizeof(err)) == NULL &&
	    notpcap);
	/* A cut file header. */
	ATF_CHECK(open_bytes(b, 10, &s, &notpcap, err, sizeof(err)) == NULL &&
	    !notpcap);
	ATF_CHECK(strstr(err, "truncated") != NULL);

	/* Header only: no records, no error. */
	n = header(b, 65535);
	ATF_REQUIRE((f = open_bytes(b, n, &s, &notpcap, err, sizeof(err))) !=
	    NULL);
	ATF_CHECK_EQ(sf_pcapfile_next(f, r, 4, err, sizeof(err)), 0);
	sf_pcapfile_free(f);
	close(s.fd);

	/* One good record, then one cut short. */
	n = header(b, 65535);
	n += record(b + n, 60, 60, 0xaa);
	n += record(b + n, 100, 100, 0xbb);
	ATF_REQUIRE((f = open_bytes(b, n - 30, &s, &notpcap, err,
	    sizeof(err))) != NULL);
	ATF_CHECK_EQ(sf_pcapfile_next(f, r, 4, err, sizeof(err)), 1);
	ATF_CHECK_EQ(r[0].caplen, 60);
	ATF_CHECK_EQ(r[0].ts_us, 1700000000ULL * 1000000 + 5);
	ATF_CHECK_EQ(sf_pcapfile_next(f, r, 4, err, sizeof(err)), -1);
	ATF_CHECK(strstr(err, "truncated record at offset 100") != NULL);
	sf_pcapfile_free(f);
	close(s.fd);

	/* A capture length no libpcap would write. */
	n = header(b, 65535);
	n += record(b + n, 300000, 300000, 0xcc);
	ATF_REQUIRE((f = open_bytes(b, n, &s, &notpcap, err, sizeof(err))) !=
	    NULL);
	ATF_CHECK_EQ(sf_pcapfile_next(f, r, 4, err, sizeof(err)), -1);
	ATF_CHECK(strstr(err, "over 262144") != NULL);
	sf_pcapfile_free(f);
	close(s.fd);

	/* Records longer than the snapshot are cut to it, as libpcap. */
	n = header(b, 64);
	n += record(b + n, 100, 1500, 0xdd);
	n += record(b + n, 40, 40, 0xee);
	ATF_REQUIRE((f = open_bytes(b, n, &s, &notpcap, err, sizeof(err))) !=
	    NULL);
	ATF_CHECK_EQ(sf_pcapfile_snaplen(f), 64);
	ATF_CHECK_EQ(sf_pcapfile_next(f, r, 4, err, sizeof(err)), 2);
	ATF_CHECK_EQ(r[0].caplen, 64);
	ATF_CHECK_EQ(r[0].len, 1500);
	ATF_CHECK_EQ(r[1].caplen, 40);
	ATF_CHECK_EQ(r[1].data[0], 0xee);
	ATF_CHECK_EQ(sf_pcapfile_next(f, r, 4, err, sizeof(err)), 0);
	sf_pcapfile_free(f);
	close(s.fd);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, real);
	ATF_TP_ADD_TC(tp, variants);
	ATF_TP_ADD_TC(tp, damaged);
	return (atf_no_error());
}
