# Flowd.pm: read and write flowd store v3 flow logs in pure Perl.
#
# The API of flowd 0.9.1's Flowd module (header_length, flow_length,
# deserialise, new/read_flow/format/finish, iso_time, interval_time,
# the field constants) without its XS part, with its format() mask-length
# and iso_time() UTC bugs fixed, plus writing (serialise, write_flow) and
# the store 3.1 fields.
package Flowd;

use strict;
use warnings;

use Carp;
use POSIX ();
use Socket qw(AF_INET AF_INET6 inet_ntop inet_pton);
use Exporter 'import';

our $VERSION = '1.0';

use constant {
	TAG			=> 0x00000001,
	RECV_TIME		=> 0x00000002,
	PROTO_FLAGS_TOS		=> 0x00000004,
	AGENT_ADDR4		=> 0x00000008,
	AGENT_ADDR6		=> 0x00000010,
	SRC_ADDR4		=> 0x00000020,
	SRC_ADDR6		=> 0x00000040,
	DST_ADDR4		=> 0x00000080,
	DST_ADDR6		=> 0x00000100,
	GATEWAY_ADDR4		=> 0x00000200,
	GATEWAY_ADDR6		=> 0x00000400,
	SRCDST_PORT		=> 0x00000800,
	PACKETS			=> 0x00001000,
	OCTETS			=> 0x00002000,
	IF_INDICES		=> 0x00004000,
	AGENT_INFO		=> 0x00008000,
	FLOW_TIMES		=> 0x00010000,
	AS_INFO			=> 0x00020000,
	FLOW_ENGINE_INFO	=> 0x00040000,
	ABS_TIMES		=> 0x00080000,
	MAC_ADDRS		=> 0x00100000,
	VLANS			=> 0x00200000,
	FLOW_INFO		=> 0x00400000,
	SAMPLING		=> 0x00800000,
	EXPORTER_PORT		=> 0x01000000,
	REVERSE_COUNTERS	=> 0x02000000,
	NAT			=> 0x04000000,
	CRC32			=> 0x40000000,
	RESERVED		=> 0x80000000,

	AGENT_ADDR		=> 0x00000018,
	SRC_ADDR		=> 0x00000060,
	DST_ADDR		=> 0x00000180,
	SRCDST_ADDR		=> 0x000001e0,
	GATEWAY_ADDR		=> 0x00000600,
	MINOR1			=> 0x07f80000,
	ALL_V30			=> 0x4007ffff,
	ALL			=> 0x47ffffff,
	BRIEF			=> 0x000039ff,

	STORE_VER_MAJOR		=> 3,
	STORE_VER_MINOR		=> 1,
	STORE_VERSION		=> 0x61,
	# The upstream module's name for the store version.
	VERSION			=> 0x61,
	HEADER_LENGTH		=> 8,
};

our @CONSTANTS = qw(TAG RECV_TIME PROTO_FLAGS_TOS AGENT_ADDR4 AGENT_ADDR6
    SRC_ADDR4 SRC_ADDR6 DST_ADDR4 DST_ADDR6 GATEWAY_ADDR4 GATEWAY_ADDR6
    SRCDST_PORT PACKETS OCTETS IF_INDICES AGENT_INFO FLOW_TIMES AS_INFO
    FLOW_ENGINE_INFO ABS_TIMES MAC_ADDRS VLANS FLOW_INFO SAMPLING
    EXPORTER_PORT REVERSE_COUNTERS NAT CRC32 RESERVED AGENT_ADDR SRC_ADDR
    DST_ADDR SRCDST_ADDR GATEWAY_ADDR MINOR1 ALL_V30 ALL BRIEF
    STORE_VER_MAJOR STORE_VER_MINOR STORE_VERSION);
our @EXPORT_OK = (@CONSTANTS, qw(iso_time interval_time interval_time_ms));
our %EXPORT_TAGS = (all => \@EXPORT_OK, fields => \@CONSTANTS);

