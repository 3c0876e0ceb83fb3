/*
 * nf_ie.c: the information elements shared by NetFlow v9 and IPFIX
 * (RFC 3954 field types 1-127 are the same numbers as RFC 7012 IEs) and
 * where each lands in struct flow.  Anything not listed is skipped by
 * its length.  UR entries also have a meaning under RFC 5103 (PEN 29305).
 * The NAT IEs are not reversible here: RFC 5103 reverse
 * flows get the forward translation swapped instead (nf_record.c).
 */
#include <sys/types.h>

#include <stdint.h>

#include "compat.h"
#include "nf_priv.h"

#define U(op, n)	{ (op), NF_ENC_UINT, (n), 0 }
#define UR(op, n)	{ (op), NF_ENC_UINT, (n), 1 }
#define A4(op)		{ (op), NF_ENC_ADDR4, 4, 0 }
#define A6(op)		{ (op), NF_ENC_ADDR6, 16, 0 }
#define MAC(op)		{ (op), NF_ENC_MAC, 6, 0 }
#define NTPR(op)	{ (op), NF_ENC_NTP, 8, 1 }

static const struct nf_ie nf_ies[] = {
	[1] =	UR(OP_OCTETS, 8),	/* octetDeltaCount */
	[2] =	UR(OP_PACKETS, 8),	/* packetDeltaCount */
	[4] =	U(OP_PROTO, 1),		/* protocolIdentifier */
	[5] =	UR(OP_TOS, 1),		/* ipClassOfService */
	[6] =	UR(OP_TCP_FLAGS, 2),	/* tcpControlBits */
	[7] =	U(OP_SRC_PORT, 2),	/* sourceTransportPort */
	[8] =	A4(OP_SRC4),		/* sourceIPv4Address */
	[9] =	U(OP_SRC_MASK, 1),	/* sourceIPv4PrefixLength */
	[10] =	U(OP_IF_IN, 4),		/* ingressInterface */
	[11] =	U(OP_DST_PORT, 2),	/* destinationTransportPort */
	[12] =	A4(OP_DST4),		/* destinationIPv4Address */
	[13] =	U(OP_DST_MASK, 1),	/* destinationIPv4PrefixLength */
	[14] =	U(OP_IF_OUT, 4),	/* egressInterface */
	[15] =	A4(OP_GW4),		/* ipNextHopIPv4Address */
	[16] =	U(OP_SRC_AS, 4),	/* bgpSourceAsNumber */
	[17] =	U(OP_DST_AS, 4),	/* bgpDestinationAsNumber */
	[21] =	UR(OP_REL_END, 4),	/* flowEndSysUpTime */
	[22] =	UR(OP_REL_START, 4),	/* flowStartSysUpTime */
	[23] =	U(OP_OUT_OCTETS, 8),	/* postOctetDeltaCount */
	[24] =	U(OP_OUT_PACKETS, 8),	/* postPacketDeltaCount */
	[27] =	A6(OP_SRC6),		/* sourceIPv6Address */
	[28] =	A6(OP_DST6),		/* destinationIPv6Address */
	[29] =	U(OP_SRC_MASK, 1),	/* sourceIPv6PrefixLength */
	[30] =	U(OP_DST_MASK, 1),	/* destinationIPv6PrefixLength */
	[31] =	U(OP_FLOW_LABEL, 4),	/* flowLabelIPv6 */
	[32] =	U(OP_ICMP_TC, 2),	/* icmpTypeCodeIPv4 */
	[34] =	U(OP_SAMP_INTERVAL, 4),	/* samplingInterval */
	[35] =	U(OP_SAMP_ALGO, 1),	/* samplingAlgorithm */
	[38] =	U(OP_ENGINE_TYPE, 2),	/* engineType (v9 allows 2) */
	[39] =	U(OP_ENGINE_ID, 2),	/* engineId */
	[49] =	U(OP_SAMP_ALGO, 1),	/* samplerMode */
	[50] =	U(OP_SAMP_INTERVAL, 4),	/* samplerRandomInterval */
	[56] =	MAC(OP_SRC_MAC),	/* sourceMacAddress */
	[57] =	MAC(OP_POST_DST_MAC),	/* postDestinationMacAddress */
	[58] =	U(OP_SRC_VLAN, 2),	/* vlanId */
	[59] =	U(OP_DST_VLAN, 2),	/* postVlanId */
	[60] =	U(OP_IP_VERSION, 1),	/* ipVersion */
	[61] =	U(OP_DIRECTION, 1),	/* flowDirection */
	[62] =	A6(OP_GW6),		/* ipNextHopIPv6Address */
	[80] =	MAC(OP_DST_MAC),	/* destinationMacAddress */
	[81] =	MAC(OP_POST_SRC_MAC),	/* postSourceMacAddress */
	[85] =	UR(OP_OCTETS_TOT, 8),	/* octetTotalCount */
	[86] =	UR(OP_PACKETS_TOT, 8),	/* packetTotalCount */
	[136] =	U(OP_END_REASON, 1),	/* flowEndReason */
	[139] =	U(OP_ICMP_TC, 2),	/* icmpTypeCodeIPv6 */
	[150] =	UR(OP_ABS_START_S, 4),	/* flowStartSeconds */
	[151] =	UR(OP_ABS_END_S, 4),	/* flowEndSeconds */
	[152] =	UR(OP_ABS_START_MS, 8),	/* flowStartMilliseconds */
	[153] =	UR(OP_ABS_END_MS, 8),	/* flowEndMilliseconds */
	[154] =	NTPR(OP_ABS_START_NTP),	/* flowStartMicroseconds */
	[155] =	NTPR(OP_ABS_END_NTP),	/* flowEndMicroseconds */
	[156] =	NTPR(OP_ABS_START_NTP),	/* flowStartNanoseconds */
	[157] =	NTPR(OP_ABS_END_NTP),	/* flowEndNanoseconds */
	[160] =	U(OP_SYS_INIT_MS, 8),	/* systemInitTimeMilliseconds */
	[176] =	U(OP_ICMP_TYPE, 1),	/* icmpTypeIPv4 */
	[177] =	U(OP_ICMP_CODE, 1),	/* icmpCodeIPv4 */
	[178] =	U(OP_ICMP_TYPE, 1),	/* icmpTypeIPv6 */
	[179] =	U(OP_ICMP_CODE, 1),	/* icmpCodeIPv6 */
	[225] =	A4(OP_NAT_SRC4),	/* postNATSourceIPv4Address */
	[226] =	A4(OP_NAT_DST4),	/* postNATDestinationIPv4Address */
	[227] =	U(OP_NAT_SRC_PORT, 2),	/* postNAPTSourceTransportPort */
	[228] =	U(OP_NAT_DST_PORT, 2),	/* postNAPTDestinationTransportPort */
	[281] =	A6(OP_NAT_SRC6),	/* postNATSourceIPv6Address */
	[282] =	A6(OP_NAT_DST6),	/* postNATDestinationIPv6Address */
	[304] =	U(OP_SAMP_ALGO, 2),	/* selectorAlgorithm */
	[305] =	U(OP_SAMP_INTERVAL, 4),	/* samplingPacketInterval */
};

const struct nf_ie *
nf_ie_lookup(uint16_t ie)
{
	if (ie >= sizeof(nf_ies) / sizeof(nf_ies[0]) ||
	    nf_ies[ie].op == OP_SKIP)
		return (NULL);
	return (&nf_ies[ie]);
}
