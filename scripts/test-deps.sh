#!/bin/sh
# Installs what the test suites need: cmocka, a PostgreSQL server, sqlite3 and psql for checking
# rows directly, pg_dump and pg_restore (postgresql-client) for the dump round trip, cppcheck for
# make check, clang and libFuzzer for make fuzz, openssl for the TLS test's certificate, Debian's
# chromium, playwright-core and axe-core from npm (no browser download), and Ajv from npm for the API tests'
# checks of the GST files against tests/schemas.
set -e
need=""
for p in libcmocka-dev postgresql postgresql-client sqlite3 chromium fonts-noto-core cppcheck clang libclang-rt-14-dev openssl nodejs; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ] && ! { [ "$need" = " nodejs" ] && command -v node >/dev/null; }; then
	need=$(echo "$need" | sed 's/ nodejs//')
	if [ -n "$need" ]; then
		echo "installing:$need"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
	fi
fi
command -v node >/dev/null || { apt-get install -y -qq nodejs npm >/dev/null; }
if [ -f tests/browser/package.json ] && { [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; }; then
	(cd tests/browser && npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent)
fi
if [ -f tests/api/package.json ] && [ ! -d tests/api/node_modules/ajv ]; then
	(cd tests/api && npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent)
fi