# Field layouts in bit order (flowd.md 3.3; man/flowd.log.5 for 3.1):
# [bit, pack template, [[key, kind], ...]].  Kinds: u unsigned integer,
# q 64-bit counter, a4/a6 address as text, mac "aa:bb:cc:dd:ee:ff".
# The NAT group's addresses carry their own IP version: xv is the version
# byte (0 not reported, 4, 6) of the xa address of the same key, 16
# bytes, an absent key when not reported.
# Pad bytes (x) are zero when written and ignored when read.
my @LAYOUT = (
	[TAG, 'N', [['tag', 'u']]],
	[RECV_TIME, 'NN', [['recv_sec', 'u'], ['recv_usec', 'u']]],
	[PROTO_FLAGS_TOS, 'CCCx',
	    [['tcp_flags', 'u'], ['protocol', 'u'], ['tos', 'u']]],
	[AGENT_ADDR4, 'a4', [['agent_addr', 'a4']]],
	[AGENT_ADDR6, 'a16', [['agent_addr', 'a6']]],
	[SRC_ADDR4, 'a4', [['src_addr', 'a4']]],
	[SRC_ADDR6, 'a16', [['src_addr', 'a6']]],
	[DST_ADDR4, 'a4', [['dst_addr', 'a4']]],
	[DST_ADDR6, 'a16', [['dst_addr', 'a6']]],
	[GATEWAY_ADDR4, 'a4', [['gateway_addr', 'a4']]],
	[GATEWAY_ADDR6, 'a16', [['gateway_addr', 'a6']]],
	[SRCDST_PORT, 'nn', [['src_port', 'u'], ['dst_port', 'u']]],
	[PACKETS, 'a8', [['flow_packets', 'q']]],
	[OCTETS, 'a8', [['flow_octets', 'q']]],
	[IF_INDICES, 'NN', [['if_index_in', 'u'], ['if_index_out', 'u']]],
	[AGENT_INFO, 'NNNnx2', [['sys_uptime_ms', 'u'], ['time_sec', 'u'],
	    ['time_nanosec', 'u'], ['netflow_version', 'u']]],
	[FLOW_TIMES, 'NN', [['flow_start', 'u'], ['flow_finish', 'u']]],
	[AS_INFO, 'NNCCx2', [['src_as', 'u'], ['dst_as', 'u'],
	    ['src_mask', 'u'], ['dst_mask', 'u']]],
	[FLOW_ENGINE_INFO, 'nnNN', [['engine_type', 'u'], ['engine_id', 'u'],
	    ['flow_sequence', 'u'], ['source_id', 'u']]],
	[ABS_TIMES, 'NNNN', [['start_sec', 'u'], ['start_nsec', 'u'],
	    ['end_sec', 'u'], ['end_nsec', 'u']]],
	[MAC_ADDRS, 'a6a6a6a6', [['src_mac', 'mac'], ['dst_mac', 'mac'],
	    ['post_src_mac', 'mac'], ['post_dst_mac', 'mac']]],
	[VLANS, 'nn', [['src_vlan', 'u'], ['dst_vlan', 'u']]],
	[FLOW_INFO, 'CCCxCCx2N', [['ip_version', 'u'], ['direction', 'u'],
	    ['end_reason', 'u'], ['icmp_type', 'u'], ['icmp_code', 'u'],
	    ['flow_label', 'u']]],
	[SAMPLING, 'Nnx2', [['sampling_interval', 'u'],
	    ['sampling_algorithm', 'u']]],
	[EXPORTER_PORT, 'nx2', [['exporter_port', 'u']]],
	[REVERSE_COUNTERS, 'a8a8', [['out_packets', 'q'],
	    ['out_octets', 'q']]],
	[NAT, 'CCx2a16a16nn', [['nat_src_addr', 'xv'], ['nat_dst_addr', 'xv'],
	    ['nat_src_addr', 'xa'], ['nat_dst_addr', 'xa'],
	    ['nat_src_port', 'u'], ['nat_dst_port', 'u']]],
);

my %ADDR_BITS = (
	agent_addr	=> [AGENT_ADDR4, AGENT_ADDR6],
	src_addr	=> [SRC_ADDR4, SRC_ADDR6],
	dst_addr	=> [DST_ADDR4, DST_ADDR6],
	gateway_addr	=> [GATEWAY_ADDR4, GATEWAY_ADDR6],
);

