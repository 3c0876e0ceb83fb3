#!/usr/bin/env atf-sh
#
# tools/flowd-stats and tools/flowd-sqlite on real logs: five hand-known
# flows written by the Python writer (expected numbers worked out by
# hand), and larger logs cross-checked against flowd-reader -S.

pyexe() { if [ -x /usr/bin/python3 ]; then echo /usr/bin/python3; else echo python3; fi; }
src() { echo "$(atf_get_srcdir)"; }
top() { echo "$(atf_get_srcdir)/../.."; }
stats() { echo "$(pyexe) $(top)/tools/flowd-stats"; }
loader() { echo "$(pyexe) $(top)/tools/flowd-sqlite"; }
sql() { echo "$(pyexe) $(src)/sql.py"; }
reader() { echo "$(top)/src/flowd-reader/flowd-reader"; }

need_py()
{
	command -v $(pyexe) >/dev/null || atf_skip "python3 not installed"
}

need_c()
{
	[ -x "$(reader)" ] || atf_skip "flowd-reader not built"
}

known()
{
	atf_check $(pyexe) "$(src)/mkknown.py" known.log
}

atf_test_case stats_known
stats_known_head() { atf_set descr "flowd-stats top-N tables of five known flows"; }
stats_known_body()
{
	need_py
	known
	# Ties go to the smaller key (numeric for ports and protocols).
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
	    total - 0 all 5 39 13400 \
	    src octets 1 2001:db8::1 1 5 7000 \
	    src octets 2 10.0.0.1 3 33 6300 \
	    src packets 1 10.0.0.1 3 33 6300 \
	    src packets 2 2001:db8::1 1 5 7000 \
	    src flows 1 10.0.0.1 3 33 6300 \
	    src flows 2 10.0.0.4 1 1 100 \
	    pair octets 1 '2001:db8::1 -> 2001:db8::2' 1 5 7000 \
	    pair octets 2 '10.0.0.1 -> 10.0.0.3' 1 20 5000 \
	    pair packets 1 '10.0.0.1 -> 10.0.0.3' 1 20 5000 \
	    pair packets 2 '10.0.0.1 -> 10.0.0.2' 2 13 1300 \
	    pair flows 1 '10.0.0.1 -> 10.0.0.2' 2 13 1300 \
	    pair flows 2 '10.0.0.1 -> 10.0.0.3' 1 20 5000 \
	    dport octets 1 80 2 15 8000 \
	    dport octets 2 443 1 20 5000 \
	    dport packets 1 443 1 20 5000 \
	    dport packets 2 80 2 15 8000 \
	    dport flows 1 80 2 15 8000 \
	    dport flows 2 53 1 1 100 \
	    proto octets 1 6 3 35 13000 \
	    proto octets 2 1 1 3 300 \
	    proto packets 1 6 3 35 13000 \
	    proto packets 2 1 1 3 300 \
	    proto flows 1 6 3 35 13000 \
	    proto flows 2 1 1 3 300 \
	    exporter octets 1 192.0.2.2 2 6 7100 \
	    exporter octets 2 192.0.2.1 3 33 6300 \
	    exporter packets 1 192.0.2.1 3 33 6300 \
	    exporter packets 2 192.0.2.2 2 6 7100 \
	    exporter flows 1 192.0.2.1 3 33 6300 \
	    exporter flows 2 192.0.2.2 2 6 7100 > expout
	atf_check -o file:expout $(stats) -t -n 2 \
	    -s src,pair,dport,proto,exporter known.log
	# The text report has the same numbers.
	atf_check -o match:'^Totals: 5 flows, 39 packets, 13400 octets$' \
	    -o match:'^     1  6 \(tcp\) +3  60.00 +35  89.74 +13000  97.01$' \
	    -o match:'^  192.0.2.1 +min 0 max 8$' \
	    $(stats) -n 2 known.log
	# Several logs and stdin add up.
	atf_check -o match:'^total	-	0	all	15	117	40200$' \
	    -x "$(stats) -t -s proto known.log - known.log < known.log"
}

atf_test_case stats_errors
stats_errors_head() { atf_set descr "flowd-stats on partial and corrupt logs, bad options"; }
stats_errors_body()
{
	need_py
	known
	size=$(wc -c < known.log)
	head -c $((size - 10)) known.log > part.log
	atf_check -o match:'^total	-	0	all	4	' \
	    -e match:'partial record' $(stats) -t -s proto part.log
	# Flip a byte inside the third record: a checksum error, status 1.
	$(pyexe) -c "import sys; d = bytearray(open('known.log', 'rb').read()); d[2 * len(d) // 5 + 9] ^= 1; open('bad.log', 'wb').write(d)"
	atf_check -s exit:1 -e match:'checksum mismatch at offset' \
	    $(stats) bad.log
	atf_check -s exit:1 -e match:'unknown section' $(stats) -s nope known.log
	atf_check -s exit:1 -e match:'bad count' $(stats) -n 0 known.log
	atf_check -s exit:1 -e match:'usage' $(stats)
	atf_check -s exit:1 -e match:'No such file' $(stats) missing.log
}

# flowd-stats -t rows for "section" as flowd-reader -S prints them.
stats_as_summary()
{
	$(stats) -t -n 1000000 -s proto,exporter "$1" |
	    awk -F '\t' '$2 == "-" || $2 == "flows" {
		s = ($1 == "total") ? "total" : $1;
		print s, $4, $5, $6, $7 }' | sort
}

