#!/usr/bin/env bash
# Runs the whole pytest suite.
#  - DATABASE_URL set: use that database.
#  - else, PostgreSQL server binaries present: a throwaway cluster in .pgtmp/, removed afterwards.
#  - else: SQLite; tests marked `postgres` are skipped and listed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
# Two workers (pytest-xdist, one per core), each with its own test database and its own world
# (tests/world.py); PYTEST_WORKERS=0 runs in this process (e.g. to debug with pdb).
WORKERS=${PYTEST_WORKERS:-auto}
PYTEST=("$VENV/bin/python" -m pytest)
if [ "$WORKERS" != "0" ]; then
  PYTEST+=(-n "$WORKERS" --dist load)
fi

if [ -n "${DATABASE_URL:-}" ]; then
  echo "== Tests on DATABASE_URL ($(echo "$DATABASE_URL" | sed -E 's#//[^@]*@#//***@#'))"
  exec "${PYTEST[@]}" "$@"
fi

initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$initdb" ]; then
  echo "== No DATABASE_URL and no PostgreSQL server binaries: running on SQLite."
  echo "   Tests that need PostgreSQL are skipped and listed at the end."
  exec "${PYTEST[@]}" "$@"
fi

bindir=$(dirname "$initdb")
tmp="$PWD/.pgtmp/$$"
mkdir -p "$tmp"
# initdb refuses to run as root: hand the folder to the postgres system user then.
as_owner=()
if [ "$(id -u)" = "0" ]; then
  chown -R postgres "$PWD/.pgtmp"
  as_owner=(runuser -u postgres --)
fi
port=$(( 20000 + RANDOM % 20000 ))
cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
  rmdir "$PWD/.pgtmp" 2>/dev/null || true
}
trap cleanup EXIT
echo "== Starting a throwaway PostgreSQL cluster ($bindir) in $tmp on port $port"
"${as_owner[@]}" "$initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -w -l "$tmp/log" \
  -o "-k $tmp -p $port -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null
# A socket directory as host: dj-database-url reads a percent-encoded path.
export DATABASE_URL="postgres://postgres@$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$tmp"):$port/postgres"
"${PYTEST[@]}" "$@"
