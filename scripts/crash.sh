#!/bin/sh
# The crash test (tests/crash/crash.mjs) on SQLite and on PostgreSQL: KILLS kills of the server on
# each (default 20; `make crash N=200` for the full run). PostgreSQL runs in a cluster of its own
# (not the one the other suites share), because every other kill also kills the database server.
set -e
cd "$(dirname "$0")/.."
: "${DAFTAR_BIN:=$(pwd)/build/daftar}"
export DAFTAR_BIN
kills=${KILLS:-20}
export CRASH_PG_DIR=${CRASH_PG_DIR:-/dev/shm/daftar-crash-pg}
[ -d /dev/shm ] && [ -w /dev/shm ] || CRASH_PG_DIR=/tmp/daftar-crash-pg
export CRASH_PG_PORT=${CRASH_PG_PORT:-55433}
url=$(DAFTAR_PG_DIR=$CRASH_PG_DIR DAFTAR_PG_PORT=$CRASH_PG_PORT sh scripts/pg.sh start)
status=0
CRASH_KILLS=$kills DAFTAR_TEST_DB=sqlite node tests/crash/crash.mjs || status=1
CRASH_KILLS=$kills DAFTAR_TEST_DB=postgres DAFTAR_PG_URL=$url node tests/crash/crash.mjs || status=1
DAFTAR_PG_DIR=$CRASH_PG_DIR DAFTAR_PG_PORT=$CRASH_PG_PORT sh scripts/pg.sh stop
exit $status
