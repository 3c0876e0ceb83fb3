#! /usr/bin/env atf-sh
#
# t_live: softflowd -i on one end of a veth pair inside a network
# namespace while tcpreplay plays a generated capture into the other
# end; softflowctl drives the live daemon through every command.

. "$(atf_get_srcdir)/sflib.sh"
. "$(atf_get_srcdir)/../conformance/netns-lib.sh"

# Start the sink and softflowd inside the namespace.
live_start()
{
	reason=$(nsl_unusable) && atf_skip "$reason"
	nsl_create "sfl$$" || atf_fail "cannot build the namespace"
	ip netns exec "$NSL_NS" "$SINK" s.port s.pcap 4739 &
	echo $! > s.pid
	_i=0
	while [ ! -s s.port ]; do
		_i=$((_i + 1))
		[ $_i -gt 100 ] && atf_fail "udpsink did not start"
		sleep 0.05
	done
	# The filter keeps the kernel's own packets on the pair (IPv6
	# ND, MLD) out of the count: only the replayed frames are tracked.
	# Not through a shell function: $! must be softflowd itself.
	ip netns exec "$NSL_NS" "$SOFTFLOWD" -d -i "$NSL_B" -c "$PWD/ctl" -v 10 \
	    -n "127.0.0.1:$(cat s.port)" "$@" not ether src "$NSL_BMAC" \
	    and not ether src "$NSL_AMAC" \
	    >sf.out 2>sf.err &
	echo $! > sf.pid
	_i=0
	until "$SOFTFLOWCTL" -c ctl timeouts >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -gt 100 ] && atf_fail "softflowd did not start: \
$(cat sf.err)"
		sleep 0.05
	done
}

# Wait until softflowd has processed N packets.
wait_packets()
{
	_i=0
	until "$SOFTFLOWCTL" -c ctl statistics |
	    grep -q "^Packets processed: $1\$"; do
		_i=$((_i + 1))
		if [ $_i -gt 200 ]; then
			"$SOFTFLOWCTL" -c ctl statistics
			atf_fail "softflowd did not see $1 packets"
		fi
		sleep 0.05
	done
}

