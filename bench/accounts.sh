#!/bin/sh
# bench/accounts.sh - Daftar's books against ledger and hledger on the same synthetic Indian-SME
# book (bench/gen-journal.py), side by side: loading the journal (daftar import vs the peers'
# parse), the Trial Balance, one ledger statement, and peak RSS. Not a timed test: it never fails
# on a miss. The table is printed and saved to bench/out/accounts-<date>.txt (raw log beside it).
#
#   sh bench/accounts.sh                 # 100k and 1M transactions
#   BENCH_SIZES=100000 sh bench/accounts.sh
#
# Knobs: BENCH_SIZES ("100000 1000000"), BENCH_RUNS (3: medians of this many runs for the fast
# commands), BENCH_HLEDGER_MAX (1000000: largest size hledger is run at; it needs ~9 GB at 1M),
# BENCH_PORT (18472), BENCH_KEEP=1 keeps the data directories.
#
# Peers at 1M take tens of seconds per command, so they run once there; everything at or below
# 100k, and every Daftar query, is the median of BENCH_RUNS runs. Every command runs under
# `timeout 600`. Wall seconds are what a user waits; CPU seconds (user + system) are printed too
# because a shared machine stretches wall time unevenly.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SIZES=${BENCH_SIZES:-100000 1000000}
RUNS=${BENCH_RUNS:-3}
HLEDGER_MAX=${BENCH_HLEDGER_MAX:-1000000}
PORT=${BENCH_PORT:-18472}
DATA=$ROOT/bench-data
FROM=2021-04-01
TO=2024-03-31
BANK="Assets:Bank:HDFC:Current"
STAMP=$(date +%Y-%m-%d)
OUTDIR=$ROOT/bench/out
mkdir -p "$OUTDIR" "$DATA"
TABLE=$OUTDIR/accounts-$STAMP.txt
LOG=$OUTDIR/accounts-$STAMP.log
TMP=$(mktemp -d /tmp/daftar-bench-accounts-XXXXXX)
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
	[ "${BENCH_KEEP:-}" = 1 ] || rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
: >"$LOG"
say() { echo "$*" | tee -a "$LOG" >&2; }

# ---- tools ----
need_pkgs=
command -v ledger >/dev/null 2>&1 || need_pkgs="$need_pkgs ledger"
command -v hledger >/dev/null 2>&1 || need_pkgs="$need_pkgs hledger"
[ -x /usr/bin/time ] || need_pkgs="$need_pkgs time"
command -v curl >/dev/null 2>&1 || need_pkgs="$need_pkgs curl"
command -v sqlite3 >/dev/null 2>&1 || need_pkgs="$need_pkgs sqlite3"
if [ -n "$need_pkgs" ]; then
	say "installing:$need_pkgs"
	apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need_pkgs >/dev/null
fi
make -s daftar >/dev/null
BIN=$ROOT/daftar
LEDGER_V=$(ledger --version | head -n 1 | sed 's/,.*//')
HLEDGER_V=$(hledger --version | head -n 1 | sed 's/,.*//')

tag_of() { if [ "$1" -lt 1000000 ]; then echo "$(($1 / 1000))k"; else echo "$(($1 / 1000000))M"; fi; }

# timed NAME CMD... : runs CMD (stdout to $TMP/NAME.out), appends "wall cpu rss_kb" to $TMP/NAME.t
timed() {
	name=$1
	shift
	rc=0
	timeout 600 /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
	if [ $rc -ne 0 ]; then
		if [ $rc = 124 ]; then say "TIMED OUT after 600 s ($name): $*"; echo "TIMEOUT TIMEOUT 0" >>"$TMP/$name.t"
		else say "FAILED ($name, exit $rc): $*"; echo "NaN NaN 0" >>"$TMP/$name.t"; fi
		tail -n 5 "$TMP/$name.err" >>"$LOG"
		return 0
	fi
	awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$TMP/time" >>"$TMP/$name.t"
	echo "$name: $(tail -n 1 "$TMP/$name.t")  ($*)" >>"$LOG"
}

