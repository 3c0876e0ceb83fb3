#!/usr/bin/env atf-sh
#
# Cross-language agreement: the Python package, the Perl module and the C
# store codec (through flowd-reader and the flowd-reader tests' mklog)
# read each other's logs and agree field by field and on the text line.

# atf_check runs programs, not functions: these expand to command lines
# (the source directory has no blanks in its path).
# The Debian interpreter when present, whatever PATH prefers.
pyexe() { if [ -x /usr/bin/python3 ]; then echo /usr/bin/python3; else echo python3; fi; }
xlpy() { echo "$(pyexe) $(atf_get_srcdir)/xl.py"; }
xlpl() { echo "perl $(atf_get_srcdir)/xl.pl"; }

need_langs()
{
	command -v $(pyexe) >/dev/null || atf_skip "python3 not installed"
	command -v perl >/dev/null || atf_skip "perl not installed"
}

reader()
{
	echo "$(atf_get_srcdir)/../../src/flowd-reader/flowd-reader"
}

mklog()
{
	echo "$(atf_get_srcdir)/../flowd-reader/mklog"
}

need_c()
{
	[ -x "$(reader)" ] || atf_skip "flowd-reader not built"
}

# The canonical dump and the text of log by every language given must
# be equal; agree_n (global) is the number of flows.
agree()
{
	_alog=$1
	shift
	for _al in "$@"; do
		case $_al in
		py)	$(xlpy) dump "$_alog" > dump.py || atf_fail "py dump $_alog"
			$(xlpy) text "$_alog" > text.py || atf_fail "py text $_alog" ;;
		pl)	$(xlpl) dump "$_alog" > dump.pl || atf_fail "pl dump $_alog"
			$(xlpl) text "$_alog" > text.pl || atf_fail "pl text $_alog" ;;
		c)	"$(reader)" -jU "$_alog" > json.c || atf_fail "-j $_alog"
			$(xlpy) json < json.c > dump.c || atf_fail "json $_alog"
			"$(reader)" -vU "$_alog" > vtext.c || atf_fail "-v $_alog"
			grep -v '^LOGFILE ' vtext.c > text.c ;;
		esac
	done
	agree_n=$(wc -l < dump.$1)
	[ "$agree_n" -gt 0 ] || atf_fail "no flows read from $_alog"
	for _al in "$@"; do
		atf_check -o empty diff -u dump.$1 dump.$_al
		atf_check -o empty diff -u text.$1 text.$_al
	done
}

expect_n()
{
	[ "$agree_n" -eq "$1" ] || atf_fail "$agree_n flows read, expected $1"
}

atf_test_case py_to_pl
py_to_pl_head() { atf_set descr "Python writes, Perl reads: same fields and text"; }
py_to_pl_body()
{
	need_langs
	atf_check $(xlpy) write py.log 500
	agree py.log py pl
	expect_n 500
	# Perl writes back what it read: the same bytes.
	atf_check $(xlpl) copy py.log back.log
	atf_check cmp py.log back.log
}

atf_test_case pl_to_py
pl_to_py_head() { atf_set descr "Perl writes, Python reads: same fields and text"; }
pl_to_py_body()
{
	need_langs
	atf_check $(xlpl) write pl.log 500
	agree pl.log pl py
	expect_n 500
	atf_check $(xlpy) copy pl.log back.log
	atf_check cmp pl.log back.log
}

atf_test_case c_reads
c_reads_head() { atf_set descr "flowd-reader -v and -j agree with Python and Perl on their logs"; }
c_reads_body()
{
	need_langs
	need_c
	atf_check $(xlpy) write py.log 400
	atf_check $(xlpl) write pl.log 400
	agree py.log c py pl
	expect_n 400
	agree pl.log c py pl
	expect_n 400
}

