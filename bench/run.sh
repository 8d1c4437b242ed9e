#!/bin/sh
# bench/run.sh - the benchmark of Daftar's foundation (not a timed test: it never fails on a miss).
#
# Builds, starts a fresh data directory in a temporary folder, loads 10,000 parties through the
# API (that load is the durable-POST measurement), then measures GET list and GET one with wrk,
# the disk's own rate of single fsync'd commits, startup time and RSS, tries several --threads
# values, and prints one table with the target beside each figure. The table is also saved to
# bench/out/foundation-<date>.txt, with the raw output beside it (.log).
#
#   sh bench/run.sh            or   make bench
#
# Knobs (environment): BENCH_PARTIES (10000), BENCH_SECS (10, per GET run), BENCH_SWEEP_SECS (5),
# BENCH_SWEEP ("2 4 8 16", "" to skip), BENCH_STARTUP_RUNS (10), BENCH_FSYNC_SECS (3),
# BENCH_PORT (18471), BENCH_KEEP=1 keeps the temporary folder, BENCH_BIN=/path/to/daftar measures
# that binary instead of building (to compare a change against the committed code).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

PARTIES=${BENCH_PARTIES:-10000}
SECS=${BENCH_SECS:-10}
SWEEP_SECS=${BENCH_SWEEP_SECS:-5}
SWEEP=${BENCH_SWEEP-2 4 8 16}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-10}
FSYNC_SECS=${BENCH_FSYNC_SECS:-3}
PORT=${BENCH_PORT:-18471}
CONNS=64
URL="http://127.0.0.1:$PORT"
LIST_PATH="/api/v1/companies/1/parties?limit=50"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

# ---- tools -----------------------------------------------------------------------------------
need_pkg() { # command package
	command -v "$1" >/dev/null 2>&1 && return 0
	say "bench: installing $2"
	apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$2" >/dev/null; } ||
		die "cannot install $2 (apt-get install -y $2)"
}
need_pkg wrk wrk
need_pkg sqlite3 sqlite3
need_pkg curl curl
need_pkg cc gcc

if [ -n "${BENCH_BIN:-}" ]; then
	BIN=$(cd "$(dirname "$BENCH_BIN")" && pwd)/$(basename "$BENCH_BIN")
	[ -x "$BIN" ] || die "BENCH_BIN=$BENCH_BIN is not an executable"
else
	say "bench: building"
	make all >&2 || die "build failed"
	BIN="$ROOT/build/daftar"
	[ -x "$BIN" ] || die "no $BIN after make"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/daftar-bench.XXXXXX")
# fsync is free on tmpfs: then keep the data on the repository's file system instead
if [ "$(stat -f -c %T "$TMP")" = tmpfs ]; then
	rmdir "$TMP"
	mkdir -p "$ROOT/bench/out"
	TMP=$(mktemp -d "$ROOT/bench/out/tmp.XXXXXX")
fi
SRV_PID=""
PERF_PID=""
cleanup() {
	if [ -n "$PERF_PID" ]; then kill "$PERF_PID" 2>/dev/null || true; fi
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null || true
		wait "$SRV_PID" 2>/dev/null || true
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then say "bench: kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

# measure one binary from start to end, even if the tree is rebuilt meanwhile
cp "$BIN" "$TMP/daftar"
BIN_SRC=$BIN
BIN="$TMP/daftar"
cc -O2 -Wall -Wextra -o "$TMP/fsync" bench/fsync.c -lsqlite3 || die "cannot build bench/fsync.c (needs libsqlite3-dev)"
cc -O2 -Wall -Wextra -o "$TMP/startup" bench/startup.c || die "cannot build bench/startup.c"

if curl -s -o /dev/null --max-time 1 "$URL/"; then
	die "port $PORT is in use: set BENCH_PORT"
fi

LOG="$TMP/bench.log"
: >"$LOG"
log() { printf '%s\n' "$*" >>"$LOG"; }

# key=value out of a BENCH_* line
kv() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }
# floating point helpers
calc() { awk "BEGIN { printf \"%s\", $1 }"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f ms", us / 1000 }'; }
num() { awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } printf "%s%s", s, r }'; }

TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # utime + stime of a process
mono() { awk '{ print $1 }' /proc/uptime; }

# ---- the server ------------------------------------------------------------------------------
# start_server DATA THREADS quiet|log LOGFILE
start_server() {
	_q=--quiet
	[ "$3" = log ] && _q=
	# shellcheck disable=SC2086
	"$BIN" serve --data "$1" --listen "127.0.0.1:$PORT" --threads "$2" $_q 2>"$4" &
	SRV_PID=$!
	_i=0
	until curl -s -o /dev/null --max-time 1 "$URL/api/v1/session"; do
		_i=$((_i + 1))
		[ $_i -lt 200 ] || die "the server did not answer within 10 s (see $4)"
		kill -0 "$SRV_PID" 2>/dev/null || die "the server exited: $(cat "$4")"
		sleep 0.05
	done
}
stop_server() {
	kill "$SRV_PID"
	wait "$SRV_PID" 2>/dev/null || true
	SRV_PID=""
}
rss_kb() { sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

# Counting fdatasync calls (one per SQLite WAL commit, plus checkpoints) needs perf tracepoints.
PERF_OK=0
if command -v perf >/dev/null 2>&1 && perf stat -e syscalls:sys_enter_fdatasync -o /dev/null true >/dev/null 2>&1; then
	PERF_OK=1
fi
perf_start() {
	[ $PERF_OK = 1 ] || return 0
	perf stat -e syscalls:sys_enter_fdatasync -p "$SRV_PID" -o "$TMP/perf.txt" >/dev/null 2>&1 &
	PERF_PID=$!
	sleep 0.2
}
perf_stop() { # sets SYNCS to the number of fdatasync calls, or n/a
	SYNCS=n/a
	if [ $PERF_OK = 1 ] && [ -n "$PERF_PID" ]; then
		kill -INT "$PERF_PID" 2>/dev/null || true
		wait "$PERF_PID" 2>/dev/null || true
		PERF_PID=""
		SYNCS=$(awk '/sys_enter_fdatasync/ { gsub(",", "", $1); print $1; exit }' "$TMP/perf.txt")
		[ -n "$SYNCS" ] || SYNCS=n/a
	fi
}

# ---- wrk runs (each prints its BENCH_ line; raw output goes to the log) -------------------------
# wrk_get SECS (BENCH_PATH or BENCH_MAX_ID in the environment); the line gets server_cpu=, the
# server's CPU time over the wall time of the run, in cores
wrk_get() {
	# one second of warm-up first (a freshly started server has cold per-thread SQLite caches)
	wrk -t2 -c$CONNS -d1s -s bench/wrk/get.lua "$URL" >/dev/null 2>&1 || true
	_t0=$(cpu_ticks "$SRV_PID")
	_w0=$(mono)
	wrk -t2 -c$CONNS -d"$1"s --latency -s bench/wrk/get.lua "$URL" >"$TMP/wrk.out" 2>&1 || true
	_w1=$(mono)
	_t1=$(cpu_ticks "$SRV_PID")
	CPU=$(awk -v a="$_t0" -v b="$_t1" -v k="$TCK" -v w0="$_w0" -v w1="$_w1" 'BEGIN { printf "%.2f", (b - a) / k / (w1 - w0) }')
	cat "$TMP/wrk.out" >>"$LOG"
	_l=$(grep '^BENCH_GET' "$TMP/wrk.out") || die "wrk failed: $(cat "$TMP/wrk.out")"
	echo "$_l server_cpu=$CPU"
}
# wrk_post QUOTA SECS TAG (QUOTA 0: for SECS; else exactly QUOTA creates, SECS is only a cap)
wrk_post() {
	_t0=$(cpu_ticks "$SRV_PID")
	_w0=$(mono)
	BENCH_QUOTA=$1 BENCH_TAG=$3 wrk -t1 -c$CONNS -d"$2"s --latency -s bench/wrk/post.lua "$URL" >"$TMP/wrk.out" 2>&1 || true
	_w1=$(mono)
	_t1=$(cpu_ticks "$SRV_PID")
	CPU=$(awk -v a="$_t0" -v b="$_t1" -v k="$TCK" -v w0="$_w0" -v w1="$_w1" 'BEGIN { printf "%.2f", (b - a) / k / (w1 - w0) }')
	cat "$TMP/wrk.out" >>"$LOG"
	grep '^BENCH_POST_SAMPLE' "$TMP/wrk.out" >&2 || true
	_l=$(grep '^BENCH_POST ' "$TMP/wrk.out") || die "wrk failed: $(cat "$TMP/wrk.out")"
	echo "$_l server_cpu=$CPU"
}
count_parties() { sqlite3 "$1/daftar.db" "SELECT count(*) FROM parties WHERE company_id = 1"; }

# ---- the machine -----------------------------------------------------------------------------
CORES=$(nproc)
MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src migrations 2>/dev/null || COMMIT="$COMMIT+changes"
FS=$(stat -f -c %T "$TMP")
STAMP=$(date -u +%Y-%m-%d-%H%M)
log "machine: $CORES cores, $MODEL; load average at start $LOAD0; data on $FS"
BUSY=""
case $(printf '%s' "$LOAD0" | cut -d' ' -f1) in
0.[0-4]*) ;;
*)
	BUSY="WARNING: the load average was $LOAD0 at the start: other work shared this machine, so these figures are low and noisy"
	say "bench: $BUSY"
	;;