# ---- CRC32: table 0xEDB88320, initial value 0, no final xor ----

my @CRC_TABLE;
for my $n (0 .. 255) {
	my $c = $n;
	for (1 .. 8) {
		$c = ($c & 1) ? (0xEDB88320 ^ ($c >> 1)) : ($c >> 1);
	}
	$CRC_TABLE[$n] = $c;
}

sub crc32_table {
	my ($data, $crc) = @_;
	$crc = 0 unless defined $crc;
	for my $b (unpack('C*', $data)) {
		$crc = $CRC_TABLE[($crc ^ $b) & 0xff] ^ ($crc >> 8);
	}
	return $crc;
}

# zlib (a core module) walks the same table between an inversion before
# and after: pre-inverting our state and post-inverting its result
# cancels both, and is much faster than the loop above.
my $HAVE_ZLIB = eval { require Compress::Raw::Zlib; 1 } ? 1 : 0;

sub crc32 {
	my ($data, $crc) = @_;
	$crc = 0 unless defined $crc;
	return crc32_table($data, $crc) unless $HAVE_ZLIB;
	return Compress::Raw::Zlib::crc32($data, $crc ^ 0xffffffff) ^
	    0xffffffff;
}

# ---- 64-bit counters, exact on 64-bit perls ----

my $HAVE_Q = eval { my $x = pack('Q>', 1); 1 } ? 1 : 0;

sub _u64_dec {
	my ($b) = @_;
	return unpack('Q>', $b) if $HAVE_Q;
	my ($hi, $lo) = unpack('NN', $b);
	return $hi * 4294967296 + $lo;
}

sub _u64_enc {
	my ($v) = @_;
	croak "counter out of range: $v"
	    if $v !~ /^\d+$/ || length($v) > 20 ||
	    (length($v) == 20 && $v gt '18446744073709551615');
	return pack('Q>', $v) if $HAVE_Q;
	my $hi = int($v / 4294967296);
	return pack('NN', $hi, $v - $hi * 4294967296);
}

# ---- compiled layouts, one per field mask ----

my %LAYOUT_CACHE;

sub _layout {
	my ($fields) = @_;
	my $l = $LAYOUT_CACHE{$fields};
	return $l if $l;
	my ($tmpl, $size, @members) = ('', 0);
	for my $f (@LAYOUT) {
		next unless $fields & $f->[0];
		$tmpl .= $f->[1];
		push @members, @{$f->[2]};
		$size += _field_size($f->[1]);
	}
	$l = $LAYOUT_CACHE{$fields} = { tmpl => $tmpl, members => \@members,
	    size => $size };
	return $l;
}

sub _field_size {
	my ($t) = @_;
	my %w = (N => 4, n => 2, C => 1);
	my $s = 0;
	while ($t =~ /([NnCxa])(\d*)/g) {
		my $n = $2 eq '' ? 1 : $2;
		$s += ($1 eq 'x' || $1 eq 'a') ? $n : $w{$1} * $n;
	}
	return $s;
}

# A NAT address's family: its *_af, else its text; 0 when undefined.
sub _nat_af {
	my ($f, $k) = @_;
	my $a = $f->{$k};
	return 0 unless defined $a;
	my $af = $f->{"${k}_af"};
	return $af if defined $af && ($af == AF_INET || $af == AF_INET6);
	return $a =~ /:/ ? AF_INET6 : AF_INET;
}

sub _mac_ntop { return join(':', map { sprintf('%02x', $_) }
    unpack('C6', $_[0])); }

sub _mac_pton {
	my ($s) = @_;
	(my $h = defined $s ? $s : '') =~ s/[:-]//g;
	croak "bad MAC address '" . (defined $s ? $s : '') . "'"
	    unless $h =~ /^[0-9a-fA-F]{12}$/;
	return pack('H12', $h);
}

# ---- the XS functions of flowd 0.9.1, in Perl ----

sub header_length { return HEADER_LENGTH; }

sub flow_length {
	my ($hdr) = @_;
	croak "header too short" unless defined $hdr && length($hdr) >= 2;
	return unpack('x C', $hdr) * 4;
}

