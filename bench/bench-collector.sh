#!/bin/sh
#
# bench-collector.sh: flowd's collector side by side with nfcapd (nfdump
# 1.7.x), same datagrams, one run, each collector alone on loopback
# (BENCHMARKS.md, "Collector: flowd vs nfcapd").  Needs root.
#
# The export stream is made here: gen-traffic writes a traffic capture,
# softflowd -v 9 turns it into real v9 export datagrams, dumpcap records
# them into out/collector/export.pcap.  nf-send replays that capture.
#
#   1. CPU time (user+sys of every collector process, from /proc) per
#      stored flow at a fixed rate both hold; stored must equal sent.
#      "rate": nf-send's bursts of 64 datagrams every 3.2 ms; "smooth":
#      the same rate one datagram at a time (nf-send -b 1), as many
#      exporters together look to a collector.
#      "r50k", "r100k", "r150k" (any rNNNk): the bursts of "rate" at NNN
#      thousand datagrams/s, FAST_LOOPS replays: from a rate both
#      should hold to where nfcapd loses about 40% here.
#   2. Flat out (no rate limit) for a fixed number of datagrams: sent,
#      received (sent less the socket's kernel drops), stored.
#   3. Peak RSS: VmHWM summed over the collector's processes.
#
# tools/nf-sink (a null collector: recvmmsg and count, same buffer)
# runs too: what it cannot receive flat out, no collector here can, and
# its CPU time is the floor that receiving alone costs.
# ROUNDS rounds, the collectors' order reversed every other round, so
# that neither always runs first (page cache, load); the summary at the
# end gives the median of the rounds.
#
# Environment: RATE (datagrams/s, default 20000), SLOW_LOOPS and
# FAST_LOOPS (replays of the capture), RCVBUF (bytes asked of both),
# ROUNDS (default 3), MODES ("rate smooth r50k r100k r150k flat"), FLOWD_OLD
# (another flowd binary, e.g. a build of an older commit, run as
# "flowd0" beside the current one), FLOWD_DIRECT (1, the default: also
# run this flowd with "logfile ... direct" as "flowdD"; 0: do not).
#
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=$here/out/collector
flowd=$top/src/flowd/flowd
reader=$top/src/flowd-reader/flowd-reader
nfsend=$top/tools/nf-send/nf-send
gen=$top/tools/gen-traffic/gen-traffic

RATE=${RATE:-20000}
SLOW_LOOPS=${SLOW_LOOPS:-60}
FAST_LOOPS=${FAST_LOOPS:-150}
RCVBUF=${RCVBUF:-4194304}
ROUNDS=${ROUNDS:-3}
MODES=${MODES:-rate smooth r50k r100k r150k flat}
FLOWD_OLD=${FLOWD_OLD:-}
FLOWD_DIRECT=${FLOWD_DIRECT:-1}
sink=$top/tools/nf-sink/nf-sink
PORT=${PORT:-47350}
EXPORT_PORT=$((PORT + 1))

pids=""
cleanup()
{
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null
	done
	sleep 0.5
	for p in $pids; do
		kill -KILL "$p" 2>/dev/null
	done
	pids=""
}
trap 'cleanup' EXIT
trap 'exit 1' INT TERM HUP

die()
{
	echo "bench-collector: $*" >&2
	exit 1
}

skip()
{
	echo "bench-collector: skipped: $*"
	exit 0
}

[ "$(id -u)" -eq 0 ] || skip "needs root (flowd privilege separation)"
for c in nfcapd nfdump softflowd dumpcap tshark timeout; do
	command -v "$c" >/dev/null 2>&1 || skip "$c not installed"
done
for f in "$flowd" "$reader" "$nfsend" "$gen" "$sink" ${FLOWD_OLD:+"$FLOWD_OLD"}; do
	[ -x "$f" ] || die "$f not built (run make first)"
done
hz=$(getconf CLK_TCK)

mkdir -p "$out"

# port_hex PORT: the port as /proc/net/udp writes it.
port_hex()
{
	printf '%04X' "$1"
}

# wait_bound PORT: wait (at most 10 s) until something is bound to PORT.
wait_bound()
{
	_h=$(port_hex "$1")
	_i=0
	while ! awk -v h=":$_h" 'index($2, h) { f = 1 } END { exit !f }' \
	    /proc/net/udp; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || die "nothing bound to port $1"
		sleep 0.1
	done
}

# udp_drops PORT: the kernel's drop counter of the socket on PORT.
udp_drops()
{
	awk -v h=":$(port_hex "$1")" 'index($2, h) { print $NF; exit }' \
	    /proc/net/udp
}

