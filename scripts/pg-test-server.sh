#!/usr/bin/env bash
# Installs (if needed) and starts a throwaway PostgreSQL 15 on 127.0.0.1 for the tests,
# then prints its URL. Usage: eval "$(scripts/pg-test-server.sh)"  (exports CORROBORATE_TEST_PG)
# Stop it with: scripts/pg-test-server.sh stop
set -euo pipefail
PORT=${PGPORT_TEST:-55432}
DIR=${PGDIR_TEST:-/tmp/corroborate-pg}
BIN=/usr/lib/postgresql/15/bin

if [ "${1:-}" = stop ]; then
  [ -f "$DIR/data/postmaster.pid" ] && kill "$(head -1 "$DIR/data/postmaster.pid")" 2>/dev/null || true
  exit 0
fi

if [ ! -x "$BIN/pg_ctl" ]; then
  echo "installing postgresql-15" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
fi
id postgres >/dev/null 2>&1 || useradd -r -m postgres
mkdir -p "$DIR" && chown postgres "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  su postgres -c "$BIN/initdb -D $DIR/data -A trust -U postgres" >&2
fi
if ! su postgres -c "$BIN/pg_ctl -D $DIR/data status" >/dev/null 2>&1; then
  su postgres -c "$BIN/pg_ctl -D $DIR/data -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1' -l $DIR/log -w start" >&2
fi
echo "export CORROBORATE_TEST_PG=postgres://postgres@127.0.0.1:$PORT/postgres"