sub _both_families {
	my ($fields) = @_;
	for my $k (sort keys %ADDR_BITS) {
		my ($b4, $b6) = @{$ADDR_BITS{$k}};
		return $k if ($fields & $b4) && ($fields & $b6);
	}
	return undef;
}

# A record (header included) as a hashref; croaks if it is invalid.
sub deserialise {
	my ($buf, $verify) = @_;
	$verify = 1 unless defined $verify;
	croak "Flow too short" unless defined $buf && length($buf) >= 8;
	my ($ver, $nwords, undef, $fields) = unpack('CCnN', $buf);
	my $total = 8 + $nwords * 4;
	croak "Flow too short" if length($buf) < $total;
	my ($major, $minor) = ($ver >> 5, $ver & 0x1f);
	croak "Unsupported version $major.$minor" if $major != 3;
	croak "Flow has the reserved bit 31 set" if $fields & RESERVED;
	my $known = $minor > 0 ? ALL : ALL_V30;
	my $unknown = $fields & ~$known & 0xffffffff;
	croak sprintf("Flow has unknown fields 0x%08x", $unknown)
	    if $unknown && $minor == 0;
	my $both = _both_families($fields);
	croak "Flow has both address families for $both" if defined $both;
	my $has_crc = ($fields & CRC32) ? 1 : 0;
	my $kn = $fields & $known & ~CRC32;
	my $l = _layout($kn);
	my $need = $l->{size} + 4 * $has_crc;
	if (!$unknown) {
		croak sprintf("Flow length %d does not match field mask " .
		    "0x%08x (%d)", $nwords * 4, $fields, $need)
		    if $need != $nwords * 4;
	} else {
		# Unknown (newer) fields follow every known one, each at least
		# 4 bytes, and are skipped up to the CRC (man/flowd.log.5).
		my $low = $unknown & -$unknown;
		croak sprintf("Flow has known fields after unknown ones 0x%08x",
		    $fields) if $kn >= $low;
		my $nunk = unpack('%32b*', pack('N', $unknown));
		croak sprintf("Flow length %d does not match field mask 0x%08x",
		    $nwords * 4, $fields) if $nwords * 4 < $need + 4 * $nunk;
	}

	my %f = (fields => $fields, flow_ver => $ver);
	my @v = unpack($l->{tmpl}, substr($buf, 8, $l->{size}));
	my ($i, %xv) = (0);
	for my $m (@{$l->{members}}) {
		my ($k, $kind) = @$m;
		my $v = $v[$i++];
		if ($kind eq 'u') {
			$f{$k} = $v;
		} elsif ($kind eq 'q') {
			$f{$k} = _u64_dec($v);
		} elsif ($kind eq 'a4') {
			$f{$k} = inet_ntop(AF_INET, $v);
			$f{"${k}_af"} = AF_INET;
		} elsif ($kind eq 'a6') {
			$f{$k} = inet_ntop(AF_INET6, $v);
			$f{"${k}_af"} = AF_INET6;
		} elsif ($kind eq 'xv') {
			croak "Flow has NAT address IP version $v"
			    unless $v == 0 || $v == 4 || $v == 6;
			$xv{$k} = $v;
		} elsif ($kind eq 'xa') {
			if ($xv{$k} == 4) {
				$f{$k} = inet_ntop(AF_INET, substr($v, 0, 4));
				$f{"${k}_af"} = AF_INET;
			} elsif ($xv{$k} == 6) {
				$f{$k} = inet_ntop(AF_INET6, $v);
				$f{"${k}_af"} = AF_INET6;
			}
		} else {
			$f{$k} = _mac_ntop($v);
		}
	}
	if ($has_crc) {
		my $stored = unpack('N', substr($buf, $total - 4, 4));
		$f{crc} = $stored;
		if ($verify) {
			my $calc = crc32(substr($buf, 0, $total - 4));
			croak sprintf("Flow checksum mismatch (stored %08x, " .
			    "computed %08x)", $stored, $calc)
			    if $calc != $stored;
		}
	}
	return \%f;
}