atf_test_case c_binary_out
c_binary_out_head() { atf_set descr "flowd-reader -o rewrites Python/Perl logs: same bytes, same fields"; }
c_binary_out_body()
{
	need_langs
	need_c
	# Every record with a CRC: flowd-reader's output is byte identical.
	atf_check $(xlpy) write py.log 300 crc
	atf_check -o empty "$(reader)" -q -o out.log py.log
	atf_check cmp py.log out.log
	agree out.log c py pl
	expect_n 300
	# Mixed logs: the C writer adds a CRC to every record (its default
	# store mask has CRC32); everything else is unchanged.
	atf_check $(xlpy) write py.log 300
	atf_check $(xlpl) write pl.log 300
	for l in py pl; do
		atf_check -o empty "$(reader)" -q -o out.$l.log $l.log
		agree out.$l.log c py pl
		expect_n 300
		mv dump.py dump.out
		mv text.py text.out
		agree $l.log py
		for k in dump text; do
			sed -E 's/ crc32[ =][0-9a-f]{8}//' $k.out > $k.1
			sed -E 's/ crc32[ =][0-9a-f]{8}//' $k.py > $k.2
			atf_check -o empty diff -u $k.1 $k.2
		done
	done
}

atf_test_case c_writes
c_writes_head() { atf_set descr "logs written by the C store writer read the same in Python and Perl"; }
c_writes_body()
{
	need_langs
	need_c
	[ -x "$(mklog)" ] || atf_skip "mklog (regress/flowd-reader) not built"
	atf_check "$(mklog)" mixed mixed.log
	atf_check "$(mklog)" v5 1000 v5.log
	agree mixed.log c py pl
	agree v5.log c py pl
	expect_n 1000
	# And what Python and Perl write back is what C wrote.
	atf_check $(xlpy) copy v5.log py.log
	atf_check cmp v5.log py.log
	atf_check $(xlpl) copy mixed.log pl.log
	atf_check cmp mixed.log pl.log
}

atf_test_case c_v2
c_v2_head() { atf_set descr "a legacy v2 log: Python reads it as flowd-reader -L converts it"; }
c_v2_body()
{
	command -v $(pyexe) >/dev/null || atf_skip "python3 not installed"
	need_c
	[ -x "$(mklog)" ] || atf_skip "mklog (regress/flowd-reader) not built"
	atf_check "$(mklog)" v2 v2.log
	atf_check -o empty "$(reader)" -L -q -o conv.log v2.log
	atf_check $(xlpy) same v2.log conv.log
	atf_check $(xlpy) copy v2.log py.log
	atf_check cmp conv.log py.log
	agree conv.log c py pl
}

atf_test_case damaged
damaged_head() { atf_set descr "a damaged record: same error offset in C, Python and Perl; same resync"; }
damaged_body()
{
	need_langs
	need_c
	atf_check $(xlpy) write good.log 200 crc
	for at in 1 9 500 4000 20000; do
		$(pyexe) -c "import sys; d = bytearray(open('good.log', 'rb').read()); d[$at] ^= 1; open('bad.log', 'wb').write(d)"
		# flowd-reader names the offset of the record it refuses.
		"$(reader)" bad.log > /dev/null 2> err.c && \
		    atf_fail "flowd-reader accepted damage at $at"
		off=$(sed -n 's/.*offset \([0-9]*\):.*/\1/p' err.c | head -1)
		[ -n "$off" ] || atf_fail "no offset in: $(cat err.c)"
		atf_check -o inline:"error $off\n" $(xlpy) check bad.log
		atf_check -o inline:"error $off\n" $(xlpl) check bad.log
		# Resync: the same records survive and the same bytes go.
		n=$("$(reader)" -r bad.log 2> err.c | wc -l)
		skip=$(sed -n 's/.*skipped \([0-9]*\) bytes.*/\1/p' err.c | head -1)
		atf_check -o inline:"$n $skip\n" $(xlpy) resync bad.log
	done
}

atf_init_test_cases()
{
	atf_add_test_case damaged
	atf_add_test_case py_to_pl
	atf_add_test_case pl_to_py
	atf_add_test_case c_reads
	atf_add_test_case c_binary_out
	atf_add_test_case c_writes
	atf_add_test_case c_v2
}
