#!/usr/bin/env python
"""Two app processes, one slot, 100 people clicking "Confirmer la réservation" at once.

    .venv/bin/python bench/booking_contention.py [--people 100] [--skip-setup]

Starts two gunicorn processes (one worker each, 8 threads) on the bench PostgreSQL database as
the application role, signs the people in through the login form (and the re-acceptance gate),
opens each one's booking form, then fires every POST at the same instant, half through each
process. Prints: booking_contention: attempts=100 booked=1 refused=99 errors=0
(booked = redirected to their payment or appointment, refused = 409, errors = any 5xx or exception).
"""

import argparse
import http.client
import json
import os
import secrets
import signal
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import Browser, forms  # noqa: E402
from bench.run import (  # noqa: E402
    DEFAULT_DB,
    app_role_url,
    bench_env,
    free_port,
    manage,
    prepare_database,
    start_gunicorn,
    wait_until_up,
)

PASSWORD = "psyconsult-demo-2026"  # noqa: S105 - the published demo password


def contend(path: str, emails: list[str], ports: list[int], headers: dict) -> tuple[dict, list[str]]:
    """Sign each person in (person i through ports[i % len(ports)], from address 10.1.x.y), open
    their booking form, then fire every POST at once. ({booked, refused, error}, errors seen)."""
    browsers = []
    for i, email in enumerate(emails):
        address = f"10.1.{i // 250}.{i % 250 + 1}"
        browser = Browser(ports[i % len(ports)], headers={**headers, "X-Forwarded-For": address})
        browser.sign_in(email, PASSWORD)
        browser.accept_pending()
        status, _location, html = browser.request("GET", path)
        if status != 200:
            raise SystemExit(f"booking form for {email}: HTTP {status}")
        form = next(f for f in forms(html) if "visit" in f["fields"])
        fields = {**form["fields"], "visit": "first"}
        for name in list(fields):
            if name.startswith("accept_") and name.endswith("_version"):
                fields[name.removesuffix("_version")] = "on"
        browsers.append((browser, fields))

    outcomes: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(browsers))

    def attempt(browser, fields):
        try:
            # A fresh connection: the keep-alive one may have been closed while others signed in.
            browser.conn.close()
            browser.conn = http.client.HTTPConnection("127.0.0.1", browser.port, timeout=60)
            barrier.wait()
            status, location, _html = browser.request("POST", path, fields)
            outcome = (
                "booked" if status == 302 and ("/rendez-vous/" in location or "/paiements/" in location)
                else "refused" if status == 409 else "error"
            )  # fmt: skip
        except Exception as exc:
            outcome, status, location = "error", type(exc).__name__, ""
        with lock:
            outcomes.append(outcome)
            if outcome == "error":
                failures.append(f"{status} {location}")

    threads = [threading.Thread(target=attempt, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {k: outcomes.count(k) for k in ("booked", "refused", "error")}, sorted(set(failures))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    owner_env = {**bench_env(database_url), "BENCH_PEOPLE": str(args.people)}
    app_password = secrets.token_urlsafe(24)
    app_role = prepare_database(database_url, owner_env, app_password, skip_setup=args.skip_setup)
    # 100 people from 100 addresses behind one trusted proxy (as behind Varnish): the login rate
    # limit is per address, and 100 logins from 127.0.0.1 would be refused.
    env = {**bench_env(app_role_url(database_url, app_role, app_password)), "TRUSTED_PROXY_COUNT": "1"}
    plan = json.loads(manage(owner_env, "shell", "-c", "import bench.booking_setup").strip().splitlines()[-1])
    path = f"/fr/rendez-vous/reserver/{plan['practitioner']}/{plan['slot']}/"

    ports = [free_port(), free_port()]
    servers = [start_gunicorn(env, port, workers=1, threads=8) for port in ports]
    headers = {"X-Forwarded-Proto": "https"}
    try:
        for port in ports:
            wait_until_up(port)
        counted, failures = contend(path, plan["emails"], ports, headers)
        print(
            f"booking_contention: attempts={sum(counted.values())} booked={counted['booked']} "
            f"refused={counted['refused']} errors={counted['error']}"
        )
        for failure in failures[:5]:
            print(f"booking_contention: error seen: {failure}")
        check = (
            "from booking.models import Appointment as A; "
            "print(A.objects.filter(person__email__startswith='bench-contention-', "
            "status__in=['held','confirmed']).count())"
        )
        rows = manage(owner_env, "shell", "--no-imports", "-c", check).strip()
        print(f"booking_contention: held or confirmed rows in the database={rows}")
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
