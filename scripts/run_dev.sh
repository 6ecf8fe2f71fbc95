#!/usr/bin/env bash
# `make run`: the web server and, beside it, the task worker (e-mails, reminders) and, unless
# real Stripe test keys are in the environment, the local Stripe stand-in (payments and
# practitioners' payouts, devtools/stripe_standin), on the embedded SQLite database. The demo
# content is loaded once the stand-in answers (the demo practitioners get their Stripe accounts
# there). Stopping the server (Ctrl-C) stops the worker and the stand-in too.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
STRIPE_STANDIN_PORT=${STRIPE_STANDIN_PORT:-12111}
# Links in e-mails lead to where this server runs.
export SITE_BASE_URL=${SITE_BASE_URL:-http://$HOST:$PORT}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

if [ -z "${STRIPE_SECRET_KEY:-}" ]; then
  # config.settings.dev points the SDK at this address, with the stand-in's public test key and
  # webhook secret; its webhooks come back to this server. Its state survives restarts.
  export STRIPE_STANDIN_URL="http://127.0.0.1:$STRIPE_STANDIN_PORT"
  mkdir -p tmp
  "$PY" -m devtools.stripe_standin --host 127.0.0.1 --port "$STRIPE_STANDIN_PORT" \
    --webhook-url "http://$HOST:$PORT/stripe/webhook/" --webhook-secret whsec_standin \
    --state-file tmp/stripe-standin.json &
  pids+=($!)
  for _ in $(seq 1 50); do
    if "$PY" -c "import sys, urllib.request as u; u.build_opener(u.ProxyHandler({})).open(sys.argv[1], timeout=1)" \
        "$STRIPE_STANDIN_URL/_standin/events" 2>/dev/null; then
      break
    fi
    sleep 0.2
  done
  echo "== Local Stripe stand-in on $STRIPE_STANDIN_URL/ (pid ${pids[-1]})"
fi

"$PY" manage.py load_demo_content --site-address "$HOST:$PORT"

"$PY" manage.py db_worker --queue-name '*' &
pids+=($!)
echo "== Task worker started (pid ${pids[-1]}); web server on http://$HOST:$PORT/"
"$PY" manage.py runserver "$HOST:$PORT"
