#! /usr/bin/env atf-sh
#
# flowd-reader as a program: every option and output format, on logs
# written by mklog through the real store writer.

reader()
{
	echo "$(atf_get_srcdir)/../../src/flowd-reader/flowd-reader"
}

mklog()
{
	"$(atf_get_srcdir)/mklog" "$@" || atf_fail "mklog $*"
}

atf_test_case text_brief
text_brief_body()
{
	mklog mixed m.log
	cat >expout <<'E'
FLOW tag 7 recv_time 2001-09-09T01:46:40.000005 proto 6 tcpflags 12 tos 00 src [198.51.100.1]:443 dst [203.0.113.9]:50000 packets 3 octets 4294967296 
FLOW tag 0 recv_time 2023-11-14T22:13:20.039220 proto 6 tcpflags 1b tos 10 agent [192.0.2.1] src [2001:db8::1]:1025 dst [2001:db8:0:1::2]:80 packets 11 octets 16500 
FLOW tag 0 recv_time 2023-11-14T22:13:20.039221 proto 6 tcpflags 1b tos 10 agent [192.0.2.2] src [10.0.0.3]:1026 dst [10.1.0.1]:80 packets 12 octets 18000 
E
	atf_check -o file:expout "$(reader)" -U m.log
	# Local time follows TZ; -U ignores it.
	atf_check -o file:expout env TZ=UTC0 "$(reader)" m.log
	atf_check -o match:'recv_time 2001-09-08T20:46:40.000005' \
	    env TZ=EST5 "$(reader)" m.log
	atf_check -o file:expout env TZ=EST5 "$(reader)" -U m.log
}

atf_test_case text_verbose
text_verbose_body()
{
	mklog mixed m.log
	atf_check -o save:out "$(reader)" -Uv m.log
	atf_check -o inline:"LOGFILE m.log\n" head -1 out
	atf_check -o match:'^FLOW tag 7 .* octets 4294967296 crc32 [0-9a-f]{8} $' \
	    sed -n 2p out
	atf_check -o match:'gateway \[fe80::1\] .* sys_uptime_ms 1d10h17m36s.789 time_sec 2023-11-14T22:13:20 time_nanosec 500 netflow ver 9 flow_start 1d10h16m40s.000 flow_finish 1d10h17m30s.000 src_AS 64496 src_masklen 24 dst_AS 64497 dst_masklen 16 engine_type 0 engine_id 0 seq 1 source 4000000000 crc32' \
	    sed -n 3p out
	atf_check -o match:'source 0 start_time 2023-11-14T22:13:21.000000001 end_time 2023-11-14T22:13:22.999999999 src_mac 00:11:22:33:44:55 dst_mac 66:77:88:99:aa:bb post_src_mac 00:00:00:00:00:00 post_dst_mac 00:00:00:00:00:00 src_vlan 100 dst_vlan 4094 ip_version 4 direction 1 end_reason 3 icmp_type 3 icmp_code 1 flow_label 1048575 sampling_interval 100 sampling_algorithm 2 exporter_port 4739 out_packets 5 out_octets 600 nat_src \[198.51.100.200\]:61000 nat_dst \[64:ff9b::a01:1\]:8080 crc32' \
	    sed -n 4p out
}

atf_test_case csv
csv_body()
{
	mklog v5 2 a.log
	cat >expout <<'E'
#:unix_secs,unix_nsecs,sysuptime,exaddr,dpkts,doctets,first,last,engine_type,engine_id,srcaddr,dstaddr,nexthop,input,output,srcport,dstport,prot,tos,tcp_flags,src_mask,dst_mask,src_as,dst_as
1700000000,500,123456789,192.0.2.2,10,15000,123400000,123450000,1,2,10.0.0.1,10.1.0.1,10.255.0.1,1,2,1024,80,17,16,27,24,16,64496,64497
1700000000,500,123456789,192.0.2.1,11,16500,123400000,123450000,1,2,10.0.0.2,10.1.0.1,10.255.0.1,1,2,1025,80,6,16,27,24,16,64496,64497
E
	atf_check -o file:expout "$(reader)" -c a.log
	# One header line even for several inputs.
	atf_check -o match:'^#:' -o save:two "$(reader)" -c a.log a.log
	atf_check -o inline:"1\n" grep -c '^#' two
	atf_check -o inline:"5\n" sh -c 'wc -l <two | tr -d " "'
}

