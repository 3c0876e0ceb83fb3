# daemon-lib.sh: run the real flowd daemon from atf-sh tests.
# Source it from a test body.  Everything lives in the test's cwd:
#
#	fd_port			an unused UDP port on 127.0.0.1 (prints it)
#	fd_conf FILE LINES	a config: LINES plus logfile, pidfile and,
#				as root, user nobody and a chroot dir
#	fd_start FILE		start flowd -d (as root privsep, otherwise
#				-X insecure); waits for the collector
#	fd_stats		USR2 and print the new counter lines
#	fd_stored		flows stored so far (via USR2)
#	fd_wait_stored N	wait until N flows are stored
#	fd_stop			TERM, wait for exit (fails if it hangs)
#	fd_cleanup		from a trap: kill whatever is still running
#
# Every wait is bounded (FD_WAIT tenths of a second, 100 by default).

FD_TOP=$(cd "$(atf_get_srcdir)/../.." && pwd)
FLOWD=$FD_TOP/src/flowd/flowd
READER=$FD_TOP/src/flowd-reader/flowd-reader
NFSEND=$FD_TOP/tools/nf-send/nf-send
PCAPS=$FD_TOP/pcaps
FD_WAIT=${FD_WAIT:-100}
FD_PIDS=

fd_cleanup()
{
	for _p in $FD_PIDS; do
		kill -TERM "$_p" 2>/dev/null
	done
	_i=0
	for _p in $FD_PIDS; do
		while kill -0 "$_p" 2>/dev/null && [ $_i -lt 30 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		kill -KILL "$_p" 2>/dev/null
	done
	FD_PIDS=
}

fd_need_python()
{
	command -v python3 >/dev/null 2>&1 ||
	    atf_skip "python3 not installed (Debian package python3)"
}

fd_port()
{
	python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

fd_root()
{
	[ "$(id -u)" -eq 0 ]
}

# fd_conf FILE [LINE ...]
fd_conf()
{
	_f=$1
	shift
	: > "$_f"
	for _l in "$@"; do
		echo "$_l" >> "$_f"
	done
	{
		echo "logfile \"$PWD/flows.log\"${FD_LOGOPT:+ $FD_LOGOPT}"
		echo "pidfile \"$PWD/flowd.pid\""
		if fd_root; then
			mkdir -p "$PWD/empty"
			chmod 755 "$PWD/empty"
			echo "user \"nobody\""
			echo "chroot \"$PWD/empty\""
		fi
	} >> "$_f"
}

fd_wait_for()
{
	_i=0
	while [ $_i -lt "$FD_WAIT" ]; do
		if eval "$1"; then
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

fd_start()
{
	_c=$1
	set --
	fd_root || set -- -X insecure
	: > flowd.err
	rm -f flowd.pid
	"$FLOWD" -d "$@" -f "$_c" 2>> flowd.err &
	FD_PID=$!
	FD_PIDS="$FD_PIDS $FD_PID"
	if ! fd_wait_for "grep -q 'collecting on' flowd.err && [ -s flowd.pid ]"
	then
		cat flowd.err >&2
		atf_fail "flowd did not start"
	fi
	FD_STATN=0
}

# USR2: the collector logs every counter; print the block it added.
fd_stats()
{
	_n=$(grep -c '^datagrams ' flowd.err)
	kill -USR2 "$(cat flowd.pid)" ||
	    atf_fail "flowd is gone"
	fd_wait_for "[ \$(grep -c '^datagrams ' flowd.err) -gt $_n ]" ||
	    atf_fail "no counters after USR2"
	# The block ends with the exporter lines: let it be written.
	sleep 0.1
	awk -v n="$_n" '/^datagrams / { k++ } k > n' flowd.err |
	    awk 'NR > 1 && /^datagrams / { exit } { print }'
}

fd_stored()
{
	fd_stats | sed -n 's/.* stored \([0-9]*\),.*/\1/p' | head -1
}

fd_wait_stored()
{
	_i=0
	while [ $_i -lt $((FD_WAIT / 2)) ]; do
		_s=$(fd_stored)
		[ "$_s" -ge "$1" ] && return 0
		_i=$((_i + 1))
	done
	atf_fail "only $_s of $1 flows stored"
}

fd_stop()
{
	# The pidfile names the parent even when FD_PID is a wrapper
	# (ip netns exec in a subshell).
	if [ -s flowd.pid ]; then
		kill -TERM "$(cat flowd.pid)" 2>/dev/null
	else
		kill -TERM "$FD_PID" 2>/dev/null
	fi
	if ! fd_wait_for "! kill -0 $FD_PID 2>/dev/null"; then
		atf_fail "flowd did not exit on TERM"
	fi
	wait "$FD_PID"
	_rc=$?
	FD_PIDS=$(echo "$FD_PIDS" | sed "s/ $FD_PID\$//; s/ $FD_PID / /")
	[ -f flowd.pid ] && atf_fail "pidfile not removed on exit"
	return $_rc
}

# Canonical text of a log (no recv_time, agent, crc32).
fd_canon()
{
	"$FD_TOP/tools/make-expected" -p "$1"
}

# flows packets octets stored in a log.
fd_totals()
{
	"$READER" -S "$@" | awk '$1 == "total" { print $3, $4, $5 }'
}
