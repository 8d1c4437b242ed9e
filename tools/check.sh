#!/bin/sh
# check.sh - the shape of the code, checked mechanically (make check; make test runs it):
#   1. every #include goes along the table of allowed module dependencies in docs/architecture.md,
#      and that table has no cycle; the include graph is printed;
#   2. no banned libc call, and every source file includes lib/banned.h last;
#   3. db_backend() only inside the db layer (src/lib/db*, src/lib/store*);
#   4. SQL reaches the db layer only from a file's statement table, never as a literal in a call;
#   5. no JSON written by hand with printf-style formats.
# Exits 1 naming each violation.
set -u
cd "$(dirname "$0")/.."
doc=docs/architecture.md
status=0
fail() { echo "check: $*" >&2; status=1; }

[ -f "$doc" ] || { echo "check: $doc is missing" >&2; exit 1; }

# The table: lines "| module | layer | may include |" between the markers.
table=$(awk '/<!-- deps:begin -->/{on=1; next} /<!-- deps:end -->/{on=0} on && /^\|/ {print}' "$doc" |
	awk -F'|' 'NR > 2 { gsub(/[` ]/, "", $2); gsub(/[` ]/, "", $3); gsub(/`/, "", $4); gsub(/,/, " ", $4); print $2, $3, $4 }')
[ -n "$table" ] || { echo "check: no dependency table between <!-- deps:begin --> and <!-- deps:end --> in $doc" >&2; exit 1; }

# module of a path under src/ (a file or an included header)
module_of() {
	case "$1" in
	lib/db*|lib/store*) echo db ;;
	lib/*) echo lib ;;
	main.c) echo main ;;
	*/*_http.c|*/*_http.h) echo "$(dirname "$1").http" ;;
	*/*) dirname "$1" ;;
	*) echo "?" ;;
	esac
}

edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for f in $(cd src && find . -name '*.c' -o -name '*.h' | sed 's|^\./||' | sort); do
	from=$(module_of "$f")
	echo "$table" | awk -v m="$from" '$1 == m {found=1} END {exit !found}' || { fail "src/$f: module $from is not in the table of $doc"; continue; }
	grep -n '^#include "' "src/$f" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1 \2/' | while read -r line inc; do
		to=$(module_of "$inc")
		[ "$inc" = "$(basename "$inc")" ] && fail "src/$f:$line: include \"$inc\" is not qualified by its module"
		[ "$to" = "$from" ] && continue
		echo "$from $to" >>"$edges"
		echo "$table" | awk -v m="$from" -v t="$to" '$1 == m { for (i = 3; i <= NF; i++) if ($i == t) ok = 1 } END { exit !ok }' ||
			echo "src/$f:$line: $from may not include $inc ($to)"
	done
done >"$edges.bad"
if [ -s "$edges.bad" ]; then
	sed 's/^/check: /' "$edges.bad" >&2
	status=1
fi
rm -f "$edges.bad"

# The table must be a DAG: repeatedly remove modules whose allowed dependencies are all removed.
left=$(echo "$table" | awk '{ deps = ""; for (i = 3; i <= NF; i++) if ($i != $1) deps = deps " " $i; print $1 ":" deps }')
while :; do
	done_now=$(echo "$left" | awk -F: '{ n = split($2, d, " "); if (n == 0) print $1 }')
	[ -n "$done_now" ] || break
	for m in $done_now; do
		left=$(echo "$left" | awk -F: -v m="$m" '$1 != m { out = ""; n = split($2, d, " "); for (i = 1; i <= n; i++) if (d[i] != m) out = out " " d[i]; print $1 ":" out }')
	done
	[ -n "$left" ] || break
done
[ -z "$left" ] || fail "the dependency table has a cycle among: $(echo "$left" | cut -d: -f1 | tr '\n' ' ')"

# Layers go one way: edge (cli, http) -> domain -> books -> audit -> db -> lib. A module may
# include only modules of its own layer or one below (the table says which ones exactly).
rank() { case "$1" in lib) echo 0 ;; db) echo 1 ;; audit) echo 2 ;; books) echo 3 ;; domain) echo 4 ;; edge) echo 5 ;; *) echo 9 ;; esac; }
ranks=$(echo "$table" | while read -r m layer _; do echo "$m $(rank "$layer") $layer"; done)
echo "$ranks" | awk '$2 == 9 { print "check: module " $1 " has unknown layer " $3 " in the table" }' >&2
up=$(echo "$table" | while read -r m layer deps; do
	for d in $deps; do
		[ "$d" = "$m" ] && continue
		dl=$(echo "$ranks" | awk -v d="$d" '$1 == d { print $2 }')
		[ -n "$dl" ] && [ "$dl" -gt "$(rank "$layer")" ] && echo "$m ($layer) may include $d, a layer above it"
	done
done)
[ -z "$up" ] || fail "the dependency table goes upward: $up"

echo "include graph, by layer (edge -> domain -> books -> audit -> db -> lib; module -> modules it includes):"
sort -u "$edges" | awk -v ranks="$ranks" '
	BEGIN { n = split(ranks, r, "\n"); for (i = 1; i <= n; i++) { split(r[i], f, " "); rk[f[1]] = f[2]; ly[f[1]] = f[3] } }
	{ a[$1] = a[$1] " " $2 }
	END { for (m in a) printf "  %d %-7s %-15s ->%s\n", 9 - rk[m], ly[m], m, a[m] }' | sort | cut -c5-

# 2. banned calls; banned.h last.
hits=$(grep -rnE '\b(atoi|atol|atoll|sprintf|vsprintf|strcpy|strncpy|strcat|strncat|gets|strtok|sscanf)\s*\(' src --include='*.c' --include='*.h' |
	grep -v '^src/lib/banned.h' | grep -vE '\b(snprintf|vsnprintf)\s*\(')
[ -z "$hits" ] || fail "banned calls:
$hits"
for f in $(find src -name '*.c' | sort); do
	last=$(grep '^#include' "$f" | tail -n 1)
	[ "$last" = '#include "lib/banned.h"' ] || fail "$f: lib/banned.h must be the last include"
done

# 3. db_backend only in the db layer.
hits=$(grep -rn 'db_backend\s*(' src --include='*.c' --include='*.h' | grep -vE '^src/lib/(db|store)')
[ -z "$hits" ] || fail "db_backend() outside src/lib/db*:
$hits"

# 4. SQL only from statement tables.
hits=$(grep -rnE '\bdb_(prepare|query|run|one|exists|i64|text|insert_id|each|exec)\s*\([^,]+,\s*"' src --include='*.c' | grep -v '^src/lib/db')
[ -z "$hits" ] || fail "SQL written into a call instead of the file's statement table:
$hits"

# 5. JSON by hand.
hits=$(grep -rnE '(buf_addf|snprintf)\([^;]*"[^"]*\{\\"' src --include='*.c')
[ -z "$hits" ] || fail "JSON built with a format string (use jsonw):
$hits"

exit $status
