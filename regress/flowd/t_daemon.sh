#!/usr/bin/env atf-sh
#
# The running collector daemon over real sockets on loopback: every
# export version from the recorded corpus, Debian's softflowd, reject
# counting, HUP reload, USR1 rotation under load, the logsock, the
# privilege separation and flowd -r.  As root the daemon runs with its
# privilege separation (user nobody, a chroot); otherwise with
# -X insecure, except for the tests that are about privileges.

common()
{
	. "$(atf_get_srcdir)/daemon-lib.sh"
	fd_need_python
	trap fd_cleanup EXIT
}

# Oracle totals (flows packets octets) of a corpus capture.
oracle()
{
	"$FD_TOP/tools/make-expected" -t "$1"
}

# Replays pcaps/NAME.pcap to a fresh daemon with nf-send and checks
# that the log equals pcaps/NAME.out and flowd -r of the capture, and
# that its totals are the oracle's.
replay_one()
{
	_n=$1
	_port=$(fd_port)
	rm -f flows.log off.log
	fd_conf live.conf "listen on 127.0.0.1:$_port" "store ALL"
	fd_start live.conf
	_want=$(wc -l < "$PCAPS/$_n.out" | tr -d ' ')
	"$NFSEND" -q -f "$PCAPS/$_n.pcap" "127.0.0.1:$_port" ||
	    atf_fail "$_n: nf-send failed"
	fd_wait_stored "$_want"
	fd_stop || atf_fail "$_n: flowd exit status $?"
	printf 'logfile "%s/off.log"\nstore ALL\n' "$PWD" > off.conf
	"$FLOWD" -r "$PCAPS/$_n.pcap" -f off.conf ||
	    atf_fail "$_n: flowd -r failed"
	fd_canon flows.log > live.txt
	fd_canon off.log > off.txt
	diff -u "$PCAPS/$_n.out" live.txt > live.diff ||
	    { cat live.diff; atf_fail "$_n: live log differs from $_n.out"; }
	diff -u off.txt live.txt > off.diff ||
	    { cat off.diff; atf_fail "$_n: live and flowd -r differ"; }
	atf_check_equal "$(fd_totals flows.log)" "$(oracle "$_n")"
}

replay_version()
{
	common
	for _n in "$@"; do
		replay_one "$_n"
		echo "$_n: $(fd_totals flows.log) flows/packets/octets"
	done
}

atf_test_case v1
v1_head()
{
	atf_set descr "NetFlow v1 captures (softflowd, fprobe) replayed live"
	atf_set timeout 60
}
v1_body()
{
	replay_version softflowd-v1 fprobe-v1
}

atf_test_case v5
v5_head()
{
	atf_set descr "NetFlow v5 captures (softflowd, pmacctd, fprobe)"
	atf_set timeout 60
}
v5_body()
{
	replay_version softflowd-v5 pmacctd-nfprobe-v5 fprobe-v5
}

atf_test_case v7
v7_head()
{
	atf_set descr "NetFlow v7 captures (fprobe, hand-built)"
	atf_set timeout 60
}
v7_body()
{
	replay_version fprobe-v7 handmade-v7
}

atf_test_case v9
v9_head()
{
	atf_set descr "NetFlow v9 captures (softflowd, pmacctd, hand-built)"
	atf_set timeout 60
}
v9_body()
{
	replay_version softflowd-v9 softflowd-v9-abs-milli \
	    pmacctd-nfprobe-v9 handmade-v9-options-sampling
}

atf_test_case ipfix
ipfix_head()
{
	atf_set descr "IPFIX captures (softflowd, pmacctd, hand-built)"
	atf_set timeout 90
}
ipfix_body()
{
	replay_version softflowd-v10 softflowd-v10-biflow \
	    pmacctd-nfprobe-v10 handmade-ipfix-options-sampling \
	    handmade-ipfix-enterprise-varlen handmade-ipfix-withdrawal \
	    handmade-ipfix-biflow handmade-ipfix-multi-template \
	    handmade-ipfix-multi-domain
}

