#!/usr/bin/env atf-sh
#
# nf-send replays the UDP payloads of a capture to a real socket: every
# datagram arrives, byte for byte, in order, from the chosen port.

nfsend()
{
	echo "$(atf_get_srcdir)/../../tools/nf-send/nf-send"
}

# mkpcap FILE N: N Ethernet/IPv4/UDP frames, payload "dgram-<i>" padded
# with i bytes, plus one TCP frame that must be skipped.
mkpcap()
{
	python3 - "$1" "$2" <<'PY'
import struct, sys
out, n = sys.argv[1], int(sys.argv[2])
f = open(out, 'wb')
f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
def frame(payload, proto=17):
    ulen = 8 + len(payload)
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + ulen, 0, 0, 64, proto,
        0, bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    return bytes(12) + b'\x08\x00' + ip + struct.pack('!HHHH', 5000, 2055,
        ulen, 0) + payload
for i in range(n + 1):
    p = frame(b'dgram-%d' % i + bytes(i), 6 if i == n else 17)
    f.write(struct.pack('<IIII', 1700000000 + i, 0, len(p), len(p)) + p)
PY
}

# listen PORTFILE OUT COUNT: receive COUNT datagrams on an ephemeral
# loopback port, record "srcport payload" per datagram.
listen_start()
{
	python3 - "$@" <<'PY' &
import socket, sys
pf, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
s.settimeout(20)
open(pf + '.tmp', 'w').write(str(s.getsockname()[1]))
import os; os.rename(pf + '.tmp', pf)
with open(out, 'w') as o:
    for i in range(count):
        d, a = s.recvfrom(65535)
        o.write('%d %s\n' % (a[1], d.split(b'\0')[0].decode()))
PY
	listener=$!
	i=0
	while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

atf_test_case replay
replay_head()
{
	atf_set descr "every UDP payload of a capture arrives, in order"
	atf_set require.progs python3
}
replay_body()
{
	mkpcap in.pcap 5
	listen_start port got 10
	port=$(cat port)
	atf_check -s exit:0 -o match:"^sent 10 datagrams \(" -e empty \
	    "$(nfsend)" -l 2 -f in.pcap "127.0.0.1:$port"
	wait $listener || atf_fail "listener did not get every datagram"
	cut -d' ' -f2 got > payloads
	printf 'dgram-%d\n' 0 1 2 3 4 0 1 2 3 4 > want
	atf_check -o empty diff -u want payloads
}

atf_test_case source_port_and_count
source_port_and_count_head()
{
	atf_set descr "-p fixes the source port, -c stops after N datagrams"
	atf_set require.progs python3
}
source_port_and_count_body()
{
	mkpcap in.pcap 3
	listen_start port got 7
	port=$(cat port)
	atf_check -s exit:0 -o ignore -e empty \
	    "$(nfsend)" -p 45123 -c 7 -r 1000 -f in.pcap "127.0.0.1:$port"
	wait $listener || atf_fail "listener did not get 7 datagrams"
	atf_check -o inline:"7\n" sh -c "grep -c '^45123 ' got"
}

atf_test_case burst
burst_head()
{
	atf_set descr "-b 1 paces one datagram at a time: all arrive, in order"
	atf_set require.progs python3
}
burst_body()
{
	mkpcap in.pcap 4
	listen_start port got 8
	port=$(cat port)
	atf_check -s exit:0 -o match:"^sent 8 datagrams \(" -e empty \
	    "$(nfsend)" -b 1 -r 2000 -l 2 -f in.pcap "127.0.0.1:$port"
	wait $listener || atf_fail "listener did not get every datagram"
	cut -d' ' -f2 got > payloads
	printf 'dgram-%d\n' 0 1 2 3 0 1 2 3 > want
	atf_check -o empty diff -u want payloads
}

atf_test_case bad_arguments
bad_arguments_head()
{
	atf_set descr "bad numbers and files are refused with a message"
}
bad_arguments_body()
{
	mkpcap in.pcap 1
	atf_check -s exit:1 -e match:"rate 0: too small" \
	    "$(nfsend)" -r 0 -f in.pcap 127.0.0.1:9
	atf_check -s exit:1 -e match:"burst 0: too small" \
	    "$(nfsend)" -b 0 -r 10 -f in.pcap 127.0.0.1:9
	atf_check -s exit:1 -e match:"port 70000: too large" \
	    "$(nfsend)" -p 70000 -f in.pcap 127.0.0.1:9
	atf_check -s exit:1 -e match:"missing.pcap" \
	    "$(nfsend)" -f missing.pcap 127.0.0.1:9
	atf_check -s exit:1 -e match:"host:port" \
	    "$(nfsend)" -f in.pcap 127.0.0.1
	atf_check -s exit:1 -e match:"usage" "$(nfsend)"
}

atf_init_test_cases()
{
	atf_add_test_case replay
	atf_add_test_case source_port_and_count
	atf_add_test_case burst
	atf_add_test_case bad_arguments
}
