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
	atf_add_test_case bad_usage
}