atf_test_case softflowd
softflowd_head()
{
	atf_set descr "Debian's softflowd -r exporting generated traffic:" \
	    "flowd stores exactly what it exported"
	atf_set timeout 90
}
softflowd_body()
{
	common
	[ -x /usr/sbin/softflowd ] ||
	    atf_skip "/usr/sbin/softflowd missing (Debian package softflowd)"
	"$FD_TOP/tools/gen-traffic/gen-traffic" -s 23 -n 80 -m 40 -d 20 \
	    -t 1700000000 -o traffic.pcap -g traffic.truth ||
	    atf_fail "gen-traffic failed"
	for v in 1 5 9 10; do
		port=$(fd_port)
		rm -f flows.log
		fd_conf c.conf "listen on 127.0.0.1:$port" "store ALL"
		fd_start c.conf
		# -a: packet time is the clock; -c none: no control socket.
		/usr/sbin/softflowd -r traffic.pcap -n "127.0.0.1:$port" \
		    -v "$v" -d -a -c none > sf.out 2>&1 ||
		    { cat sf.out; atf_fail "softflowd -v $v failed"; }
		nflows=$(sed -n "s/^Flows exported: .* (\([0-9]*\) records).*/\1/p" sf.out)
		[ -n "$nflows" ] || { cat sf.out; atf_fail "no statistics"; }
		# The per-protocol table: octets, packets per protocol.
		sf=$(awk '/^Per-protocol statistics/ { t = 1; next }
		    t && /\(/ { o += $(NF - 3); p += $(NF - 2) }
		    END { print p + 0, o + 0 }' sf.out)
		fd_wait_stored "$nflows"
		fd_stop || atf_fail "flowd exit status $?"
		got=$(fd_totals flows.log)
		echo "softflowd -v $v: exported $nflows $sf; stored $got"
		atf_check_equal "$got" "$nflows $sf"
		# Ground truth: softflowd 1.1 meters untagged, 802.1Q and
		# MPLS frames but counts QinQ (0x88a8) ones as non-IP; v1/v5
		# carry IPv4 only.  Packets must equal the truth; octets are
		# only reported: softflowd counts what follows the link
		# header, so the Ethernet padding of frames under 60 bytes is
		# in its octets (a 40-byte ACK counts 46, a 44-byte SYN 46),
		# a few hundred bytes over the truth's IP lengths.
		case $v in
		1|5)	fam=4 ;;
		*)	fam=any ;;
		esac
		truth=$(awk -v fam="$fam" '$1 == "flow" && $12 != "qinq" &&
		    (fam == "any" || $2 == fam) { p += $8; o += $9 }
		    END { print p + 0, o + 0 }' traffic.truth)
		echo "truth (no QinQ, family $fam): $truth"
		got=${got#* }
		atf_check_equal "${got% *}" "${truth% *}"
	done
}

atf_test_case rejects
rejects_head()
{
	atf_set descr "every reject class is counted and good datagrams" \
	    "that follow are still stored"
	atf_set timeout 60
}
rejects_body()
{
	common
	port=$(fd_port)
	fd_conf c.conf "listen on 127.0.0.1:$port" "store ALL"
	fd_start c.conf
	python3 "$(atf_get_srcdir)/bad-datagrams.py" 127.0.0.1 "$port" ||
	    atf_fail "cannot send"
	"$NFSEND" -q -f "$PCAPS/softflowd-v5.pcap" "127.0.0.1:$port" ||
	    atf_fail "nf-send failed"
	fd_wait_stored 133
	fd_stats > stats
	cat stats
	for r in "short datagram" "unsupported version" \
	    "length disagrees with header" "bad record count" \
	    "bad set length" "malformed template" "template too long" \
	    "no template for data" "record overruns its set"; do
		n=$(sed -n "s/^reject $r: \([0-9]*\)/\1/p" stats)
		[ -n "$n" ] && [ "$n" -ge 1 ] ||
		    atf_fail "reject class \"$r\" not counted"
	done
	# The records reached the file through the log writer thread.
	grep -q '^log writer: [1-9][0-9]* batches (.*), at most [1-9]' stats ||
	    atf_fail "no log writer counters"
	fd_stop || atf_fail "flowd exit status $?"
	atf_check_equal "$(fd_totals flows.log)" "$(oracle softflowd-v5)"
}

atf_test_case rotate
rotate_head()
{
	atf_set descr "USR1 after mv under continuous load: no record lost," \
	    "split or duplicated"
	atf_set timeout 90
}
rotate_body()
{
	common
	port=$(fd_port)
	fd_conf c.conf "listen on 127.0.0.1:$port" "store ALL"
	rotate_under_load
}

# Five renames and SIGUSR1s while nf-send feeds the daemon on $port:
# every record lands in exactly one of the logs, none partial.  The
# counters just before the end are left in "stats".
rotate_under_load()
{
	fd_start c.conf
	loops=60
	# 5 datagrams (133 flows) per loop, 200 datagrams/s: 1.5 s.
	"$NFSEND" -q -r 200 -l $loops -f "$PCAPS/softflowd-v5.pcap" \
	    "127.0.0.1:$port" &
	sender=$!
	FD_PIDS="$FD_PIDS $sender"
	i=1
	while [ $i -le 5 ]; do
		sleep 0.25
		mv flows.log "flows.log.$i" || atf_fail "mv"
		kill -USR1 "$(cat flowd.pid)"
		i=$((i + 1))
	done
	wait $sender || atf_fail "nf-send failed"
	want=$((loops * 133))
	fd_wait_stored $want
	fd_stats > stats
	fd_stop || atf_fail "flowd exit status $?"
	total=0
	for f in flows.log.1 flows.log.2 flows.log.3 flows.log.4 \
	    flows.log.5 flows.log; do
		[ -f "$f" ] || continue
		"$READER" -d -q "$f" 2> "$f.err" ||
		    { cat "$f.err"; atf_fail "$f is not a clean log"; }
		grep -i partial "$f.err" && atf_fail "$f: partial record"
		n=$(fd_totals "$f" | cut -d' ' -f1)
		echo "$f: $n flows"
		total=$((total + n))
	done
	atf_check_equal "$total" "$want"
	# Every copy of the capture arrived once: as many flows per
	# distinct record as loops.
	cat flows.log.[1-5] flows.log > all.log
	fd_canon all.log | sort | uniq -c | awk -v l=$loops '$1 != l' > odd
	[ -s odd ] && { head odd; atf_fail "records lost or duplicated"; }
	true
}

atf_test_case direct
direct_head()
{
	atf_set descr "logfile ... direct: rotation under load as above," \
	    "the batches written with O_DIRECT where the file system can"
	atf_set timeout 60
}
direct_body()
{
	common
	port=$(fd_port)
	FD_LOGOPT=direct fd_conf c.conf "listen on 127.0.0.1:$port" \
	    "store ALL"
	grep -q '^logfile ".*" direct$' c.conf || atf_fail "no direct option"
	rotate_under_load
	cat stats
	if dd if=/dev/zero of=probe bs=4096 count=1 oflag=direct \
	    2>/dev/null; then
		grep -q '^log writer: .* ([1-9][0-9]* with O_DIRECT)' stats ||
		    atf_fail "no batch written with O_DIRECT"
	else
		echo "this file system refuses O_DIRECT: ordinary writes"
	fi
}

atf_test_case reload
reload_head()
{
	atf_set descr "HUP: unchanged listener kept (nothing lost), new" \
	    "listener and rule applied, broken config refused"
	atf_set timeout 60
}
reload_body()
{
	common
	a=$(fd_port)
	b=$(fd_port)
	[ "$a" != "$b" ] || b=$(fd_port)
	fd_conf c.conf "listen on 127.0.0.1:$a" "store ALL"
	fd_start c.conf
	# 5 datagrams per loop at 100/s: 1 s of traffic across the HUP.
	"$NFSEND" -q -r 100 -l 20 -f "$PCAPS/softflowd-v5.pcap" \
	    "127.0.0.1:$a" &
	sender=$!
	FD_PIDS="$FD_PIDS $sender"
	sleep 0.3
	fd_conf c.conf "listen on 127.0.0.1:$a" "listen on 127.0.0.1:$b" \
	    "store ALL" "discard proto 17"
	kill -HUP "$(cat flowd.pid)"
	wait $sender || atf_fail "nf-send failed"
	fd_wait_for "grep -q 'reloaded: 2 listeners' flowd.err" ||
	    { cat flowd.err; atf_fail "reload not done"; }
	n=$(fd_stats | sed -n 's/^datagrams \([0-9]*\) .*/\1/p')
	atf_check_equal "$n" 100
	before=$(fd_stored)
	udp=$(grep -c '^FLOW proto 17 ' "$PCAPS/softflowd-v5.out")
	# The new listener, with the new rule.
	"$NFSEND" -q -f "$PCAPS/softflowd-v5.pcap" "127.0.0.1:$b" ||
	    atf_fail "nf-send failed"
	fd_wait_stored $((before + 133 - udp))
	# A broken config is refused; the running one goes on.
	echo "this is not flowd.conf" >> c.conf
	kill -HUP "$(cat flowd.pid)"
	fd_wait_for "grep -q 'has errors, keeping the running' flowd.err" ||
	    atf_fail "broken config not reported"
	"$NFSEND" -q -f "$PCAPS/softflowd-v5.pcap" "127.0.0.1:$a" ||
	    atf_fail "nf-send failed"
	fd_wait_stored $((before + 2 * (133 - udp)))
	sleep 0.2
	atf_check_equal "$(fd_stored)" $((before + 2 * (133 - udp)))
	fd_stop || atf_fail "flowd exit status $?"
}

atf_test_case logsock
logsock_head()
{
	atf_set descr "logsock: one record per stored flow; a missing" \
	    "consumer never stops storing and is picked up after USR1"
	atf_set timeout 60
}
logsock_body()
{
	common
	port=$(fd_port)
	fd_conf c.conf "listen on 127.0.0.1:$port" "store ALL" \
	    "logsock \"$PWD/sock\""
	# No consumer yet.
	fd_start c.conf
	"$NFSEND" -q -f "$PCAPS/softflowd-v5.pcap" "127.0.0.1:$port" ||
	    atf_fail "nf-send failed"
	fd_wait_stored 133
	python3 "$(atf_get_srcdir)/logsock-consumer.py" "$PWD/sock" 40 \
	    > consumer.out 2>&1 &
	cons=$!
	FD_PIDS="$FD_PIDS $cons"
	fd_wait_for "[ -S sock ]" || atf_fail "consumer did not bind"
	kill -USR1 "$(cat flowd.pid)"
	fd_wait_for "grep -q 'reopening the log' flowd.err" ||
	    atf_fail "no USR1"
	# Linux queues only net.unix.max_dgram_qlen (10 by default)
	# datagrams on a UNIX socket, and a datagram carrying more flows
	# than that arrives in one burst: a consumer misses what does not
	# fit (counted as "logsock ... dropped").  handmade-v7 has at most
	# 8 flows in all; a pause after each copy lets the consumer drain.
	for i in 1 2 3 4 5; do
		"$NFSEND" -q -f "$PCAPS/handmade-v7.pcap" "127.0.0.1:$port" ||
		    atf_fail "nf-send failed"
		sleep 0.3
	done
	fd_wait_stored 173
	fd_stats > stats
	grep -q 'logsock sent 40 dropped 0 errors 0' stats ||
	    { cat stats; atf_fail "logsock counters"; }
	fd_wait_for "! kill -0 $cons 2>/dev/null" ||
	    { cat consumer.out; atf_fail "consumer did not get 40"; }
	wait $cons || { cat consumer.out; atf_fail "bad logsock records"; }
	cat consumer.out
	fd_stop || atf_fail "flowd exit status $?"
	atf_check_equal "$(fd_totals flows.log | cut -d' ' -f1)" 173
	# What the consumer got equals the end of the log, record for
	# record (recv_time included: compare the raw bytes).
	size=$(wc -c < got.log | tr -d ' ')
	tail -c "$size" flows.log > tail.log
	atf_check cmp got.log tail.log
}

atf_test_case privsep
privsep_head()
{
	atf_set descr "the collector is unprivileged, chrooted, sandboxed;" \
	    "the parent stays root; the config parser is gone"
	atf_set require.user root
	atf_set timeout 30
}
privsep_body()
{
	common
	port=$(fd_port)
	fd_conf c.conf "listen on 127.0.0.1:$port" "store ALL"
	fd_start c.conf
	parent=$FD_PID
	kids=$(ps -o pid= --ppid "$parent" | tr -d ' ')
	atf_check_equal "$(echo "$kids" | wc -w | tr -d ' ')" 1
	coll=$kids
	tr '\0' ' ' < "/proc/$coll/cmdline" | grep -q 'flowd: collector' ||
	    atf_fail "child $coll is not titled 'flowd: collector'"
	uid=$(id -u nobody)
	gid=$(id -g nobody)
	grep "^Uid:" "/proc/$coll/status"
	atf_check_equal "$(awk '/^Uid:/ { print $2, $3, $4, $5 }' \
	    "/proc/$coll/status")" "$uid $uid $uid $uid"
	atf_check_equal "$(awk '/^Gid:/ { print $2, $3, $4, $5 }' \
	    "/proc/$coll/status")" "$gid $gid $gid $gid"
	atf_check_equal "$(awk '/^Groups:/ { print $2 }' \
	    "/proc/$coll/status")" "$gid"
	atf_check_equal "$(readlink "/proc/$coll/root")" "$PWD/empty"
	atf_check_equal "$(awk '/^Seccomp:/ { print $2 }' \
	    "/proc/$coll/status")" 2
	atf_check_equal "$(awk '/^NoNewPrivs:/ { print $2 }' \
	    "/proc/$coll/status")" 1
	# Its log writer thread too: same user, same filter.
	ntask=0
	for t in /proc/$coll/task/*; do
		ntask=$((ntask + 1))
		atf_check_equal "$(awk '/^Uid:/ { print $2, $3, $4, $5 }' \
		    "$t/status")" "$uid $uid $uid $uid"
		atf_check_equal "$(awk '/^Seccomp:/ { print $2 }' \
		    "$t/status")" 2
		atf_check_equal "$(awk '/^NoNewPrivs:/ { print $2 }' \
		    "$t/status")" 1
	done
	atf_check_equal "$ntask" 2
	atf_check_equal "$(awk '/^Uid:/ { print $2, $3 }' \
	    "/proc/$parent/status")" "0 0"
	# And it still works.
	"$NFSEND" -q -f "$PCAPS/softflowd-v5.pcap" "127.0.0.1:$port" ||
	    atf_fail "nf-send failed"
	fd_wait_stored 133
	fd_stop || atf_fail "flowd exit status $?"
}

atf_test_case mcast cleanup
mcast_head()
{
	atf_set descr "join group in a namespace: datagrams sent to an" \
	    "IPv4 and an IPv6 multicast group reach the log"
	atf_set require.user root
	atf_set timeout 60
}
mcast_body()
{
	common
	. "$FD_TOP/regress/conformance/netns-lib.sh"
	if reason=$(nsl_unusable); then
		atf_skip "$reason"
	fi
	trap 'fd_cleanup; nsl_cleanup' EXIT
	nsl_create "t-mcast-$$" || atf_fail "namespace"
	nsl_exec ip route add 224.0.0.0/4 dev "$NSL_B" ||
	    atf_fail "IPv4 multicast route"
	v6=yes
	nsl_exec ip -6 addr add fd00:5::2/64 dev "$NSL_B" nodad &&
	    nsl_exec ip -6 route add ff15::/16 dev "$NSL_B" || v6=no
	groups="239.1.2.3:47555"
	[ $v6 = yes ] && groups="$groups [ff15::123]:47556"
	for g in $groups; do
		addr=${g%:*}
		rm -f flows.log
		fd_conf c.conf "listen on $g" \
		    "join group $(echo "$addr" | tr -d '[]') on $NSL_B"
		: > flowd.err
		nsl_exec "$FLOWD" -d -f c.conf 2>> flowd.err &
		FD_PID=$!
		FD_PIDS="$FD_PIDS $FD_PID"
		fd_wait_for "grep -q 'collecting on' flowd.err" ||
		    { cat flowd.err; atf_fail "flowd did not start"; }
		nsl_exec "$NFSEND" -q -f "$PCAPS/softflowd-v5.pcap" "$g" ||
		    atf_fail "nf-send to $g failed"
		fd_wait_stored 133
		fd_stop || atf_fail "flowd exit status $?"
		atf_check_equal "$(fd_totals flows.log)" \
		    "$(oracle softflowd-v5)"
		echo "$g: $(fd_totals flows.log)"
	done
	[ $v6 = yes ] || echo "IPv6 skipped: no IPv6 in the namespace"
}
mcast_cleanup()
{
	. "$(atf_get_srcdir)/../conformance/netns-lib.sh"
	nsl_cleanup
}

atf_test_case restart
restart_head()
{
	atf_set descr "a restart appends to an existing log (the collector" \
	    "used to die in its sandbox checking the log's start)"
	atf_set timeout 30
}
restart_body()
{
	common
	port=$(fd_port)
	fd_conf c.conf "listen on 127.0.0.1:$port" "store ALL"
	for i in 1 2; do
		fd_start c.conf
		"$NFSEND" -q -f "$PCAPS/softflowd-v5.pcap" "127.0.0.1:$port" ||
		    atf_fail "nf-send failed"
		fd_wait_stored 133
		fd_stop || atf_fail "flowd exit status $?"
	done
	atf_check_equal "$(fd_totals flows.log | cut -d' ' -f1)" 266
}

atf_test_case offline
offline_head()
{
	atf_set descr "flowd -r: missing or garbage capture is a clear" \
	    "error, exit 1"
	atf_set timeout 30
}
offline_body()
{
	common
	printf 'logfile "%s/off.log"\nstore ALL\n' "$PWD" > off.conf
	atf_check -s exit:1 -e match:"nonexistent.pcap" \
	    "$FLOWD" -r nonexistent.pcap -f off.conf
	head -c 4096 /dev/urandom > garbage.pcap
	atf_check -s exit:1 -e match:"garbage.pcap" \
	    "$FLOWD" -r garbage.pcap -f off.conf
	: > empty.pcap
	atf_check -s exit:1 -e match:"empty.pcap" \
	    "$FLOWD" -r empty.pcap -f off.conf
	# A capture cut short in the middle of a frame.
	head -c 1000 "$PCAPS/softflowd-v9.pcap" > cut.pcap
	atf_check -s ignore -e ignore "$FLOWD" -r cut.pcap -f off.conf
}

atf_test_case offline_nat
offline_nat_head()
{
	atf_set descr "NAT IEs (v9 and IPFIX) through flowd -r into the log" \
	    "with store NAT, and left out without it"
	atf_set timeout 30
}
offline_nat_body()
{
	common
	# The golden datagrams of regress/lib t_nf_v9 and t_nf_ipfix (nat).
	python3 - nat.pcap <<'EOF'
import struct, sys
V9 = (
    "00090005000f42406553f1000000000100000011000000440104000b00080004"
    "000c000400070002000b00020004000100e1000400e2000400e3000200e40002"
    "01190010011a00100105000300e1000400e3000100e40001010400780a000001"
    "c6336401c000005006cb007101c63364019c4000500000000000000000000000"
    "0000000000000000000000000000000000000000000a0000020a000003100000"
    "351100000000000000001001003520010db80000000000000000006400010064"
    "ff9b0000000000000000c633640100000105000cc633640907080000")
IPFIX = (
    "000a009d6553f1000000000000000001000200400110000d00080004000c0004"
    "00070002000b00020004000100010008800100080000727900e1000400e20004"
    "00e3000200e4000201190010011a00100110004d0a0000010a000002c0000050"
    "0600000000000003e800000000000007d0cb007101000000009c400050000000"
    "000000000000000000000000000064ff9b0000000000000000c6336402")
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, h in enumerate((V9, IPFIX)):
        d = bytes.fromhex(h)
        udp = struct.pack("!HHHH", 40999, 2055, 8 + len(d), 0) + d
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i, 0, 64,
            17, 0, bytes((192, 0, 2, 9)), bytes((192, 0, 2, 1)))
        fr = bytes(12) + b"\x08\x00" + ip + udp
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr), len(fr)))
        f.write(fr)
EOF
	[ -s nat.pcap ] || atf_fail "could not write nat.pcap"
	printf 'logfile "%s/nat.log"\nstore ALL\nstore NAT\n' "$PWD" > nat.conf
	atf_check "$FLOWD" -r nat.pcap -f nat.conf
	atf_check -o save:nat.txt "$READER" -U \
	    -s src,nat_src,nat_src_port,nat_dst,nat_dst_port nat.log
	cat > want.txt <<'EOF'
FLOW src 10.0.0.1 nat_src 203.0.113.1 nat_src_port 40000 nat_dst 198.51.100.1 nat_dst_port 80
FLOW src 10.0.0.2 nat_src 2001:db8::64:1 nat_src_port 4097 nat_dst 64:ff9b::c633:6401 nat_dst_port 53
FLOW nat_src 198.51.100.9 nat_src_port 7 nat_dst 0.0.0.0 nat_dst_port 8
FLOW src 10.0.0.1 nat_src 203.0.113.1 nat_src_port 40000 nat_dst 64:ff9b::c633:6402 nat_dst_port 80
FLOW src 10.0.0.2 nat_src 64:ff9b::c633:6402 nat_src_port 80 nat_dst 203.0.113.1 nat_dst_port 40000
EOF
	atf_check -o empty diff -u want.txt nat.txt
	# "store ALL" alone keeps logs readable by flowd 0.9.1: no NAT.
	printf 'logfile "%s/all.log"\nstore ALL\n' "$PWD" > all.conf
	atf_check "$FLOWD" -r nat.pcap -f all.conf
	atf_check -o save:all.txt "$READER" -v all.log
	atf_check -o inline:"5\n" grep -c '^FLOW' all.txt
	atf_check -s exit:1 -o empty grep nat_ all.txt
}

atf_test_case kernel_drops
kernel_drops_head()
{
	atf_set descr "datagrams the kernel dropped for lack of buffer are" \
	    "counted, also those after the last datagram read"
	atf_set timeout 60
}
kernel_drops_body()
{
	common
	port=$(fd_port)
	# The smallest buffer the kernel gives: a few datagrams.
	fd_conf c.conf "listen on 127.0.0.1:$port bufsize 8192" "store ALL"
	fd_start c.conf
	col=$(pgrep -P "$FD_PID" | head -n 1)
	[ -n "$col" ] || atf_fail "no collector process"
	# With the collector stopped, 100 datagrams overflow the socket;
	# nothing follows them, so no later datagram carries the count.
	kill -STOP "$col"
	"$NFSEND" -q -l 20 -f "$PCAPS/softflowd-v5.pcap" "127.0.0.1:$port" ||
	    { kill -CONT "$col"; atf_fail "nf-send failed"; }
	kill -CONT "$col"
	hex=$(printf '%04X' "$port")
	i=0
	while :; do
		fd_stats > stats
		got=$(sed -n 's/^datagrams \([0-9]*\) .*/\1/p' stats)
		drops=$(sed -n 's/.* kernel drops \([0-9]*\);.*/\1/p' stats)
		[ $((got + drops)) -eq 100 ] && break
		i=$((i + 1))
		[ $i -lt 20 ] || { cat stats; atf_fail "$got datagrams" \
		    "read and $drops kernel drops: $((100 - got - drops))" \
		    "of 100 unaccounted for"; }
	done
	cat stats
	[ "$drops" -gt 0 ] || atf_fail "nothing was dropped: buffer too big"
	sock=$(awk -v h=":$hex" 'index($2, h) { print $NF; exit }' \
	    /proc/net/udp)
	atf_check_equal "$drops" "$sock"
	fd_stop || atf_fail "flowd exit status $?"
	# Every datagram read was stored: 5 datagrams hold 133 flows.
	n=$(fd_totals flows.log | cut -d' ' -f1)
	[ "$n" -gt 0 ] || atf_fail "nothing stored"
}

atf_test_case slow_disk cleanup
slow_disk_head()
{
	atf_set descr "a log that stops taking writes for a while (a pipe" \
	    "whose reader is stopped) does not stop the receiving: no" \
	    "kernel drop, every flow in the log once it drains"
	atf_set timeout 60
}
slow_disk_body()
{
	common
	port=$(fd_port)
	mkfifo flows.log
	cat flows.log > drained.log &
	reader=$!
	echo "$reader" > reader.pid
	FD_PIDS="$FD_PIDS $reader"
	# A socket buffer of a few dozen datagrams: a collector that waits
	# for the log while they keep coming has to drop.
	fd_conf c.conf "listen on 127.0.0.1:$port bufsize 65536" "store ALL"
	fd_start c.conf
	kill -STOP "$reader"
	# 100 x 5 datagrams (13,300 flows, 1.5 MB of records) in 1 s, one
	# at a time: far more than the pipe (64 KiB) and the socket buffer
	# hold, though never more at once than the buffer does.
	"$NFSEND" -q -b 1 -r 500 -l 100 -f "$PCAPS/softflowd-v5.pcap" \
	    "127.0.0.1:$port" || atf_fail "nf-send failed"
	fd_wait_stored 13300
	fd_stats > stats
	cat stats
	kill -CONT "$reader"
	grep -q '^datagrams 500 .* kernel drops 0;' stats ||
	    atf_fail "datagrams were dropped while the log was stalled"
	# Batches piled up behind the one stuck in write(2).
	q=$(sed -n 's/^log writer: .* at most \([0-9]*\) of.*/\1/p' stats)
	[ "${q:-0}" -ge 2 ] || atf_fail "no batch waited for the stalled log"
	fd_stop || atf_fail "flowd exit status $?"
	wait "$reader"
	want=$(oracle softflowd-v5 |
	    awk '{ print $1 * 100, $2 * 100, $3 * 100 }')
	atf_check_equal "$(fd_totals drained.log)" "$want"
}
slow_disk_cleanup()
{
	# Whatever the body left: a stopped reader, a blocked daemon.
	[ -s reader.pid ] && kill -CONT "$(cat reader.pid)" 2>/dev/null
	[ -s flowd.pid ] && kill -TERM "$(cat flowd.pid)" 2>/dev/null
	[ -s reader.pid ] && kill -TERM "$(cat reader.pid)" 2>/dev/null
	return 0
}

atf_init_test_cases()
{
	atf_add_test_case v1
	atf_add_test_case v5
	atf_add_test_case v7
	atf_add_test_case v9
	atf_add_test_case ipfix
	atf_add_test_case softflowd
	atf_add_test_case rejects
	atf_add_test_case kernel_drops
	atf_add_test_case slow_disk
	atf_add_test_case rotate
	atf_add_test_case direct
	atf_add_test_case reload
	atf_add_test_case logsock
	atf_add_test_case privsep
	atf_add_test_case mcast
	atf_add_test_case restart
	atf_add_test_case offline
	atf_add_test_case offline_nat
}
