/*
 * store.h: the flowd store v3 flow log (flowd.log(5)).
 *
 * store.c turns a struct flow into one record and back; store_v2.c
 * reads the legacy version 2 log; store_io.c holds the batching writer
 * with rollback and the buffered reader with resync and follow modes.
 * Nothing here allocates per record.
 */
#ifndef FLOWD_STORE_H
#define FLOWD_STORE_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "flow.h"

#define STORE_VER_MAJOR		3
#define STORE_VER_MINOR		1	/* highest minor written */
#define STORE_VERSION_30	0x60	/* (3 << 5) | 0 */
#define STORE_VERSION_31	0x61	/* records with bits 19-26 */
#define STORE_HDR_LEN		8
#define STORE_MAX_BODY		(255 * 4)
#define STORE_MAX_RECORD	(STORE_HDR_LEN + STORE_MAX_BODY)
#define STORE_MAX_WRITTEN	292	/* largest record we produce */

/* Bits a minor 0 record may carry; anything else needs minor >= 1. */
#define STORE_FIELDS_V30	(FLOW_ALL_V30)
#define STORE_FIELDS_V31	(FLOW_ALL & ~FLOW_ALL_V30)

/*
 * Store mask used when none is configured: every field this tree
 * knows, address variants picked per flow.  Never 0, so no header-only
 * records are ever written.
 */
#define STORE_MASK_DEFAULT	FLOW_ALL
#define STORE_DISPLAY_ALL	FLOW_ALL
#define STORE_DISPLAY_BRIEF	FLOW_DISPLAY_BRIEF

/* Error codes; 0-9 and 0x10 have flowd 0.9.1's values. */
#define STORE_OK		0
#define STORE_ERR_EOF		1
#define STORE_ERR_BAD_MAGIC	2
#define STORE_ERR_UNSUP_VERSION	3
#define STORE_ERR_BUFFER_SIZE	4
#define STORE_ERR_FLOW_INVALID	5
#define STORE_ERR_CRC_MISMATCH	6
#define STORE_ERR_INTERNAL	7
#define STORE_ERR_IO		8
#define STORE_ERR_IO_SEEK	9
#define STORE_ERR_CORRUPT	0x10
#define STORE_ERR_UNKNOWN_FIELDS 0x11	/* minor 0 with bits >= 19, bit 31 */
#define STORE_ERR_LENGTH	0x12	/* len_words disagrees with mask */
#define STORE_ERR_EMPTY		0x13	/* no data field to write */
#define STORE_ERR_LEGACY	0x14	/* refusing to append to a v2 log */
#define STORE_ERR_AGAIN		0x15	/* follow mode: no whole record yet */
#define STORE_ERR_PARTIAL	0x16	/* flush lost a batch (rolled back) */

const char	*store_strerror(int);

/* store.c: one record. */
uint32_t	store_fields_len(uint32_t);
uint32_t	store_effective_fields(const struct flow *, uint32_t);
int		store_flow_serialise(const struct flow *, uint32_t,
		    uint8_t *, size_t, size_t *);
int		store_flow_serialise_unsealed(const struct flow *, uint32_t,
		    uint8_t *, size_t, size_t *);
int		store_seal(uint8_t *, size_t);
int		store_flow_deserialise(const uint8_t *, size_t,
		    struct flow *, uint32_t *);
int		store_flow_deserialise_known(const uint8_t *, size_t,
		    struct flow *, uint32_t *, uint32_t);
int		store_check_header(const uint8_t *, size_t *);
int		store_check_record(const uint8_t *, size_t);

/* store_v2.c: legacy version 2 logs. */
#define STORE_V2_MAGIC		0x012cf047U
#define STORE_V2_VERSION	2
#define STORE_V2_HDR_LEN	16
#define STORE_V2_MAX_RECORD	(4 + 144)

struct store_v2_header {
	uint32_t	magic;
	uint32_t	version;
	uint32_t	start_time;
	uint32_t	flags;
};

int		store_v2_check_header(const uint8_t *, size_t,
		    struct store_v2_header *);
uint32_t	store_v2_fields_len(uint32_t);
int		store_v2_record_len(const uint8_t *, size_t, size_t *);
int		store_v2_deserialise(const uint8_t *, size_t, struct flow *);

