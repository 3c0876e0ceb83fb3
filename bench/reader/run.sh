#!/bin/sh
#
# run.sh TOP: flowd-reader against nfdump -r on the same NetFlow v5
# flows.  genv5 sends the flows to nfcapd on loopback and stores the
# same flows in a flowd log; then each reader runs over its own file,
# best of RUNS, output to /dev/null (text) or a file (binary).
#
#	FLOWS=n RUNS=n sh run.sh TOP
#
set -eu
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
flows=${FLOWS:-1000000}
runs=${RUNS:-3}
here=$top/bench/reader
out=$top/bench/out/reader
reader=$top/src/flowd-reader/flowd-reader
rm -rf "$out"
mkdir -p "$out/nf"
port=$((20000 + $$ % 20000))

# The nfcapd file: nfcapd on loopback receives genv5's datagrams.
nfcapd -w "$out/nf" -p "$port" -b 127.0.0.1 -B 16777216 -t 3600 \
    >"$out/nfcapd.log" 2>&1 &
nfpid=$!
sleep 1
"$here/genv5" -n "$flows" -p "$port" -o "$out/flowd.log"
sleep 1
kill -TERM "$nfpid"
wait "$nfpid" || true
nffile=$(ls "$out"/nf/nfcapd.* | grep -v current | head -1)
nfflows=$(nfdump -r "$nffile" -q -o 'fmt:%pkt' | wc -l)
frflows=$("$reader" -q -d "$out/flowd.log" 2>&1 | sed -n 's/.*: \([0-9]*\) flows read.*/\1/p')
echo "flows: flowd log $frflows, nfcapd file $nfflows" \
    "(sizes $(stat -c %s "$out/flowd.log") / $(stat -c %s "$nffile") bytes)"
[ "$nfflows" -eq "$flows" ] ||
    echo "warning: nfcapd lost $((flows - nfflows)) flows on loopback;" \
        "nfdump rates use its own count" >&2

# best_of N CMD...: "cpu wall" seconds of the run with the least CPU
# time (user + system) over N runs.  CPU time is the figure compared:
# the machine is shared, so wall time includes waiting for a core.
best_of()
{
	n=$1; shift
	best=
	i=0
	while [ $i -lt "$n" ]; do
		tw=$( { /usr/bin/time -f '%U %S %e' sh -c "$*" >/dev/null; } \
		    2>&1 | tail -1)
		cpu=$(echo "$tw" | awk '{ printf "%.2f", $1 + $2 }')
		wall=$(echo "$tw" | awk '{ print $3 }')
		if [ -z "$best" ] ||
		    [ "$(echo "$cpu < ${best% *}" | bc)" -eq 1 ]; then
			best="$cpu $wall"
		fi
		i=$((i + 1))
	done
	echo "$best"
}

rate()
{
	# flows / seconds, guarding a 0.00 s timing
	echo "$1 $2" | awk '{ s = ($2 > 0) ? $2 : 0.005; printf "%.0f", $1 / s }'
}

row()
{
	label=$1 count=$2; shift 2
	r=$(best_of "$runs" "$@")
	cpu=${r% *} wall=${r#* }
	printf '%-40s %7s %7s %12s\n' "$label" "$cpu" "$wall" \
	    "$(rate "$count" "$cpu")"
}

# Warm the page cache for both files.
cat "$out/flowd.log" "$nffile" >/dev/null

printf '%-40s %7s %7s %12s\n' "command" "cpu s" "wall s" "flows/cpu-s"
echo "== text output =="
row "flowd-reader (brief text)" "$frflows" \
    "'$reader' '$out/flowd.log' >/dev/null"
row "flowd-reader -v (all fields)" "$frflows" \
    "'$reader' -v '$out/flowd.log' >/dev/null"
row "flowd-reader -c (flow-tools CSV)" "$frflows" \
    "'$reader' -c '$out/flowd.log' >/dev/null"
row "flowd-reader -j (JSON Lines)" "$frflows" \
    "'$reader' -j '$out/flowd.log' >/dev/null"
row "nfdump -r -o line" "$nfflows" \
    "nfdump -q -r '$nffile' -o line >/dev/null"
row "nfdump -r -o long" "$nfflows" \
    "nfdump -q -r '$nffile' -o long >/dev/null"
row "nfdump -r -o csv" "$nfflows" \
    "nfdump -q -r '$nffile' -o csv >/dev/null"
echo "== binary pass-through =="
row "flowd-reader -q -o FILE" "$frflows" \
    "'$reader' -q -o '$out/copy.log' '$out/flowd.log'"
row "nfdump -r -w FILE" "$nfflows" \
    "nfdump -q -r '$nffile' -w '$out/copy.nf'"
row "nfdump -r -w FILE 'proto tcp'" "$nfflows" \
    "nfdump -q -r '$nffile' -w '$out/copy.nf' 'proto tcp'"
row "flowd-reader -q -o FILE -e 'discard all; accept proto tcp'" "$frflows" \
    "'$reader' -q -o '$out/copy.log' -e 'discard all
accept proto tcp' '$out/flowd.log'"
echo "== summary =="
row "flowd-reader -S (by protocol/exporter)" "$frflows" \
    "'$reader' -S '$out/flowd.log' >/dev/null"
row "nfdump -s proto" "$nfflows" \
    "nfdump -q -r '$nffile' -s proto >/dev/null"
