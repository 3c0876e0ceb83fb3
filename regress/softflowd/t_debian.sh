#! /usr/bin/env atf-sh
#
# t_debian: differential test against Debian's softflowd 1.1 on the
# same generated capture, both exporting v9 to nfcapd.  Ours must equal
# the ground truth flow by flow; every flow where Debian's differs must
# be one of the documented fixes, each checked here:
#   B10  QinQ frames: Debian drops them (its flows are missing)
#   B5   octets: Debian counts padding and MPLS labels (never fewer)
#   frag later IP fragments: Debian makes port-0 flows of them; ours
#        go with their first fragment
# Nothing else may differ.  The templates of every export layout
# (-v 9/10 with -A, -b, -x, -T) must be Debian's byte for byte, and -x
# must export the same MPLS labels for the same flows.

. "$(atf_get_srcdir)/sflib.sh"

DEBIAN=/usr/sbin/softflowd

run_v9()
{
	nfcapd_start "$1"
	shift
	atf_check -s exit:0 -o ignore -e ignore "$@" -v 9 -6 \
	    -n "127.0.0.1:$NFPORT"
	nfcapd_stop "$OUTDIR"
}

atf_test_case differential
differential_head()
{
	atf_set "descr" "same flows as Debian's softflowd except listed fixes"
	atf_set "require.progs" "nfcapd nfdump ss /usr/sbin/softflowd"
	atf_set "timeout" "200"
}
differential_body()
{
	gen 31 600
	OUTDIR=ours; run_v9 ours "$SOFTFLOWD" -r t.pcap
	OUTDIR=deb; run_v9 deb "$DEBIAN" -r t.pcap
	# nfdump 1.7.1 reads no ICMPv6 type from v9 (IE 139): mask it.
	mask='$5 == 58 { $4 = 0 } { print }'
	nfdump_flows ours | awk "$mask" | sort > ours.flows
	nfdump_flows deb | awk "$mask" | sort > deb.flows
	awk '$1 == "flow" { if ($3 == 58) $7 = 0
	    print $4, $5, $6, $7, $3, $8, $9, $12, $14 }' t.truth |
	    sort > truth.ext
	cut -d' ' -f1-7 truth.ext | sort > truth.flows
	atf_check -s exit:0 diff truth.flows ours.flows

	awk '
	FILENAME == "truth.ext" {
		k = $1 " " $2 " " $3 " " $4 " " $5
		tp[k] = $6; to[k] = $7; enc[k] = $8; nf[k] = $9
		next
	}
	{
		k = $1 " " $2 " " $3 " " $4 " " $5
		dp[k] = $6; dof[k] = $7
	}
	END {
		for (k in tp) {
			if (enc[k] == "qinq") {
				if (k in dp) { print "qinq flow in Debian:", k; bad++ }
				else qinq++
				fragpk += 0
				continue
			}
			if (!(k in dp)) { print "missing in Debian:", k; bad++; continue }
			if (dp[k] != tp[k] - nf[k]) {
				print "packets differ:", k, dp[k], tp[k], nf[k]; bad++
			}
			if (nf[k] == 0 && dof[k] < to[k]) {
				print "Debian counts fewer octets:", k; bad++
			}
			if (nf[k] == 0 && dof[k] > to[k]) padded++
			if (nf[k] > 0) wantfrag += nf[k]
		}
		for (k in dp) {
			if (k in tp) continue
			split(k, f, " ")
			if (f[2] != 0 || f[4] != 0) {
				print "extra flow in Debian:", k; bad++
			} else gotfrag += dp[k]
		}
		if (gotfrag != wantfrag) {
			print "fragment packets:", gotfrag, "want", wantfrag; bad++
		}
		printf "qinq %d padded %d fragments %d\n", qinq, padded, gotfrag
		exit bad != 0
	}' truth.ext deb.flows > explained || {
		cat explained
		atf_fail "unexplained differences from Debian's softflowd"
	}
	cat explained
	# The capture holds every case, so every fix was exercised.
	atf_check -s exit:0 -o ignore \
	    grep -E '^qinq [1-9][0-9]* padded [1-9][0-9]* fragments [1-9]' \
	    explained
}

