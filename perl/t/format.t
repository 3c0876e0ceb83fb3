use strict;
use warnings;
use FindBin;
use Test::More;

use Flowd;
require "$FindBin::Bin/lib.pl";
our ($V5_ALL, $V5_TEXT);

my $f = Flowd::deserialise($V5_ALL);
is(Flowd::format(Flowd::ALL, 1, $f), $V5_TEXT, 'text of v5 ALL');
my $obj = bless {}, 'Flowd';
is($obj->format(Flowd::ALL, 1, $f), $V5_TEXT, 'as a method');
like(Flowd::format(Flowd::AS_INFO, 1, $f),
    qr/^FLOW src_AS 65000 src_masklen 24 dst_AS 65001 dst_masklen 16 $/,
    'mask lengths are printed (upstream bug fixed)');
is(Flowd::format(Flowd::BRIEF, 1, $f), 'FLOW recv_time ' .
    '2020-09-13T12:26:40.039219 proto 6 tcpflags 1b tos 10 ' .
    'agent [192.0.2.1] src [10.0.0.1]:1234 dst [10.0.0.2]:80 ' .
    'packets 10 octets 4294967296 ', 'brief');
is(Flowd::format(undef, 1, {recv_sec => 0, recv_usec => 7,
    fields => Flowd::RECV_TIME}), 'FLOW recv_time 1970-01-01T00:00:00.000007 ',
    'six-digit microseconds');
is(Flowd::format(Flowd::ALL, 1, {}), 'FLOW ', 'empty flow');

is(Flowd::iso_time(1600000000, 1), '2020-09-13T12:26:40', 'iso_time UTC');
{
	local $ENV{TZ} = 'UTC+2';
	POSIX::tzset();
	is(Flowd::iso_time(1600000000, 0), '2020-09-13T10:26:40', 'local');
	is(Flowd::iso_time(1600000000, 1), '2020-09-13T12:26:40',
	    'UTC flag honoured (upstream bug fixed)');
}
POSIX::tzset();
is(Flowd::interval_time(0), '0s', 'interval 0');
is(Flowd::interval_time(3600), '1h0s', 'interval 1h');
is(Flowd::interval_time(604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5),
    '1w2d3h4m5s', 'interval');
is(Flowd::interval_time(52 * 604800), '1y0s', 'a year is 52 weeks');
is(Flowd::interval_time_ms(3723004), '1h2m3s.004', 'interval_time_ms');

my $m = Flowd::deserialise(Flowd::serialise({start_sec => 1600000000,
    start_nsec => 5, end_sec => 1600000001, end_nsec => 6,
    src_vlan => 1, dst_vlan => 2, exporter_port => 2055,
    out_packets => 1, out_octets => 2, nat_dst_addr => '64:ff9b::a01:1',
    nat_src_port => 61000, nat_dst_port => 8080}));
is(Flowd::format(Flowd::ALL, 1, $m), 'FLOW start_time ' .
    '2020-09-13T12:26:40.000000005 end_time 2020-09-13T12:26:41.000000006 ' .
    'src_vlan 1 dst_vlan 2 exporter_port 2055 out_packets 1 out_octets 2 ' .
    'nat_src [0.0.0.0]:61000 nat_dst [64:ff9b::a01:1]:8080 ',
    'store 3.1 groups');
done_testing();