# median NAME FIELD : median of a column of $TMP/NAME.t (1 wall, 2 cpu); max for 3 (rss)
median() {
	[ -s "$TMP/$1.t" ] || { echo "-"; return; }
	if [ "$2" = 3 ]; then
		awk '{ if ($3 > m) m = $3 } END { printf "%d", m }' "$TMP/$1.t"
	else
		cut -d' ' -f"$2" "$TMP/$1.t" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
	fi
}

fmt_s() { case "$1" in -|NaN|TIMEOUT) echo "-"; return ;; esac; awk -v v="$1" 'BEGIN { if (v < 1) printf "%.3f s", v; else printf "%.1f s", v }'; }
fmt_mb() { case "$1" in -|0) echo "-"; return ;; esac; awk -v v="$1" 'BEGIN { if (v >= 1048576) printf "%.1f GB", v / 1048576; else printf "%d MB", v / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b <= 0) print "-"; else if (a / b >= 10) printf "%.0fx", a / b; else printf "%.1fx", a / b }'; }

{
	echo "Daftar vs ledger vs hledger - the same synthetic book (bench/gen-journal.py, seed 42)"
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "daftar $($BIN version | cut -d' ' -f2) (SQLite $(sqlite3 --version | cut -d' ' -f1), synchronous=FULL), $LEDGER_V, $HLEDGER_V"
	echo "Commands, in order: load = daftar import ledger FILE (into a fresh data dir) | ledger -f FILE bal | hledger -f FILE bal"
	echo "  TB = daftar report trial-balance --format json --from $FROM --to $TO | (ledger and hledger must re-read the file: TB = their bal)"
	echo "  TB HTTP = curl GET /api/v1/companies/1/reports/trial-balance (Bearer token) on daftar serve"
	echo "  statement = daftar report ledger --ledger $BANK --format json | ledger -f FILE reg $BANK | hledger -f FILE reg $BANK"
	echo "Seconds are wall time (CPU time user+sys in brackets); medians of $RUNS runs except where marked (1 run)."
} >"$TABLE"