# cpu_ticks PID...: "user sys" clock ticks of the processes (all threads).
cpu_ticks()
{
	_u=0
	_s=0
	for _p in "$@"; do
		# comm may hold spaces ("flowd: collector"): cut after ") ".
		set -- $(sed 's/^.*) //' "/proc/$_p/stat" |
		    awk '{ print $12, $13 }') "$@"
		_u=$((_u + $1))
		_s=$((_s + $2))
		shift 2
	done
	echo "$_u $_s"
}

# hwm_kb PID...: peak resident set (VmHWM) summed, in KiB.
hwm_kb()
{
	_k=0
	for _p in "$@"; do
		_v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$_p/status")
		_k=$((_k + _v))
	done
	echo "$_k"
}

# stop_wait PID: SIGTERM, then wait at most 30 s before SIGKILL.
stop_wait()
{
	kill -TERM "$1" 2>/dev/null
	_i=0
	while kill -0 "$1" 2>/dev/null; do
		_i=$((_i + 1))
		if [ "$_i" -ge 300 ]; then
			kill -KILL "$1" 2>/dev/null
			echo "bench-collector: pid $1 did not stop" >&2
			break
		fi
		sleep 0.1
	done
	wait "$1" 2>/dev/null
}

# --- the export capture ---------------------------------------------------

export_pcap=$out/export.pcap
if [ ! -s "$export_pcap" ]; then
	echo "making the v9 export capture (gen-traffic | softflowd -v 9)"
	"$gen" -s 11 -n 40000 -t 1700000000 -o "$out/traffic.pcap" \
	    -g "$out/traffic.truth" || die "gen-traffic failed"
	# A sink, so the connected exporter socket never sees a refusal.
	timeout 120 python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.settimeout(3)
try:
    while True:
        s.recv(65535)
except socket.timeout:
    pass' "$EXPORT_PORT" & sinkpid=$!
	pids="$pids $sinkpid"
	timeout 120 dumpcap -q -i lo -f "udp port $EXPORT_PORT" \
	    -w "$out/export.tmp.pcap" 2>"$out/dumpcap.err" & cappid=$!
	pids="$pids $cappid"
	_i=0
	until [ -s "$out/export.tmp.pcap" ]; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || die "dumpcap did not start"
		sleep 0.1
	done
	sleep 0.5
	# -a: packet time is the clock, so flows expire as the file goes.
	(cd "$out" && timeout 120 softflowd -r traffic.pcap -a -c none \
	    -v 9 -m 200000 -n "127.0.0.1:$EXPORT_PORT") \
	    >"$out/softflowd.log" 2>&1 || die "softflowd failed"
	sleep 1
	stop_wait "$cappid"
	wait "$sinkpid" 2>/dev/null
	pids=""
	mv "$out/export.tmp.pcap" "$export_pcap"
	rm -f "$out/traffic.pcap"
fi
ndgram=$(tshark -r "$export_pcap" -T fields -e frame.number 2>/dev/null |
    wc -l)
nflows=$(tshark -r "$export_pcap" -d "udp.port==$EXPORT_PORT,cflow" \
    -T fields -e cflow.srcaddr -e cflow.srcaddrv6 2>/dev/null |
    sed 's/[,[:space:]][,[:space:]]*/\
/g' | grep -c .)
if [ "$ndgram" -eq 0 ] || [ "$nflows" -eq 0 ]; then
	die "empty export capture"
fi
echo "export capture: $ndgram v9 datagrams, $nflows data flows" \
    "(softflowd 1.1.0 -v 9)"

# --- one run --------------------------------------------------------------

# run_flowd RATE LOOPS [BINARY [LOGFILE-OPTION]]: sets R_* results.
run_flowd()
{
	_bin=${3:-$flowd}
	_lopt=${4:+ $4}
	_d=$out/flowd
	rm -rf "$_d"
	mkdir -p "$_d/empty"
	chmod 0755 "$_d/empty"
	cat > "$_d/flowd.conf" <<EOF
listen on 127.0.0.1:$PORT bufsize $((RCVBUF * 2))
logfile "$_d/flowd.log"$_lopt
pidfile "$_d/flowd.pid"
user "nobody"
chroot "$_d/empty"
store ALL
EOF
	"$_bin" -d -f "$_d/flowd.conf" 2>"$_d/flowd.err" & _pp=$!
	pids="$pids $_pp"
	wait_bound "$PORT"
	_cp=""
	_i=0
	while [ -z "$_cp" ]; do
		_cp=$(pgrep -P "$_pp" | head -n 1)
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || die "flowd: no collector process"
		[ -n "$_cp" ] || sleep 0.1
	done
	send_and_sample "$1" "$2" "$_pp" "$_cp"
	kill -USR2 "$_cp"
	sleep 0.5
	_line=$(grep 'kernel drops' "$_d/flowd.err" | tail -n 1)
	R_FLOWD_RECV=$(echo "$_line" | sed -n 's/.*datagrams \([0-9]*\).*/\1/p')
	R_FLOWD_KDROP=$(echo "$_line" |
	    sed -n 's/.*kernel drops \([0-9]*\).*/\1/p')
	# How far the disk fell behind: a loss with the queue full is the
	# disk's, one without is the receive loop's.
	R_FLOWD_LW=$(grep '^log writer: ' "$_d/flowd.err" | tail -n 1 |
	    sed 's/^log writer: //')
	stop_wait "$_pp"
	pids=""
	R_STORED=$("$reader" -S "$_d/flowd.log" 2>/dev/null |
	    awk '$1 == "total" && $2 == "all" { print $3 }')
	[ -n "$R_STORED" ] || R_STORED=0
}

