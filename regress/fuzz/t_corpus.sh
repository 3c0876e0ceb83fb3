#!/usr/bin/env atf-sh
#
# Replays every committed corpus (seeds and kept crashers) through its
# target's plain-cc driver: one test case per fuzz target.

fuzzdir()
{
	echo "$(atf_get_srcdir)/../../fuzz"
}

replay_body()
{
	t=$1
	d=$(fuzzdir)
	[ -x "$d/$t-replay" ] || atf_fail "$t-replay not built"
	[ -d "$d/corpus/$t" ] || atf_fail "no corpus for $t"
	n=$(ls "$d/corpus/$t" | wc -l)
	[ "$n" -gt 0 ] || atf_fail "empty corpus for $t"
	atf_check -s exit:0 -o match:"^$n inputs replayed" -e ignore \
	    "$d/$t-replay" "$d/corpus/$t"
}

atf_init_test_cases()
{
	for f in "$(fuzzdir)"/fuzz_*.c; do
		t=$(basename "$f" .c)
		eval "${t}_head() { atf_set descr 'replay corpus/$t'; atf_set timeout 600; }"
		eval "${t}_body() { replay_body $t; }"
		atf_add_test_case "$t"
	done
}
