#!/usr/bin/env atf-sh
#
# Runs perl/t/*.t through prove, one test case per file, from kyua's
# scratch directory.

pldir()
{
	echo "$(atf_get_srcdir)/../../perl"
}

run_t()
{
	t=$1
	command -v prove >/dev/null || atf_skip "prove not installed"
	export TMPDIR="$(pwd)"
	atf_check -s exit:0 -o match:'^Result: PASS' -e ignore \
	    prove -v -I "$(pldir)" "$(pldir)/t/$t.t"
}

atf_init_test_cases()
{
	for f in "$(pldir)"/t/*.t; do
		t=$(basename "$f" .t)
		n=t_$(echo "$t" | tr -c 'a-zA-Z0-9\n' _)
		eval "${n}_head() { atf_set descr 'perl/t/$t.t'; atf_set timeout 300; }"
		eval "${n}_body() { run_t $t; }"
		atf_add_test_case "$n"
	done
}
