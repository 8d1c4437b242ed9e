#!/bin/sh
# Runs each cmocka unit-test binary given; prints one closing line "N passed, M failed".
# The database tests also run on PostgreSQL: unless DAFTAR_PG_URL is already set, a throwaway
# server is started (or reused) with scripts/pg.sh and its URL exported.
if [ -z "${DAFTAR_PG_URL:-}" ]; then
	DAFTAR_PG_URL=$(sh "$(dirname "$0")/pg.sh" start) || {
		echo "unit: cannot start PostgreSQL for the database tests (scripts/pg.sh start failed)" >&2
		exit 1
	}
fi
export DAFTAR_PG_URL
pass=0
fail=0
for t in "$@"; do
	if "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