atf_test_case stats_vs_reader
stats_vs_reader_head() { atf_set descr "flowd-stats totals, protocols and exporters equal flowd-reader -S"; }
stats_vs_reader_body()
{
	need_py
	need_c
	atf_check $(pyexe) "$(top)/regress/xlang/xl.py" write big.log 3000
	stats_as_summary big.log > stats.txt
	"$(reader)" -S big.log | awk '!/^#/ { print $1, $2, $3, $4, $5 }' |
	    sort > reader.txt
	[ "$(wc -l < reader.txt)" -gt 10 ] || atf_fail "short summary"
	atf_check -o empty diff -u reader.txt stats.txt
}

atf_test_case sqlite_known
sqlite_known_head() { atf_set descr "flowd-sqlite loads five known flows, idempotent schema"; }
sqlite_known_body()
{
	need_py
	known
	atf_check -e match:'known.log: 5 flows' $(loader) -b 2 f.db known.log
	atf_check -o inline:'5	39	13400\n' \
	    $(sql) f.db 'SELECT count(*), sum(packets), sum(octets) FROM flows'
	atf_check -o inline:'3	2001:db8::1	2001:db8::2	6	40000	80	5	7000	192.0.2.2	1700000003	3	9\n' \
	    $(sql) f.db 'SELECT tag, src, dst, proto, src_port, dst_port,
	    packets, octets, agent, recv_sec, recv_usec, netflow_version
	    FROM flows WHERE src LIKE "%:%"'
	# Absent groups are NULL.
	atf_check -o inline:'NULL	NULL	NULL	NULL\n' \
	    $(sql) f.db 'SELECT src_port, dst_port, gateway, src_as FROM flows
	    WHERE proto = 1'
	# The NAT group; a side not reported is NULL too.
	atf_check -o inline:'1	198.51.100.7	NULL	61000	443\n' \
	    $(sql) f.db 'SELECT tag, nat_src, nat_dst, nat_src_port,
	    nat_dst_port FROM flows WHERE nat_src_port IS NOT NULL'
	# Loading again reuses the tables and adds rows.
	atf_check -e ignore $(loader) -q f.db known.log
	atf_check -o inline:'10	2\n' $(sql) f.db \
	    'SELECT count(*), count(DISTINCT load_id) FROM flows'
	atf_check -o inline:'1	known.log	5	0\n2	known.log	5	0\n' \
	    $(sql) f.db 'SELECT id, path, flows, truncated FROM loads'
	atf_check -s exit:1 -e match:'usage' $(loader) f.db
	# A database made before the NAT columns existed gets them.
	grep -v 'nat_' "$(top)/tools/flowd-schema.sql" |
	    sed 's/out_octets,/out_octets/' > old.sql
	atf_check $(pyexe) -c "import sqlite3; sqlite3.connect('old.db').executescript(open('old.sql').read())"
	atf_check -o inline:'0\n' $(sql) old.db \
	    "SELECT count(*) FROM pragma_table_info('flows') WHERE name LIKE 'nat%'"
	atf_check -e ignore $(loader) -q old.db known.log
	atf_check -o inline:'5	198.51.100.7\n' $(sql) old.db \
	    'SELECT count(*), max(nat_src) FROM flows'
}

atf_test_case sqlite_vs_reader
sqlite_vs_reader_head() { atf_set descr "flowd-sqlite per-protocol/exporter sums equal flowd-reader -S; u64 counters exact"; }
sqlite_vs_reader_body()
{
	need_py
	need_c
	atf_check $(pyexe) "$(top)/regress/xlang/xl.py" write big.log 3000
	atf_check -e ignore $(loader) -b 500 f.db big.log
	# Sum in Python: octets near 2^64 are stored as exact TEXT.
	$(sql) f.db 'SELECT proto, agent, packets, octets FROM flows' |
	    awk -F '\t' '{ print "proto", $1, $3, $4; print "exporter", $2, $3, $4 }' \
	    > rows.txt
	$(pyexe) -c '
import collections, sys
t = collections.OrderedDict()
for line in open("rows.txt"):
    s, k, p, o = line.split()
    c = t.setdefault((s, k), [0, 0, 0])
    c[0] += 1; c[1] += int(p); c[2] += int(o)
for (s, k), c in t.items():
    print(s, k, *c)
' | sort > sql.txt
	"$(reader)" -S big.log | awk '!/^#/ && $1 != "total" { print $1, $2, $3, $4, $5 }' |
	    sort > reader.txt
	atf_check -o empty diff -u reader.txt sql.txt
	atf_check -o inline:'18446744073709551611	text\n' $(sql) f.db \
	    'SELECT out_octets, typeof(out_octets) FROM flows WHERE tag = 12'
	# A partial record at the end: loaded up to it and recorded.
	size=$(wc -c < big.log)
	head -c $((size - 3)) big.log > part.log
	atf_check -e match:'partial record' $(loader) -q p.db part.log
	atf_check -o match:'^2999	[1-9]' $(sql) p.db 'SELECT flows, truncated FROM loads'
}

atf_init_test_cases()
{
	atf_add_test_case stats_known
	atf_add_test_case stats_errors
	atf_add_test_case stats_vs_reader
	atf_add_test_case sqlite_known
	atf_add_test_case sqlite_vs_reader
}
