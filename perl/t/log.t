use strict;
use warnings;
use File::Temp qw(tempdir);
use FindBin;
use Test::More;

use Flowd;
require "$FindBin::Bin/lib.pl";
our ($V5_ALL);

my $dir = tempdir(CLEANUP => 1, DIR => $ENV{TMPDIR} || '.');
my $path = "$dir/flows.log";

sub slurp { open(my $fh, '<', $_[0]) or die; binmode($fh); local $/;
    return scalar <$fh>; }
sub spew { open(my $fh, '>', $_[0]) or die; binmode($fh);
    print $fh $_[1]; close($fh); }
sub read_all {
	my $log = Flowd->new(@_);
	my @f;
	while (my $f = $log->read_flow) { push @f, $f; }
	my $t = $log->truncated;
	$log->finish;
	return (\@f, $t);
}

# Write, read back, compare field by field.
my @flows = map { sample_flow($_) } 0 .. 499;
my $w = Flowd->new($path, 'w');
$w->write_flow($_) for @flows;
$w->finish;
is((stat($path))[2] & 0777, 0600, 'mode 0600');
my ($got, $trunc) = read_all($path);
is(scalar @$got, 500, '500 flows read');
is($trunc, 0, 'nothing left over');
my $bad = 0;
for my $i (0 .. 499) {
	$bad++ unless $got->[$i]{fields} ==
	    Flowd::_derive_fields($flows[$i]);
	for my $k (keys %{$flows[$i]}) {
		next if $k eq 'fields';	# both address variants set in the sample
		$bad++ unless $got->[$i]{$k} eq $flows[$i]{$k};
	}
}
is($bad, 0, 'every field equal');
is(Flowd::serialise($got->[7]), Flowd::serialise($flows[7]),
    'same bytes again');

# Append, and the exact bytes.
$w = Flowd->new($path, 'w');
$w->write_flow(Flowd::deserialise($V5_ALL));
$w->finish;
$w = Flowd->new($path, 'a');
$w->write_flow(Flowd::deserialise($V5_ALL));
$w->finish;
is(slurp($path), $V5_ALL x 2, 'write then append, byte exact');

# A file handle.
open(my $fh, '<', $path) or die;
($got) = read_all($fh);
is(scalar @$got, 2, 'read from a handle');

# A partial trailing record is the end of data, not an error.
for my $cut (1, 4, 8, 9, 115) {
	spew($path, ($V5_ALL x 3) . substr($V5_ALL, 0, 116 - $cut));
	($got, $trunc) = read_all($path);
	is(scalar @$got, 3, "cut $cut: complete records read");
	is($trunc, 116 - $cut, "cut $cut: partial bytes reported");
}

# A corrupt record dies with its offset.
my $c = $V5_ALL x 4;
substr($c, 116 * 2 + 40, 1) = "\xff";
spew($path, $c);
my $log = Flowd->new($path);
ok($log->read_flow, 'first') for 1 .. 2;
eval { $log->read_flow };
like($@, qr/checksum mismatch.* at offset 232/, 'error names the offset');
$log->finish;

# Refuse to append to a v2 log.
spew($path, pack('NNNN', 0x012CF047, 2, 0, 0));
eval { Flowd->new($path, 'a') };
like($@, qr/legacy/, 'no append to v2');

# A write cut short by the file size limit is rolled back.
SKIP: {
	skip 'prlimit(1) not installed', 2 unless system('prlimit -V >/dev/null 2>&1') == 0;
	spew($path, $V5_ALL);
	my $lib = "$FindBin::Bin/..";
	my $code = q{
		$SIG{XFSZ} = 'IGNORE';
		use Flowd;
		my $w = Flowd->new($ARGV[0], 'a');
		$w->write_flow(Flowd::deserialise(do { open(my $r, '<', $ARGV[1]) or die; binmode($r); local $/; <$r> })) for 1 .. 40;
		eval { $w->flush };
		print $@ =~ /write failed/ ? "failed\n" : "ok\n";
	};
	spew("$dir/rec", $V5_ALL);
	open(my $p, '-|', 'prlimit', '--fsize=1000', $^X, "-I$lib", '-e', $code,
	    $path, "$dir/rec") or die;
	my $out = <$p>;
	close($p);
	is($out, "failed\n", 'the batch write failed');
	is(slurp($path), $V5_ALL, 'and the file is as before');
}

done_testing();
