#!/bin/sh
# bench/search.sh - the one search box at a million vouchers, over HTTP, beside two peers measured
# in the same run: SQLite itself running the same statements (the floor: no HTTP, no JSON) and
# ripgrep over the journal the books came from (searching the book without an index). Not a timed
# test: it never fails on a miss. The table is printed and saved to bench/out/search-<date>.txt.
#
#   sh bench/search.sh
#
# What it does: generates the synthetic book (bench/gen-journal.py, the same as bench/accounts.sh)
# of BENCH_N transactions unless bench-data has it, imports it into a fresh data directory with
# `daftar import ledger` (each transaction a voucher with its narration: "Sales invoice INV0012345
# GST18"), adds BENCH_PARTIES parties with English and Hindi names through the API, starts `daftar
# serve`, and runs bench/search-client.py: BENCH_QUERIES distinct queries drawn from the books - a
# quarter each amounts as people type them, beginnings of voucher numbers, parts of narrations,
# parts of party names (English and Hindi) - each asked once, one after another, then the same on
# the peers (ripgrep for BENCH_RG of them: it reads the whole journal each time).
#
# Knobs: BENCH_N (1000000), BENCH_QUERIES (2000), BENCH_PARTIES (2000), BENCH_RG (100),
# BENCH_PORT (18481), BENCH_BIN (the daftar to measure), BENCH_KEEP=1 (keep the data directory),
# BENCH_DATA=DIR (reuse a data directory kept before: no import).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
N=${BENCH_N:-1000000}
QUERIES=${BENCH_QUERIES:-2000}
PARTIES=${BENCH_PARTIES:-2000}
NRG=${BENCH_RG:-100}
PORT=${BENCH_PORT:-18481}
STAMP=$(date +%Y-%m-%d)
OUTDIR=$ROOT/bench/out
mkdir -p "$OUTDIR" "$ROOT/bench-data"
TABLE=$OUTDIR/search-$STAMP.txt
TMP=$(mktemp -d /tmp/daftar-bench-search-XXXXXX)
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
	[ "${BENCH_KEEP:-}" = 1 ] || rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
say() { echo "$*" >&2; }

need=
command -v rg >/dev/null 2>&1 || need="$need ripgrep"
command -v curl >/dev/null 2>&1 || need="$need curl"
if [ -n "$need" ]; then
	say "installing:$need"
	apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
if [ -n "${BENCH_BIN:-}" ]; then BIN=$BENCH_BIN; else make -s daftar >/dev/null; BIN=$ROOT/daftar; fi

if [ "$N" -lt 1000000 ]; then TAG="$((N / 1000))k"; else TAG="$((N / 1000000))M"; fi
JOURNAL=$ROOT/bench-data/$TAG.journal
if [ ! -s "$JOURNAL" ]; then
	say "generating $JOURNAL ..."
	OUT="$ROOT/bench-data" python3 "$ROOT/bench/gen-journal.py" "$N" >&2
fi

if [ -n "${BENCH_DATA:-}" ]; then
	D=$BENCH_DATA
	IMPORT="(reused $D)"
else
	D=$TMP/data
	DAFTAR_ADMIN_PASSWORD='bench-search-password' "$BIN" init --data "$D" --company 'Bench Traders' >/dev/null
	say "importing $JOURNAL ..."
	t0=$(date +%s)
	"$BIN" import ledger --data "$D" "$JOURNAL" >&2
	IMPORT="$(( $(date +%s) - t0 )) s"
fi
TOKEN=$("$BIN" token create --data "$D" --user admin)
"$BIN" serve --data "$D" --listen "127.0.0.1:$PORT" --quiet 2>"$TMP/serve.log" &
SERVER_PID=$!
for i in $(seq 1 100); do
	curl -s "http://127.0.0.1:$PORT/api/v1/session" >/dev/null 2>&1 && break
	sleep 0.1
done
HAVE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/companies/1/parties?limit=1" | grep -c '"id"' || true)
if [ -z "${BENCH_DATA:-}" ] || [ "$HAVE" = 0 ]; then
	say "adding $PARTIES parties ..."
	python3 "$ROOT/bench/search-client.py" parties "http://127.0.0.1:$PORT" "$TOKEN" "$PARTIES"
fi
VOUCHERS=$(sqlite3 "file:$D/daftar.db?mode=ro" "SELECT count(*) FROM vouchers")
NPARTIES=$(sqlite3 "file:$D/daftar.db?mode=ro" "SELECT count(*) FROM parties")
DBSIZE=$(du -m "$D/daftar.db" | cut -f1)

{
	echo "Search at $VOUCHERS vouchers and $NPARTIES parties (bench/gen-journal.py, seed 42, imported in $IMPORT; database $DBSIZE MB)"
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), daftar $("$BIN" version | cut -d' ' -f2), SQLite $(sqlite3 --version | cut -d' ' -f1), $(rg --version | awk 'NR == 1')"
	echo "Each query once, one after another on one kept-alive connection (wall time from request to last byte):"
	echo "  daftar:  GET /api/v1/companies/1/search?q=... (Bearer token), the answer's four groups"
	echo "  sqlite3: the statements the server runs for that query, on the same database (Python's sqlite3)"
	echo "  rg:      rg -F -i -m 9 QUERY $TAG.journal (amounts as the journal writes them), the first $NRG queries"
	python3 "$ROOT/bench/search-client.py" run "http://127.0.0.1:$PORT" "$TOKEN" "$D/daftar.db" "$JOURNAL" "$QUERIES" "$NRG" "$SERVER_PID"
	echo "command: sh bench/search.sh   (BENCH_N=$N BENCH_QUERIES=$QUERIES BENCH_PARTIES=$PARTIES BENCH_RG=$NRG)"
} | tee "$TABLE"
say "saved $TABLE"