atf_test_case json
json_body()
{
	mklog mixed m.log
	atf_check -o save:out "$(reader)" -j m.log
	atf_check -o inline:"3\n" sh -c 'wc -l <out | tr -d " "'
	atf_check -o match:'^\{"tag":7,"recv_sec":1000000000,"recv_usec":5,"proto":6,"tcp_flags":18,"tos":0,"src":"198.51.100.1","dst":"203.0.113.9","src_port":443,"dst_port":50000,"packets":3,"octets":4294967296,"crc32":"[0-9a-f]{8}"\}$' \
	    sed -n 1p out
	atf_check -o match:'"src_vlan":100,"dst_vlan":4094' sed -n 3p out
	# -v adds no LOGFILE line to JSON.
	atf_check -o file:out "$(reader)" -jv m.log
	# Valid JSON, one object a line.
	if command -v python3 >/dev/null; then
		atf_check -o inline:"3\n" python3 -c \
		    'import json,sys; print(len([json.loads(l) for l in sys.stdin]))' <out
	fi
}

atf_test_case select_fields
select_fields_body()
{
	mklog mixed m.log
	atf_check -o inline:"FLOW src 198.51.100.1 packets 3 tag 7\nFLOW src 2001:db8::1 packets 11 tag 0\nFLOW src 10.0.0.3 packets 12 tag 0\n" \
	    "$(reader)" -s src,packets,tag m.log
	atf_check -o inline:"#:dst_port,src_vlan\n50000,\n80,\n80,100\n" \
	    "$(reader)" -c -s dst_port,src_vlan m.log
	atf_check -o inline:'{"exporter_port":4739}\n' \
	    sh -c "\"$(reader)\" -j -s exporter_port m.log | tail -1"
	atf_check -s exit:1 -e match:'unknown field name' \
	    "$(reader)" -s nosuch m.log
}

atf_test_case nat
nat_head()
{
	atf_set descr "the NAT group in text, JSON, CSV columns and -o"
}
nat_body()
{
	mklog mixed m.log
	atf_check -o match:' out_octets 600 nat_src \[198\.51\.100\.200\]:61000 nat_dst \[64:ff9b::a01:1\]:8080 crc32 [0-9a-f]{8} $' \
	    sh -c "\"$(reader)\" -Uv m.log | tail -1"
	# Flows without the group print none of it.
	atf_check -o inline:"1\n" sh -c "\"$(reader)\" -Uv m.log | grep -c nat_"
	atf_check -o match:'"out_octets":600,"nat_src":"198\.51\.100\.200","nat_dst":"64:ff9b::a01:1","nat_src_port":61000,"nat_dst_port":8080,"crc32":"[0-9a-f]{8}"\}$' \
	    sh -c "\"$(reader)\" -j m.log | tail -1"
	atf_check -o inline:"#:nat_src,nat_src_port,nat_dst,nat_dst_port\n,,,\n,,,\n198.51.100.200,61000,64:ff9b::a01:1,8080\n" \
	    "$(reader)" -c -s nat_src,nat_src_port,nat_dst,nat_dst_port m.log
	atf_check -o inline:"FLOW nat_dst 64:ff9b::a01:1 nat_dst_port 8080\n" \
	    sh -c "\"$(reader)\" -s nat_dst,nat_dst_port m.log | tail -1"
	# Through the store writer and back: the same line.
	atf_check -o empty "$(reader)" -q -o copy.log m.log
	"$(reader)" -Uv m.log | tail -1 > a
	"$(reader)" -Uv copy.log | tail -1 > b
	atf_check -o empty diff a b
}

atf_test_case head
head_body()
{
	mklog v5 10 a.log
	atf_check -o save:out "$(reader)" -H 3 a.log
	atf_check -o inline:"3\n" sh -c 'wc -l <out | tr -d " "'
	# Per input file.
	atf_check -o save:out "$(reader)" -H 3 a.log a.log
	atf_check -o inline:"6\n" sh -c 'wc -l <out | tr -d " "'
	atf_check -s exit:1 -e match:'-H 0' "$(reader)" -H 0 a.log
	atf_check -s exit:1 -e match:'-H x' "$(reader)" -H x a.log
}

atf_test_case quiet
quiet_body()
{
	mklog v5 3 a.log
	atf_check -o empty "$(reader)" -q a.log
}

atf_test_case stdin_and_several
stdin_and_several_body()
{
	mklog v5 4 a.log
	mklog mixed m.log
	"$(reader)" -U a.log >one || atf_fail "read a.log"
	"$(reader)" -U m.log >>one || atf_fail "read m.log"
	atf_check -o file:one sh -c "\"$(reader)\" -U - m.log <a.log"
	atf_check -o file:one sh -c "cat a.log m.log | \"$(reader)\" -U -"
	atf_check -s exit:1 -e match:'more than once' "$(reader)" - -
	atf_check -s exit:1 -o ignore -e match:'nosuch' "$(reader)" a.log nosuch
}

