/*
 * gen-traffic.h: synthetic traffic model shared by the generator's parts.
 *
 * A conversation ("tflow") has two directions, 0 (initiator) and 1
 * (responder); every direction that carries a packet is one NetFlow flow
 * in the ground truth.  Packets ("tpkt") are planned first, sorted by
 * time, and only then turned into frames, so the ground truth is counted
 * from the frames that were really written.
 */
#ifndef GEN_TRAFFIC_H
#define GEN_TRAFFIC_H

#define ENCAP_NONE	0
#define ENCAP_VLAN	1
#define ENCAP_QINQ	2
#define ENCAP_MPLS	3

#define TF_FIN		0x01
#define TF_SYN		0x02
#define TF_RST		0x04
#define TF_PSH		0x08
#define TF_ACK		0x10

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define MTU		1500
#define MAX_DGRAM	8192	/* largest planned UDP payload (fragmented) */

struct tflow {
	int		 af;		/* 4 or 6 */
	uint8_t		 proto;		/* 1, 6, 17 or 58 */
	uint8_t		 addr[2][16];	/* [dir]: source address of that dir */
	uint16_t	 port[2];	/* [dir]: source port of that dir */
	uint8_t		 icmp[2][2];	/* [dir]: ICMP type, code */
	uint8_t		 mac[2][6];
	int		 encap;
	uint16_t	 vlan[2];	/* outer, inner VLAN id */
	uint32_t	 mpls[2];	/* label stack, top first */
	int		 nmpls;
	uint8_t		 tos;
	uint32_t	 flowlabel[2];
	int		 fragment;	/* v4 UDP sent as IP fragments */
	/* Filled while writing. */
	uint32_t	 tcpseq[2];
	uint16_t	 ipid[2];
	uint64_t	 pkts[2];
	uint64_t	 octets[2];
	uint64_t	 first[2];	/* microseconds since the epoch */
	uint64_t	 last[2];
	uint64_t	 nfrag[2];	/* non-first fragments among pkts */
};

struct tpkt {
	uint64_t	 ts;		/* microseconds since the epoch */
	uint32_t	 flow;
	uint32_t	 seq;		/* plan order within the flow */
	uint16_t	 len;		/* L4 payload length */
	uint8_t		 dir;
	uint8_t		 tcpflags;
};

/* rng.c */
void		 rng_seed(uint64_t);
uint64_t	 rng_next(void);
uint32_t	 rng_range(uint32_t, uint32_t);
int		 rng_chance(uint32_t);
uint32_t	 rng_pareto(uint32_t);

/* plan.c */
void		 plan_init(uint32_t);
void		 plan_flow(struct tflow *, uint32_t, uint64_t, uint64_t,
		    uint32_t);
struct tpkt	*plan_sorted(size_t *);
void		 plan_free(void);

/* frame.c */
void		 frame_emit(struct tflow *, uint32_t, const struct tpkt *);

/* pcapfile.c */
void		 pcap_open_out(const char *);
void		 pcap_put(uint64_t, const uint8_t *, size_t);
void		 pcap_close_out(void);

#endif /* GEN_TRAFFIC_H */
