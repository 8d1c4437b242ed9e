#!/bin/sh
# bench/inventory.sh - the inventory benchmark (not a timed test: it never fails on a miss).
#
# Builds, makes a fresh data directory, and loads 100,000 items and 1,000,000 stock moves over
# about three years and four godowns with bench/inventory/invbench.c (linked with the project's
# objects; it writes items, stock_moves, stock_balance, stock_layers, stock_journals and the month
# sums with prepared statements in one transaction, computing what inventory.c would write for the
# same moves). Then, at today and at a past date, medians of 5:
#   - the stock summary through the server (GET .../reports/stock-summary, Bearer token, curl)
#   - the same C function called directly (inventory_stock_summary), and inventory_value_at
#   - the same figures by a plain scan: SELECT item_id, sum(qty), sum(value) FROM stock_moves
#     WHERE company_id = 1 AND date <= D GROUP BY item_id (in C, and with the sqlite3 CLI)
#   - the summary by group and by godown through the server
# and prints one table with the target (stock summary under 100 ms, at either date) and the
# ratios, saved to bench/out/inventory-<date>.txt with the raw output beside it (.log). When the
# target is missed it profiles the C function at the slower date with perf and says how the time
# splits between SQLite and the rest (JSON writing); BENCH_PROFILE=0 skips that.
#
#   sh bench/inventory.sh
#
# Knobs (environment): BENCH_ITEMS (100000), BENCH_MOVES (1000000), BENCH_DAYS (1096),
# BENCH_REPS (5), BENCH_PAST (a date; default half way back), BENCH_SEED (42), BENCH_PORT (18472),
# BENCH_PROFILE (1), BENCH_KEEP=1 keeps the temporary folder.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ITEMS=${BENCH_ITEMS:-100000}
MOVES=${BENCH_MOVES:-1000000}
DAYS=${BENCH_DAYS:-1096}
REPS=${BENCH_REPS:-5}
SEED=${BENCH_SEED:-42}
PORT=${BENCH_PORT:-18472}
PROFILE=${BENCH_PROFILE:-1}
TARGET_MS=100
URL="http://127.0.0.1:$PORT"
SUMMARY="/api/v1/companies/1/reports/stock-summary"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

need_pkg() { # command package
	command -v "$1" >/dev/null 2>&1 && return 0
	say "bench: installing $2"
	apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$2" >/dev/null; } ||
		die "cannot install $2 (apt-get install -y $2)"
}
need_pkg sqlite3 sqlite3
need_pkg curl curl
need_pkg cc gcc

say "bench: building"
make all >&2 || die "build failed"
BIN="$ROOT/build/daftar"
[ -x "$BIN" ] || die "no $BIN after make"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/daftar-invbench.XXXXXX")
SRV_PID=""
cleanup() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null || true
		wait "$SRV_PID" 2>/dev/null || true
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then say "bench: kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# measure one binary from start to end, even if the tree is rebuilt meanwhile
cp "$BIN" "$TMP/daftar"
BIN="$TMP/daftar"
# the helper: the Makefile's own object list, include paths and libraries
mkvar() { printf 'bench-print:\n\t@echo %s\n' "$1" | make -s --no-print-directory -f Makefile -f - bench-print; }
OBJS=$(mkvar '$(OBJ)')
CFLAGS=$(mkvar '$(CSTD) $(INCLUDES) -I$(BUILD)/gen $(PKG_CFLAGS)')
LIBS=$(mkvar '$(PKG_LIBS)')
# shellcheck disable=SC2086
cc -O2 -g -Wall -Wextra -Werror $CFLAGS -o "$TMP/invbench" bench/inventory/invbench.c $OBJS $LIBS ||
	die "cannot build bench/inventory/invbench.c"

if curl -s -o /dev/null --max-time 1 "$URL/"; then
	die "port $PORT is in use: set BENCH_PORT"
fi

