#!/usr/bin/env perl
#
# Cross-language helper, Perl side.
#
#	xl.pl write LOG N	write N varied flows
#	xl.pl dump LOG		canonical name=value lines (names as in
#				flowd-reader -j), sorted
#	xl.pl text LOG		flowd-reader -vU's line per flow
#	xl.pl copy A B		read A and write every flow to B
#	xl.pl check LOG		"ok N", or "error OFFSET" at the first bad record
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../../perl";

use Flowd;

my %CANON = (protocol => 'proto', agent_addr => 'agent', src_addr => 'src',
    dst_addr => 'dst', gateway_addr => 'gateway', flow_packets => 'packets',
    flow_octets => 'octets', if_index_in => 'in_if', if_index_out => 'out_if',
    time_sec => 'export_sec', time_nanosec => 'export_nsec', crc => 'crc32',
    nat_src_addr => 'nat_src', nat_dst_addr => 'nat_dst');

sub flow {
	my ($i) = @_;
	my $fields = ($i % 3) ? Flowd::ALL : Flowd::ALL_V30;
	$fields &= ~Flowd::CRC32 if $i % 4 == 1;
	$fields &= Flowd::BRIEF | Flowd::CRC32 if $i % 9 == 8;
	my %f = (fields => $fields, tag => $i, recv_sec => 1600000000 + $i,
	    recv_usec => ($i * 7919) % 1000000, tcp_flags => $i & 0x3f,
	    protocol => (6, 17, 1)[$i % 3], tos => $i & 0xfc,
	    agent_addr => ($i % 2) ? '198.51.100.1' : '2001:db8::1',
	    src_port => $i & 0xffff, dst_port => 65535 - $i,
	    flow_packets => $i * 3, flow_octets => 2 ** 40 + $i,
	    if_index_in => $i, if_index_out => 4294967295,
	    sys_uptime_ms => 86400000 + $i, time_sec => 1600000000,
	    time_nanosec => $i, netflow_version => 9,
	    flow_start => $i, flow_finish => $i * 2, src_as => $i,
	    dst_as => 4294967295, src_mask => $i % 33, dst_mask => 128,
	    engine_type => 65535, engine_id => $i & 0xffff,
	    flow_sequence => $i, source_id => 7,
	    start_sec => 1600000000, start_nsec => $i, end_sec => 1600000000 + $i,
	    end_nsec => 999999999, src_mac => 'aa:bb:cc:dd:ee:ff',
	    dst_mac => sprintf('00:00:00:00:00:%02x', $i & 255),
	    post_src_mac => '00:00:00:00:00:00',
	    post_dst_mac => 'ff:ff:ff:ff:ff:ff', src_vlan => $i % 4096,
	    dst_vlan => 1, ip_version => 4, direction => 0, end_reason => 2,
	    icmp_type => 3, icmp_code => 1, flow_label => 0,
	    sampling_interval => 1, sampling_algorithm => 1,
	    exporter_port => 9995, out_packets => $i, out_octets => $i * 100,
	    nat_src_port => ($i * 31) & 0xffff, nat_dst_port => $i % 1024);
	# NAT44, NAT66, the destination side only.
	if ($i % 3 == 0) {
		$f{nat_src_addr} = sprintf('100.64.%d.%d', ($i >> 8) & 255,
		    $i & 255);
		$f{nat_dst_addr} = '198.51.100.80';
	} elsif ($i % 3 == 1) {
		$f{nat_src_addr} = sprintf('2001:db8:4::%x', $i);
		$f{nat_dst_addr} = '2001:db8:6::1';
	} else {
		$f{nat_dst_addr} = '192.0.2.80';
	}
	if ($i % 2) {
		$f{src_addr} = sprintf('10.0.%d.%d', ($i >> 8) & 255, $i & 255);
		$f{dst_addr} = '10.255.255.255';
		$f{gateway_addr} = '192.0.2.254';
	} else {
		$f{src_addr} = sprintf('2001:db8::%x', $i + 1);
		$f{dst_addr} = '::1';
		$f{gateway_addr} = 'fe80::1';
	}
	return \%f;
}

my $cmd = shift or die "usage\n";
if ($cmd eq 'write') {
	my ($path, $n) = @ARGV;
	my $log = Flowd->new($path, 'w');
	$log->write_flow(flow($_)) for 0 .. $n - 1;
	$log->finish;
} elsif ($cmd eq 'dump' || $cmd eq 'text') {
	my $log = Flowd->new($ARGV[0]);
	while (my $f = $log->read_flow) {
		if ($cmd eq 'text') {
			print $log->format(Flowd::ALL, 1, $f), "\n";
			next;
		}
		my @kv;
		# A NAT address not reported: flowd-reader -j prints it so.
		if ($f->{fields} & Flowd::NAT) {
			for my $k (qw(nat_src nat_dst)) {
				push @kv, "$k=0.0.0.0"
				    unless defined $f->{"${k}_addr"};
			}
		}
		for my $k (keys %$f) {
			next if $k =~ /_af$/ || $k eq 'fields' || $k eq 'flow_ver';
			my $v = $f->{$k};
			$v = sprintf('%08x', $v) if $k eq 'crc';
			push @kv, ($CANON{$k} || $k) . "=$v";
		}
		print join(' ', sort @kv), "\n";
	}
	$log->finish;
} elsif ($cmd eq 'copy') {
	my $in = Flowd->new($ARGV[0]);
	my $out = Flowd->new($ARGV[1], 'w');
	while (my $f = $in->read_flow) {
		$out->write_flow($f);
	}
	$in->finish;
	$out->finish;
} elsif ($cmd eq 'check') {
	my $log = Flowd->new($ARGV[0]);
	my $n = 0;
	if (eval { $n++ while $log->read_flow; 1 }) {
		print "ok $n\n";
	} elsif ($@ =~ /at offset (\d+)/) {
		print "error $1\n";
	} else {
		die $@;
	}
} else {
	die "unknown command $cmd\n";
}
