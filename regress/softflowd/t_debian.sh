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
# Nothing else may differ.

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

atf_init_test_cases()
{
	atf_add_test_case differential
}
