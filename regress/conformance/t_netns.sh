#!/usr/bin/env atf-sh
#
# The namespace/veth/tcpreplay harness (netns-lib.sh) that flowd replay
# tests use: an export capture replayed into a namespace reaches a UDP
# socket there datagram for datagram, and the namespace is always
# removed, even when the caller fails.

lib()
{
	echo "$(atf_get_srcdir)/netns-lib.sh"
}

pcaps()
{
	echo "$(atf_get_srcdir)/../../pcaps"
}

usable()
{
	. "$(lib)"
	if reason=$(nsl_unusable); then
		atf_skip "$reason"
	fi
	command -v python3 >/dev/null 2>&1 ||
	    atf_skip "python3 not installed (Debian package python3)"
	command -v tshark >/dev/null 2>&1 ||
	    atf_skip "tshark not installed (Debian package tshark)"
}

atf_test_case replay cleanup
replay_head()
{
	atf_set descr "every datagram of a replayed export capture arrives"
	atf_set require.user root
	atf_set timeout 120
}
replay_body()
{
	usable
	trap nsl_cleanup EXIT
	name=softflowd-v9
	port=$(awk -v n=$name '$1 == n { print $2 }' "$(pcaps)/MANIFEST")
	[ -n "$port" ] || atf_fail "$name not in MANIFEST"
	nsl_create "t-netns-$$" || atf_fail "cannot create namespace"
	nsl_rewrite "$(pcaps)/$name.pcap" replay.pcap ||
	    atf_fail "tcprewrite failed"
	n=$(tshark -r replay.pcap 2>/dev/null | wc -l | tr -d ' ')
	[ "$n" -gt 0 ] || atf_fail "no frame in $name.pcap"
	# The listener writes each payload as hex, one per line, and quits
	# after n datagrams.
	nsl_exec python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
open("ready", "w").close()
with open("got", "w") as f:
    for _ in range(int(sys.argv[3])):
        f.write(s.recv(65535).hex() + "\n")
        f.flush()
' "$NSL_ADDR_B" "$port" "$n" &
	lpid=$!
	i=0
	while [ ! -f ready ]; do
		i=$((i + 1))
		[ "$i" -lt 600 ] || atf_fail "listener did not start"
		sleep 0.1
	done
	nsl_replay replay.pcap --pps=200 >/dev/null ||
	    atf_fail "tcpreplay failed"
	# Wait for the listener to have all n (it exits then); the bound
	# only keeps a lost datagram from hanging the test.
	i=0
	while kill -0 "$lpid" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 300 ] || break
		sleep 0.1
	done
	tshark -r "$(pcaps)/$name.pcap" -T fields -e udp.payload \
	    2>/dev/null | tr -d ':' > want
	atf_check -o inline:"$n\n" sh -c 'wc -l < got | tr -d " "'
	atf_check -o empty diff want got
}
replay_cleanup()
{
	. "$(lib)"
	nsl_cleanup
}

atf_test_case cleanup_on_failure cleanup
cleanup_on_failure_head()
{
	atf_set descr "a failing caller still leaves no namespace behind"
	atf_set require.user root
}
cleanup_on_failure_body()
{
	usable
	ns="t-netns-fail-$$"
	# The caller dies half-way with its trap in place.
	atf_check -s exit:3 -o ignore -e ignore sh -c ". '$(lib)';
	    trap nsl_cleanup EXIT; nsl_create $ns || exit 9;
	    ip netns list | grep -q '^$ns' || exit 8; exit 3"
	atf_check -s exit:1 sh -c "ip netns list | grep -q '^$ns'"
	[ ! -f netns.created ] || atf_fail "state file left behind"
}
cleanup_on_failure_cleanup()
{
	. "$(lib)"
	nsl_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case replay
	atf_add_test_case cleanup_on_failure
}
