use strict;
use warnings;
use FindBin;
use Test::More;

use Flowd;
require "$FindBin::Bin/lib.pl";
our ($V5_ALL);

# Mutated and cut logs: read_flow returns flows, 0, or croaks with an
# offset; it never loops, dies otherwise or returns junk silently.
my $base = join('', map { Flowd::serialise(sample_flow($_)) } 0 .. 11);
srand(5);
my ($ok, $err) = (0, 0);
for my $round (1 .. 300) {
	my $d = $base;
	for (1 .. 1 + int(rand(8))) {
		substr($d, int(rand(length($d))), 1) = chr(int(rand(256)));
	}
	$d = substr($d, 0, int(rand(length($d) + 1)));
	open(my $fh, '<', \$d) or die;
	my $log = Flowd->new($fh);
	my $n = 0;
	my $r = eval {
		while (my $f = $log->read_flow) {
			Flowd::format(Flowd::ALL, 1, $f);
			die "runaway\n" if ++$n > 12;
		}
		1;
	};
	if ($r) {
		$ok++;
	} elsif ($@ =~ /at offset \d+/) {
		$err++;
	} else {
		fail("unexpected error: $@");
	}
}
ok($ok + $err == 300, "300 damaged logs handled ($ok read, $err refused)");
ok($err > 0 && $ok > 0, 'both outcomes seen');
done_testing();