esac

# ---- 1. a fresh data directory and a token -----------------------------------------------------
DATA="$TMP/data"
DAFTAR_ADMIN_PASSWORD=bench-admin-password-1 "$BIN" init --data "$DATA" --company "Bench Traders" >>"$LOG"
TOKEN=$("$BIN" token create --data "$DATA" --user admin --name bench)
export BENCH_TOKEN="$TOKEN"
DEF_THREADS=$((CORES * 2)) # what `daftar serve` picks without --threads

# ---- 2. the disk's own rate of single fsync'd commits (before anything else runs) ---------------
say "bench: disk: single fsync'd SQLite commits for ${FSYNC_SECS}s"
FSYNC=$("$TMP/fsync" "$TMP" "$FSYNC_SECS")
log "fsync: $FSYNC"

# ---- 3. the load: exactly $PARTIES durable creates through the API ------------------------------
say "bench: loading $PARTIES parties (POST, wrk -t1 -c$CONNS, $DEF_THREADS server threads)"
start_server "$DATA" "$DEF_THREADS" quiet "$TMP/serve.err"
perf_start
POST=$(wrk_post "$PARTIES" 300 0)
POST_CPU=$(kv "$POST" server_cpu)
perf_stop
POST_SYNCS=$SYNCS
RSS_LOAD=$(rss_kb "$SRV_PID" VmRSS)
log "load: $POST (server cpu $POST_CPU cores, fdatasync $POST_SYNCS, VmRSS after it $RSS_LOAD kB)"
# the disk again, right after, to see whether its rate moved while we loaded
FSYNC2=$("$TMP/fsync" "$TMP" "$FSYNC_SECS")
log "fsync after the load: $FSYNC2"
ROWS=$(count_parties "$DATA")
CREATED=$(kv "$POST" created)
[ "$ROWS" = "$CREATED" ] && [ "$(kv "$POST" other)" = 0 ] && [ "$CREATED" = "$PARTIES" ] && VERIFY="ok: $ROWS rows = $CREATED answers 201" ||
	VERIFY="MISMATCH: $ROWS rows, $CREATED answers 201, $(kv "$POST" other) other answers, $PARTIES wanted"
log "verify: $VERIFY"

