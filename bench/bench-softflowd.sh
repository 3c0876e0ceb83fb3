#!/bin/sh
#
# bench-softflowd.sh: our softflowd against Debian's /usr/sbin/softflowd
# in one run, on the same generated captures with the same options,
# both exporting NetFlow v5 to one loopback UDP sink.  Three workloads:
#   few	   a few thousand flows, many packets each
#   resident  100 k flows that all stay in the table (-m 4000000)
#   new	   1 M flows of one or two packets each (-m 4000000)
# For each: packets/s over CPU time (user+sys, steady on a shared
# machine) and over wall time, and peak RSS per tracked flow.
#
# Sizes can be cut for a quick run: SF_BENCH_NEW=100000 sh bench-...
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/bench/out/softflowd
mkdir -p "$out"
gen=$top/tools/gen-traffic/gen-traffic
ours=$top/src/softflowd/softflowd
deb=/usr/sbin/softflowd
sink=$top/regress/softflowd/udpsink
[ -x "$deb" ] || { echo "skip: $deb not installed"; exit 0; }
[ -x "$sink" ] || { echo "skip: build the tests first (make test-build)"; exit 0; }

few=${SF_BENCH_FEW:-3000}
res=${SF_BENCH_RESIDENT:-100000}
new=${SF_BENCH_NEW:-1000000}

mk()
{
	[ -s "$out/$1.pcap" ] || "$gen" -s 42 -n "$2" -m "$3" -d 60 \
	    -o "$out/$1.pcap" -g "$out/$1.truth"
}
mk few "$few" 400
mk resident "$res" 20
mk new "$new" 1

"$sink" "$out/sink.port" /dev/null 2055 &
sinkpid=$!
while [ ! -s "$out/sink.port" ]; do sleep 0.05; done
port=$(cat "$out/sink.port")

printf '%-9s %-7s %10s %9s %9s %11s %11s %9s %8s\n' workload program \
    packets cpu_s wall_s pps_cpu pps_wall rss_kb B/flow
for w in few resident new; do
	pk=$(awk '$1 == "total" && $2 == "all" { print $4 }' "$out/$w.truth")
	# Warm the page cache so both read from memory.
	cat "$out/$w.pcap" > /dev/null
	for p in debian ours; do
		[ $p = ours ] && bin=$ours || bin=$deb
		/usr/bin/time -f '%e %U %S %M' -o "$out/time" "$bin" \
		    -r "$out/$w.pcap" -v 5 -6 -m 4000000 \
		    -n "127.0.0.1:$port" > "$out/$w.$p.stats" 2>/dev/null
		set -- $(cat "$out/time")
		# Flows tracked: the program's own count of flows expired.
		conv=$(sed -n 's/^Flows expired: \([0-9]*\).*/\1/p' \
		    "$out/$w.$p.stats")
		awk -v w=$w -v p=$p -v pk="$pk" -v e="$1" -v u="$2" \
		    -v s="$3" -v m="$4" -v f="$conv" 'BEGIN {
			c = u + s; if (c <= 0) c = 0.01; if (e <= 0) e = 0.01
			printf "%-9s %-7s %10d %9.2f %9.2f %11.0f %11.0f %9d %8.0f\n",
			    w, p, pk, c, e, pk / c, pk / e, m,
			    m * 1024 / (f > 0 ? f : 1) }'
	done
done
kill -TERM $sinkpid
wait $sinkpid 2>/dev/null
