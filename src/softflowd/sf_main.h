/*
 * sf_main.h: the daemon's state, shared by the main loop, the control
 * socket and the statistics texts.
 */
#ifndef SF_MAIN_H
#define SF_MAIN_H

#include <sys/types.h>
#include <sys/time.h>

#include <pcap.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "sf_decode.h"
#include "sf_export.h"
#include "sf_track.h"

#define SF_RUN		0
#define SF_SHUTDOWN	1	/* flush, export, exit */
#define SF_EXIT		2	/* exit now, no export */

/* Packets a batch of the fast file reader holds. */
#define SF_BATCH	32

struct sf_pcapfile;

struct sf_ctx {
	struct sf_track		*track;
	struct sf_export	*exp;
	pcap_t			*pcap;
	struct sf_pcapfile	*pf;		/* -r, classic pcap file */
	struct bpf_program	 prog;		/* its filter, if have_prog */
	int			 have_prog;
	int			 dlt;
	int			 offline;	/* -r */
	int			 pkt_clock;	/* -a, or -r: packet time */
	int			 time_expiry;	/* wheel scans run */
	struct sf_timeouts	 to;
	struct sf_decode_stats	 dst;
	uint64_t		 pkts_processed;
	uint64_t		 non_sampled;
	uint64_t		 ign_nonip;
	uint64_t		 ign_short;
	uint64_t		 own_export;
	uint32_t		 sample;	/* -s */
	uint64_t		 sample_ctr;
	uint64_t		 now_us;
	uint64_t		 next_scan;	/* s */
	int			 have_boot;
	struct timeval		 boot;
	int			 gather;	/* 0 after stop-gather */
	int			 verbose;
	int			 run;		/* SF_RUN ... */
	uint64_t		 max_flows_check;
	int			 ctl_fd;
	const char		*ctl_path;
};

/* options.c */
long long	sf_convtime(const char *);
int	sf_set_timeout(struct sf_timeouts *, const char *);
int	sf_parse_level(const char *);
int	sf_parse_timefmt(const char *);
int	sf_parse_mac(const char *, uint8_t *);

/* stats.c */
void	sf_stats_init(void);
void	sf_print_since(const struct sf_ctx *, FILE *);
void	sf_print_statistics(const struct sf_ctx *, FILE *);
void	sf_print_flows(const struct sf_ctx *, FILE *);
void	sf_print_timeouts(const struct sf_ctx *, FILE *);
void	sf_format_flow(char *, size_t, const struct sf_flow *, uint64_t);

/* ctl.c */
int	sf_ctl_open(const char *, char *, size_t);
void	sf_ctl_accept(struct sf_ctx *);
int	sf_ctl_command(struct sf_ctx *, const char *, FILE *);

/* privdrop.c */
int	sf_privdrop(const char *, const char *, char *, size_t);

/* sandbox-*.c */
int	sf_sandbox(int);

#endif /* SF_MAIN_H */
