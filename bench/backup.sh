#!/bin/sh
# bench/backup.sh - `daftar backup` of a large SQLite database while the server takes writes (a
# benchmark, not a timed test: it never fails on a figure, only when the copy is not right).
#
# Builds a database of about BENCH_BACKUP_MB megabytes (1024) by importing a generated journal
# (bench/gen-journal.py, BENCH_TXNS transactions a file) again and again, times one backup with
# no load, then starts `daftar serve`, puts a steady write load on it (wrk with bench/wrk/post.lua:
# parties created without pause) and times `daftar backup` under it. The copy is then checked:
# PRAGMA integrity_check, every party committed before the backup began is in it, and `daftar
# restore` into a new directory (which checks integrity and the audit chain) followed by
# `daftar audit verify`. Prints one table, saved as bench/out/backup-<date>.txt.
#
#   sh bench/backup.sh
#
# Knobs: BENCH_BACKUP_MB (1024), BENCH_TXNS (200000), BENCH_LOAD_CONNS (16), BENCH_PORT (18473),
# BENCH_BIN=/path/to/daftar (measure that binary), BENCH_BACKUP_TIMEOUT (900 s: a backup still
# running then is stopped and reported as not finished), BENCH_DATA=DIR (reuse a data directory
# a run kept: its database is not rebuilt), BENCH_KEEP=1 (keep the temporary folder).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

MB=${BENCH_BACKUP_MB:-1024}
TXNS=${BENCH_TXNS:-200000}
CONNS=${BENCH_LOAD_CONNS:-16}
PORT=${BENCH_PORT:-18473}
LIMIT=${BENCH_BACKUP_TIMEOUT:-900}
URL="http://127.0.0.1:$PORT"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

need_pkg() { # command package
	command -v "$1" >/dev/null 2>&1 && return 0
	say "bench: installing $2"
	apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$2" >/dev/null; } ||
		die "cannot install $2 (apt-get install -y $2)"
}
need_pkg wrk wrk
need_pkg sqlite3 sqlite3
need_pkg curl curl
need_pkg python3 python3

if [ -n "${BENCH_BIN:-}" ]; then
	BIN=$(cd "$(dirname "$BENCH_BIN")" && pwd)/$(basename "$BENCH_BIN")
else
	say "bench: building"
	make all >&2 || die "build failed"
	BIN="$ROOT/build/daftar"
fi
[ -x "$BIN" ] || die "no binary at $BIN"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/daftar-bench-backup.XXXXXX")
if [ "$(stat -f -c %T "$TMP")" = tmpfs ]; then # fsync is free on tmpfs: use the repository's disk
	rmdir "$TMP"
	mkdir -p "$ROOT/bench/out"
	TMP=$(mktemp -d "$ROOT/bench/out/tmp.XXXXXX")
