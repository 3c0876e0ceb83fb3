#!/usr/bin/env atf-sh
#
# Runs the Python package's unittest modules (python/tests/test_*.py),
# one test case per module, from kyua's scratch directory so that the
# logs the tests write land there.

pydir()
{
	echo "$(atf_get_srcdir)/../../python"
}

run_module()
{
	m=$1
	# The Debian interpreter when present, whatever PATH prefers.
	py=python3
	[ -x /usr/bin/python3 ] && py=/usr/bin/python3
	command -v $py >/dev/null || atf_skip "python3 not installed"
	export PYTHONDONTWRITEBYTECODE=1
	export PYTHONPATH="$(pydir):$(pydir)/tests"
	export TMPDIR="$(pwd)"
	atf_check -s exit:0 -o ignore -e match:'^OK' \
	    $py -W error::ResourceWarning -m unittest -v "$m"
}

atf_init_test_cases()
{
	for f in "$(pydir)"/tests/test_*.py; do
		m=$(basename "$f" .py)
		eval "${m}_head() { atf_set descr 'python/tests/$m.py'; atf_set timeout 300; }"
		eval "${m}_body() { run_module $m; }"
		atf_add_test_case "$m"
	done
}
