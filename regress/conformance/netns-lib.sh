# netns-lib.sh: network namespace + veth harness for replaying captures.
# Source it from sh (atf-sh tests, tools/record-corpus).
#
# A namespace holds both ends of a veth pair, so nothing outside it is
# touched: frames sent by tcpreplay on end "a" arrive on end "b", whose
# address (198.18.0.2/24, RFC 2544 benchmarking range) exists in that
# namespace only.  Every namespace made here is written to
# $NSL_STATE (a file in the current directory), so nsl_cleanup can run
# from a trap or from a separate atf cleanup routine and still find it.
#
#	reason=$(nsl_unusable) && skip "$reason"
#	nsl_create NAME		-> sets NSL_NS, NSL_A, NSL_B, NSL_BMAC
#	nsl_rewrite in.pcap out.pcap [oldport:newport]
#	nsl_replay file.pcap [tcpreplay options]
#	nsl_exec cmd ...	(runs inside the namespace)
#	nsl_cleanup		(kills what runs inside, deletes namespaces)

NSL_STATE=${NSL_STATE:-$PWD/netns.created}
NSL_ADDR_B=198.18.0.2
NSL_ADDR_PEER=198.18.0.1

# Prints why the harness cannot run here and succeeds; fails when it can.
nsl_unusable()
{
	if [ "$(id -u)" -ne 0 ]; then
		echo "needs root to create network namespaces"
		return 0
	fi
	for c in ip tcpreplay tcprewrite; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "$c not installed (Debian: iproute2, tcpreplay)"
			return 0
		fi
	done
	probe=nslprobe$$
	if ! ip netns add "$probe" 2>/dev/null; then
		echo "cannot create a network namespace here"
		return 0
	fi
	ip netns del "$probe" 2>/dev/null
	return 1
}

nsl_create()
{
	NSL_NS=$1
	# Interface names: at most 15 bytes, unique per process.
	NSL_A=nsl$$a
	NSL_B=nsl$$b
	echo "$NSL_NS" >> "$NSL_STATE"
	ip netns add "$NSL_NS" || return 1
	ip -n "$NSL_NS" link set lo up || return 1
	ip -n "$NSL_NS" link add "$NSL_A" type veth peer name "$NSL_B" ||
	    return 1
	# Room for full-size frames with QinQ/MPLS tags on top of 1500.
	ip -n "$NSL_NS" link set "$NSL_A" mtu 9000 up || return 1
	ip -n "$NSL_NS" link set "$NSL_B" mtu 9000 up || return 1
	ip -n "$NSL_NS" addr add "$NSL_ADDR_B/24" dev "$NSL_B" || return 1
	# No address on "a": a local source address arriving on "b" would
	# be dropped as a martian.
	NSL_BMAC=$(ip -n "$NSL_NS" -o link show "$NSL_B" |
	    sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
	[ -n "$NSL_BMAC" ] || return 1
	NSL_AMAC=$(ip -n "$NSL_NS" -o link show "$NSL_A" |
	    sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
	# The peer has no address; tell "b" where its MAC is so nothing
	# waits on ARP (nothing is sent back for UDP anyway).
	ip -n "$NSL_NS" neigh replace "$NSL_ADDR_PEER" lladdr "$NSL_AMAC" \
	    dev "$NSL_B" nud permanent || return 1
	# Let "b" accept the replayed frames even with a stray source.
	ip netns exec "$NSL_NS" sysctl -qw "net.ipv4.conf.all.rp_filter=0" \
	    "net.ipv4.conf.$NSL_B.rp_filter=0" >/dev/null || return 1
}

# Address an IPv4 export capture to "b": MACs, addresses and checksums
# rewritten, optionally the destination UDP port too.
nsl_rewrite()
{
	_in=$1 _out=$2 _pm=${3:-}
	set -- --enet-smac="$NSL_AMAC" --enet-dmac="$NSL_BMAC" \
	    --srcipmap=0.0.0.0/0:"$NSL_ADDR_PEER"/32 \
	    --dstipmap=0.0.0.0/0:"$NSL_ADDR_B"/32 --fixcsum
	[ -n "$_pm" ] && set -- "$@" --portmap="$_pm"
	tcprewrite "$@" --infile="$_in" --outfile="$_out"
}

nsl_replay()
{
	_f=$1
	shift
	ip netns exec "$NSL_NS" tcpreplay -q -i "$NSL_A" "$@" "$_f"
}

nsl_exec()
{
	ip netns exec "$NSL_NS" "$@"
}

nsl_cleanup()
{
	[ -f "$NSL_STATE" ] || return 0
	while read -r _ns; do
		[ -n "$_ns" ] || continue
		# Only processes living in our own namespace.
		for _p in $(ip netns pids "$_ns" 2>/dev/null); do
			kill "$_p" 2>/dev/null
		done
		sleep 0.2
		for _p in $(ip netns pids "$_ns" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		ip netns del "$_ns" 2>/dev/null
	done < "$NSL_STATE"
	rm -f "$NSL_STATE"
}