fi
SRV_PID=""
WRK_PID=""
cleanup() {
	[ -z "$WRK_PID" ] || kill "$WRK_PID" 2>/dev/null || true
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null || true
		wait "$SRV_PID" 2>/dev/null || true
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then say "bench: kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

now_ms() { date +%s%3N; }
size_mb() { echo $(( $(stat -c %s "$1") / 1048576 )); }

# ---- the database ----------------------------------------------------------------------------
if [ -n "${BENCH_DATA:-}" ]; then
	DATA=$(cd "$BENCH_DATA" && pwd)
	say "bench: using $DATA ($(size_mb "$DATA/daftar.db") MB)"
else
	DATA="$TMP/data"
	DAFTAR_ADMIN_PASSWORD=bench-admin-password-0123 "$BIN" init --data "$DATA" --company "Bench Backup Co" >/dev/null
	say "bench: generating a journal of $TXNS transactions"
	OUT="$TMP/gen" python3 bench/gen-journal.py "$TXNS" >/dev/null
	JOURNAL=$(ls "$TMP"/gen/*.journal | head -1)
	t0=$(now_ms)
	while [ "$(size_mb "$DATA/daftar.db")" -lt "$MB" ]; do
		"$BIN" import ledger --data "$DATA" "$JOURNAL" >/dev/null || die "import failed"
		say "bench: database at $(size_mb "$DATA/daftar.db") MB"
	done
	say "bench: built in $(( ($(now_ms) - t0) / 1000 )) s"
	rm -rf "$TMP/gen"
fi
DB_MB=$(size_mb "$DATA/daftar.db")

# ---- one backup with no load -----------------------------------------------------------------
t0=$(now_ms)
"$BIN" backup --data "$DATA" "$TMP/idle.db" >/dev/null || die "backup (no load) failed"
IDLE_MS=$(( $(now_ms) - t0 ))
rm -f "$TMP/idle.db"

# ---- the server and its write load -----------------------------------------------------------
TOKEN=$("$BIN" token create --data "$DATA" --user admin --name bench)
"$BIN" serve --data "$DATA" --listen "127.0.0.1:$PORT" --quiet 2>"$TMP/serve.log" &
SRV_PID=$!
i=0
until curl -s -o /dev/null "$URL/api/v1/session"; do
	i=$((i + 1))
	[ "$i" -lt 300 ] || die "the server did not start: $(cat "$TMP/serve.log")"
	sleep 0.1
done
BENCH_TOKEN=$TOKEN BENCH_TAG=7 wrk -t1 -c"$CONNS" -d3600s -s bench/wrk/post.lua "$URL" >"$TMP/wrk.out" 2>&1 &
WRK_PID=$!
sleep 3

# ---- the backup under load -------------------------------------------------------------------
BEFORE=$(sqlite3 "$DATA/daftar.db" '.timeout 10000' 'SELECT count(*) FROM parties')
t0=$(now_ms)
"$BIN" backup --data "$DATA" "$TMP/load.db" >"$TMP/backup.out" 2>&1 &
BK_PID=$!
FINISHED=no
while :; do
	if ! kill -0 "$BK_PID" 2>/dev/null; then
		wait "$BK_PID" && FINISHED=yes || FINISHED=failed
		break
	fi
	if [ $(( $(now_ms) - t0 )) -gt $(( LIMIT * 1000 )) ]; then
		kill "$BK_PID" 2>/dev/null || true
		wait "$BK_PID" 2>/dev/null || true
		FINISHED="no (stopped after $LIMIT s)"
		break
	fi
	sleep 0.05
done
LOAD_MS=$(( $(now_ms) - t0 ))
AFTER=$(sqlite3 "$DATA/daftar.db" '.timeout 10000' 'SELECT count(*) FROM parties')
kill "$WRK_PID" 2>/dev/null || true
wait "$WRK_PID" 2>/dev/null || true
WRK_PID=""
kill "$SRV_PID"
wait "$SRV_PID" 2>/dev/null || true
SRV_PID=""

# ---- the copy --------------------------------------------------------------------------------
INTEGRITY=- IN_COPY=- RESTORE=- VERIFY=- MODE=-
if [ "$FINISHED" = yes ]; then
	MODE=$(stat -c %a "$TMP/load.db")
	INTEGRITY=$(sqlite3 "$TMP/load.db" 'PRAGMA integrity_check' | head -1)
	IN_COPY=$(sqlite3 "$TMP/load.db" 'SELECT count(*) FROM parties')
	t0=$(now_ms)
	if "$BIN" restore --data "$TMP/restored" "$TMP/load.db" >"$TMP/restore.out" 2>&1; then
		RESTORE="ok in $(( $(now_ms) - t0 )) ms"
	else
		RESTORE="REFUSED: $(tail -1 "$TMP/restore.out")"
	fi
	VERIFY=$("$BIN" audit verify --data "$TMP/restored" 2>&1 | tail -1)
fi
[ "$IN_COPY" = - ] || [ "$IN_COPY" -ge "$BEFORE" ] || FINISHED="WRONG: $IN_COPY parties in the copy, $BEFORE committed before it"

OUTFILE="bench/out/backup-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p bench/out
{
	echo "daftar backup of a ${DB_MB} MB SQLite database ($(basename "$BIN"), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
	echo "  no load:                     $(( IDLE_MS / 1000 )).$(( IDLE_MS % 1000 / 100 )) s"
	echo "  under write load ($CONNS conns): $(( LOAD_MS / 1000 )).$(( LOAD_MS % 1000 / 100 )) s, finished: $FINISHED"
	echo "  writes during the backup:    $(( AFTER - BEFORE )) parties committed ($(( (AFTER - BEFORE) * 1000 / (LOAD_MS > 0 ? LOAD_MS : 1) ))/s)"
	echo "  the copy:                    mode $MODE, integrity_check $INTEGRITY, $IN_COPY parties (>= $BEFORE committed before it)"
	echo "  restore into a new dir:      $RESTORE"
	echo "  audit verify of the restore: $VERIFY"
} | tee "$OUTFILE"
case "$FINISHED" in yes) ;; *) exit 1 ;; esac
case "$INTEGRITY $RESTORE" in "ok ok"*) ;; *) exit 1 ;; esac
