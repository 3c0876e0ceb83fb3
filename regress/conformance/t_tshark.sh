#!/usr/bin/env atf-sh
#
# The conformance corpus (pcaps/) still decodes, under tshark, to what
# was recorded in each NAME.expect-tshark; the traffic captures still
# match their ground truth; and every file there is accounted for.

pcaps()
{
	echo "$(atf_get_srcdir)/../../pcaps"
}

tools()
{
	echo "$(atf_get_srcdir)/../../tools"
}

need()
{
	command -v tshark >/dev/null 2>&1 ||
	    atf_skip "tshark not installed (Debian package tshark)"
	command -v python3 >/dev/null 2>&1 ||
	    atf_skip "python3 not installed (Debian package python3)"
}

decode_body()
{
	name=$1 port=$2
	need
	p=$(pcaps)
	[ -f "$p/$name.pcap" ] || atf_fail "$name.pcap missing"
	[ -f "$p/$name.expect-tshark" ] || atf_fail "$name.expect-tshark missing"
	python3 "$(tools)/tshark-flows" "$p/$name.pcap" "$port" > got ||
	    atf_fail "tshark-flows failed on $name.pcap"
	# The first line names the tshark version; the decode must agree.
	grep -v '^#' "$p/$name.expect-tshark" > want
	grep -v '^#' got > got.body
	atf_check -o empty diff want got.body
}

atf_test_case traffic
traffic_head()
{
	atf_set descr "traffic captures still match their ground truth"
}
traffic_body()
{
	need
	for t in "$(pcaps)"/traffic-*.pcap; do
		tshark -r "$t" -T fields -E occurrence=f -e ip.len \
		    -e ipv6.plen 2>/dev/null | awk -F '\t' '
		    $1 != "" { p4++; o4 += $1; next }
		    $2 != "" { p6++; o6 += $2 + 40 }
		    END { printf "4 %d %d\n6 %d %d\n", p4, o4, p6, o6 }' \
		    > tshark.out
		awk '$1 == "total" && $2 != "all" { print $2, $4, $5 }' \
		    "${t%.pcap}.truth" > truth.out
		atf_check -o empty diff truth.out tshark.out
	done
}

atf_test_case inventory
inventory_head()
{
	atf_set descr "every capture is listed and documented"
}
inventory_body()
{
	p=$(pcaps)
	[ -f "$p/MANIFEST" ] || atf_fail "pcaps/MANIFEST missing"
	for f in "$p"/*.pcap; do
		n=$(basename "$f" .pcap)
		case $n in
		traffic-*)
			[ -f "$p/$n.truth" ] || atf_fail "$n.truth missing" ;;
		*)
			grep -q "^$n " "$p/MANIFEST" ||
			    atf_fail "$n.pcap not in MANIFEST" ;;
		esac
		grep -q "$n" "$p/README" || atf_fail "$n not in pcaps/README"
	done
	while read -r n port scope src; do
		[ -f "$p/$n.pcap" ] || atf_fail "MANIFEST names missing $n.pcap"
	done < "$p/MANIFEST"
	# A few MiB at most.
	kb=$(du -ck "$p"/* | tail -1 | cut -f1)
	[ "$kb" -le 4096 ] || atf_fail "pcaps/ is $kb KiB"
}

atf_init_test_cases()
{
	atf_add_test_case inventory
	atf_add_test_case traffic
	m="$(pcaps)/MANIFEST"
	[ -f "$m" ] || return 0
	while read -r n port scope src; do
		t=$(echo "decode_$n" | tr -- '-.' '__')
		eval "${t}_head() { atf_set descr 'tshark decode of $n.pcap'; }"
		eval "${t}_body() { decode_body $n $port; }"
		atf_add_test_case "$t"
	done < "$m"
}