run_flowd0()
{
	run_flowd "$1" "$2" "$FLOWD_OLD"
}

run_flowdD()
{
	run_flowd "$1" "$2" "$flowd" direct
}

# run_sink RATE LOOPS: the null collector; "stored" is what it read.
run_sink()
{
	_d=$out/sink
	rm -rf "$_d"
	mkdir -p "$_d"
	"$sink" -b $((RCVBUF * 2)) "127.0.0.1:$PORT" >"$_d/sink.out" \
	    2>"$_d/sink.err" & _sp=$!
	pids="$pids $_sp"
	wait_bound "$PORT"
	send_and_sample "$1" "$2" "$_sp"
	stop_wait "$_sp"
	pids=""
	R_FLOWD_RECV=""
	R_FLOWD_LW=""
	R_FLOWD_KDROP=""
	_n=$(sed -n 's/^received \([0-9]*\) datagrams.*/\1/p' "$_d/sink.out")
	# Flows in what it read, at the capture's average per datagram.
	R_STORED=$(( ${_n:-0} * nflows / ndgram ))
}

# run_nfcapd RATE LOOPS
run_nfcapd()
{
	_d=$out/nfcapd
	rm -rf "$_d"
	mkdir -p "$_d/flows"
	nfcapd -w "$_d/flows" -p "$PORT" -b 127.0.0.1 -t 3600 \
	    -B "$RCVBUF" -P "$_d/nfcapd.pid" >"$_d/nfcapd.err" 2>&1 & _np=$!
	pids="$pids $_np"
	wait_bound "$PORT"
	send_and_sample "$1" "$2" "$_np"
	R_FLOWD_RECV=""
	R_FLOWD_LW=""
	R_FLOWD_KDROP=""
	stop_wait "$_np"
	pids=""
	R_STORED=$(nfdump -R "$_d/flows" -I 2>/dev/null |
	    awk '$1 == "Flows:" { print $2 }')
	[ -n "$R_STORED" ] || R_STORED=0
}

