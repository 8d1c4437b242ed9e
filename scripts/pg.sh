#!/bin/sh
# Starts (or reuses) a throwaway PostgreSQL 15 server on loopback for the tests and prints its URL.
#   sh scripts/pg.sh start   -> prints postgres://postgres@127.0.0.1:PORT/postgres
#   sh scripts/pg.sh restart -> starts it again on its data (after a kill -9); prints the URL
#   sh scripts/pg.sh pid     -> the postmaster's pid
#   sh scripts/pg.sh stop
set -e
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
# Test data lives in memory when it can (/dev/shm): fsync stays on, as Daftar demands, but costs
# microseconds instead of a disk's milliseconds, so the suites run quickly.
if [ -z "${DAFTAR_PG_DIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	DAFTAR_PG_DIR=/dev/shm/daftar-pg
fi
DIR=${DAFTAR_PG_DIR:-/tmp/daftar-pg}
PORT=${DAFTAR_PG_PORT:-55432}
[ -n "$PGBIN" ] || { echo "PostgreSQL server is not installed (apt-get install postgresql)" >&2; exit 1; }
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-start}" in
start)
	if { [ -f "$DIR/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; } ||
		"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; then
		echo "postgres://postgres@127.0.0.1:$PORT/postgres"
		exit 0
	fi
	rm -rf "$DIR"
	mkdir -p "$DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$DIR"
	as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1
	as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
		-o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300" start >/dev/null
	echo "postgres://postgres@127.0.0.1:$PORT/postgres"
	;;
restart)
	# Starts the cluster again on its data (after a crash: PostgreSQL replays its WAL).
	as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 120 \
		-o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300" start >/dev/null
	echo "postgres://postgres@127.0.0.1:$PORT/postgres"
	;;
pid)
	head -n 1 "$DIR/data/postmaster.pid"
	;;
stop)
	as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
	;;
esac
