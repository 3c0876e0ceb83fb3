# Shared by the tests: hand-spelled records (flowd.md 3.3) and a bitwise
# CRC independent of the module's table.
use strict;
use warnings;

sub hx { my $s = join('', @_); $s =~ s/\s+//g; return pack('H*', $s); }

sub crc_bitwise {
	my ($data) = @_;
	my $crc = 0;
	for my $b (unpack('C*', $data)) {
		$crc ^= $b;
		for (1 .. 8) {
			$crc = ($crc >> 1) ^ (($crc & 1) ? 0xEDB88320 : 0);
		}
	}
	return $crc;
}

sub rec {
	my ($ver, $fields, $body, $crc) = @_;
	my $r = pack('CCnN', $ver, (length($body) + ($crc ? 4 : 0)) / 4, 0,
	    $fields) . $body;
	$r .= pack('N', crc_bitwise($r)) if $crc;
	return $r;
}

# A v5 flow stored with ALL, as flowd writes it (no tag).
our $V5_HDR = hx('60 1b 00 00 40 07 fa ae');
our $V5_BODY = hx(
    '5f5e1000 00009933',		# recv 1600000000 s, 39219 us
    '1b 06 10 00',			# flags, proto, tos, pad
    'c0000201 0a000001 0a000002 0a0000fe',	# agent src dst gateway
    '04d2 0050',			# ports 1234 80
    '00000000 0000000a 00000001 00000000',	# packets 10, octets 2^32
    '00000003 00000004',		# ifindex 3 4
    '05f5e100 5f5e0ff0 00000064 0005 0000',	# agent info
    '05f5b9f0 05f5dd18',		# flow times
    '0000fde8 0000fde9 18 10 0000',	# AS info
    '0001 0002 00000400 00000000');	# engine
our $V5_ALL = $V5_HDR . $V5_BODY . pack('N', crc_bitwise($V5_HDR . $V5_BODY));

our %V5_VALUES = (fields => 0x4007faae, flow_ver => 0x60,
    recv_sec => 1600000000, recv_usec => 39219, tcp_flags => 0x1b,
    protocol => 6, tos => 0x10, agent_addr => '192.0.2.1',
    src_addr => '10.0.0.1', dst_addr => '10.0.0.2',
    gateway_addr => '10.0.0.254', src_port => 1234, dst_port => 80,
    flow_packets => 10, flow_octets => 4294967296, if_index_in => 3,
    if_index_out => 4, sys_uptime_ms => 100000000, time_sec => 1599999984,
    time_nanosec => 100, netflow_version => 5, flow_start => 99990000,
    flow_finish => 99999000, src_as => 65000, dst_as => 65001,
    src_mask => 24, dst_mask => 16, engine_type => 1, engine_id => 2,
    flow_sequence => 1024, source_id => 0);

our $V5_TEXT = 'FLOW recv_time 2020-09-13T12:26:40.039219 proto 6 ' .
    'tcpflags 1b tos 10 agent [192.0.2.1] src [10.0.0.1]:1234 ' .
    'dst [10.0.0.2]:80 gateway [10.0.0.254] packets 10 ' .
    'octets 4294967296 in_if 3 out_if 4 sys_uptime_ms 1d3h46m40s.000 ' .
    'time_sec 2020-09-13T12:26:24 time_nanosec 100 netflow ver 5 ' .
    'flow_start 1d3h46m30s.000 flow_finish 1d3h46m39s.000 ' .
    'src_AS 65000 src_masklen 24 dst_AS 65001 dst_masklen 16 ' .
    'engine_type 1 engine_id 2 seq 1024 source 0 ' .
    sprintf('crc32 %08x ', unpack('N', substr($V5_ALL, -4)));

# A varied flow numbered $i.
sub sample_flow {
	my ($i) = @_;
	my %f = %V5_VALUES;
	delete $f{flow_ver};
	$f{fields} = 0x4007ffff;
	$f{tag} = $i;
	$f{src_addr} = sprintf('10.%d.%d.%d', ($i >> 16) & 255, ($i >> 8) & 255,
	    $i & 255);
	$f{dst_addr} = sprintf('2001:db8::%x', ($i & 0xffff) + 1) if $i % 2;
	$f{flow_packets} = $i + 1;
	$f{flow_octets} = ($i + 1) * 1400 + 2 ** 40;
	$f{src_port} = 1024 + $i % 60000;
	$f{recv_usec} = ($i * 7919) % 1000000;
	return \%f;
}

1;
