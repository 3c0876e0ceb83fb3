#!/bin/sh
#
# bench-softflowd.sh: our softflowd against Debian's /usr/sbin/softflowd
# in one run, on the same generated captures with the same options,
# both exporting NetFlow v5 to a loopback UDP sink.  Three workloads:
#   few	   a few thousand flows, many packets each
#   resident  100 k flows that all stay in the table (-m 4000000)
#   new	   1 M flows of one or two packets each (-m 4000000)
# For each: packets/s and ns per packet over CPU time (user+sys, steady
# on a shared machine) and packets/s over wall time, peak RSS per
# tracked flow (less the program's peak on the "few" capture), and
# what reached the collector (records, packets and
# octets, decoded by our flowd -r) against the capture's IPv4 truth.
#
# Sizes can be cut for a quick run: SF_BENCH_NEW=100000 sh bench-...;
# SF_BENCH_ONLY="resident" runs one workload, SF_BENCH_RUNS=3 repeats
# each program and keeps its fastest run.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/bench/out/softflowd
mkdir -p "$out"
gen=$top/tools/gen-traffic/gen-traffic
ours=$top/src/softflowd/softflowd
deb=/usr/sbin/softflowd
sink=$top/regress/softflowd/udpsink
flowd=$top/src/flowd/flowd
reader=$top/src/flowd-reader/flowd-reader
[ -x "$deb" ] || { echo "skip: $deb not installed"; exit 0; }
[ -x "$sink" ] || { echo "skip: build the tests first (make test-build)"; exit 0; }

few=${SF_BENCH_FEW:-3000}
res=${SF_BENCH_RESIDENT:-100000}
new=${SF_BENCH_NEW:-1000000}
only=${SF_BENCH_ONLY:-few resident new}
runs=${SF_BENCH_RUNS:-1}

mk()
{
	[ -s "$out/$1.pcap" ] || "$gen" -s 42 -n "$2" -m "$3" -d 60 \
	    -o "$out/$1.pcap" -g "$out/$1.truth"
}

# What the sink got: "records packets octets", decoded by flowd -r.
received()
{
	rm -f "$out/fd.log"
	printf 'logfile "%s/fd.log"\nstore ALL\n' "$out" > "$out/fd.conf"
	"$flowd" -r "$1" -f "$out/fd.conf" || { echo "- - -"; return; }
	"$reader" -S "$out/fd.log" | awk '$1 == "total" { print $3, $4, $5 }'
}

# Baseline RSS of each program: its peak on the "few" capture (a few
# thousand flows: libraries, read and export buffers all in use), taken
# off the peak RSS before dividing by the flows tracked.
mk few "$few" 400
for p in debian ours; do
	[ $p = ours ] && bin=$ours || bin=$deb
	/usr/bin/time -f '%M' -o "$out/time" "$bin" -r "$out/few.pcap" -v 5 \
	    -6 -m 4000000 > /dev/null 2>&1
	eval "base_$p=\$(cat "$out/time")"
done

printf '%-9s %-7s %9s %7s %7s %7s %7s %7s %7s %6s   %s\n' workload \
    program packets cpu_s wall_s Mpps_cpu ns/pkt Mpps_wl rss_MB B/flow \
    "exported records packets octets"
for w in $only; do
	case $w in
	few)		mk few "$few" 400 ;;
	resident)	mk resident "$res" 20 ;;
	new)		mk new "$new" 1 ;;
	*)		echo "unknown workload $w"; exit 1 ;;
	esac
	pk=$(awk '$1 == "total" && $2 == "all" { print $4 }' "$out/$w.truth")
	truth4=$(awk '$1 == "total" && $2 == 4 { print $3, $4, $5 }' \
	    "$out/$w.truth")
	# Warm the page cache so both read from memory.
	cat "$out/$w.pcap" > /dev/null
	for p in debian ours; do
		[ $p = ours ] && bin=$ours || bin=$deb
		best=
		i=0
		while [ $i -lt "$runs" ]; do
			i=$((i + 1))
			rm -f "$out/sink.port"
			"$sink" "$out/sink.port" "$out/$w.$p.export.pcap" 2055 &
			sinkpid=$!
			while [ ! -s "$out/sink.port" ]; do sleep 0.05; done
			/usr/bin/time -f '%e %U %S %M' -o "$out/time" "$bin" \
			    -r "$out/$w.pcap" -v 5 -6 -m 4000000 \
			    -n "127.0.0.1:$(cat "$out/sink.port")" \
			    > "$out/$w.$p.stats" 2>/dev/null
			sleep 0.5
			kill -TERM $sinkpid
			wait $sinkpid 2>/dev/null
			set -- $(cat "$out/time")
			c=$(awk -v u="$2" -v s="$3" 'BEGIN { print u + s }')
			if [ -z "$best" ] || awk -v c="$c" -v b="$best" \
			    'BEGIN { exit !(c < b) }'; then
				best=$c
				cp "$out/time" "$out/time.best"
			fi
		done
		set -- $(cat "$out/time.best")
		# Flows tracked: the program's own count of flows expired.
		conv=$(sed -n 's/^Flows expired: \([0-9]*\).*/\1/p' \
		    "$out/$w.$p.stats")
		got=$(received "$out/$w.$p.export.pcap")
		eval "b=\$base_$p"
		awk -v w=$w -v p=$p -v pk="$pk" -v e="$1" -v u="$2" \
		    -v s="$3" -v m="$4" -v f="$conv" -v got="$got" \
		    -v b="$b" 'BEGIN {
			c = u + s; if (c <= 0) c = 0.01; if (e <= 0) e = 0.01
			printf "%-9s %-7s %9d %7.2f %7.2f %7.2f %7.0f %7.2f %7.1f %6.0f   %s\n",
			    w, p, pk, c, e, pk / c / 1e6, c * 1e9 / pk,
			    pk / e / 1e6, m / 1024,
			    w == "few" ? 0 : (m - b) * 1024 / (f > 0 ? f : 1),
			    got }'
	done
	echo "$w truth (IPv4, what v5 can carry): $truth4"
done