for N in $SIZES; do
	TAG=$(tag_of "$N")
	F=$DATA/$TAG.journal
	if [ ! -s "$F" ]; then
		say "generating $F ..."
		OUT="$DATA" python3 "$ROOT/bench/gen-journal.py" "$N" >>"$LOG"
	fi
	BYTES=$(stat -c %s "$F")
	TXNS=$(grep -c '^[0-9]' "$F")
	POSTS=$(grep -c '^    ' "$F")
	peer_runs=$RUNS
	[ "$N" -ge 1000000 ] && peer_runs=1
	import_runs=$RUNS
	[ "$N" -ge 1000000 ] && import_runs=1
	rm -f "$TMP"/*.t

	# -- daftar: import into a fresh data directory (the last one stays for the queries)
	i=0
	while [ $i -lt $import_runs ]; do
		i=$((i + 1))
		D=$TMP/data-$TAG
		rm -rf "$D"
		DAFTAR_ADMIN_PASSWORD=bench-admin-pass-0123 "$BIN" init --data "$D" --company "Bench $TAG" >>"$LOG"
		say "[$TAG] daftar import ($i/$import_runs)"
		timed d_import "$BIN" import ledger --data "$D" "$F"
		cat "$TMP/d_import.out" >>"$LOG"
	done
	DBSIZE=$(du -sk "$D" | cut -f1)

	# -- daftar: Trial Balance and a statement, from the stored books
	have_report=0
	"$BIN" report trial-balance --data "$D" --format json --from "$FROM" --to "$TO" >/dev/null 2>&1 && have_report=1
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		if [ $have_report = 1 ]; then
			timed d_tb "$BIN" report trial-balance --data "$D" --format json --from "$FROM" --to "$TO"
			timed d_reg "$BIN" report ledger --data "$D" --ledger "$BANK" --format json --from "$FROM" --to "$TO"
		else
			# No `daftar report` in this build: the same figures straight from the kept balances.
			timed d_tb sqlite3 "$D/daftar.db" "SELECT l.id, l.name, l.opening_balance, sum(m.debit), sum(m.credit) FROM ledgers l LEFT JOIN ledger_month m ON m.company_id = l.company_id AND m.ledger_id = l.id AND m.month BETWEEN '${FROM%-*}' AND '${TO%-*}' WHERE l.company_id = 1 GROUP BY l.id"
			timed d_reg sqlite3 "$D/daftar.db" "SELECT v.date, v.number, vl.amount, sum(vl.amount) OVER (ORDER BY vl.date, vl.voucher_id, vl.line_no) FROM voucher_lines vl JOIN vouchers v ON v.id = vl.voucher_id WHERE vl.company_id = 1 AND vl.ledger_id = (SELECT id FROM ledgers WHERE name = '$BANK') AND vl.active = 1 ORDER BY vl.date, vl.voucher_id, vl.line_no"
		fi
	done
	REG_ROWS=$(grep -o '"kind":"data"' "$TMP/d_reg.out" 2>/dev/null | wc -l || true)

	# -- daftar over HTTP (when the server has the report route)
	http_note=
	TOKEN=$("$BIN" token create --data "$D" --user admin 2>>"$LOG")
	"$BIN" serve --data "$D" --listen "127.0.0.1:$PORT" --quiet >>"$LOG" 2>&1 &
	SERVER_PID=$!
	up=0
	for _ in $(seq 1 100); do
		if curl -s -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; then
			up=1
			break
		fi
		sleep 0.1
	done
	URL="http://127.0.0.1:$PORT/api/v1/companies/1/reports/trial-balance?from=$FROM&to=$TO"
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL" || echo 000)
	if [ $up = 1 ] && [ "$code" = 200 ]; then
		i=0
		while [ $i -lt "$RUNS" ]; do
			i=$((i + 1))
			curl -s -o /dev/null -w '%{time_total} 0 0\n' -H "Authorization: Bearer $TOKEN" "$URL" >>"$TMP/d_http.t"
		done
	else
		http_note=" (HTTP $code: no trial-balance route in this build)"
	fi
	kill "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=

	# -- ledger
	i=0
	while [ $i -lt $peer_runs ]; do
		i=$((i + 1))
		say "[$TAG] ledger bal/reg ($i/$peer_runs)"
		timed l_bal ledger -f "$F" bal
		timed l_reg ledger -f "$F" reg "$BANK"
	done
	# -- hledger
	if [ "$N" -le "$HLEDGER_MAX" ]; then
		i=0
		while [ $i -lt $peer_runs ]; do
			i=$((i + 1))
			say "[$TAG] hledger bal/reg ($i/$peer_runs)"
			timed h_bal hledger -f "$F" bal
			timed h_reg hledger -f "$F" reg "$BANK"
		done
	fi

	# -- the same balances? ledger reads Daftar's export and must print what it printed for the file
	check="-"
	if [ "$N" -le 100000 ]; then
		"$BIN" export ledger --data "$D" >"$TMP/export.journal"
		ledger -f "$F" bal --flat >"$TMP/bal.orig"
		ledger -f "$TMP/export.journal" bal --flat >"$TMP/bal.export"
		if cmp -s "$TMP/bal.orig" "$TMP/bal.export"; then
			check="identical: ledger -f FILE bal == ledger -f <(daftar export ledger) bal ($(wc -l <"$TMP/bal.orig") lines)"
		else
			check="DIFFERENT (see $LOG)"
			diff "$TMP/bal.orig" "$TMP/bal.export" | head -n 40 >>"$LOG" || true
		fi
	fi

	l1=; [ $peer_runs = 1 ] && l1=" (1 run)"
	imp1=; [ $import_runs = 1 ] && imp1=" (1 run)"
	cell() { # NAME -> "wall (cpu)"
		w=$(median "$1" 1)
		c=$(median "$1" 2)
		[ "$w" = - ] && { echo "-"; return; }
		[ "$w" = TIMEOUT ] && { echo "> 600 s (timed out)"; return; }
		[ "$w" = NaN ] && { echo "failed"; return; }
		if [ "$c" = 0 ] || [ "$c" = 0.00 ]; then fmt_s "$w"; else echo "$(fmt_s "$w") ($(fmt_s "$c"))"; fi
	}
	{
		echo
		echo "== $TAG: $TXNS transactions, $POSTS postings, $(awk -v b="$BYTES" 'BEGIN {printf "%.0f MB", b / 1048576}') journal; Daftar data dir after import $(fmt_mb "$DBSIZE")"
		printf "%-30s %-24s %-24s %-24s\n" "" "daftar" "$LEDGER_V" "$HLEDGER_V"
		printf "%-30s %-24s %-24s %-24s\n" "load (import | parse+bal)" "$(cell d_import)$imp1" "$(cell l_bal)$l1" "$(cell h_bal)$l1"
		printf "%-30s %-24s %-24s %-24s\n" "Trial Balance" "$(cell d_tb)" "$(cell l_bal)$l1" "$(cell h_bal)$l1"
		printf "%-30s %-24s %-24s %-24s\n" "Trial Balance over HTTP" "$(cell d_http)$http_note" "" ""
		printf "%-30s %-24s %-24s %-24s\n" "statement (one bank ledger)" "$(cell d_reg)" "$(cell l_reg)$l1" "$(cell h_reg)$l1"
		printf "%-30s %-24s %-24s %-24s\n" "peak RSS: load" "$(fmt_mb "$(median d_import 3)")" "$(fmt_mb "$(median l_bal 3)")" "$(fmt_mb "$(median h_bal 3)")"
		printf "%-30s %-24s %-24s %-24s\n" "peak RSS: TB | statement" "$(fmt_mb "$(median d_tb 3)") | $(fmt_mb "$(median d_reg 3)")" "$(fmt_mb "$(median l_reg 3)") (reg)" "$(fmt_mb "$(median h_reg 3)") (reg)"
		[ $have_report = 1 ] || echo "(daftar report is not in this build: TB and statement timed as the equivalent SQL over ledger_month / voucher_lines with the sqlite3 CLI)"
		[ -n "$REG_ROWS" ] && [ "$REG_ROWS" -gt 0 ] && echo "(the statement lists $REG_ROWS postings)"
		lb=$(median l_bal 1)
		hb=$(median h_bal 1)
		echo "ratios (wall): TB ledger/daftar $(ratio "$lb" "$(median d_tb 1)"), hledger/daftar $(ratio "$hb" "$(median d_tb 1)");" \
			"TB over HTTP ledger/daftar $(ratio "$lb" "$(median d_http 1)")"
		echo "               load ledger/daftar $(ratio "$lb" "$(median d_import 1)"), hledger/daftar $(ratio "$hb" "$(median d_import 1)");" \
			"statement ledger/daftar $(ratio "$(median l_reg 1)" "$(median d_reg 1)"), hledger/daftar $(ratio "$(median h_reg 1)" "$(median d_reg 1)")"
		echo "ratios (CPU):  TB ledger/daftar $(ratio "$(median l_bal 2)" "$(median d_tb 2)"); load ledger/daftar $(ratio "$(median l_bal 2)" "$(median d_import 2)"), hledger/daftar $(ratio "$(median h_bal 2)" "$(median d_import 2)")"
		echo "targets: TB >= 100x faster than ledger; import faster than ledger's parse"
		echo "check: $check"
	} >>"$TABLE"
	[ "${BENCH_KEEP:-}" = 1 ] || rm -rf "$D"
done

cat "$TABLE"
echo "(saved to $TABLE; raw log $LOG)"
