#!/bin/sh
# `make run`: a demo office in ./daftar-data, served on http://127.0.0.1:8080.
set -e
cd "$(dirname "$0")/.."
DATA=${DAFTAR_DATA:-./daftar-data}
if [ ! -f "$DATA/daftar.db" ] && [ ! -f "$DATA/db.url" ]; then
	./daftar init --data "$DATA" --company 'Saraswati Trading Company' --gstin 27AAKCS1234M1Z3 --demo
else
	echo "Using existing $DATA (remove it for a fresh demo office)."
fi
echo "Open http://127.0.0.1:8080 in a browser. Ctrl+C stops the server."
exec ./daftar serve --data "$DATA" --listen 127.0.0.1:8080
