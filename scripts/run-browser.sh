#!/bin/sh
# Runs the browser suite in Debian's headless chromium against a fresh `daftar serve`.
# The port is one the system has just handed out; if the server cannot take it (another process
# got there first) it is started again on another. Whatever the server said is printed when it
# did not come up, and the end of its log when a test failed.
set -e
cd "$(dirname "$0")/.."
: "${DAFTAR_BIN:=$(pwd)/build/daftar}"
[ -f tests/browser/run.mjs ] || { echo "no browser tests" >&2; exit 1; }
# playwright-core and axe-core, where a checkout lacks them (as scripts/test-deps.sh installs them)
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
	(cd tests/browser && { npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent; })
fi
DIR=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
DAFTAR_ADMIN_PASSWORD='browser-test-password' "$DAFTAR_BIN" init --data "$DIR" --company 'Browser Test Traders' --gstin 27AAKCS1234M1Z3 --demo >/dev/null
# an assistant (no reports' permission), for the home screen per role
DAFTAR_PASSWORD='browser-assistant-pw' "$DAFTAR_BIN" user add --data "$DIR" --user asha --role assistant --company 1 >/dev/null

free_port() {
	node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"
}

# Starts the server; 0 once it answers on $PORT, 1 if it exited or did not answer in 30 s.
start_server() {
	PORT=$(free_port)
	"$DAFTAR_BIN" serve --data "$DIR" --listen "127.0.0.1:$PORT" 2>"$DIR/serve.log" &
	PID=$!
	i=0
	while [ $i -lt 300 ]; do
		if ! kill -0 $PID 2>/dev/null; then
			wait $PID || echo "browser tests: daftar serve on port $PORT exited with status $?" >&2
			PID=
			return 1
		fi
		node -e "require('http').get('http://127.0.0.1:$PORT/',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "browser tests: daftar serve on port $PORT did not answer in 30 s" >&2
	return 1
}

up=0
for attempt in 1 2 3; do
	if start_server; then up=1; break; fi
	cat "$DIR/serve.log" >&2
	[ -n "$PID" ] && kill $PID 2>/dev/null && wait $PID 2>/dev/null || true
	PID=
done
[ $up = 1 ] || { echo "browser tests: the server never came up" >&2; exit 1; }

rc=0
DAFTAR_URL="http://127.0.0.1:$PORT" DAFTAR_USER=admin DAFTAR_PASSWORD='browser-test-password' DAFTAR_CID=1 \
	DAFTAR_DATA="$DIR" DAFTAR_BIN="$DAFTAR_BIN" DAFTAR_ASSISTANT=asha DAFTAR_ASSISTANT_PASSWORD='browser-assistant-pw' \
	node tests/browser/run.mjs "$@" || rc=$?
if [ $rc != 0 ]; then
	if [ -n "$PID" ] && ! kill -0 $PID 2>/dev/null; then
		wait $PID 2>/dev/null || echo "browser tests: the server exited with status $? during the tests" >&2
		PID=
	fi
	echo "browser tests: the last lines the server wrote:" >&2
	grep -v ' info ' "$DIR/serve.log" | tail -40 >&2 || true
	tail -20 "$DIR/serve.log" >&2
fi
exit $rc
