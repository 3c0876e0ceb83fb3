# sflib.sh: helpers of the softflowd atf-sh tests.  Source it after
# setting nothing; everything happens in the test's own directory.

SRCDIR=$(atf_get_srcdir)
TOP=$SRCDIR/../..
SOFTFLOWD=$TOP/src/softflowd/softflowd
SOFTFLOWCTL=$TOP/src/softflowctl/softflowctl
FLOWD=$TOP/src/flowd/flowd
READER=$TOP/src/flowd-reader/flowd-reader
GEN=$TOP/tools/gen-traffic/gen-traffic
SINK=$SRCDIR/udpsink

# softflowd chroots and filters its system calls, so LeakSanitizer's exit
# check (it reads /proc and ptraces) cannot run inside it under SANITIZE=1.
# The in-process suites (t_track, t_sfexport, t_options) keep the leak
# checking of the same code.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS

# gen SEED FLOWS [more gen-traffic options] -> t.pcap, t.truth
gen()
{
	_seed=$1 _n=$2
	shift 2
	atf_check -s exit:0 "$GEN" -s "$_seed" -n "$_n" "$@" -o t.pcap \
	    -g t.truth
}

# truth_total FAMILY (4|6|all) -> "flows packets octets"
truth_total()
{
	awk -v f="$1" '$1 == "total" && $2 == f { print $3, $4, $5 }' t.truth
}

# truth_flows FAMILY-FILTER (4|6|all) -> sorted "sa sp da dp pr pkts octs"
truth_flows()
{
	awk -v f="$1" '$1 == "flow" && (f == "all" || $2 == f) {
		print $4, $5, $6, $7, $3, $8, $9 }' t.truth | sort
}

# sink_start NAME WIREPORT: a loopback collector writing NAME.pcap;
# its port is in NAME.port once it listens.
sink_start()
{
	"$SINK" "$1.port" "$1.pcap" "$2" &
	echo $! > "$1.pid"
	_i=0
	while [ ! -s "$1.port" ]; do
		_i=$((_i + 1))
		[ $_i -gt 100 ] && atf_fail "udpsink $1 did not start"
		sleep 0.05
	done
}

sink_stop()
{
	kill -TERM "$(cat "$1.pid")"
	wait "$(cat "$1.pid")" 2>/dev/null || true
}

# nfcapd_start DIR -> NFPORT; waits until nfcapd listens.
nfcapd_start()
{
	mkdir -p "$1"
	NFPORT=$(( 20000 + ($$ % 20000) ))
	while ss -Hlun "sport = :$NFPORT" | grep -q .; do
		NFPORT=$((NFPORT + 1))
	done
	nfcapd -b 127.0.0.1 -p "$NFPORT" -w "$1" -B 8000000 \
	    >"$1.log" 2>&1 &
	echo $! > "$1.pid"
	_i=0
	until ss -Hlun "sport = :$NFPORT" | grep -q .; do
		_i=$((_i + 1))
		[ $_i -gt 100 ] && atf_fail "nfcapd did not start"
		sleep 0.05
	done
}

nfcapd_stop()
{
	kill -TERM "$(cat "$1.pid")"
	wait "$(cat "$1.pid")" 2>/dev/null || true
}

# nfdump_flows DIR -> sorted "sa sp da dp pr pkts octs", ICMP "t.c" as
# type * 256 + code (the truth's convention).
nfdump_flows()
{
	nfdump -R "$1" -q -N -6 -o "fmt:%sa %sp %da %dp %pr %pkt %byt" |
	    awk '{
		if (split($4, tc, ".") == 2) $4 = tc[1] * 256 + tc[2];
		print $1, $2, $3, $4, $5, $6, $7 }' | sort
}

# nfdump_total DIR -> "flows packets octets"
nfdump_total()
{
	nfdump -R "$1" -I | awk '$1 == "Flows:" { f = $2 }
	    $1 == "Packets:" { p = $2 } $1 == "Bytes:" { b = $2 }
	    END { print f, p, b }'
}

# tshark_total PCAP PORT -> "records packets octets"
tshark_total()
{
	tshark -r "$1" -d "udp.port==$2,cflow" -T fields -E occurrence=a \
	    -E aggregator=, -e cflow.packets -e cflow.octets 2>/dev/null |
	    awk -F'\t' '{
		n = split($1, a, ",")
		for (i = 1; i <= n; i++) if (a[i] != "") { f++; p += a[i] }
		m = split($2, b, ",")
		for (i = 1; i <= m; i++) o += b[i]
	    } END { printf "%d %d %d\n", f, p, o }'
}

# flowd_json PCAP -> our flowd's decode of the export datagrams in PCAP
# (flowd -r), one JSON object per stored flow, absolute times included.
flowd_json()
{
	rm -f fd.log
	printf 'logfile "%s/fd.log"\nstore ALL\nstore ABS_TIMES\n' "$PWD" \
	    > fd.conf
	"$FLOWD" -r "$1" -f fd.conf || atf_fail "flowd -r $1 failed"
	"$READER" -j fd.log
}

# flowd_total PCAP -> "flows packets octets" as our flowd stored them
flowd_total()
{
	flowd_json "$1" > /dev/null
	"$READER" -S fd.log | awk '$1 == "total" { print $3, $4, $5 }'
}
