#!/usr/bin/env atf-sh
#
# nf-sink, the bench's null collector: it counts every datagram sent
# to it and says so when told to stop.

tool()
{
	echo "$(atf_get_srcdir)/../../tools/$1/$1"
}

free_port()
{
	python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# mkpcap FILE N: N Ethernet/IPv4/UDP frames of 100-byte payloads.
mkpcap()
{
	python3 - "$1" "$2" <<'PY'
import struct, sys
out, n = sys.argv[1], int(sys.argv[2])
f = open(out, 'wb')
f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
for i in range(n):
    payload = bytes([i & 0xff]) * 100
    ulen = 8 + len(payload)
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + ulen, 0, 0, 64, 17,
        0, bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    p = bytes(12) + b'\x08\x00' + ip + struct.pack('!HHHH', 5000, 2055,
        ulen, 0) + payload
    f.write(struct.pack('<IIII', 1700000000 + i, 0, len(p), len(p)) + p)
PY
}

atf_test_case counts
counts_head()
{
	atf_set descr "every datagram sent is counted, with its bytes"
	atf_set require.progs python3
}
counts_body()
{
	mkpcap in.pcap 7
	port=$(free_port)
	"$(tool nf-sink)" -b 1048576 "127.0.0.1:$port" > out 2> err &
	sink=$!
	i=0
	until grep -q ":$(printf '%04X' "$port") " /proc/net/udp 2>/dev/null ||
	    [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	atf_check -s exit:0 -o ignore -e empty \
	    "$(tool nf-send)" -b 1 -r 1000 -l 3 -f in.pcap "127.0.0.1:$port"
	# Loopback delivers at once; nf-sink reads what is queued at TERM.
	kill -TERM $sink
	wait $sink || atf_fail "nf-sink exit status $?"
	atf_check -o match:"^received 21 datagrams \(2100 bytes\)" cat out
}

atf_test_case bad_arguments
bad_arguments_head()
{
	atf_set descr "a bad buffer size or address is refused"
}
bad_arguments_body()
{
	atf_check -s exit:1 -e match:"bufsize 10: too small" \
	    "$(tool nf-sink)" -b 10 127.0.0.1:9
	atf_check -s exit:1 -e match:"host:port" "$(tool nf-sink)" 127.0.0.1
	atf_check -s exit:1 -e match:"usage" "$(tool nf-sink)"
}

atf_init_test_cases()
{
	atf_add_test_case counts
	atf_add_test_case bad_arguments
}
