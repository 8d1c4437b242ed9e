#!/bin/sh
# bench/soak.sh - the soak: wrk at 256 connections for 5 minutes of mixed reads and writes
# (bench/wrk/mixed.lua: parties read, listed and created, trial balances and day books of random
# periods, journal vouchers posted) against one server on a demo company. Prints the answers by
# class (a 5xx is a failure), p50/p90/p99 latency, and the server's RSS at the start, every 30 s
# and at the end (flat is the goal). Not a timed test; it exits 1 only on a 5xx or a dead server.
#
#   sh bench/soak.sh                      # 300 s, 256 connections
#   BENCH_SOAK_SECS=60 sh bench/soak.sh   # a short run
#
# Knobs: BENCH_SOAK_SECS (300), BENCH_SOAK_CONNS (256), BENCH_PORT (18473), BENCH_BIN (a binary).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECS=${BENCH_SOAK_SECS:-300}
CONNS=${BENCH_SOAK_CONNS:-256}
PORT=${BENCH_PORT:-18473}
URL="http://127.0.0.1:$PORT"
die() { echo "soak: $*" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || die "cannot install wrk"; }
command -v curl >/dev/null || { apt-get install -y -qq curl >/dev/null 2>&1 || die "cannot install curl"; }
if [ -n "${BENCH_BIN:-}" ]; then BIN=$BENCH_BIN; else make all >&2 || die "build failed"; BIN=$ROOT/build/daftar; fi

mkdir -p "$ROOT/bench/out"
TMP=$(mktemp -d "$ROOT/bench/out/soak.XXXXXX")
SRV=""
cleanup() { [ -z "$SRV" ] || { kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; }; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

DAFTAR_ADMIN_PASSWORD=soak-pass-0123456789 "$BIN" init --data "$TMP/data" --company "Soak Traders" --demo >/dev/null
TOKEN=$("$BIN" token create --data "$TMP/data" --user admin)
"$BIN" serve --data "$TMP/data" --listen "127.0.0.1:$PORT" --quiet --conn-per-ip $((CONNS + 64)) 2>"$TMP/server.log" &
SRV=$!
i=0
until curl -s -o /dev/null --max-time 1 "$URL/api/v1/session"; do
	i=$((i + 1)); [ $i -lt 200 ] || die "the server did not start: $(cat "$TMP/server.log")"; sleep 0.05
done
api() { curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
jget() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(eval("j"+process.argv[1]))})' "$1"; }
CASH=$(api "$URL/api/v1/companies/1/ledgers?limit=500" | jget '.items.find(l=>l.kind==="cash").id')
GROUP=$(api "$URL/api/v1/companies/1/groups?limit=500" | jget '.items.find(g=>g.code==="indirect_expenses").id')
EXPENSE=$(api -X POST -d "{\"name\":\"Soak Expenses\",\"group_id\":$GROUP}" "$URL/api/v1/companies/1/ledgers" | jget '.id')
FROM=$(api "$URL/api/v1/companies/1/books" | jget '.books_from')
DATE=$(date -u +%Y-%m-%d)
[ "$DATE" \> "$FROM" ] || DATE=$FROM
PARTIES=$(api "$URL/api/v1/companies/1/parties?limit=500" | jget '.items.length')

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SRV/status"; }
RSS0=$(rss)
echo "soak: ${SECS} s, $CONNS connections, mixed reads and writes; server RSS at start $((RSS0 / 1024)) MB"
(
	t=0
	while [ $t -lt "$SECS" ]; do sleep 30; t=$((t + 30)); kill -0 "$SRV" 2>/dev/null || exit 0; echo "soak: ${t} s: RSS $(($(rss) / 1024)) MB"; done
) &
SAMPLER=$!
BENCH_TOKEN=$TOKEN BENCH_MAX_ID=$PARTIES BENCH_CASH=$CASH BENCH_EXPENSE=$EXPENSE BENCH_DATE=$DATE BENCH_FROM=$FROM \
	wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s --latency -s bench/wrk/mixed.lua "$URL" >"$TMP/wrk.log" 2>&1 || true
kill $SAMPLER 2>/dev/null || true
kill -0 "$SRV" 2>/dev/null || die "the server died: $(tail -n 20 "$TMP/server.log")"
RSS1=$(rss)
line=$(grep '^BENCH_MIXED ' "$TMP/wrk.log" || true)
[ -n "$line" ] || die "wrk printed no result: $(cat "$TMP/wrk.log")"
kv() { printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
echo "soak: $(kv requests) requests in $(kv secs) s ($(kv rps)/s): $(kv ok) 2xx, $(kv c4xx) 4xx, $(kv c5xx) 5xx, $(kv sock_errors) socket errors (connect $(kv connect), read $(kv read), write $(kv write), timeout $(kv timeout))"
echo "soak: latency p50 $(($(kv p50_us) / 1000)) ms, p90 $(($(kv p90_us) / 1000)) ms, p99 $(($(kv p99_us) / 1000)) ms, max $(($(kv max_us) / 1000)) ms"
echo "soak: server RSS $((RSS0 / 1024)) MB at the start, $((RSS1 / 1024)) MB at the end"
grep '^BENCH_MIXED_SAMPLE' "$TMP/wrk.log" || true
# the server stops as on any day's end (SIGTERM): it must exit 0
kill "$SRV"
st=0
wait "$SRV" || st=$?
SRV=""
echo "soak: server stopped with exit status $st"
[ "$st" = 0 ] || { tail -n 20 "$TMP/server.log" >&2; exit 1; }
[ "$(kv c5xx)" = 0 ] || exit 1
