#!/usr/bin/env atf-sh
#
# gen-traffic: deterministic for a seed, and its ground truth agrees with
# tshark's independent dissection of the capture it wrote.

gen()
{
	echo "$(atf_get_srcdir)/../../tools/gen-traffic/gen-traffic"
}

need_tshark()
{
	command -v tshark >/dev/null 2>&1 ||
	    atf_skip "tshark not installed (Debian package tshark)"
}

# Count frames matching a display filter.
tcount()
{
	tshark -r t.pcap -Y "$1" 2>/dev/null | wc -l | tr -d ' '
}

atf_test_case deterministic
deterministic_head()
{
	atf_set descr "same seed gives identical files, another seed differs"
}
deterministic_body()
{
	atf_check "$(gen)" -s 7 -n 150 -o a.pcap -g a.truth
	atf_check "$(gen)" -s 7 -n 150 -o b.pcap -g b.truth
	atf_check cmp a.pcap b.pcap
	atf_check cmp a.truth b.truth
	atf_check "$(gen)" -s 8 -n 150 -o c.pcap -g c.truth
	atf_check -s not-exit:0 -o ignore cmp a.pcap c.pcap
	atf_check -s not-exit:0 -o ignore cmp a.truth c.truth
}

atf_test_case options
options_head()
{
	atf_set descr "start time, duration and flow count are honoured"
}
options_body()
{
	atf_check "$(gen)" -s 3 -n 40 -t 1600000000 -d 10 -o t.pcap -g t.truth
	# Every first/last time lies inside [start, start + duration].
	atf_check -o inline:"ok\n" awk '
	    $1 == "flow" {
		if ($10 < 1600000000 || $11 > 1600000010 || $10 > $11)
			bad++
		n++
	    }
	    END { print (bad == 0 && n >= 40) ? "ok" : "bad " bad " " n }' \
	    t.truth
	atf_check -s exit:1 -e match:usage "$(gen)" -n 5 -o x.pcap
	atf_check -s exit:1 -e match:"flows 0" "$(gen)" -n 0 -o x -g y
	atf_check -s exit:1 -e match:"seed x" "$(gen)" -s x -o x -g y
}

atf_test_case truth_totals
truth_totals_head()
{
	atf_set descr "per-flow lines add up to the totals lines"
}
truth_totals_body()
{
	atf_check "$(gen)" -s 11 -n 300 -o t.pcap -g t.truth
	awk '$1 == "flow" { f[$2]++; p[$2] += $8; o[$2] += $9 }
	    END { for (a = 4; a <= 6; a += 2)
		printf "total %d %d %d %d\n", a, f[a], p[a], o[a] }' \
	    t.truth > sums
	grep '^total [46] ' t.truth > totals
	atf_check cmp sums totals
}

atf_test_case truth_vs_tshark
truth_vs_tshark_head()
{
	atf_set descr "ground truth packets and IP octets equal tshark's," \
	    "per address family"
}
truth_vs_tshark_body()
{
	need_tshark
	atf_check "$(gen)" -s 5 -n 300 -o t.pcap -g t.truth
	# occurrence=f: ICMP errors quote an inner IP header; only the
	# outer one is the packet's.
	tshark -r t.pcap -T fields -E occurrence=f -e ip.len -e ipv6.plen \
	    2>/dev/null | awk -F '\t' '
	    $1 != "" { p4++; o4 += $1; next }
	    $2 != "" { p6++; o6 += $2 + 40 }
	    END { printf "4 %d %d\n6 %d %d\n", p4, o4, p6, o6 }' > tshark.out
	awk '$1 == "total" && $2 != "all" { print $2, $4, $5 }' t.truth \
	    > truth.out
	atf_check cmp tshark.out truth.out
	# Every frame is IP: nothing the truth could have missed.
	n=$(awk '$1 == "total" && $2 == "all" { print $4 }' t.truth)
	atf_check -o inline:"$n\n" sh -c 'capinfos -c -M t.pcap 2>/dev/null |
	    sed -n "s/^Number of packets: *//p"'
}

atf_test_case contents
contents_head()
{
	atf_set descr "the capture holds every kind of traffic promised"
}
contents_body()
{
	need_tshark
	atf_check "$(gen)" -s 5 -n 300 -o t.pcap -g t.truth
	for f in 'ip' 'ipv6' 'tcp.flags.syn==1 && tcp.flags.ack==0' \
	    'tcp.flags.fin==1' 'tcp.flags.reset==1' 'udp' \
	    'icmp.type==8' 'icmp.type==3' 'icmpv6.type==128' \
	    'icmpv6.type==1' 'vlan && !ieee8021ad' 'ieee8021ad && vlan' \
	    'mpls && ip' 'mpls && ipv6' 'ip.flags.mf==1' 'ip.frag_offset>0'; do
		n=$(tcount "$f")
		[ "$n" -gt 0 ] || atf_fail "no frame matches '$f'"
	done
	# Only documentation address ranges (RFC 5737, RFC 3849).
	n=$(tcount '!(ip.addr==192.0.2.0/24 || ip.addr==198.51.100.0/24 ||
	    ip.addr==203.0.113.0/24 || ipv6.addr==2001:db8::/32)')
	[ "$n" -eq 0 ] || atf_fail "$n frames outside the documentation ranges"
	# Checksums are right, so replays are not dropped by stacks.
	atf_check -o inline:"0\n" sh -c 'tshark -r t.pcap \
	    -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
	    -o udp.check_checksum:TRUE -Y "ip.checksum.status==0 ||
	    tcp.checksum.status==0 || udp.checksum.status==0 ||
	    icmp.checksum.status==0 || icmpv6.checksum.status==0" \
	    2>/dev/null | wc -l | tr -d " "'
}

atf_init_test_cases()
{
	atf_add_test_case deterministic
	atf_add_test_case options
	atf_add_test_case truth_totals
	atf_add_test_case truth_vs_tshark
	atf_add_test_case contents
}