# The presence bits of a flow hash: its fields (or, without one, every
# group with a key present), with the address and counter bits following
# the keys that are defined.
sub _derive_fields {
	my ($f) = @_;
	my $fields;
	if (defined $f->{fields}) {
		$fields = $f->{fields};
	} else {
		$fields = 0;
		for my $g (@LAYOUT) {
			for my $m (@{$g->[2]}) {
				$fields |= $g->[0] if defined $f->{$m->[0]};
			}
		}
		$fields |= CRC32 if defined $f->{crc};
	}
	for my $k (keys %ADDR_BITS) {
		my ($b4, $b6) = @{$ADDR_BITS{$k}};
		$fields &= ~($b4 | $b6);
		my $a = $f->{$k};
		next unless defined $a;
		my $af = $f->{"${k}_af"};
		if ((defined $af && $af == AF_INET6) ||
		    (!(defined $af && $af == AF_INET) && $a =~ /:/)) {
			$fields |= $b6;
		} else {
			$fields |= $b4;
		}
	}
	for my $p (['flow_packets', PACKETS], ['flow_octets', OCTETS]) {
		if (defined $f->{$p->[0]}) {
			$fields |= $p->[1];
		} else {
			$fields &= ~$p->[1];
		}
	}
	return $fields & 0xffffffff;
}

# A flow hash as one v3 record: the groups in $mask (default ALL) that it
# has; the CRC is written when CRC32 is among them.
sub serialise {
	my ($f, $mask) = @_;
	$mask = ALL unless defined $mask;
	my $fields = _derive_fields($f) & $mask & ALL;
	my $has_crc = ($fields & CRC32) ? 1 : 0;
	my $l = _layout($fields & ~CRC32);
	my @v;
	for my $m (@{$l->{members}}) {
		my ($k, $kind) = @$m;
		my $v = $f->{$k};
		if ($kind eq 'u') {
			$v = 0 unless defined $v;
			croak "bad value for $k: $v" unless $v =~ /^\d+$/;
			push @v, $v;
		} elsif ($kind eq 'q') {
			push @v, _u64_enc(defined $v ? $v : 0);
		} elsif ($kind eq 'a4' || $kind eq 'a6') {
			my $b = inet_pton($kind eq 'a4' ? AF_INET : AF_INET6,
			    $v);
			croak "bad address for $k: $v" unless defined $b;
			push @v, $b;
		} elsif ($kind eq 'xv') {
			my $af = _nat_af($f, $k);
			push @v, $af == AF_INET ? 4 : $af == AF_INET6 ? 6 : 0;
		} elsif ($kind eq 'xa') {
			my $af = _nat_af($f, $k);
			my $b = "\0" x 16;
			if ($af != 0) {
				$b = inet_pton($af, $v);
				croak "bad address for $k: $v" unless defined $b;
			}
			push @v, $b . "\0" x (16 - length($b));
		} else {
			push @v, _mac_pton(defined $v ? $v : '00:00:00:00:00:00');
		}
	}
	my $body = pack($l->{tmpl}, @v);
	# pack silently truncates integers that do not fit: check they
	# survive the round trip.
	my @back = unpack($l->{tmpl}, $body);
	for my $i (0 .. $#v) {
		my ($k, $kind) = @{$l->{members}[$i]};
		croak "value out of range for $k: $v[$i]"
		    if $kind eq 'u' && $back[$i] != $v[$i];
	}
	my $ver = ($fields & MINOR1) ? STORE_VERSION : (STORE_VER_MAJOR << 5);
	my $rec = pack('CCnN', $ver, (length($body) + 4 * $has_crc) / 4, 0,
	    $fields) . $body;
	$rec .= pack('N', crc32($rec)) if $has_crc;
	return $rec;
}

# ---- text ----

sub iso_time {
	my ($t, $utc) = @_;
	return POSIX::strftime('%Y-%m-%dT%H:%M:%S',
	    $utc ? gmtime($t) : localtime($t));
}

# A "year" is 52 weeks; zero units are left out, seconds always shown.
sub interval_time {
	my ($t) = @_;
	$t = int($t);
	my $s = '';
	for my $u ([52 * 604800, 'y'], [604800, 'w'], [86400, 'd'],
	    [3600, 'h'], [60, 'm']) {
		my $r = int($t / $u->[0]);
		next unless $r;
		$s .= $r . $u->[1];
		$t -= $r * $u->[0];
	}
	return $s . $t . 's';
}

