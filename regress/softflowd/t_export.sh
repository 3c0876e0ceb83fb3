#! /usr/bin/env atf-sh
#
# t_export: softflowd -r on generated captures, exported over loopback
# to two collectors at once (a pcap-writing sink read by tshark, and
# nfcapd read by nfdump).  Flows, packets and octets must equal the
# generator's ground truth exactly (v1/v5: its IPv4 part), and with
# nfdump flow by flow.

. "$(atf_get_srcdir)/sflib.sh"

# export VERSION FAMILY WIREPORT [softflowd options]
export_check()
{
	_v=$1 _fam=$2 _wp=$3
	shift 3
	sink_start s "$_wp"
	nfcapd_start nf
	atf_check -s exit:0 -o save:stats -e ignore "$SOFTFLOWD" -r t.pcap \
	    -v "$_v" -n "127.0.0.1:$(cat s.port),127.0.0.1:$NFPORT" "$@"
	sink_stop s
	nfcapd_stop nf
	want=$(truth_total "$_fam")
	atf_check_equal "$want" "$(tshark_total s.pcap "$_wp")"
	atf_check_equal "$want" "$(nfdump_total nf)"
	truth_flows "$_fam" > want.flows
	nfdump_flows nf > got.flows
	if [ "$_v" = 9 ]; then
		# nfdump 1.7.1 reads no ICMPv6 type (IE 139) from v9: 0.
		for f in want got; do
			awk '$5 == 58 { $4 = 0 } { print }' $f.flows > $f.tmp
			mv $f.tmp $f.flows
		done
	fi
	atf_check -s exit:0 diff want.flows got.flows
	# softflowd's statistics agree: records = flows of the truth.
	set -- $want
	atf_check -s exit:0 -o ignore grep \
	    "^Flows exported: [0-9]* ($1 records) in [0-9]* packets (0 failures)" \
	    stats
}

atf_test_case v5
v5_head()
{
	atf_set "descr" "NetFlow v5: IPv4 flows, packets, octets exact"
	atf_set "require.progs" "tshark nfcapd nfdump ss"
}
v5_body()
{
	gen 11 400
	export_check 5 4 2055
}

atf_test_case v1
v1_head()
{
	atf_set "descr" "NetFlow v1: IPv4 flows, packets, octets exact"
	atf_set "require.progs" "tshark nfcapd nfdump ss"
}
v1_body()
{
	gen 12 300
	export_check 1 4 2055
}

atf_test_case v9
v9_head()
{
	atf_set "descr" "NetFlow v9: IPv4+IPv6 flows, packets, octets exact"
	atf_set "require.progs" "tshark nfcapd nfdump ss"
}
v9_body()
{
	gen 13 400
	export_check 9 all 2055
}

atf_test_case ipfix
ipfix_head()
{
	atf_set "descr" "IPFIX: IPv4+IPv6 flows, packets, octets exact"
	atf_set "require.progs" "tshark nfcapd nfdump ss"
}
ipfix_body()
{
	gen 14 400
	export_check 10 all 4739
	# and with absolute millisecond times (-A milli)
	rm -rf nf s.*
	export_check 10 all 4739 -A milli
}

atf_test_case v5_with_v6
v5_with_v6_head()
{
	atf_set "descr" "v5 with -6: IPv6 is tracked but cannot be exported"
	atf_set "require.progs" "tshark nfcapd nfdump ss"
}
v5_with_v6_body()
{
	gen 15 200
	export_check 5 4 2055 -6
}

atf_test_case levels
levels_head()
{
	atf_set "descr" "-T vlan and -T ether do not split conversations"
	atf_set "require.progs" "tshark nfcapd nfdump ss"
}
levels_body()
{
	gen 16 300
	export_check 9 all 2055 -T vlan
	rm -rf nf s.*
	export_check 10 all 4739 -T ether
}