# ---- 4. GETs on the loaded data --------------------------------------------------------------
say "bench: GET list for ${SECS}s"
LIST=$(BENCH_PATH="$LIST_PATH" wrk_get "$SECS")
LIST_CPU=$(kv "$LIST" server_cpu)
say "bench: GET one for ${SECS}s"
ONE=$(BENCH_MAX_ID="$ROWS" wrk_get "$SECS")
ONE_CPU=$(kv "$ONE" server_cpu)
RSS=$(rss_kb "$SRV_PID" VmRSS)
HWM=$(rss_kb "$SRV_PID" VmHWM)
RSS_SPLIT="anon $(mb "$(rss_kb "$SRV_PID" RssAnon)") + files $(mb "$(rss_kb "$SRV_PID" RssFile)") + shm $(mb "$(rss_kb "$SRV_PID" RssShmem)")"
log "list: $LIST (server cpu $LIST_CPU)"
log "one: $ONE (server cpu $ONE_CPU)"
log "rss after all: VmRSS $RSS kB VmHWM $HWM kB"
stop_server

# ---- 5. GET one with the per-request log line on ------------------------------------------------
say "bench: GET one with the request log on for ${SECS}s"
start_server "$DATA" "$DEF_THREADS" log "$TMP/serve-log.err"
ONE_LOG=$(BENCH_MAX_ID="$ROWS" wrk_get "$SECS")
ONE_LOG_CPU=$(kv "$ONE_LOG" server_cpu)
stop_server
LOG_LINES=$(grep -c ' GET /api/v1/companies/1/parties/' "$TMP/serve-log.err" || true)
log "one with log: $ONE_LOG (server cpu $ONE_LOG_CPU, $LOG_LINES log lines)"

# ---- 6. --threads: each on a copy of the loaded data ---------------------------------------------
SWEEP_ROWS=""
tag=1
for t in $SWEEP; do
	say "bench: --threads $t: GET one, GET list, POST for ${SWEEP_SECS}s each"
	rm -rf "$TMP/sweep"
	cp -a "$DATA" "$TMP/sweep"
	start_server "$TMP/sweep" "$t" quiet "$TMP/serve-sweep.err"
	s_one=$(BENCH_MAX_ID="$ROWS" wrk_get "$SWEEP_SECS")
	s_list=$(BENCH_PATH="$LIST_PATH" wrk_get "$SWEEP_SECS")
	before=$(count_parties "$TMP/sweep")
	perf_start
	s_post=$(wrk_post 0 "$SWEEP_SECS" "$tag")
	perf_stop
	s_sync=$SYNCS
	sleep 0.3
	after=$(count_parties "$TMP/sweep")
	s_rss=$(rss_kb "$SRV_PID" VmHWM)
	stop_server
	# every 201 made a row; requests still in flight when wrk stopped may add up to $CONNS more
	s_ok=ok
	s_made=$((after - before))
	[ "$s_made" -ge "$(kv "$s_post" created)" ] && [ "$s_made" -le $(($(kv "$s_post" created) + CONNS)) ] || s_ok="MISMATCH rows $s_made"
	log "threads $t: one $s_one | list $s_list | post $s_post fdatasync $s_sync rows $s_made | VmHWM $s_rss kB"
	SWEEP_ROWS="$SWEEP_ROWS$t|$(kv "$s_one" rps)|$(kv "$s_one" p99_us)|$(kv "$s_list" rps)|$(kv "$s_list" p99_us)|$(kv "$s_post" rate)|$(kv "$s_post" p99_us)|$s_sync|$(kv "$s_post" created)|$s_rss|$s_ok
"
	tag=$((tag + 1))
done

# ---- 7. startup ----------------------------------------------------------------------------------
say "bench: startup x$STARTUP_RUNS"
"$TMP/startup" "$PORT" "$STARTUP_RUNS" "$BIN" serve --data "$DATA" --listen "127.0.0.1:$PORT" --quiet >"$TMP/startup.out" ||
	die "startup measurement failed: $(cat "$TMP/startup.out")"
cat "$TMP/startup.out" >>"$LOG"
START=$(grep '^STARTUP' "$TMP/startup.out")