atf_test_case output_binary
output_binary_body()
{
	mklog v5 50 a.log
	mklog mixed m.log
	# Unchanged records are copied byte for byte.
	atf_check -o empty "$(reader)" -q -o out.log a.log
	atf_check cmp a.log out.log
	atf_check -o ignore "$(reader)" -o out.log m.log
	atf_check cmp m.log out.log
	# -o truncates: a long stale file must not leave bytes behind.
	cat a.log a.log > big.log
	cp big.log out.log
	atf_check "$(reader)" -q -o out.log m.log
	atf_check cmp m.log out.log
	# -o - writes the log to stdout and implies -q.
	atf_check -o file:a.log "$(reader)" -o - a.log
	# Several inputs are concatenated.
	atf_check "$(reader)" -q -o out.log a.log m.log
	cat a.log m.log >both.log
	atf_check cmp both.log out.log
	test "$(stat -c %a out.log)" = 600 || atf_fail "mode not 0600"
}

atf_test_case output_errors
output_errors_body()
{
	mklog v5 3000 a.log
	atf_check -s exit:1 -e match:'write /dev/full' \
	    "$(reader)" -q -o /dev/full a.log
	atf_check -s exit:1 -e match:'write stdout' \
	    sh -c "\"$(reader)\" a.log >/dev/full"
	atf_check -s exit:1 -e match:'open' "$(reader)" -o nodir/x a.log
	if command -v script >/dev/null; then
		atf_check -s exit:1 -o match:'refusing to write a binary log to a terminal' \
		    script -qec "\"$(reader)\" -o - a.log" /dev/null
	fi
}

atf_test_case legacy_v2
legacy_v2_body()
{
	mklog v2 old.log
	cat >expout <<'E'
FLOW recv_time 2004-11-09T11:33:20.000000 proto 6 tcpflags 02 tos 00 src [10.0.0.1]:1000 dst [10.0.0.2]:22 packets 5 octets 500 
FLOW recv_time 2004-11-09T11:33:21.000000 proto 6 tcpflags 02 tos 00 src [10.0.0.2]:1001 dst [10.0.0.2]:22 packets 6 octets 500 
E
	atf_check -o file:expout "$(reader)" -UL old.log
	atf_check -o match:'^LOGFILE old.log started at 2004-11-09T11:33:20$' \
	    "$(reader)" -ULv old.log
	# Conversion to v3, then read back without -L.
	atf_check "$(reader)" -Lq -o new.log old.log
	atf_check -o file:expout "$(reader)" -U new.log
	atf_check -o match:'in_if 3 out_if 4 src_AS 65000 src_masklen 8 dst_AS 65001 dst_masklen 9 engine_type 1 engine_id 2 seq 77 source 0 crc32' \
	    "$(reader)" -Uv new.log
	# A v2 log read as v3 is an error, not garbage output.
	atf_check -s exit:1 -e match:'offset 0' "$(reader)" old.log
	atf_check -s exit:1 -e match:'Bad magic' "$(reader)" -L new.log
}

atf_test_case debug
debug_body()
{
	mklog v5 3 a.log
	atf_check -o ignore -e match:'3 flows read, 3 passed' \
	    -e match:'store mask 0x47ffffff' "$(reader)" -d a.log
}

atf_test_case filter
filter_head()
{
	atf_set descr "-f and -e run flowd's own rules over the log"
}
filter_body()
{
	mklog v5 3 a.log
	atf_check -o empty "$(reader)" -e 'discard all' a.log
	atf_check -o save:all "$(reader)" -U a.log
	atf_check -o file:all "$(reader)" -U -e 'accept all' a.log
	# Last match wins; quick stops the search.
	printf 'discard all\naccept src 10.0.0.2\n' > f.conf
	atf_check -o match:'src \[10.0.0.2\]' -o not-match:'10.0.0.1\]' \
	    "$(reader)" -U -f f.conf a.log
	atf_check -o inline:"1\n" sh -c "'$(reader)' -f f.conf a.log | wc -l"
	atf_check -o inline:"2\n" sh -c \
	    "'$(reader)' -e 'discard quick proto udp' a.log | wc -l"
	# Tags are set on the flows a tag rule accepts.
	atf_check -o match:'^FLOW tag 5 .*src \[10.0.0.2\]' \
	    "$(reader)" -U -e 'accept tag 5 src 10.0.0.2' a.log
	# -d shows every rule with its counters.
	atf_check -o ignore -e match:'accept src 10.0.0.2' \
	    -e match:'evaluations 3 matches 1 wins 1' \
	    "$(reader)" -d -f f.conf a.log
	# Mistakes are reported with their place, nothing is printed.
	atf_check -s exit:1 -o empty -e match:'command line:1' \
	    -e match:'errors in the filter rules' \
	    "$(reader)" -e 'accept sauce 1.2.3.4' a.log
	atf_check -s exit:1 -e match:'nosuch.conf' \
	    "$(reader)" -f nosuch.conf a.log
	printf 'accept\naccept src nonsense\n' >bad.conf
	atf_check -s exit:1 -e match:'bad.conf:2: invalid address' \
	    -e match:'bad.conf: errors in the filter rules' \
	    "$(reader)" -f bad.conf a.log
	# A whole flowd.conf is fine: the other directives are ignored.
	printf 'listen on 127.0.0.1:2055\nlogfile "x"\ndiscard all\n' >f2.conf
	atf_check -o empty "$(reader)" -f f2.conf a.log
}