LOG="$TMP/bench.log"
: >"$LOG"
log() { printf '%s\n' "$*" >>"$LOG"; }
kv() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } m = int((NR + 1) / 2); print (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.1fx", a / b }'; }
fmt_ms() { awk -v v="$1" 'BEGIN { if (v == "n/a") print "n/a"; else printf "%.1f ms", v }'; }

CORES=$(nproc)
MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src migrations 2>/dev/null || COMMIT="$COMMIT+changes"
STAMP=$(date -u +%Y-%m-%d-%H%M)
log "machine: $CORES cores, $MODEL; load average at start $LOAD0; data on $(stat -f -c %T "$TMP")"
BUSY=""
case $(printf '%s' "$LOAD0" | cut -d' ' -f1) in
0.* | 1.*) ;;
*)
	BUSY="WARNING: the load average was $LOAD0 at the start: other work shared this machine, so wall times are inflated (CPU times are given beside them)"
	say "bench: $BUSY"
	;;
esac

# ---- 1. data ---------------------------------------------------------------------------------
DATA="$TMP/data"
DB="$DATA/daftar.db"
DAFTAR_ADMIN_PASSWORD=bench-admin-password-1 "$BIN" init --data "$DATA" --company "Bench Traders" >>"$LOG"
say "bench: loading $ITEMS items and $MOVES stock moves over $DAYS days"
LOAD_T0=$(date +%s)
LOADED=$("$TMP/invbench" load "sqlite:$DB" "$ITEMS" "$MOVES" "$DAYS" "$SEED" 2>>"$LOG") || die "load failed: $(tail -n 5 "$LOG")"
LOAD_S=$(($(date +%s) - LOAD_T0))
log "load: $LOADED in $LOAD_S s"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
TODAY=$(date -u +%Y-%m-%d)
PAST=${BENCH_PAST:-$(date -u -d "@$(($(date +%s) - DAYS / 2 * 86400))" +%Y-%m-%d)}
DB_MB=$(du -m "$DB" | cut -f1)
NBAL=$(sqlite3 "$DB" "SELECT count(*) FROM stock_balance WHERE company_id = 1")
log "balances: $NBAL; database $DB_MB MB; past date $PAST"

# ---- 2. the server ---------------------------------------------------------------------------
"$BIN" serve --data "$DATA" --listen "127.0.0.1:$PORT" --quiet 2>"$TMP/serve.log" &
SRV_PID=$!
i=0
until curl -s -o /dev/null --max-time 1 "$URL/api/v1/session"; do
	i=$((i + 1))
	[ $i -lt 400 ] || die "the server did not answer within 20 s (see $TMP/serve.log)"
	kill -0 "$SRV_PID" 2>/dev/null || die "the server exited: $(cat "$TMP/serve.log")"
	sleep 0.05
done
TOKEN=$("$BIN" token create --data "$DATA" --user admin) || die "token create failed"

# http QUERY -> "median_ms bytes" over REPS runs after one warm-up; dies on a non-200
http() {
	: >"$TMP/http.txt"
	curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$URL$SUMMARY$1" || true
	r=0
	while [ $r -lt "$REPS" ]; do
		out=$(curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}' -H "Authorization: Bearer $TOKEN" "$URL$SUMMARY$1")
		log "GET $SUMMARY$1: $out"
		[ "$(echo "$out" | cut -d' ' -f3)" = 200 ] || die "GET $SUMMARY$1 answered $out"
		echo "$out" >>"$TMP/http.txt"
		r=$((r + 1))
	done
	echo "$(awk '{ print $1 * 1000 }' "$TMP/http.txt" | median) $(tail -n 1 "$TMP/http.txt" | cut -d' ' -f2)"
}
# cli_scan DATE -> median ms of the plain scan in the sqlite3 CLI (.timer on)
cli_scan() {
	{
		echo ".timer on"
		r=0
		while [ $r -lt "$REPS" ]; do
			echo ".once /dev/null"
			echo "SELECT item_id, sum(qty), sum(value) FROM stock_moves WHERE company_id = 1 AND date <= '$1' GROUP BY item_id;"
			r=$((r + 1))
		done
	} | sqlite3 "$DB" | tee -a "$LOG" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | awk '{ print $1 * 1000 }' | median
}