/* store_io.c: batching writer that never leaves a partial record. */
#define STORE_WBUF_DEFAULT	(64 * 1024)
/*
 * A log's batches: through the page cache, 512 KiB; written direct,
 * the most, since each direct write is a disk request of its own (and,
 * in a virtual machine, an exit to the host), which smaller ones repeat.
 */
#define STORE_WBUF_LARGE	(512 * 1024)
#define STORE_WBUF_MAX		(4 * 1024 * 1024)

#define STORE_W_NOFSYNC		0x01	/* no fsync on close (pipes...) */
#define STORE_W_DROPBEHIND	0x02	/* written pages leave the page cache */
#define STORE_W_SEAL_LATER	0x04	/* CRC32s computed at flush */
#define STORE_W_DIRECT		0x08	/* O_DIRECT where the file allows */
/* How far behind the end of a log its pages are dropped from memory. */
#define STORE_DROPBEHIND_LAG	(4 * 1024 * 1024)

struct store_writer {
	int		 fd;
	int		 flags;
	int		 seekable;
	uint32_t	 mask;
	uint8_t		*base;		/* allocation (store_writer_buf_new) */
	uint8_t		*buf;		/* records: base + phase */
	size_t		 phase;		/* offset in a block, see store_direct.c */
	size_t		 len;
	size_t		 size;
	size_t		 npending;	/* records in buf */
	uint64_t	 nrecords;	/* records written out */
	uint64_t	 nlost;		/* records rolled back */
	uint64_t	 nbatches;
	uint64_t	 ndirect;	/* of them, written with O_DIRECT */
	struct store_direct *dio;	/* STORE_W_DIRECT's state, or NULL */
	/*
	 * If set, a full batch goes to handoff instead of write(2): it
	 * takes buf (and its len and npending) and leaves an empty one.
	 */
	int		(*handoff)(struct store_writer *, void *);
	void		*handoff_arg;
};

int	store_writer_open(struct store_writer *, int, uint32_t, size_t, int);
int	store_writer_put(struct store_writer *, const struct flow *);
int	store_writer_put_raw(struct store_writer *, const uint8_t *, size_t);
int	store_writer_flush(struct store_writer *);
int	store_writer_close(struct store_writer *);
uint8_t	*store_writer_buf_new(size_t);
void	store_writer_rebuf(struct store_writer *, uint8_t *);

/* store_io.c: buffered reader. */
#define STORE_RBUF_DEFAULT	(256 * 1024)

#define STORE_R_RESYNC		0x01	/* skip corrupt bytes to next record */
#define STORE_R_FOLLOW		0x02	/* at EOF wait for more (tail -f) */
#define STORE_R_V2		0x04	/* input is a legacy v2 log */

struct store_rec {
	const uint8_t	*raw;		/* record as stored (v3 only) */
	size_t		 len;
	uint32_t	 crc;		/* stored CRC when FLOW_CRC32 */
	uint32_t	 mask;		/* mask as stored, unknown bits too */
	off_t		 off;		/* byte offset in the input */
};

struct store_reader {
	int			 fd;
	int			 flags;
	uint32_t		 known;	/* fields this reader decodes */
	uint8_t			*buf;
	size_t			 size;
	size_t			 start;	/* first unread byte in buf */
	size_t			 end;	/* one past the last valid byte */
	off_t			 boff;	/* input offset of buf[0] */
	int			 eof;
	int			 v2_started;
	struct store_v2_header	 v2hdr;
	/* Results for the caller. */
	off_t			 err_off;	/* offset of the bad record */
	int			 err;
	uint64_t		 nrecords;
	uint64_t		 nresync;	/* resync events */
	uint64_t		 nskipped;	/* bytes skipped by resync */
	off_t			 resync_off;	/* last skipped range */
	size_t			 resync_len;
	int			 resync_err;	/* why it was skipped */
	uint64_t		 ntruncated;	/* follow: input shrank */
	size_t			 partial;	/* trailing bytes at EOF */
};

int	store_reader_open(struct store_reader *, int, int, size_t);
int	store_reader_next(struct store_reader *, struct flow *,
	    struct store_rec *);
int	store_reader_wait(struct store_reader *, int);
void	store_reader_close(struct store_reader *);

#endif /* FLOWD_STORE_H */