# ---- 8. the audit chain is whole after concurrent writes -----------------------------------------
AUDIT=$("$BIN" audit verify --data "$DATA" 2>&1) || AUDIT="FAILED: $AUDIT"
log "audit: $AUDIT"
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table -----------------------------------------------------------------------------------
verdict() { # value target ge|lt
	awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {
		if (op == "ge") printf "%5.2fx  %s", v / t, (v >= t ? "met" : "MISSED");
		else printf "%5.2fx  %s", v / t, (v < t ? "met" : "MISSED") }'
}
FS_RATE=$(kv "$FSYNC" commits_per_s)
FS2_RATE=$(kv "$FSYNC2" commits_per_s)
P_RATE=$(kv "$POST" rate)
START_MS=$(kv "$START" median_ms)
RSS_MB=$(calc "$RSS / 1024")
HWM_MB=$(calc "$HWM / 1024")

OUT="$TMP/table.txt"
{
	echo "Daftar foundation benchmark - $(date -u '+%Y-%m-%d %H:%M UTC') - commit $COMMIT"
	echo "machine: $CORES cores ($MODEL), $(uname -r), data on $FS; load average $LOAD0 at start, $LOAD1 at end"
	echo "binary: $BIN_SRC"
	echo "software: SQLite $(kv "$FSYNC" sqlite), libmicrohttpd $(dpkg-query -W -f '${Version}' libmicrohttpd12 2>/dev/null || echo '?'), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
	echo "data: $ROWS parties in one company, SQLite WAL + synchronous=FULL, group-commit writer;"
	echo "      server: --threads $DEF_THREADS (the default, 2 x cores) and --quiet unless said otherwise."
	[ -z "$BUSY" ] || echo "$BUSY"
	echo "note: wrk runs on the same $CORES cores as the server, so every rate here is shared with the load"
	echo "      generator (server CPU per run is shown as 'server N.NN cores'); a dedicated server would do more."
	echo
	printf '%-44s %-22s %-12s %s\n' "figure" "measured" "target" "ratio"
	printf '%-44s %-22s %-12s %s\n' "GET list ?limit=50 (wrk -t2 -c$CONNS ${SECS}s)" "$(num "$(kv "$LIST" rps)") req/s" ">= 20,000" "$(verdict "$(kv "$LIST" rps)" 20000 ge)"
	printf '%-44s %-22s\n' "    p99 / p50 latency" "$(ms "$(kv "$LIST" p99_us)") / $(ms "$(kv "$LIST" p50_us)")"
	printf '%-44s %-22s\n' "    server CPU, non-2xx, socket errors" "$LIST_CPU cores, $(kv "$LIST" bad_status), $(kv "$LIST" sock_errors)"
	printf '%-44s %-22s %-12s %s\n' "GET one /parties/{random id} (wrk -t2 -c$CONNS)" "$(num "$(kv "$ONE" rps)") req/s" ">= 20,000" "$(verdict "$(kv "$ONE" rps)" 20000 ge)"
	printf '%-44s %-22s\n' "    p99 / p50 latency" "$(ms "$(kv "$ONE" p99_us)") / $(ms "$(kv "$ONE" p50_us)")"
	printf '%-44s %-22s\n' "    server CPU, non-2xx, socket errors" "$ONE_CPU cores, $(kv "$ONE" bad_status), $(kv "$ONE" sock_errors)"
	printf '%-44s %-22s %-12s %s\n' "GET one with the request log on (no --quiet)" "$(num "$(kv "$ONE_LOG" rps)") req/s" ">= 20,000" "$(verdict "$(kv "$ONE_LOG" rps)" 20000 ge)"
	printf '%-44s %-22s\n' "    p99; server CPU; log lines written" "$(ms "$(kv "$ONE_LOG" p99_us)"); $ONE_LOG_CPU cores; $(num "$LOG_LINES")"
	printf '%-44s %-22s %-12s %s\n' "durable POST creates ($PARTIES, wrk -t1 -c$CONNS)" "$(num "$P_RATE")/s" ">= 2,000" "$(verdict "$P_RATE" 2000 ge)"
	printf '%-44s %-22s\n' "    p99 / p50 latency" "$(ms "$(kv "$POST" p99_us)") / $(ms "$(kv "$POST" p50_us)")"
	printf '%-44s %-22s\n' "    load took; server CPU" "$(kv "$POST" secs) s; $POST_CPU cores"
	printf '%-44s %-22s\n' "    every 201 is a row" "$VERIFY"
	if [ "$POST_SYNCS" != n/a ] && [ "$POST_SYNCS" -gt 0 ] 2>/dev/null; then
		printf '%-44s %-22s\n' "    fdatasync calls during the load" "$(num "$POST_SYNCS") = $(calc "$PARTIES / $POST_SYNCS" | awk '{printf "%.1f", $1}') creates per sync (commits + checkpoints)"
	fi
	printf '%-44s %-22s %-12s %s\n' "disk: single fsync'd commits (SQLite WAL FULL)" "$(num "$FS_RATE")/s before" "-" "POST/disk = $(calc "$P_RATE / $FS_RATE" | awk '{printf "%.2f", $1}')x"
	printf '%-44s %-22s\n' "    the same, right after the load" "$(num "$FS2_RATE")/s (avg $(kv "$FSYNC2" avg_us) us, p99 $(kv "$FSYNC2" p99_us) us)"
	printf '%-44s %-22s %-12s %s\n' "startup: exec to first HTTP answer (median)" "$START_MS ms" "< 100 ms" "$(verdict "$START_MS" 100 lt)"
	printf '%-44s %-22s\n' "    of $(kv "$START" runs): min / max; server's own 'ready in'" "$(kv "$START" min_ms) / $(kv "$START" max_ms) ms; $(kv "$START" ready_median_ms) ms"
	printf '%-44s %-22s %-12s %s\n' "RSS after all of it (VmRSS)" "$(mb "$RSS")" "< 40 MB" "$(verdict "$RSS_MB" 40 lt)"
	printf '%-44s %-22s %-12s %s\n' "    peak (VmHWM)" "$(mb "$HWM")" "< 40 MB" "$(verdict "$HWM_MB" 40 lt)"
	printf '%-44s %-22s\n' "    VmRSS is" "$RSS_SPLIT"
	printf '%-44s %-22s\n' "    VmRSS right after the load, before GETs" "$(mb "$RSS_LOAD")"
	printf '%-44s %-22s\n' "audit chain after the load" "$AUDIT"
	if [ -n "$SWEEP_ROWS" ]; then
		echo
		echo "--threads (each on a copy of the loaded data; GET one, GET list, then POST for ${SWEEP_SECS}s each):"
		printf '%-9s %12s %9s %12s %9s %9s %9s %10s %10s  %s\n' threads "GET one/s" p99 "GET list/s" p99 "POST/s" p99 "per sync" "VmHWM" "rows"
		printf '%s' "$SWEEP_ROWS" | while IFS='|' read -r t o op l lp p pp sy made hwm ok; do
			per=n/a
			[ "$sy" != n/a ] && [ "$sy" -gt 0 ] 2>/dev/null && per=$(calc "$made / $sy" | awk '{printf "%.1f", $1}')
			d=""
			[ "$t" = "$DEF_THREADS" ] && d=" (default)"
			printf '%-9s %12s %9s %12s %9s %9s %9s %10s %10s  %s\n' "$t$d" "$(num "$o")" "$(ms "$op")" "$(num "$l")" "$(ms "$lp")" \
				"$(num "$p")" "$(ms "$pp")" "$per" "$(mb "$hwm")" "$ok"
		done
	fi
} >"$OUT"

mkdir -p bench/out
cp "$OUT" "bench/out/foundation-$STAMP.txt"
cp "$LOG" "bench/out/foundation-$STAMP.log"
echo
cat "$OUT"
echo
echo "saved: bench/out/foundation-$STAMP.txt (raw output: bench/out/foundation-$STAMP.log)"
