#!/bin/sh
# Runs each libFuzzer target given for FUZZ_SECS seconds (default 60), starting from its seed
# corpus tests/fuzz/corpus/<target> (what it finds new goes to build-fuzz/corpus/<target>, not
# into the repository). Prints one line per target: executions, and whether it crashed.
# A crash leaves its input in build-fuzz/crash-<target>-* and makes this script fail.
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SECS:-60}
status=0
for t in "$@"; do
	[ -x "$t" ] && [ -f "$t" ] || continue
	name=$(basename "$t")
	seeds=tests/fuzz/corpus/$name
	work=build-fuzz/corpus/$name
	mkdir -p "$work" "$seeds"
	log=build-fuzz/$name.log
	"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="build-fuzz/crash-$name-" "$work" "$seeds" >"$log" 2>&1
	rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
	if [ $rc -ne 0 ]; then
		echo "fuzz $name: FAILED after ${execs:-?} executions (see $log)"
		tail -n 30 "$log"
		status=1
	else
		echo "fuzz $name: ${execs:-?} executions in ${secs} s, no crash"
	fi
done
exit $status