atf_test_case load_balance
load_balance_head()
{
	atf_set "descr" "-l: datagrams shared out, each collector decodable"
	atf_set "require.progs" "tshark"
}
load_balance_body()
{
	gen 17 500
	sink_start a 4739
	sink_start b 4739
	atf_check -s exit:0 -o ignore -e ignore "$SOFTFLOWD" -r t.pcap -v 10 \
	    -l -n "127.0.0.1:$(cat a.port),127.0.0.1:$(cat b.port)"
	sink_stop a
	sink_stop b
	set -- $(tshark_total a.pcap 4739) $(tshark_total b.pcap 4739)
	[ "$1" -gt 0 ] || atf_fail "collector a got no records"
	[ "$4" -gt 0 ] || atf_fail "collector b got no records"
	atf_check_equal "$(truth_total all)" \
	    "$(($1 + $4)) $(($2 + $5)) $(($3 + $6))"
}

atf_test_case time_expiry
time_expiry_head()
{
	atf_set "descr" "-r -a: timeouts run on packet time, totals kept"
	atf_set "require.progs" "tshark"
}
time_expiry_body()
{
	gen 18 300 -d 600
	sink_start s 4739
	atf_check -s exit:0 -o save:stats -e ignore "$SOFTFLOWD" -r t.pcap \
	    -a -v 10 -t udp=5s -t tcp=10 -t icmp=5 -t expint=1 \
	    -n "127.0.0.1:$(cat s.port)"
	sink_stop s
	set -- $(truth_total all)
	pk=$2 oc=$3
	set -- $(tshark_total s.pcap 4739)
	atf_check_equal "$pk $oc" "$2 $3"
	# Flows left by their timeouts, not all at the end.
	atf_check -s exit:0 -o ignore grep -E '^       udp = +[1-9]' stats
	atf_check -s exit:0 -o ignore grep -E 'tcp.fin = +[1-9]' stats
	# Without -a they all leave at the end, as softflowd's do.
	sink_start u 4739
	atf_check -s exit:0 -o save:stats2 -e ignore "$SOFTFLOWD" -r t.pcap \
	    -v 10 -t udp=5s -n "127.0.0.1:$(cat u.port)"
	sink_stop u
	atf_check -s exit:0 -o ignore grep -E '^       udp = +0 ' stats2
}

atf_test_case active_timeout
active_timeout_head()
{
	atf_set "descr" "-t active=: long flows cut into records, totals kept"
	atf_set "require.progs" "tshark"
}
active_timeout_body()
{
	gen 19 100 -d 300
	sink_start s 2055
	atf_check -s exit:0 -o save:stats -e ignore "$SOFTFLOWD" -r t.pcap \
	    -a -v 9 -t active=1 -n "127.0.0.1:$(cat s.port)"
	sink_stop s
	set -- $(truth_total all)
	fl=$1 pk=$2 oc=$3
	set -- $(tshark_total s.pcap 2055)
	atf_check_equal "$pk $oc" "$2 $3"
	[ "$1" -gt "$fl" ] || atf_fail "no flow was cut ($1 records)"
	atf_check -s exit:0 -o ignore grep -E '^    active = +[1-9]' stats
}

atf_test_case statistics_layout
statistics_layout_head()
{
	atf_set "descr" "-r prints softflowd's statistics block"
}
statistics_layout_body()
{
	gen 20 50
	atf_check -s exit:0 -o save:stats -e ignore "$SOFTFLOWD" -r t.pcap
	for re in '^Number of active flows: 0$' '^Packets processed: [0-9]+$' \
	    '^Fragments: [0-9]+$' \
	    '^Ignored packets: [0-9]+ \([0-9]+ non-IP, [0-9]+ too short\)$' \
	    '^Flows expired: [0-9]+ \([0-9]+ forced\)$' \
	    '^Expired flow statistics:  minimum       average       maximum$' \
	    '^   flushed = +[0-9]+$' \
	    '^Per-protocol statistics:     Octets      Packets   Avg Life    Max Life$' \
	    '^ +tcp \(6\): +[0-9]+ +[0-9]+ +[0-9.]+s +[0-9.]+s$'; do
		atf_check -s exit:0 -o ignore grep -E "$re" stats
	done
}