atf_test_case softflowctl cleanup
softflowctl_head()
{
	atf_set "descr" "live capture; every softflowctl command"
	atf_set "require.user" "root"
	atf_set "require.progs" "ip tcpreplay tshark"
	atf_set "timeout" "120"
}
softflowctl_body()
{
	gen 21 200
	live_start
	set -- $(truth_total all)
	fl=$1 pk=$2 oc=$3
	nsl_replay t.pcap -t || atf_fail "tcpreplay failed"
	wait_packets "$pk"

	pid=$(cat sf.pid)
	atf_check -s exit:0 -o save:help "$SOFTFLOWCTL" -c ctl help
	printf 'Valid control words are:\n\tdebug+ debug- delete-all dump-flows exit expire-all\n\tshutdown start-gather statistics stop-gather timeouts\n\tsend-template\n' > help.want
	atf_check -s exit:0 cmp help help.want
	atf_check -s exit:0 -o match:"^softflowd\[[0-9]+\]: Printing timeouts:$" \
	    -o match:"^           TCP timeout: 3600s$" \
	    -o match:"^       Expiry interval: 60s$" "$SOFTFLOWCTL" -c ctl timeouts
	atf_check -s exit:0 \
	    -o match:"^softflowd\[[0-9]+\]: Accumulated statistics since [0-9T:-]+ UTC:$" \
	    -o match:"^Packets received by libpcap: [0-9]+$" \
	    -o save:stats "$SOFTFLOWCTL" -c ctl statistics
	nflows=$(sed -n 's/^Number of active flows: //p' stats)
	[ "$nflows" -gt 0 ] || atf_fail "no active flows"
	atf_check -s exit:0 -o save:dump "$SOFTFLOWCTL" -c ctl dump-flows
	atf_check_equal "$nflows" "$(grep -c '^ACTIVE seq:' dump)"
	atf_check_equal "$nflows" "$(grep -c '^EXPIRY EVENT for flow' dump)"
	atf_check -s exit:0 -o match:"Debug level increased\.$" \
	    "$SOFTFLOWCTL" -c ctl debug+
	atf_check -s exit:0 -o match:"Debug level decreased\.$" \
	    "$SOFTFLOWCTL" -c ctl debug-
	atf_check -s exit:0 -o match:"Template will be sent at next flow export$" \
	    "$SOFTFLOWCTL" -c ctl send-template
	atf_check -s exit:0 -o match:"Unknown control command \"bogus\"" \
	    "$SOFTFLOWCTL" -c ctl bogus
	atf_check -s exit:0 -o match:"^softflowd\[$pid\]: Expired $nflows flows\.$" \
	    "$SOFTFLOWCTL" -c ctl expire-all

	# stop-gather: packets wait in the kernel; start-gather: counted.
	atf_check -s exit:0 -o match:"Data collection stopped\.$" \
	    "$SOFTFLOWCTL" -c ctl stop-gather
	nsl_replay t.pcap -t || atf_fail "tcpreplay failed"
	atf_check -s exit:0 -o match:"^Packets processed: $pk$" \
	    "$SOFTFLOWCTL" -c ctl statistics
	atf_check -s exit:0 -o match:"Data collection resumed\.$" \
	    "$SOFTFLOWCTL" -c ctl start-gather
	wait_packets $((pk * 2))
	atf_check -s exit:0 -o match:"^softflowd\[$pid\]: Deleted $nflows flows\.$" \
	    "$SOFTFLOWCTL" -c ctl delete-all
	atf_check -s exit:0 -o match:"Shutting down gracefully\.\.\.$" \
	    "$SOFTFLOWCTL" -c ctl shutdown
	wait "$pid" || atf_fail "softflowd exited with an error"
	kill -TERM "$(cat s.pid)"
	wait "$(cat s.pid)"
	# Exactly the first replay was exported: expire-all, not delete-all.
	atf_check_equal "$fl $pk $oc" "$(tshark_total s.pcap 4739)"
}
softflowctl_cleanup()
{
	nsl_cleanup
}

atf_test_case sigterm_flush cleanup
sigterm_flush_head()
{
	atf_set "descr" "SIGTERM in the foreground exports every flow (B9)"
	atf_set "require.user" "root"
	atf_set "require.progs" "ip tcpreplay tshark"
	atf_set "timeout" "120"
}
sigterm_flush_body()
{
	gen 22 150
	live_start -v 9
	nsl_replay t.pcap -t || atf_fail "tcpreplay failed"
	set -- $(truth_total all)
	wait_packets "$2"
	kill -TERM "$(cat sf.pid)"
	wait "$(cat sf.pid)" ||
	    atf_fail "softflowd exited with an error: $(cat sf.err)"
	kill -TERM "$(cat s.pid)"
	wait "$(cat s.pid)"
	atf_check_equal "$(truth_total all)" "$(tshark_total s.pcap 4739)"
	# and the daemon ran unprivileged
	atf_check -s exit:0 -o ignore grep "starting data collection" sf.err
}
sigterm_flush_cleanup()
{
	nsl_cleanup
}

atf_test_case quiet_link cleanup
quiet_link_head()
{
	atf_set "descr" "one packet on a quiet link is seen at once (B1)"
	atf_set "require.user" "root"
	atf_set "require.progs" "ip tcpreplay"
	atf_set "timeout" "60"
}
quiet_link_body()
{
	gen 23 1 -m 1
	live_start
	nsl_replay t.pcap || atf_fail "tcpreplay failed"
	set -- $(truth_total all)
	wait_packets "$2"
	atf_check -s exit:0 -o ignore "$SOFTFLOWCTL" -c ctl exit
	wait "$(cat sf.pid)" || true
}
quiet_link_cleanup()
{
	nsl_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case softflowctl
	atf_add_test_case sigterm_flush
	atf_add_test_case quiet_link
}