# sink_run NAME PROGRAM [options]: PROGRAM -r t.pcap to a sink, NAME.pcap
sink_run()
{
	_n=$1 _p=$2
	shift 2
	sink_start "$_n" 2055
	atf_check -s exit:0 -o ignore -e ignore "$_p" -r t.pcap "$@" \
	    -n "127.0.0.1:$(cat "$_n.port")"
	sink_stop "$_n"
}

atf_test_case templates
templates_head()
{
	atf_set "descr" "template and options template records are Debian's" \
	    "softflowd 1.1's byte for byte, for every layout option"
	atf_set "require.progs" "python3 /usr/sbin/softflowd"
	atf_set "timeout" "300"
}
templates_body()
{
	gen 32 60
	i=0
	for opts in "-v 9" "-v 10" "-v 9 -A sec" "-v 10 -A sec" \
	    "-v 9 -A milli" "-v 10 -A milli" "-v 9 -A micro" \
	    "-v 10 -A nano" "-v 10 -b" "-v 9 -b" "-v 9 -x 3" "-v 10 -x 10" \
	    "-v 9 -T vlan" "-v 10 -T ether" "-v 10 -b -x 2 -T ether -A micro" \
	    "-v 9 -T ether -x 1 -A nano"; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		sink_run o$i "$SOFTFLOWD" $opts
		# shellcheck disable=SC2086
		sink_run d$i "$DEBIAN" $opts
		python3 "$SRCDIR/tmplsets.py" o$i.pcap > o$i.sets
		python3 "$SRCDIR/tmplsets.py" d$i.pcap > d$i.sets
		# 4 templates and the options template
		[ "$(wc -l < d$i.sets)" -eq 5 ] ||
		    atf_fail "$opts: Debian sent $(wc -l < d$i.sets) sets"
		diff d$i.sets o$i.sets ||
		    atf_fail "$opts: templates differ from Debian's"
		echo "$opts: same 5 template sets"
	done
}

# The MPLS label fields of every record with a label, keyed by flow.
labels()
{
	"$TOP/tools/tshark-flows" "$1" 2055 | awk '$1 == "record" {
		l = ""
		for (i = 10; i <= NF; i++)
			if ($i ~ /^mpls_label=/) l = substr($i, 12)
			else if ($i ~ /^mpls_bos=/) b = substr($i, 10)
		if (l !~ /^[0,]*$/) print $3, $4, $5, $6, $7, l, b
	}' | sort
}

atf_test_case mpls_labels
mpls_labels_head()
{
	atf_set "descr" "-x: the same labels as Debian's softflowd for the" \
	    "same flows (but Debian's port-0 fragment flows)"
	atf_set "require.progs" "tshark python3 /usr/sbin/softflowd"
	atf_set "timeout" "200"
}
mpls_labels_body()
{
	gen 33 600
	for v in 9 10; do
		sink_run o$v "$SOFTFLOWD" -v $v -x 3
		sink_run d$v "$DEBIAN" -v $v -x 3
		labels o$v.pcap > o$v.labels
		# Debian's later fragments are flows of their own (port 0).
		labels d$v.pcap | awk '$2 != 0 || $4 != 0 || $5 == 1 ||
		    $5 == 58' > d$v.labels
		atf_check -s exit:0 diff d$v.labels o$v.labels
		# Every MPLS conversation of the truth, both ways, has labels.
		atf_check_equal "$(awk '$1 == "flow" && $12 == "mpls"' t.truth |
		    wc -l)" "$(wc -l < o$v.labels)"
	done
}

atf_init_test_cases()
{
	atf_add_test_case differential
	atf_add_test_case templates
	atf_add_test_case mpls_labels
}
