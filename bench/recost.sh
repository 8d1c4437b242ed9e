#!/bin/sh
# bench/recost.sh - what re-costing stock in date order costs (not a timed test: it never fails on
# a miss).
#
# A purchase back-dated before N later movements of its item re-costs all N of them (their
# values, the FIFO layers and what each issue took of them, the kept balance and month sums), in
# its own transaction. bench/recost/recostbench.c (linked with the project's objects) makes a
# fresh company, gives an item an opening purchase and N movements in date order through
# voucher_post (three sales to a purchase, four a day), and a second item 10 of its own, then
# times REPS times each, interleaved, begin to durable commit:
#   back-dated   a purchase dated the day after the opening, before all N movements
#   in order     the same purchase dated after the last movement: the peer, nothing to re-cost
#   other item   a back-dated purchase of the second item, beside the first one's N movements
# and prints the medians (wall and CPU) per N, for FIFO and weighted average, on SQLite (a file in
# a temporary folder, synchronous=FULL as the server runs) and on PostgreSQL when BENCH_PG_URL (or
# DAFTAR_PG_URL) names a server (a throwaway database is made on it and dropped). Saved to
# bench/out/recost-<date>.txt with the raw output beside it (.log).
#
#   sh bench/recost.sh
#
# Knobs: BENCH_NS ("100 1000 10000"), BENCH_PG_NS ("100 1000 5000"), BENCH_REPS (7), BENCH_PG_URL,
# BENCH_KEEP=1 keeps the temporary folder.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
NS=${BENCH_NS:-100 1000 10000}
PG_NS=${BENCH_PG_NS:-100 1000 5000}
REPS=${BENCH_REPS:-7}
PG_URL=${BENCH_PG_URL:-${DAFTAR_PG_URL:-}}

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

say "bench: building"
make all >&2 || die "build failed"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/daftar-recost.XXXXXX")
PGDB=""
cleanup() {
	if [ -n "$PGDB" ]; then psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $PGDB" >/dev/null 2>&1 || true; fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then say "bench: kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkvar() { printf 'bench-print:\n\t@echo %s\n' "$1" | make -s --no-print-directory -f Makefile -f - bench-print; }
OBJS=$(mkvar '$(OBJ)')
CFLAGS=$(mkvar '$(CSTD) $(INCLUDES) -I$(BUILD)/gen $(PKG_CFLAGS)')
LIBS=$(mkvar '$(PKG_LIBS)')
# shellcheck disable=SC2086
cc -O2 -g -Wall -Wextra -Werror $CFLAGS -o "$TMP/recostbench" bench/recost/recostbench.c $OBJS $LIBS ||
	die "cannot build bench/recost/recostbench.c"

LOG="$TMP/bench.log"
: >"$LOG"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src migrations 2>/dev/null || COMMIT="$COMMIT+changes"
STAMP=$(date -u +%Y-%m-%d-%H%M)
printf 'machine: %s cores, %s; load average at start %s\n' "$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
	"$LOAD0" >>"$LOG"

run() { # engine url "ns"
	for val in fifo weighted_average; do
		say "bench: $1, $val, N = $3"
		"$TMP/recostbench" "$2" "$val" "$3" "$REPS" | sed "s/^/engine=$1 /" | tee -a "$LOG"
	done
}
run SQLite "sqlite:$TMP/recost.db" "$NS" >"$TMP/rows.txt"
if [ -n "$PG_URL" ]; then
	PGDB="daftar_recost_bench_$$"
	psql -q "$PG_URL" -c "CREATE DATABASE $PGDB" >/dev/null || die "cannot create database $PGDB on $PG_URL"
	PGDB_URL=$(printf '%s' "$PG_URL" | sed "s|/[^/?]*\(?.*\)\{0,1\}$|/$PGDB\1|")
	run PostgreSQL "$PGDB_URL" "$PG_NS" >>"$TMP/rows.txt"
fi

kv() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
OUT="bench/out/recost-$STAMP.txt"
mkdir -p bench/out
{
	echo "Re-costing a back-dated purchase ($COMMIT, $(date -u +%Y-%m-%d), medians of $REPS, load average at start $LOAD0)"
	echo "each figure: one purchase in its own write transaction, begin to durable commit; wall ms (CPU ms)"
	echo
	printf '%-10s %-16s %7s %21s %21s %9s %21s\n' engine valuation N "back-dated" "in date order" ratio "other item back-dated"
	while read -r line; do
		b=$(kv "$line" backdated_ms); bc=$(kv "$line" backdated_cpu_ms)
		f=$(kv "$line" inorder_ms); fc=$(kv "$line" inorder_cpu_ms)
		o=$(kv "$line" other_ms); oc=$(kv "$line" other_cpu_ms)
		printf '%-10s %-16s %7s %21s %21s %9s %21s\n' "$(kv "$line" engine)" "$(kv "$line" valuation)" "$(kv "$line" n)" \
			"$b ($bc)" "$f ($fc)" "$(awk -v a="$b" -v b="$f" 'BEGIN { printf "%.1fx", a / b }')" "$o ($oc)"
	done <"$TMP/rows.txt"
	echo
	echo "back-dated: re-costs the N later movements of its item in its godown (and nothing else); in date order: the peer,"
	echo "nothing after it to re-cost; other item: a back-dated purchase of an item with 10 movements beside the first item's N."
} | tee "$OUT"
cp "$LOG" "bench/out/recost-$STAMP.log"
