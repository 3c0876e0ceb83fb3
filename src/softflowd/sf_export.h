/*
 * sf_export.h: expired flows to NetFlow/IPFIX collectors through the
 * library encoders.
 */
#ifndef SF_EXPORT_H
#define SF_EXPORT_H

#include <sys/types.h>
#include <sys/time.h>

#include <stdint.h>

#include "sf_decode.h"
#include "sf_track.h"

#define SF_MAX_COLLECTORS	16

struct sf_export_conf {
	int		version;	/* 1, 5, 9, 10 */
	int		load_balance;	/* -l */
	int		proto;		/* IPPROTO_UDP or IPPROTO_TCP */
	int		hoplimit;	/* -L, -1: unset */
	const char	*source;	/* -e */
	const char	*bind_dev;	/* -S */
	int		level;		/* SF_T_*: optional fields */
	int		times;		/* -A: NF_ENC_TIME_*, or: */
#define SF_TIMES_UPTIME	(-1)		/* sysUpTime relative (default) */
	int		biflow;		/* -b: RFC 5103 records (IPFIX) */
	u_int		mpls_labels;	/* -x */
	uint32_t	sampling;	/* -s */
	uint32_t	if_index;
	char		if_name[16];
	int		have_dir_mac;	/* -H */
	uint8_t		dir_mac[6];
};

struct sf_export_stats {
	uint64_t	flows;		/* flows that produced records */
	uint64_t	records;
	uint64_t	datagrams;	/* datagrams built */
	uint64_t	failures;	/* sends that failed, per collector */
	uint64_t	unsupported;	/* records the version cannot carry */
};

struct sf_export;

/* Parse "host:port[,host:port...]" and open every socket; NULL: *err. */
struct sf_export *sf_export_new(const struct sf_export_conf *,
		    const char *, char *, size_t);
void		 sf_export_free(struct sf_export *);
int		 sf_export_ncollectors(const struct sf_export *);

void		 sf_export_set_boot(struct sf_export *, const struct timeval *);
void		 sf_export_flow(struct sf_export *, const struct sf_flow *,
		    const uint32_t *, int, uint64_t);
void		 sf_export_flush(struct sf_export *, uint64_t);
void		 sf_export_templates(struct sf_export *);
const struct sf_export_stats *sf_export_stats(const struct sf_export *);

/* Nonzero when a packet is one of our own export datagrams. */
int		 sf_export_is_own(const struct sf_export *,
		    const struct sf_pkt *);

/* Turn direction d of a tracked flow into a struct flow. */
struct flow;
void		 sf_export_fill(const struct sf_export_conf *, struct flow *,
		    const struct sf_flow *, int, int);

#endif /* SF_EXPORT_H */