# ---- 3. measurements -------------------------------------------------------------------------
for which in today past; do
	if [ $which = today ]; then D=$TODAY Q=""; else D=$PAST Q="?date=$PAST"; fi
	say "bench: stock summary at $D"
	set -- $(http "$Q")
	eval "HTTP_$which=$1 BYTES_$which=$2"
	C=$("$TMP/invbench" time "sqlite:$DB" "$D" "$REPS") || die "invbench time failed at $D: $C"
	log "invbench at $D: $C"
	eval "C_$which=$(kv "$C" summary_ms) CCPU_$which=$(kv "$C" summary_cpu_ms)"
	eval "VAL_$which=$(kv "$C" value_at_ms) VALCPU_$which=$(kv "$C" value_at_cpu_ms)"
	eval "SCAN_$which=$(kv "$C" scan_ms) SCANCPU_$which=$(kv "$C" scan_cpu_ms)"
	eval "CLI_$which=$(cli_scan "$D")"
	set -- $(http "${Q:-?}${Q:+&}by=group")
	eval "GROUP_$which=$1"
	set -- $(http "${Q:-?}${Q:+&}by=godown")
	eval "GODOWN_$which=$1"
done

# ---- 4. where the time goes (when the target is missed) ----------------------------------------
SPLIT=""
SLOW_C=$C_today SLOW_D=$TODAY SLOW_WHICH=today
if awk -v a="$C_past" -v b="$C_today" 'BEGIN { exit !(a > b) }'; then SLOW_C=$C_past SLOW_D=$PAST SLOW_WHICH="the past date"; fi
if [ "$PROFILE" = 1 ] && awk -v a="$SLOW_C" -v t="$TARGET_MS" 'BEGIN { exit !(a > t) }' && command -v perf >/dev/null 2>&1; then
	say "bench: profiling the stock summary at $SLOW_D (perf)"
	if perf record --call-graph dwarf,16384 -F 499 -o "$TMP/perf.data" "$TMP/invbench" time "sqlite:$DB" "$SLOW_D" 3 summary >>"$LOG" 2>&1; then
		perf report -i "$TMP/perf.data" --stdio --children --sort sym 2>/dev/null | grep -E '^ +[0-9]' | head -n 60 >"$TMP/perf.txt" || true
		cat "$TMP/perf.txt" >>"$LOG"
		pct() { awk -v s="$1" '$NF == s { gsub("%", "", $1); print $1; exit }' "$TMP/perf.txt"; }
		P_ALL=$(pct inventory_stock_summary)
		P_SQL=$(pct sqlite3_step)
		P_SORT=$(pct sqlite3VdbeSorterWrite)
		P_SEEK=$(pct sqlite3BtreeTableMoveto)
		P_READ=$(pct __libc_pread64)
		P_BUF=$(pct buf_add)
		P_STR=$(pct jsonw_kstr)
		P_MONEY=$(pct jsonw_kmoney)
		if [ -n "$P_ALL" ] && [ -n "$P_SQL" ]; then
			SPLIT=$(awk -v a="$P_ALL" -v q="$P_SQL" -v so="${P_SORT:-0}" -v sk="${P_SEEK:-0}" -v rd="${P_READ:-0}" -v b="${P_BUF:-0}" \
				-v s="${P_STR:-0}" -v m="${P_MONEY:-0}" 'BEGIN {
				printf "SQLite running the query %.0f%% of the C function'"'"'s time (the ORDER BY name sorter %.0f%%, row lookups %.0f%%, page reads %.0f%%);\n", \
					100 * q / a, 100 * so / a, 100 * sk / a, 100 * rd / a
				printf "  the rest, %.0f%%, is writing the JSON (string fields %.0f%%, money fields %.0f%%; inside both, appending to the growing\n", \
					100 * (a - q) / a, 100 * s / a, 100 * m / a
				printf "  output buffer %.0f%%, page faults included)", 100 * b / a }')
		fi
	else
		log "perf record failed"
	fi
fi

