#!/bin/sh
# Runs the browser suite in Debian's headless chromium against a fresh `daftar serve`.
set -e
cd "$(dirname "$0")/.."
: "${DAFTAR_BIN:=$(pwd)/build/daftar}"
[ -f tests/browser/run.mjs ] || { echo "no browser tests" >&2; exit 1; }
DIR=$(mktemp -d)
PORT=$((20000 + $$ % 20000))
DAFTAR_ADMIN_PASSWORD='browser-test-password' "$DAFTAR_BIN" init --data "$DIR" --company 'Browser Test Traders' --gstin 27AAKCS1234M1Z3 --demo >/dev/null
"$DAFTAR_BIN" serve --data "$DIR" --listen "127.0.0.1:$PORT" 2>"$DIR/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for i in $(seq 1 50); do
	curl -s "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break
	sleep 0.1
done
DAFTAR_URL="http://127.0.0.1:$PORT" DAFTAR_USER=admin DAFTAR_PASSWORD='browser-test-password' DAFTAR_CID=1 \
	DAFTAR_DATA="$DIR" DAFTAR_BIN="$DAFTAR_BIN" \
	node tests/browser/run.mjs "$@"
