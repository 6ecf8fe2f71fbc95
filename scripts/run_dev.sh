#!/usr/bin/env bash
# `make run`: the web server and, beside it, the task worker (e-mails, reminders), on the
# embedded SQLite database. Stopping the server (Ctrl-C) stops the worker too.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Links in e-mails lead to where this server runs.
export SITE_BASE_URL=${SITE_BASE_URL:-http://$HOST:$PORT}

"$PY" manage.py db_worker --queue-name '*' &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
echo "== Task worker started (pid $worker); web server on http://$HOST:$PORT/"
"$PY" manage.py runserver "$HOST:$PORT"