sub interval_time_ms {
	my ($ms) = @_;
	return sprintf('%s.%03d', interval_time(int($ms / 1000)), $ms % 1000);
}

# The text flowd-reader prints for $flow (no newline).  Called as
# $obj->format($mask, $utc, $flow) like upstream, or Flowd::format(...).
sub format {
	shift if @_ == 4;
	my ($mask, $utc, $f) = @_;
	$mask = BRIEF unless defined $mask;
	my $fl = _derive_fields($f) & $mask;
	my @p = ('FLOW');
	push @p, "tag $f->{tag}" if $fl & TAG;
	push @p, sprintf('recv_time %s.%06d', iso_time($f->{recv_sec}, $utc),
	    $f->{recv_usec}) if $fl & RECV_TIME;
	push @p, sprintf('proto %d tcpflags %02x tos %02x', $f->{protocol},
	    $f->{tcp_flags}, $f->{tos}) if $fl & PROTO_FLAGS_TOS;
	push @p, "agent [$f->{agent_addr}]" if $fl & AGENT_ADDR;
	for my $d (['src', SRC_ADDR], ['dst', DST_ADDR]) {
		next unless $fl & $d->[1];
		my $s = "$d->[0] [" . $f->{"$d->[0]_addr"} . ']';
		$s .= ':' . $f->{"$d->[0]_port"} if $fl & SRCDST_PORT;
		push @p, $s;
	}
	push @p, "gateway [$f->{gateway_addr}]" if $fl & GATEWAY_ADDR;
	push @p, "packets $f->{flow_packets}" if $fl & PACKETS;
	push @p, "octets $f->{flow_octets}" if $fl & OCTETS;
	push @p, "in_if $f->{if_index_in} out_if $f->{if_index_out}"
	    if $fl & IF_INDICES;
	push @p, sprintf('sys_uptime_ms %s time_sec %s time_nanosec %s ' .
	    'netflow ver %s', interval_time_ms($f->{sys_uptime_ms}),
	    iso_time($f->{time_sec}, $utc), $f->{time_nanosec},
	    $f->{netflow_version}) if $fl & AGENT_INFO;
	push @p, sprintf('flow_start %s flow_finish %s',
	    interval_time_ms($f->{flow_start}),
	    interval_time_ms($f->{flow_finish})) if $fl & FLOW_TIMES;
	push @p, "src_AS $f->{src_as} src_masklen $f->{src_mask} " .
	    "dst_AS $f->{dst_as} dst_masklen $f->{dst_mask}" if $fl & AS_INFO;
	push @p, "engine_type $f->{engine_type} engine_id $f->{engine_id} " .
	    "seq $f->{flow_sequence} source $f->{source_id}"
	    if $fl & FLOW_ENGINE_INFO;
	_format_minor1($f, $fl, $utc, \@p) if $fl & MINOR1;
	push @p, sprintf('crc32 %08x', $f->{crc}) if $fl & CRC32;
	# flowd-reader ends every group, the last one too, with a space.
	return join(' ', @p) . ' ';
}