# ---- 5. the table ----------------------------------------------------------------------------
mkdir -p bench/out
OUT="bench/out/inventory-$STAMP.txt"
{
	echo "Daftar inventory benchmark - $STAMP UTC, commit $COMMIT"
	echo "machine: $CORES cores, $MODEL; load average at start $LOAD0"
	[ -z "$BUSY" ] || echo "$BUSY"
	echo "data: $LOADED; $NBAL item-godown balances; SQLite $DB_MB MB; loaded in $LOAD_S s"
	echo "      (bench/inventory/invbench.c: prepared INSERTs in one transaction, as inventory.c would write them)"
	echo "target: stock summary over $ITEMS items and $MOVES moves in under $TARGET_MS ms"
	echo
	printf '%-52s %18s %18s\n' "median of $REPS" "today ($TODAY)" "past ($PAST)"
	printf '%-52s %18s %18s\n' "stock summary via HTTP (curl time_total)" "$(fmt_ms "$HTTP_today")" "$(fmt_ms "$HTTP_past")"
	printf '%-52s %18s %18s\n' "  response size (bytes)" "$BYTES_today" "$BYTES_past"
	printf '%-52s %18s %18s\n' "stock summary, C function (wall)" "$(fmt_ms "$C_today")" "$(fmt_ms "$C_past")"
	printf '%-52s %18s %18s\n' "stock summary, C function (CPU)" "$(fmt_ms "$CCPU_today")" "$(fmt_ms "$CCPU_past")"
	printf '%-52s %18s %18s\n' "inventory_value_at, C (wall / CPU)" "$(fmt_ms "$VAL_today") / $(fmt_ms "$VALCPU_today")" "$(fmt_ms "$VAL_past") / $(fmt_ms "$VALCPU_past")"
	printf '%-52s %18s %18s\n' "plain scan GROUP BY item_id, C (wall)" "$(fmt_ms "$SCAN_today")" "$(fmt_ms "$SCAN_past")"
	printf '%-52s %18s %18s\n' "plain scan GROUP BY item_id, C (CPU)" "$(fmt_ms "$SCANCPU_today")" "$(fmt_ms "$SCANCPU_past")"
	printf '%-52s %18s %18s\n' "plain scan GROUP BY item_id, sqlite3 CLI (.timer)" "$(fmt_ms "$CLI_today")" "$(fmt_ms "$CLI_past")"
	printf '%-52s %18s %18s\n' "stock summary ?by=group via HTTP" "$(fmt_ms "$GROUP_today")" "$(fmt_ms "$GROUP_past")"
	printf '%-52s %18s %18s\n' "stock summary ?by=godown via HTTP" "$(fmt_ms "$GODOWN_today")" "$(fmt_ms "$GODOWN_past")"
	echo
	printf '%-52s %18s %18s\n' "HTTP / target" "$(ratio "$HTTP_today" $TARGET_MS)" "$(ratio "$HTTP_past" $TARGET_MS)"
	printf '%-52s %18s %18s\n' "C function (wall) / target" "$(ratio "$C_today" $TARGET_MS)" "$(ratio "$C_past" $TARGET_MS)"
	printf '%-52s %18s %18s\n' "C function (CPU) / target" "$(ratio "$CCPU_today" $TARGET_MS)" "$(ratio "$CCPU_past" $TARGET_MS)"
	printf '%-52s %18s %18s\n' "C function / plain scan in C (wall)" "$(ratio "$C_today" "$SCAN_today")" "$(ratio "$C_past" "$SCAN_past")"
	printf '%-52s %18s %18s\n' "HTTP / C function (wall)" "$(ratio "$HTTP_today" "$C_today")" "$(ratio "$HTTP_past" "$C_past")"
	if awk -v a="$C_today" -v b="$C_past" -v t="$TARGET_MS" 'BEGIN { exit !(a <= t && b <= t) }'; then
		echo "target met by the C function at today and at the past date"
	else
		echo "target MISSED at $SLOW_WHICH"
	fi
	[ -z "$SPLIT" ] || printf 'profile (perf, C function at %s): %s\n' "$SLOW_D" "$SPLIT"
	echo
	echo "command: sh bench/inventory.sh   (BENCH_ITEMS=$ITEMS BENCH_MOVES=$MOVES BENCH_DAYS=$DAYS BENCH_REPS=$REPS BENCH_SEED=$SEED)"
} | tee "$OUT"
cp "$LOG" "bench/out/inventory-$STAMP.log"
say "bench: saved $OUT (raw output in bench/out/inventory-$STAMP.log)"
