#!/bin/sh
# Installs the Debian packages Daftar needs to build and run (as root), once.
set -e
need=""
for p in build-essential pkg-config libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libpq-dev; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
	echo "installing:$need"
	if [ "$(id -u)" != 0 ]; then echo "run as root (or install:$need)" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
