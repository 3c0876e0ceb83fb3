/*
 * logwrite: what appending records to a log costs, per record, in the
 * store writer's three ways: through the page cache left to the
 * kernel (nfcapd's way), through the page cache dropped behind the end
 * (flowd's way before session 6, and still where O_DIRECT is refused),
 * and with O_DIRECT (store_direct.c); each in batches of 512 KiB and of
 * 4 MiB (the collector's now).  Records are copied into the batches
 * already serialised, so the figures are the writing alone.
 *
 * For each run it prints the process's CPU time per record and the
 * whole machine's busy time per record from just before the first
 * write until sync(2) has put everything on the disk (/proc/stat, where
 * there is one): the page cache's writeback runs in kernel threads,
 * which only the second figure sees.  The file is written in the
 * current directory and removed.  The machine should be otherwise idle.
 *
 *	logwrite [MiB [rounds]]
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "store.h"

#define LOGNAME	"logwrite.tmp"

struct way {
	const char	*name;
	int		 flags;
	size_t		 batch;
};

static const struct way ways[] = {
	{ "cache", 0, 512 * 1024 },
	{ "dropbehind", STORE_W_DROPBEHIND, 512 * 1024 },
	{ "direct", STORE_W_DIRECT | STORE_W_DROPBEHIND, 512 * 1024 },
	{ "cache", 0, 4 * 1024 * 1024 },
	{ "dropbehind", STORE_W_DROPBEHIND, 4 * 1024 * 1024 },
	{ "direct", STORE_W_DIRECT | STORE_W_DROPBEHIND, 4 * 1024 * 1024 },
};
#define NWAYS	(sizeof(ways) / sizeof(ways[0]))

/* A record like the collector bench's: v9 from softflowd, IPv4. */
static size_t
make_record(uint8_t *buf, size_t len)
{
	struct flow	f;
	size_t		n;

	memset(&f, 0, sizeof(f));
	f.fields = FLOW_RECV_TIME | FLOW_PROTO_FLAGS_TOS | FLOW_AGENT_ADDR4 |
	    FLOW_SRC_ADDR4 | FLOW_DST_ADDR4 | FLOW_GATEWAY_ADDR4 |
	    FLOW_SRCDST_PORT | FLOW_PACKETS | FLOW_OCTETS | FLOW_IF_INDICES |
	    FLOW_AGENT_INFO | FLOW_FLOW_TIMES | FLOW_AS_INFO |
	    FLOW_FLOW_ENGINE_INFO;
	f.recv_sec = 1700000000;
	f.protocol = 6;
	f.agent.af = f.src.af = f.dst.af = f.gateway.af = AF_INET;
	f.src_port = 443;
	f.dst_port = 51515;
	f.packets = 12;
	f.octets = 9000;
	f.netflow_version = 9;
	if (store_flow_serialise(&f, STORE_MASK_DEFAULT, buf, len, &n) !=
	    STORE_OK)
		errx(1, "cannot serialise the test record");
	return (n);
}

/* Busy jiffies of the whole machine, or -1 without /proc/stat. */
static long long
machine_busy(void)
{
	FILE		*fp;
	long long	 v[8] = { 0 };
	int		 n;

	if ((fp = fopen("/proc/stat", "r")) == NULL)
		return (-1);
	/* user nice system idle iowait irq softirq steal */
	n = fscanf(fp, "cpu %lld %lld %lld %lld %lld %lld %lld %lld",
	    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(fp);
	if (n < 7)
		return (-1);
	return (v[0] + v[1] + v[2] + v[5] + v[6]);
}

static double
cpu_seconds(void)
{
	struct rusage	ru;

	if (getrusage(RUSAGE_SELF, &ru) == -1)
		err(1, "getrusage");
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
}

static void
run(const struct way *wy, const uint8_t *rec, size_t reclen, size_t mib,
    int round)
{
	struct store_writer	 w;
	uint64_t		 i, n;
	long long		 b0, b1;
	double			 c0, c1, hz;
	int			 fd, r;

	n = (uint64_t)mib * 1024 * 1024 / reclen;
	(void)unlink(LOGNAME);
	if ((fd = open(LOGNAME, O_RDWR | O_CREAT | O_APPEND, 0600)) == -1)
		err(1, "%s", LOGNAME);
	if ((r = store_writer_open(&w, fd, 0, wy->batch,
	    wy->flags | STORE_W_NOFSYNC)) != STORE_OK)
		errx(1, "%s: %s", LOGNAME, store_strerror(r));
	sync();
	b0 = machine_busy();
	c0 = cpu_seconds();
	for (i = 0; i < n; i++)
		if ((r = store_writer_put_raw(&w, rec, reclen)) != STORE_OK)
			errx(1, "write: %s", store_strerror(r));
	if ((r = store_writer_flush(&w)) != STORE_OK)
		errx(1, "write: %s", store_strerror(r));
	c1 = cpu_seconds();
	sync();
	b1 = machine_busy();
	hz = sysconf(_SC_CLK_TCK);
	printf("%-10s %5zu KiB  %d  %8.1f", wy->name, wy->batch / 1024, round,
	    (c1 - c0) * 1e9 / n);
	if (b0 >= 0 && b1 >= 0)
		printf(" %8.1f", (b1 - b0) / hz * 1e9 / n);
	else
		printf(" %8s", "-");
	printf("  %llu of %llu batches direct\n",
	    (unsigned long long)w.ndirect, (unsigned long long)w.nbatches);
	(void)store_writer_close(&w);
	close(fd);
	(void)unlink(LOGNAME);
}

int
main(int argc, char **argv)
{
	uint8_t		 rec[STORE_MAX_RECORD];
	size_t		 reclen, mib = 512, k;
	const char	*e;
	int		 rounds = 3, i;

	if (argc > 1 && (mib = strtonum(argv[1], 1, 65536, &e)) == 0)
		errx(1, "MiB %s: %s", argv[1], e);
	if (argc > 2 && (rounds = strtonum(argv[2], 1, 100, &e)) == 0)
		errx(1, "rounds %s: %s", argv[2], e);
	reclen = make_record(rec, sizeof(rec));
	printf("logwrite: %zu MiB of %zu-byte records per run, %d rounds\n",
	    mib, reclen, rounds);
	printf("%-10s %9s  %s  %8s %8s  (ns per record)\n", "way", "batch",
	    "r", "process", "machine");
	for (i = 1; i <= rounds; i++)
		for (k = 0; k < NWAYS; k++)
			run(&ways[(k + i) % NWAYS], rec, reclen, mib, i);
	return (0);
}
