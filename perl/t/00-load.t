use strict;
use warnings;
use Test::More;

BEGIN { use_ok('Flowd', ':all'); }
is(Flowd::header_length(), 8, 'header_length');
is(Flowd::flow_length(pack('H*', '601b000040 07faae')), 108, 'flow_length');
is(Flowd::TAG, 1, 'TAG');
is(Flowd::CRC32, 0x40000000, 'CRC32');
is(Flowd::SRCDST_ADDR, 0x1e0, 'SRCDST_ADDR');
is(Flowd::GATEWAY_ADDR, 0x600, 'GATEWAY_ADDR');
is(Flowd::BRIEF, 0x39ff, 'BRIEF');
is(Flowd::ALL_V30, 0x4007ffff, 'ALL_V30');
is(Flowd::ALL, 0x47ffffff, 'ALL');
is(Flowd::NAT, 0x04000000, 'NAT');
is(Flowd::MINOR1, 0x07f80000, 'MINOR1');
is(Flowd::VERSION, 0x61, 'VERSION');
is(FLOW_ENGINE_INFO(), 0x40000, 'exported constant');
done_testing();