sub _format_minor1 {
	my ($f, $fl, $utc, $p) = @_;
	push @$p, sprintf('start_time %s.%09d end_time %s.%09d',
	    iso_time($f->{start_sec}, $utc), $f->{start_nsec},
	    iso_time($f->{end_sec}, $utc), $f->{end_nsec}) if $fl & ABS_TIMES;
	push @$p, "src_mac $f->{src_mac} dst_mac $f->{dst_mac} " .
	    "post_src_mac $f->{post_src_mac} post_dst_mac $f->{post_dst_mac}"
	    if $fl & MAC_ADDRS;
	push @$p, "src_vlan $f->{src_vlan} dst_vlan $f->{dst_vlan}"
	    if $fl & VLANS;
	push @$p, "ip_version $f->{ip_version} direction $f->{direction} " .
	    "end_reason $f->{end_reason} icmp_type $f->{icmp_type} " .
	    "icmp_code $f->{icmp_code} flow_label $f->{flow_label}"
	    if $fl & FLOW_INFO;
	push @$p, "sampling_interval $f->{sampling_interval} " .
	    "sampling_algorithm $f->{sampling_algorithm}" if $fl & SAMPLING;
	push @$p, "exporter_port $f->{exporter_port}" if $fl & EXPORTER_PORT;
	push @$p, "out_packets $f->{out_packets} out_octets $f->{out_octets}"
	    if $fl & REVERSE_COUNTERS;
	# An address not reported prints as flowd-reader prints it.
	push @$p, sprintf('nat_src [%s]:%d nat_dst [%s]:%d',
	    defined $f->{nat_src_addr} ? $f->{nat_src_addr} : '0.0.0.0',
	    $f->{nat_src_port},
	    defined $f->{nat_dst_addr} ? $f->{nat_dst_addr} : '0.0.0.0',
	    $f->{nat_dst_port}) if $fl & NAT;
}

# ---- the object: a log being read or written ----

# Flowd->new($path_or_handle [, $mode]): mode "r" (default), "w"
# (create/truncate, 0600) or "a" (append).
sub new {
	my ($class, $path, $mode) = @_;
	$mode = 'r' unless defined $mode;
	$mode =~ s/b//;
	croak "mode must be r, w or a" unless $mode =~ /^[rwa]$/;
	my $self = bless { mode => $mode, verify_crc => 1, truncated => 0,
	    offset => 0, buf => '', wbuf => '' }, $class;
	my $fh;
	if (ref($path) || ref(\$path) eq 'GLOB') {
		$fh = $path;
	} elsif ($mode eq 'r') {
		open($fh, '<', $path) or croak "open $path: $!";
		$self->{own} = 1;
	} else {
		if ($mode eq 'a' && open(my $c, '<', $path)) {
			binmode($c);
			my $m = '';
			read($c, $m, 4);
			close($c);
			croak "Cannot append to legacy (version 2) flow log"
			    if $m eq pack('N', 0x012CF047);
		}
		require Fcntl;
		my $flags = Fcntl::O_WRONLY() | Fcntl::O_CREAT() |
		    ($mode eq 'a' ? Fcntl::O_APPEND() : Fcntl::O_TRUNC());
		sysopen($fh, $path, $flags, 0600) or croak "open $path: $!";
		$self->{own} = 1;
	}
	binmode($fh);
	$self->{fh} = $fh;
	return $self;
}

sub _fill {
	my ($self, $need) = @_;
	while (length($self->{buf}) < $need) {
		my $n = read($self->{fh}, $self->{buf}, 65536,
		    length($self->{buf}));
		croak "read: $!" unless defined $n;
		return 0 if $n == 0;
	}
	return 1;
}

# The next flow as a hashref, or 0 at the end of the log.  A partial
# trailing record is end of data (truncated says how many bytes); a
# corrupt record dies with its byte offset.
sub read_flow {
	my ($self) = @_;
	if (!$self->_fill(8) || !$self->_fill(8 + flow_length($self->{buf}))) {
		$self->{truncated} = length($self->{buf});
		return 0;
	}
	my $total = 8 + flow_length($self->{buf});
	my $f = eval { deserialise(substr($self->{buf}, 0, $total),
	    $self->{verify_crc}) };
	if (!$f) {
		(my $e = $@) =~ s/ at \S+ line \d+\.?\n//;
		croak "$e at offset $self->{offset}";
	}
	substr($self->{buf}, 0, $total, '');
	$self->{offset} += $total;
	return $f;
}

sub truncated { return $_[0]->{truncated}; }

# Queue one record; batches go out in one write each.
sub write_flow {
	my ($self, $f, $mask) = @_;
	croak "log not open for writing" if $self->{mode} eq 'r';
	$self->{wbuf} .= serialise($f, $mask);
	$self->flush if length($self->{wbuf}) >= 65536;
	return 1;
}

