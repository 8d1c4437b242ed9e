#!/bin/sh
# Runs the API suite (tests/api/*.test.mjs, node's test runner) against a real `daftar serve`,
# once on SQLite and once on PostgreSQL (a real server on loopback, started here).
set -e
cd "$(dirname "$0")/.."
# The test build (make build/daftar-test: the release objects and the test hooks); the release
# binary beside it is checked for having none.
: "${DAFTAR_BIN:=$(pwd)/build/daftar-test}"
: "${DAFTAR_RELEASE_BIN:=$(dirname "$DAFTAR_BIN")/daftar}"
export DAFTAR_BIN DAFTAR_RELEASE_BIN
# Ajv (tests/api/package.json) validates the GST files: install it on a machine that lacks it.
if [ -f tests/api/package.json ] && [ ! -d tests/api/node_modules/ajv ]; then
	(cd tests/api && { npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent; }) ||
		{ echo "cannot install the API tests' npm packages (tests/api)" >&2; exit 1; }
fi
PGURL=$(sh scripts/pg.sh start)
files=$(ls tests/api/*.test.mjs 2>/dev/null || true)
[ -n "$files" ] || { echo "no API tests found" >&2; exit 1; }
status=0
for backend in sqlite postgres; do
	echo "== API tests on $backend ($(basename "$DAFTAR_BIN"))"
	DAFTAR_TEST_DB=$backend DAFTAR_PG_URL=$PGURL node --test --test-concurrency=2 $files || status=1
done
exit $status
