#!/usr/bin/env atf-sh
#
# Conformance replay (issue 9): every export capture in pcaps/MANIFEST is
# replayed with tcpreplay into a veth inside a namespace of its own, to
# a flowd listening there on the veth address; what it stores, in
# canonical text (tools/make-expected -p: no recv_time, agent, crc32,
# which depend on the replay), must equal pcaps/NAME.out, and so must
# flowd -r of the same capture (tools/make-expected -c).

top()
{
	cd "$(atf_get_srcdir)/../.." && pwd
}

atf_test_case replay cleanup
replay_head()
{
	atf_set descr "each corpus capture replayed into a namespace is" \
	    "stored exactly as pcaps/NAME.out says, live and with flowd -r"
	atf_set require.user root
	atf_set timeout 240
}
replay_body()
{
	T=$(top)
	. "$(atf_get_srcdir)/netns-lib.sh"
	if reason=$(nsl_unusable); then
		atf_skip "$reason"
	fi
	trap nsl_cleanup EXIT
	flowd=$T/src/flowd/flowd
	mkdir -m 755 empty
	fails=
	while read -r name port scope rest; do
		case $name in
		''|'#'*)	continue ;;
		esac
		[ -f "$T/pcaps/$name.out" ] ||
		    atf_fail "$name.out missing: run tools/make-expected"
		nsl_create "t-replay-$$-$port" || atf_fail "namespace"
		nsl_rewrite "$T/pcaps/$name.pcap" replay.pcap >/dev/null ||
		    atf_fail "$name: tcprewrite failed"
		rm -f flows.log flowd.pid flowd.err
		cat > c.conf <<EOC
listen on $NSL_ADDR_B:$port
logfile "$PWD/flows.log"
pidfile "$PWD/flowd.pid"
user "nobody"
chroot "$PWD/empty"
store ALL
EOC
		nsl_exec "$flowd" -d -f c.conf 2> flowd.err &
		fpid=$!
		i=0
		until grep -q 'collecting on' flowd.err; do
			i=$((i + 1))
			[ $i -lt 100 ] ||
			    { cat flowd.err; atf_fail "$name: no flowd"; }
			sleep 0.1
		done
		nsl_replay replay.pcap --mbps=50 >/dev/null 2>&1 ||
		    atf_fail "$name: tcpreplay failed"
		want=$(wc -l < "$T/pcaps/$name.out" | tr -d ' ')
		# Wait (bounded) until every flow is stored, then stop.
		i=0
		while :; do
			kill -USR2 "$(cat flowd.pid)"
			sleep 0.2
			n=$(sed -n 's/.* stored \([0-9]*\),.*/\1/p' flowd.err |
			    tail -1)
			[ "${n:-0}" -ge "$want" ] && break
			i=$((i + 1))
			[ $i -lt 25 ] || break
		done
		kill -TERM "$(cat flowd.pid)"
		i=0
		while kill -0 $fpid 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		wait $fpid
		nsl_cleanup
		"$T/tools/make-expected" -p flows.log > live.txt
		if ! cmp -s live.txt "$T/pcaps/$name.out"; then
			echo "$name: live replay differs from $name.out"
			diff "$T/pcaps/$name.out" live.txt | head -5
			fails="$fails $name"
		else
			echo "$name: $want flows as expected"
		fi
		"$T/tools/make-expected" -c "$name" ||
		    fails="$fails $name(flowd -r)"
	done < "$T/pcaps/MANIFEST"
	[ -z "$fails" ] || atf_fail "differ:$fails"
}
replay_cleanup()
{
	. "$(atf_get_srcdir)/netns-lib.sh"
	nsl_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case replay
}