# Write the queued batch whole; a failed or short write is cut back so
# the file never holds a partial record.
sub flush {
	my ($self) = @_;
	return 1 if $self->{wbuf} eq '';
	my $data = $self->{wbuf};
	$self->{wbuf} = '';
	my $fh = $self->{fh};
	my $start = $self->{mode} eq 'a' ? (stat($fh))[7] :
	    sysseek($fh, 0, 1);
	my $off = 0;
	while ($off < length($data)) {
		my $n = syswrite($fh, $data, length($data) - $off, $off);
		if (!defined $n || $n == 0) {
			my $err = defined $n ? 'short write' : "$!";
			if (defined $start && $start =~ /^\d+$/) {
				truncate($fh, $start);
				sysseek($fh, $start, 0);
			}
			croak "write failed: $err";
		}
		$off += $n;
	}
	return 1;
}

sub finish {
	my ($self) = @_;
	return unless $self->{fh};
	$self->flush if $self->{mode} ne 'r';
	close($self->{fh}) if $self->{own};
	delete $self->{fh};
}

1;
__END__

=head1 NAME

Flowd - read and write flowd store v3 flow logs (pure Perl)

=head1 SYNOPSIS

  use Flowd;

  my $log = Flowd->new("/var/log/flowd");
  while (my $flow = $log->read_flow) {
      print $log->format(Flowd::BRIEF, 1, $flow), "\n";
  }
  $log->finish;

  my $out = Flowd->new("copy.log", "w");    # or "a" to append
  $out->write_flow($flow, Flowd::ALL);
  $out->finish;

=head1 DESCRIPTION

The API of flowd 0.9.1's Flowd module without its XS part.

B<Flowd::header_length()> is 8; B<Flowd::flow_length($hdr)> the length
of the record after its 8-byte header.  B<Flowd::deserialise($rec)>
decodes one record (header included) into a hashref whose keys are only
those of the groups present: fields, flow_ver, tag, recv_sec,
recv_usec, tcp_flags, protocol, tos, agent_addr, src_addr, dst_addr,
gateway_addr (text, each with a *_af key), src_port, dst_port,
flow_packets, flow_octets, if_index_in, if_index_out, sys_uptime_ms,
time_sec, time_nanosec, netflow_version, flow_start, flow_finish,
src_as, dst_as, src_mask, dst_mask, engine_type, engine_id,
flow_sequence, source_id and crc, plus the store 3.1 keys named as in
src/lib/flow.h (start_sec ... out_octets), and nat_src_addr,
nat_dst_addr (text with a *_af key; absent when the exporter did not
report that side), nat_src_port and nat_dst_port.  It croaks on a bad
version, a NAT IP version other than 0, 4 or 6,
unknown fields in a 3.0 record, a length that disagrees with the field
mask, or a checksum mismatch (pass a false second argument to skip the
CRC check).

B<Flowd::serialise($flow, $mask)> is the reverse: the groups in $mask
(default ALL) that the hash has.  The address, packet and octet groups
follow the keys that are defined; the others follow $flow->{fields}, or
the keys present when there is no fields key.  The CRC is written when
CRC32 is among them.

B<new($path_or_handle [, $mode])> opens a log ("r", "w" creates or
truncates with mode 0600, "a" appends and refuses a version 2 log).
B<read_flow> returns a hashref, or 0 at the end of the log; unlike
upstream, a partial record at the end is treated as the end of the data
(B<truncated> returns its length) and a corrupt record croaks with its
byte offset.  B<write_flow> queues records and B<flush> (also called by
B<finish> and every 64 KiB) writes them in one write; a failed or short
write is truncated away so the file never ends in a partial record.
B<format($mask, $utc, $flow)> returns flowd-reader's line, trailing
space included; the mask lengths print (upstream used the wrong keys).

B<iso_time($t, $utc)> honours $utc (upstream ignored it);
B<interval_time> and B<interval_time_ms> print like 1w2d3h4m5s.

The field constants (TAG ... CRC32, the 3.1 groups, AGENT_ADDR,
SRC_ADDR, DST_ADDR, SRCDST_ADDR, GATEWAY_ADDR, BRIEF, ALL, ALL_V30,
VERSION) can be imported with C<use Flowd ':all'>.

=head1 SEE ALSO

flowd.log(5), flowd-reader(8)

=cut
