use strict;
use warnings;
use FindBin;
use Test::More;
use Socket qw(AF_INET AF_INET6);

use Flowd;
require "$FindBin::Bin/lib.pl";
our ($V5_ALL, %V5_VALUES);

# CRC vectors: initial value 0, no final xor.
is(crc_bitwise('123456789'), 0x2dfd2d88, 'bitwise CRC vector');
is(Flowd::crc32('123456789'), 0x2dfd2d88, 'module CRC vector');
is(Flowd::crc32(''), 0, 'empty CRC');
for my $n (1, 17, 116, 300) {
	my $d = join('', map { chr(($_ * 37 + $n) & 255) } 1 .. $n);
	is(Flowd::crc32($d), crc_bitwise($d), "CRC over $n bytes");
	is(Flowd::crc32_table($d), crc_bitwise($d), "table CRC, $n bytes");
	is(Flowd::crc32($d, 0x12345678), Flowd::crc32_table($d, 0x12345678),
	    "CRC update, $n bytes");
}

# The verified v5 record.
is(length($V5_ALL), 116, 'v5 ALL is 116 bytes');
is(unpack('H16', $V5_ALL), '601b000040 07faae' =~ s/ //r, 'header bytes');
my $f = Flowd::deserialise($V5_ALL);
for my $k (sort keys %V5_VALUES) {
	is($f->{$k}, $V5_VALUES{$k}, "v5 $k");
}
is($f->{src_addr_af}, AF_INET, 'af');
ok(!exists $f->{tag}, 'no tag key when absent');
is($f->{crc}, unpack('N', substr($V5_ALL, -4)), 'crc key');
is(Flowd::serialise($f), $V5_ALL, 'serialise gives the same bytes');
my %g = %V5_VALUES;
delete $g{fields};
$g{crc} = 0;
is(Flowd::serialise(\%g), $V5_ALL, 'fields derived from keys');

# Every 3.0 bit alone, with and without CRC.
my @cases = (
	[Flowd::TAG, 'deadbeef', {tag => 0xdeadbeef}],
	[Flowd::RECV_TIME, '00000001 000f423f',
	    {recv_sec => 1, recv_usec => 999999}],
	[Flowd::PROTO_FLAGS_TOS, '3f 11 fc 00',
	    {tcp_flags => 0x3f, protocol => 17, tos => 0xfc}],
	[Flowd::AGENT_ADDR4, '7f000001', {agent_addr => '127.0.0.1'}],
	[Flowd::AGENT_ADDR6, '20010db8' . '00' x 11 . '01',
	    {agent_addr => '2001:db8::1', agent_addr_af => AF_INET6}],
	[Flowd::SRC_ADDR4, '01020304', {src_addr => '1.2.3.4'}],
	[Flowd::SRC_ADDR6, 'fe80' . '00' x 13 . '02', {src_addr => 'fe80::2'}],
	[Flowd::DST_ADDR4, 'ffffffff', {dst_addr => '255.255.255.255'}],
	[Flowd::DST_ADDR6, '00' x 10 . 'ffff0a000001',
	    {dst_addr => '::ffff:10.0.0.1'}],
	[Flowd::GATEWAY_ADDR4, '00000000', {gateway_addr => '0.0.0.0'}],
	[Flowd::GATEWAY_ADDR6, '00' x 16, {gateway_addr => '::'}],
	[Flowd::SRCDST_PORT, 'ffff 0001', {src_port => 65535, dst_port => 1}],
	[Flowd::PACKETS, 'ffffffffffffffff',
	    {flow_packets => 18446744073709551615}],
	[Flowd::OCTETS, '0000000100000002', {flow_octets => 4294967298}],
	[Flowd::IF_INDICES, '00010000 ffffffff',
	    {if_index_in => 65536, if_index_out => 4294967295}],
	[Flowd::AGENT_INFO, '00000005 00000006 00000007 0009 0000',
	    {sys_uptime_ms => 5, time_sec => 6, time_nanosec => 7,
	    netflow_version => 9}],
	[Flowd::FLOW_TIMES, '00000001 00000002',
	    {flow_start => 1, flow_finish => 2}],
	[Flowd::AS_INFO, 'fa56ea00 00000001 20 80 0000',
	    {src_as => 4200000000, dst_as => 1, src_mask => 32,
	    dst_mask => 128}],
	[Flowd::FLOW_ENGINE_INFO, '0102 0304 00000005 00000006',
	    {engine_type => 0x102, engine_id => 0x304, flow_sequence => 5,
	    source_id => 6}],
);
my @minor1 = (
	[Flowd::ABS_TIMES, '5f5e1000 075bcd15 5f5e1009 3b9ac9ff',
	    {start_sec => 1600000000, start_nsec => 123456789,
	    end_sec => 1600000009, end_nsec => 999999999}],
	[Flowd::MAC_ADDRS, '001122334455 66778899aabb 020000000001 ' .
	    '020000000002', {src_mac => '00:11:22:33:44:55',
	    dst_mac => '66:77:88:99:aa:bb', post_src_mac => '02:00:00:00:00:01',
	    post_dst_mac => '02:00:00:00:00:02'}],
	[Flowd::VLANS, '0064 0fff', {src_vlan => 100, dst_vlan => 4095}],
	[Flowd::FLOW_INFO, '06 01 03 00 80 00 0000 000fffff',
	    {ip_version => 6, direction => 1, end_reason => 3,
	    icmp_type => 128, icmp_code => 0, flow_label => 0xfffff}],
	[Flowd::SAMPLING, '000003e8 0002 0000',
	    {sampling_interval => 1000, sampling_algorithm => 2}],
	[Flowd::EXPORTER_PORT, '0807 0000', {exporter_port => 2055}],
	[Flowd::REVERSE_COUNTERS, '0000010000000000 8000000000000005',
	    {out_packets => 1099511627776,
	    out_octets => 9223372036854775813}],
	# NAT: each address with its own IP version, 0 when not reported.
	[Flowd::NAT, '04 06 0000 cb007109 ' . '00' x 12 .
	    '20010db8000000000000000000000005 f3f4 f5f6',
	    {nat_src_addr => '203.0.113.9', nat_dst_addr => '2001:db8::5',
	    nat_src_port => 0xf3f4, nat_dst_port => 0xf5f6}],
	[Flowd::NAT, '00 04 0000 ' . '00' x 16 . 'c6336401 ' . '00' x 12 .
	    '0001 0002', {nat_dst_addr => '198.51.100.1', nat_src_port => 1,
	    nat_dst_port => 2}],
);
for my $c (@cases, @minor1) {
	my ($bit, $hex, $want) = @$c;
	my $ver = ($bit & Flowd::MINOR1) ? 0x61 : 0x60;
	for my $crc (0, 1) {
		my $fields = $bit | ($crc ? Flowd::CRC32 : 0);
		my $r = rec($ver, $fields, hx($hex), $crc);
		my $got = eval { Flowd::deserialise($r) };
		ok($got, sprintf('bit 0x%08x decodes', $bit)) or diag($@);
		next unless $got;
		for my $k (sort keys %$want) {
			is($got->{$k}, $want->{$k}, sprintf('0x%x %s', $bit, $k));
		}
		is(Flowd::serialise($got), $r, sprintf('0x%x re-encodes', $bit));
		my %h = (%$want, fields => $fields);
		is(Flowd::serialise(\%h), $r, sprintf('0x%x from a hash', $bit));
	}
}

# Versioning rules.
eval { Flowd::deserialise(rec(0x40, 1, hx('00000001'))) };
like($@, qr/Unsupported version/, 'major 2 refused');
for my $bit (Flowd::VLANS, 1 << 27, Flowd::RESERVED) {
	eval { Flowd::deserialise(rec(0x60, Flowd::TAG | $bit,
	    hx('00000001 00000000'))) };
	like($@, qr/unknown fields|reserved/, sprintf('minor 0 with 0x%x', $bit));
}
eval { Flowd::deserialise(rec(0x61, Flowd::TAG | Flowd::RESERVED,
    hx('00000001 00000000'))) };
like($@, qr/reserved/, 'bit 31 refused in minor 1 too');
eval { Flowd::deserialise(rec(0x62, Flowd::TAG | (1 << 27) | (1 << 28),
    hx('00000001 00000000'))) };
like($@, qr/does not match/, 'unknown fields take 4 bytes each');
my $body = hx('0000002a aabbccdd 11223344 55667788');
my $fields = Flowd::TAG | (1 << 27) | Flowd::CRC32;
my $newer = Flowd::deserialise(rec(0x62, $fields, $body, 1));
is($newer->{tag}, 42, 'newer minor: known field read, unknown skipped');
is(Flowd::serialise($newer), rec(0x60, Flowd::TAG | Flowd::CRC32,
    hx('0000002a'), 1), 'and written back without it');
my $bad = rec(0x62, $fields, $body, 1);
substr($bad, 14, 1) = chr(ord(substr($bad, 14, 1)) ^ 1);
eval { Flowd::deserialise($bad) };
like($@, qr/checksum mismatch/, 'CRC covers skipped fields');
my $nat = hx('04 00 0000 cb007109 ' . '00' x 28 . '0001 0002');
my $nf = Flowd::deserialise(rec(0x61, Flowd::NAT, $nat));
ok(!exists $nf->{nat_dst_addr}, 'NAT side not reported: no key');
is($nf->{nat_src_addr_af}, AF_INET, 'NAT address family');
for my $v (1, 5, 0x46) {
	my $b = $nat;
	substr($b, 1, 1) = chr($v);
	eval { Flowd::deserialise(rec(0x61, Flowd::NAT, $b)) };
	like($@, qr/NAT address IP version/, "NAT IP version $v refused");
}
my $padded = $nat;
substr($padded, 2, 1) = chr(0xff);
is(Flowd::deserialise(rec(0x61, Flowd::NAT, $padded))->{nat_src_addr},
    '203.0.113.9', 'NAT pad bytes ignored');
my $r = rec(0x60, Flowd::TAG, hx('00000001'));
substr($r, 1, 1) = chr(2);
eval { Flowd::deserialise($r . "\0\0\0\0") };
like($@, qr/does not match/, 'len_words checked against the mask');
eval { Flowd::deserialise(rec(0x60, Flowd::SRC_ADDR4 | Flowd::SRC_ADDR6,
    hx('01020304' . '00' x 16))) };
like($@, qr/both address families/, 'both families refused');
my $n = 0;
for my $i (8 .. 111) {
	my $c = $V5_ALL;
	substr($c, $i, 1) = chr(ord(substr($c, $i, 1)) ^ 0x80);
	$n++ unless eval { Flowd::deserialise($c) };
}
is($n, 104, 'every flipped byte is caught');
eval { Flowd::serialise({fields => Flowd::TAG, tag => 4294967296}) };
like($@, qr/out of range/, 'tag too large');
eval { Flowd::serialise({src_addr => '10.0.0.300'}) };
like($@, qr/bad address/, 'bad address');
is(length(Flowd::serialise({src_addr => '10.0.0.1', dst_addr => '10.0.0.2',
    crc => 0})), 20, 'SRCDST_ADDR plus CRC is 20 bytes');
is(unpack('C', Flowd::serialise({tag => 1, src_vlan => 2, dst_vlan => 3})),
    0x61, 'minor 1 version byte when a 3.1 field is written');

done_testing();
