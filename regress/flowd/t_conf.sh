#!/usr/bin/env atf-sh
#
# flowd.conf through "flowd -n"/"flowd -nv": the golden files, the
# round trip for each, the error reports, and the shipped example.
# Dates print in local time, so everything runs in UTC.

export TZ=UTC

flowd()
{
	echo "$(atf_get_srcdir)/../../src/flowd/flowd"
}

# Copy the inputs into the test's own directory so that file names in
# messages are the same as when "make update" made the .ok files.
stage()
{
	cp "$(atf_get_srcdir)"/*.in "$(atf_get_srcdir)"/*.inc . || \
	    atf_fail "cannot copy the inputs"
	chmod 0600 ./*.in ./*.inc
}

golden_body()
{
	n=$1
	stage
	atf_check -s exit:0 -o file:"$(atf_get_srcdir)/flowd.conf.$n.ok" \
	    -e ignore "$(flowd)" -nv -f flowd.conf.$n.in
}

roundtrip_body()
{
	n=$1
	stage
	atf_check -s exit:0 -o save:first -e ignore \
	    "$(flowd)" -nv -f flowd.conf.$n.in
	atf_check -s exit:0 -o save:second -e ignore \
	    "$(flowd)" -nv -f first
	atf_check -s exit:0 -o save:third -e ignore \
	    "$(flowd)" -nv -f second
	atf_check -o empty cmp first second
	atf_check -o empty cmp second third
}

error_body()
{
	n=$1
	stage
	atf_check -s exit:1 -e file:"$(atf_get_srcdir)/error.$n.ok" \
	    "$(flowd)" -n -f error.$n.in
}

atf_test_case example
example_head()
{
	atf_set descr "the shipped etc/flowd.conf parses and round-trips"
}
example_body()
{
	cp "$(atf_get_srcdir)/../../etc/flowd.conf" ex.conf
	chmod 0600 ex.conf
	atf_check -s exit:0 -e match:"configuration OK" "$(flowd)" -n -f ex.conf
	atf_check -s exit:0 -o save:a "$(flowd)" -nv -f ex.conf
	atf_check -s exit:0 -o save:b "$(flowd)" -nv -f a
	atf_check cmp a b
}

atf_test_case every_error_one_run
every_error_one_run_head()
{
	atf_set descr "each bad line is reported as file:line in one run"
}
every_error_one_run_body()
{
	stage
	atf_check -s exit:1 -e save:err "$(flowd)" -n -f error.1.in
	# Every line after the comment is a mistake: 28 of them.
	n=$(grep -c '^error\.1\.in:[0-9]*: ' err)
	[ "$n" -eq 28 ] || atf_fail "$n errors reported, want 28"
	for l in $(seq 2 29); do
		grep -q "^error\\.1\\.in:$l: " err || atf_fail "line $l missed"
	done
}

atf_test_case cmdline_macro
cmdline_macro_head()
{
	atf_set descr "-D name=value overrides the file's definition"
}
cmdline_macro_body()
{
	cat > m.conf <<'XEOF'
nfport = 2055
listen on 127.0.0.1:$nfport
logfile "/tmp/x"
XEOF
	chmod 0600 m.conf
	atf_check -s exit:0 -o match:"^listen on 127.0.0.1:9995$" \
	    "$(flowd)" -nv -D nfport=9995 -f m.conf
	atf_check -s exit:0 -o match:"^listen on 127.0.0.1:2055$" \
	    "$(flowd)" -nv -f m.conf
	atf_check -s exit:1 -e match:"macro definition" \
	    "$(flowd)" -n -D novalue -f m.conf
}

atf_test_case include_errors
include_errors_head()
{
	atf_set descr "errors in an included file name that file and line"
}
include_errors_body()
{
	printf 'listen on 127.0.0.1:2055\ninclude "sub.conf"\nlogfile "x"\nbogus\n' > top.conf
	printf '# sub\n\naccept src nothing\n' > sub.conf
	chmod 0600 top.conf sub.conf
	atf_check -s exit:1 -e save:err "$(flowd)" -n -f top.conf
	atf_check -o ignore grep '^.*sub\.conf:3: invalid address or prefix "nothing"$' err
	atf_check -o ignore grep '^top\.conf:4: syntax error at end of line$' err
	# An include cycle stops at the depth limit instead of looping.
	printf 'include "loop.conf"\n' > loop.conf
	chmod 0600 loop.conf
	atf_check -s exit:1 -e match:"nested too deeply" "$(flowd)" -n -f loop.conf
}

atf_test_case permissions
permissions_head()
{
	atf_set descr "world-writable configs are refused; readable ones" \
	    "naming a logsock or forward target are warned about"
}
permissions_body()
{
	printf 'listen on 127.0.0.1:2055\nlogsock "/tmp/s"\n' > p.conf
	chmod 0600 p.conf
	atf_check -s exit:0 -e not-match:"readable" "$(flowd)" -n -f p.conf
	chmod 0644 p.conf
	atf_check -s exit:0 -e match:"readable by others" "$(flowd)" -n -f p.conf
	printf 'listen on 127.0.0.1:2055\nlogfile "/tmp/l"\n' > q.conf
	chmod 0644 q.conf
	atf_check -s exit:0 -e not-match:"readable" "$(flowd)" -n -f q.conf
	chmod 0666 q.conf
	atf_check -s exit:1 -e match:"writable by everyone" "$(flowd)" -n -f q.conf
}

atf_test_case bad_command_line
bad_command_line_head()
{
	atf_set descr "bad options and missing files are refused clearly"
}
bad_command_line_body()
{
	atf_check -s exit:1 -e match:"usage" "$(flowd)" -x
	atf_check -s exit:1 -e match:"unknown -X option" "$(flowd)" -X foo
	atf_check -s exit:1 -e match:"No such file" "$(flowd)" -n -f nonexistent
}

atf_test_case no_trailing_newline
no_trailing_newline_head()
{
	atf_set descr "a last line without a newline still counts"
}
no_trailing_newline_body()
{
	printf 'listen on 127.0.0.1:2055\nlogfile "x"\naccept tag 3 all' > n.conf
	chmod 0600 n.conf
	atf_check -s exit:0 -o match:"^accept tag 3 all$" "$(flowd)" -nv -f n.conf
}

atf_init_test_cases()
{
	d=$(atf_get_srcdir)
	for f in "$d"/flowd.conf.*.in; do
		n=$(basename "$f" .in); n=${n#flowd.conf.}
		eval "golden_$n""_head() { atf_set descr 'flowd -nv flowd.conf.$n.in matches .ok'; }"
		eval "golden_$n""_body() { golden_body $n; }"
		atf_add_test_case "golden_$n"
		eval "roundtrip_$n""_head() { atf_set descr 'print, reparse, print: flowd.conf.$n.in'; }"
		eval "roundtrip_$n""_body() { roundtrip_body $n; }"
		atf_add_test_case "roundtrip_$n"
	done
	for f in "$d"/error.*.in; do
		n=$(basename "$f" .in); n=${n#error.}
		eval "error_$n""_head() { atf_set descr 'flowd -n error.$n.in reports error.$n.ok'; }"
		eval "error_$n""_body() { error_body $n; }"
		atf_add_test_case "error_$n"
	done
	atf_add_test_case example
	atf_add_test_case every_error_one_run
	atf_add_test_case cmdline_macro
	atf_add_test_case include_errors
	atf_add_test_case permissions
	atf_add_test_case bad_command_line
	atf_add_test_case no_trailing_newline
}