# run_sink WIREPORT [softflowd options]: export t.pcap to s.pcap
run_sink()
{
	_wp=$1
	shift
	rm -f s.*
	sink_start s "$_wp"
	atf_check -s exit:0 -o save:stats -e ignore "$SOFTFLOWD" -r t.pcap \
	    -n "127.0.0.1:$(cat s.port)" "$@"
	sink_stop s
}

# truth_times UNIT: "sa sp da dp pr start_sec start_nsec end_sec
# end_nsec" of every TCP/UDP flow of the truth, cut to UNIT as the
# export carries it.  As softflowd's, both directions' records carry
# the conversation's times: its first and its last packet.
truth_times()
{
	awk -v u="$1" '
	function cut(t,   s, f) {
		split(t, s, "."); f = s[2] + 0
		if (u == "sec") f = 0
		else if (u == "milli") f = int(f / 1000) * 1000000
		else f = f * 1000
		return s[1] " " f
	}
	$1 == "flow" && ($3 == 6 || $3 == 17) {
		k = $4 " " $5 " " $6 " " $7 " " $3
		c = ($4 " " $5 < $6 " " $7) ? $4 " " $5 " " $6 " " $7 : \
		    $6 " " $7 " " $4 " " $5
		c = c " " $3
		key[k] = c
		if (!(c in first) || $10 + 0 < first[c] + 0) first[c] = $10
		if (!(c in last) || $11 + 0 > last[c] + 0) last[c] = $11
	}
	END {
		for (k in key)
			print k, cut(first[key[k]]), cut(last[key[k]])
	}' t.truth | sort
}

# The same from our flowd's decode of s.pcap.
flowd_times()
{
	flowd_json s.pcap | awk '
	function get(k,   r) {
		if (!match($0, "\"" k "\":\"?[^,\"}]*")) return "-"
		r = substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3)
		sub(/^"/, "", r)
		return r
	}
	get("proto") == 6 || get("proto") == 17 {
		print get("src"), get("src_port"), get("dst"), get("dst_port"),
		    get("proto"), get("start_sec"), get("start_nsec"),
		    get("end_sec"), get("end_nsec") }' | sort
}

atf_test_case abs_times
abs_times_head()
{
	atf_set "descr" "-A sec|milli|micro|nano: v9 and IPFIX records carry" \
	    "the flows' absolute times; tshark and flowd read them exactly"
	atf_set "require.progs" "tshark"
	atf_set "timeout" "300"
}
abs_times_body()
{
	gen 21 300
	truth_total all > want
	for a in "9 sec" "10 sec" "9 milli" "10 milli" "9 micro" \
	    "10 micro" "9 nano" "10 nano"; do
		set -- $a
		wp=2055
		[ "$1" = 10 ] && wp=4739
		run_sink $wp -v "$1" -A "$2"
		atf_check_equal "$(cat want)" "$(tshark_total s.pcap $wp)"
		truth_times "$2" > want.times
		flowd_times > got.times
		[ -s want.times ] || atf_fail "no TCP/UDP flows"
		diff want.times got.times > times.diff ||
		    { head times.diff; atf_fail "-v $1 -A $2: times differ"; }
		echo "-v $1 -A $2: $(wc -l < got.times) flows' times exact"
	done
}