# send_and_sample RATE LOOPS PID...: replay, then sample the processes.
send_and_sample()
{
	_rate=$1
	_loops=$2
	shift 2
	_bo=""
	[ "$mode" = smooth ] && _bo="-b 1"
	sleep 0.5
	_c0=$(cpu_ticks "$@")
	_u0=${_c0% *}
	_s0=${_c0#* }
	_d0=$(udp_drops "$PORT")
	if [ "$_rate" -gt 0 ]; then
		_ro="-r $_rate"
	else
		_ro=""
	fi
	# shellcheck disable=SC2086
	_so=$(timeout 300 "$nfsend" $_ro $_bo -l "$_loops" -f "$export_pcap" \
	    "127.0.0.1:$PORT") || die "nf-send failed"
	R_SENT=$(echo "$_so" | sed -n 's/^sent \([0-9]*\) datagrams.*/\1/p')
	R_SENDLINE=$_so
	# Let the collector drain its socket: wait (at most 60 s) until a
	# whole second passes without it using CPU.
	_prev=-1
	_now=$(cpu_ticks "$@")
	_i=0
	while [ "$_now" != "$_prev" ] && [ "$_i" -lt 60 ]; do
		_i=$((_i + 1))
		sleep 1
		_prev=$_now
		_now=$(cpu_ticks "$@")
	done
	R_UTICKS=$((${_now% *} - _u0))
	R_STICKS=$((${_now#* } - _s0))
	R_TICKS=$((R_UTICKS + R_STICKS))
	R_DROPS=$(($(udp_drops "$PORT") - _d0))
	R_HWM=$(hwm_kb "$@")
	R_FLOWS=$((_loops * nflows))
}

# report NAME MODE
report()
{
	_cpu_ms=$((R_TICKS * 1000 / hz))
	_usr_ms=$((R_UTICKS * 1000 / hz))
	_sys_ms=$((R_STICKS * 1000 / hz))
	_ns=0
	_uns=0
	if [ "$R_STORED" -gt 0 ]; then
		_ns=$((_cpu_ms * 1000000 / R_STORED))
		_uns=$((_usr_ms * 1000000 / R_STORED))
	fi
	_recv=$((R_SENT - R_DROPS))
	_share=$(awk -v s="$R_STORED" -v f="$R_FLOWS" \
	    'BEGIN { printf "%.1f", 100 * s / f }')
	printf '%-7s %-6s %7s %7s %7s %9s %9s %6s%% %6s %6s %6s %7s %7s %6s\n' \
	    "$1" "$2" "$R_SENT" "$_recv" "$R_DROPS" "$R_FLOWS" "$R_STORED" \
	    "$_share" "$_cpu_ms" "$_usr_ms" "$_sys_ms" "$_ns" "$_uns" \
	    "$R_HWM" | tee -a "$results"
	[ -n "$R_FLOWD_RECV" ] && echo "        flowd's own counters:" \
	    "datagrams $R_FLOWD_RECV, kernel drops $R_FLOWD_KDROP"
	[ -n "$R_FLOWD_LW" ] && echo "        log writer: $R_FLOWD_LW"
	[ "$2" = flat ] && echo "        nf-send: $R_SENDLINE"
	return 0
}

# median of the numbers on stdin, one a line
median()
{
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

results=$out/results.txt
: > "$results"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" \
    "($(getconf _NPROCESSORS_ONLN) CPUs); socket buffer asked of all:" \
    "nfcapd -B $RCVBUF, flowd bufsize $((RCVBUF * 2)), nf-sink -b" \
    "$((RCVBUF * 2)) (flowd and nf-sink pass half to SO_RCVBUFFORCE, the" \
    "kernel doubles nfcapd's SO_RCVBUF: every socket gets" \
    "$((RCVBUF * 2)) bytes; rmem_max $(cat /proc/sys/net/core/rmem_max))"
nfcapd -V 2>&1 | head -n 1
[ -n "$FLOWD_OLD" ] && echo "flowd0: $FLOWD_OLD"
printf '%-7s %-6s %7s %7s %7s %9s %9s %7s %6s %6s %6s %7s %7s %6s\n' \
    collect mode sent recv kdrops flows_sent stored share cpu_ms usr_ms \
    sys_ms ns/flow usr_ns hwm_kb
[ "$FLOWD_DIRECT" = 1 ] && dd=" flowdD" || dd=""
order="flowd$dd${FLOWD_OLD:+ flowd0} nfcapd"
rorder="nfcapd${FLOWD_OLD:+ flowd0}$dd flowd"
round=1
while [ "$round" -le "$ROUNDS" ]; do
	echo "round $round (load $(cut -d' ' -f1 /proc/loadavg))"
	if [ $((round % 2)) -eq 1 ]; then o=$order; else o=$rorder; fi
	for mode in $MODES; do
		case $mode in
		flat)	r=0 l=$FAST_LOOPS ;;
		r*k)	r=${mode#r}; r=${r%k}000 l=$FAST_LOOPS ;;
		*)	r=$RATE l=$SLOW_LOOPS ;;
		esac
		cs="sink $o"
		for c in $cs; do
			"run_$c" "$r" "$l"
			report "$c" "$mode"
		done
	done
	round=$((round + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median of $ROUNDS rounds:"
printf '%-7s %-6s %7s %9s %9s %7s %7s\n' collect mode share_% ns/flow \
    usr_ns/flow x_nfcapd usr_x
for mode in $MODES; do
	nn=$(awk -v m=$mode '$1 == "nfcapd" && $2 == m { print $12 }' \
	    "$results" | median)
	nu=$(awk -v m=$mode '$1 == "nfcapd" && $2 == m { print $13 }' \
	    "$results" | median)
	for c in sink flowd flowdD flowd0 nfcapd; do
		grep -q "^$c  *$mode " "$results" || continue
		sh_=$(awk -v c=$c -v m=$mode '$1 == c && $2 == m {
		    sub("%", "", $8); print $8 }' "$results" | median)
		ns_=$(awk -v c=$c -v m=$mode '$1 == c && $2 == m { print $12 }' \
		    "$results" | median)
		us_=$(awk -v c=$c -v m=$mode '$1 == c && $2 == m { print $13 }' \
		    "$results" | median)
		awk -v c=$c -v m=$mode -v s="$sh_" -v n="$ns_" -v u="$us_" \
		    -v nn="$nn" -v nu="$nu" 'BEGIN {
			if (c == "sink") { printf "%-7s %-6s %7s\n", c, m, s; exit }
			printf "%-7s %-6s %7s %9s %9s %7.2f %7.2f\n", c, m, s,
			    n, u, nn ? n / nn : 0, nu ? u / nu : 0 }'
	done
done