atf_test_case usage
usage_body()
{
	atf_check -s exit:1 -e match:'^usage: flowd-reader' "$(reader)" -h
	atf_check -s exit:1 -e match:'^usage: flowd-reader' "$(reader)"
	atf_check -s exit:1 -e match:'^usage: flowd-reader' "$(reader)" -X x
}

atf_test_case partial_and_corrupt
partial_and_corrupt_body()
{
	mklog v5 5 a.log
	head -c $((5 * 116 - 7)) a.log >part.log
	atf_check -o save:out -e match:'partial record of 109 bytes' \
	    "$(reader)" part.log
	atf_check -o inline:"4\n" sh -c 'wc -l <out | tr -d " "'
	# Damage record 3 (offset 232): error with its offset, exit 1.
	cp a.log bad.log
	printf '\377' | dd of=bad.log bs=1 seek=260 conv=notrunc 2>/dev/null
	atf_check -s exit:1 -o save:out \
	    -e match:'bad.log: offset 232: Flow checksum mismatch' \
	    "$(reader)" bad.log
	atf_check -o inline:"2\n" sh -c 'wc -l <out | tr -d " "'
	# -r skips just that record.
	atf_check -o save:out -e match:'offset 232: Flow checksum mismatch; skipped 116 bytes' \
	    "$(reader)" -r bad.log
	atf_check -o inline:"4\n" sh -c 'wc -l <out | tr -d " "'
}

atf_test_case summary
summary_body()
{
	mklog v5 6 a.log
	atf_check -o save:out "$(reader)" -S a.log
	atf_check -o match:'^total +all +6 +75 +112500$' cat out
	atf_check -o match:'^proto +6 +4 +52 +78000$' cat out
	atf_check -o match:'^proto +17 +2 +23 +34500$' cat out
	atf_check -o match:'^exporter +192.0.2.1 +3 +39 +58500$' cat out
	atf_check -o match:'^exporter +192.0.2.2 +3 +36 +54000$' cat out
}

atf_test_case follow
follow_body()
{
	mklog v5 3 a.log
	head -c 116 a.log >grow.log
	"$(reader)" -F -s flow_sequence grow.log >out 2>err &
	pid=$!
	i=0
	while [ "$(wc -l <out)" -lt 1 ] && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	# Half a record: nothing more may appear until it is whole.
	tail -c +117 a.log | head -c 50 >>grow.log
	sleep 0.5
	lines=$(wc -l <out)
	tail -c +167 a.log >>grow.log
	i=0
	while [ "$(wc -l <out)" -lt 3 ] && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	kill $pid
	wait $pid
	test "$lines" -eq 1 || atf_fail "partial record printed"
	atf_check -o inline:"FLOW flow_sequence 0\nFLOW flow_sequence 1\nFLOW flow_sequence 2\n" cat out
}

atf_init_test_cases()
{
	atf_add_test_case text_brief
	atf_add_test_case text_verbose
	atf_add_test_case nat
	atf_add_test_case csv
	atf_add_test_case json
	atf_add_test_case select_fields
	atf_add_test_case head
	atf_add_test_case quiet
	atf_add_test_case stdin_and_several
	atf_add_test_case output_binary
	atf_add_test_case output_errors
	atf_add_test_case legacy_v2
	atf_add_test_case debug
	atf_add_test_case filter
	atf_add_test_case usage
	atf_add_test_case partial_and_corrupt
	atf_add_test_case summary
	atf_add_test_case follow
}