atf_test_case biflow
biflow_head()
{
	atf_set "descr" "-b: one RFC 5103 record a flow, forward from the" \
	    "lower address; tshark and flowd read all packets and octets"
	atf_set "require.progs" "tshark python3"
	atf_set "timeout" "200"
}
biflow_body()
{
	gen 22 400
	set -- $(truth_total all)
	tf=$1 tpo="$2 $3"
	run_sink 4739 -v 10 -b
	n=$(sed -n 's/^Flows exported: \([0-9]*\) (\([0-9]*\) records).*/\1 \2/p' \
	    stats)
	set -- $n
	[ "$1" -eq "$2" ] || atf_fail "not one record a flow: $n"
	[ "$1" -lt "$tf" ] || atf_fail "$1 records for $tf one-way flows"
	nrec=$1
	# tshark gives the reverse counters the forward fields' names.
	set -- $(tshark_total s.pcap 4739)
	atf_check_equal "$2 $3" "$tpo"
	# flowd makes two flows of a record; a forward direction that
	# sent nothing (the lower address only answered) stays a 0 flow.
	set -- $(flowd_total s.pcap)
	atf_check_equal "$2 $3" "$tpo"
	zero=$(flowd_json s.pcap | grep -c '"packets":0,')
	atf_check_equal "$1" "$((tf + zero))"
	# The forward address is the lower one (IPv4 records).
	"$TOP/tools/tshark-flows" s.pcap 4739 | awk '
	function num(a,   q) {
		split(a, q, ".")
		return ((q[1] * 256 + q[2]) * 256 + q[3]) * 256 + q[4]
	}
	$1 == "record" && $3 ~ /^[0-9.]+$/ {
		n++
		if (num($3) >= num($5))
			bad++
	}
	END { print n + 0, bad + 0 }' > order
	read n4 bad < order
	[ "$n4" -gt 0 ] && [ "$bad" -eq 0 ] ||
	    atf_fail "forward not the lower address: $bad of $n4"
	echo "$nrec biflow records, $zero with an empty forward direction"
	# v9 has no biflow: -b leaves it one record a direction.
	run_sink 2055 -v 9 -b
	atf_check_equal "$(truth_total all)" "$(tshark_total s.pcap 2055)"
}

atf_test_case mpls_labels
mpls_labels_head()
{
	atf_set "descr" "-x: MPLS label fields in v9 and IPFIX, decodable" \
	    "by tshark and flowd with exact totals"
	atf_set "require.progs" "tshark python3"
	atf_set "timeout" "200"
}
mpls_labels_body()
{
	gen 23 400
	for a in "9 2055 1" "10 4739 10"; do
		set -- $a
		run_sink "$2" -v "$1" -x "$3"
		atf_check_equal "$(truth_total all)" "$(tshark_total s.pcap $2)"
		atf_check_equal "$(truth_total all)" "$(flowd_total s.pcap)"
		# Every MPLS flow of the truth, and only those, has labels.
		got=$("$TOP/tools/tshark-flows" s.pcap "$2" | awk '
		    $1 == "record" { for (i = 10; i <= NF; i++)
			if ($i ~ /^mpls_label=/ && $i !~ /^mpls_label=[0,]*$/)
				n++ } END { print n + 0 }')
		atf_check_equal "$(awk '$1 == "flow" && $12 == "mpls"' t.truth |
		    wc -l | tr -d ' ')" "$got"
	done
}

atf_test_case bad_usage
bad_usage_head()
{
	atf_set "descr" "bad command lines are refused with exit 1"
}
bad_usage_body()
{
	atf_check -s exit:1 -e match:"packet source" "$SOFTFLOWD"
	atf_check -s exit:1 -e match:"Invalid -t" "$SOFTFLOWD" -r x -t 60
	atf_check -s exit:1 -e match:"Invalid -t" "$SOFTFLOWD" -r x \
	    -t general=0
	atf_check -s exit:1 -e match:"Invalid NetFlow version" "$SOFTFLOWD" \
	    -r x -v 7
	atf_check -s exit:1 -e match:"already specified" "$SOFTFLOWD" -r x \
	    -i lo
	atf_check -s exit:0 -e match:"This is softflowd version" \
	    "$SOFTFLOWD" -h
	gen 1 5
	atf_check -s exit:1 -e match:"collector" "$SOFTFLOWD" -r t.pcap \
	    -n nocolon
}

atf_init_test_cases()
{
	atf_add_test_case v1
	atf_add_test_case v5
	atf_add_test_case v9
	atf_add_test_case ipfix
	atf_add_test_case v5_with_v6
	atf_add_test_case levels
	atf_add_test_case load_balance
	atf_add_test_case time_expiry
	atf_add_test_case active_timeout
	atf_add_test_case statistics_layout
	atf_add_test_case abs_times
	atf_add_test_case biflow
	atf_add_test_case mpls_labels
	atf_add_test_case bad_usage
}
