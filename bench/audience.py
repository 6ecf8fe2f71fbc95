#!/usr/bin/env python
"""Audience measurement bench: what the beacon costs, as ratios (as bench/run.py prints them).

    .venv/bin/python bench/audience.py [--duration 10] [--concurrency 8] [--workers 2] [--skip-setup]

Same set-up as bench/run.py (gunicorn on PostgreSQL as the application role, Redis, the demo).
Three figures:
  - page views per second of the French home page alone, and with each page view followed by
    its beacon (POST /audience/collect/) from the same client: the ratio is what measurement
    costs the server per page view (goal ≥ 0.95);
  - the home page's p50 latency in both runs (the beacon is sent after the page, off its path);
  - the collect endpoint alone, relative to the trivial baseline view and to the page.
Only talks to 127.0.0.1.
"""

import argparse
import http.client
import os
import queue
import secrets
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    DEFAULT_DB,
    app_role_url,
    bench_env,
    drive,
    free_port,
    prepare_database,
    start_gunicorn,
    wait_until_up,
)
from bench.scenarios import BASELINE, Scenario  # noqa: E402

PAGE = "/fr/"
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"
BEACON_BODY = b"p=%2Ffr%2F&r=https%3A%2F%2Fwww.qwant.com%2F&l=fr-FR"
BEACON_HEADERS = {
    "Content-Type": "application/x-www-form-urlencoded",
    "Origin": "https://127.0.0.1",
    "Sec-Fetch-Site": "same-origin",
}
COLLECT = Scenario(
    "collect", "/audience/collect/", "the beacon's endpoint", method="POST", body=BEACON_BODY,
    headers=BEACON_HEADERS,
)  # fmt: skip


def page_views(port: int, headers: dict, duration: float, concurrency: int, *, beacon: bool) -> dict:
    """Closed loop of page views; with `beacon`, each page view queues its beacon, which
    separate connections send meanwhile, as a browser does after the page (it never waits for
    it). Every queued beacon is sent before the figures are taken."""
    page_latencies: list[float] = []
    errors = 0
    sent = 0
    lock = threading.Lock()
    beacons: queue.Queue = queue.Queue()
    stop_at = time.monotonic() + duration

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            try:
                started = time.perf_counter()
                conn.request("GET", PAGE, headers=headers)
                response = conn.getresponse()
                response.read()
                mine.append(time.perf_counter() - started)
                bad += response.status >= 400
                if beacon:
                    beacons.put(1)
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        with lock:
            page_latencies.extend(mine)
            errors += bad

    def sender() -> None:
        nonlocal errors, sent
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while beacons.get() is not None:
            try:
                conn.request("POST", COLLECT.path, body=BEACON_BODY, headers={**headers, **BEACON_HEADERS})
                response = conn.getresponse()
                response.read()
                with lock:
                    sent += 1
                    errors += response.status != 204
            except (OSError, http.client.HTTPException):
                with lock:
                    errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    clients = [threading.Thread(target=client) for _ in range(concurrency)]
    senders = [threading.Thread(target=sender) for _ in range(2)] if beacon else []
    started = time.monotonic()
    for thread in clients + senders:
        thread.start()
    for thread in clients:
        thread.join()
    elapsed = time.monotonic() - started
    for _thread in senders:
        beacons.put(None)
    for thread in senders:
        thread.join()
    return {
        "rps": len(page_latencies) / elapsed,
        "p50": statistics.median(page_latencies) * 1000 if page_latencies else 0.0,
        "errors": errors,
        "beacons": sent,
        "views": len(page_latencies),
    }


def _merged(a: dict, b: dict) -> dict:
    summed = ("errors", "beacons", "views")
    return {key: a[key] + b[key] if key in summed else (a[key] + b[key]) / 2 for key in a}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--skip-setup", action="store_true", help="reuse the bench database as it is")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    owner_env = bench_env(database_url)
    app_password = secrets.token_urlsafe(24)
    app_role = prepare_database(database_url, owner_env, app_password, skip_setup=args.skip_setup)
    env = bench_env(app_role_url(database_url, app_role, app_password))

    port = free_port()
    server = start_gunicorn(env, port, workers=args.workers, threads=4)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "User-Agent": UA}
    try:
        wait_until_up(port)
        print(f"gunicorn: {args.workers} workers x 4 threads; client: {args.concurrency} connections, "
              f"{args.duration:.0f}s per run; database: PostgreSQL as {app_role}")  # fmt: skip
        page_views(port, headers, args.warmup, args.concurrency, beacon=True)
        # Interleaved halves (without, with, with, without): a busy machine weighs on both alike.
        half = args.duration / 2
        runs = [
            page_views(port, headers, half, args.concurrency, beacon=b) for b in (False, True, True, False)
        ]
        without = _merged(runs[0], runs[3])
        with_beacon = _merged(runs[1], runs[2])
        baseline = drive(port, BASELINE, headers, args.duration, args.concurrency)
        collect = drive(port, COLLECT, {**headers, **COLLECT.headers}, args.duration, args.concurrency)
        print(f"{'run':<36}{'views/s':>10}{'p50 ms':>10}{'errors':>8}{'ratio':>8}")
        print(f"{'page view, no measurement':<36}{without['rps']:>10.0f}{without['p50']:>10.1f}"
              f"{without['errors']:>8}{1:>8.2f}")  # fmt: skip
        ratio = with_beacon["rps"] / without["rps"] if without["rps"] else 0
        print(f"{'page view + its beacon':<36}{with_beacon['rps']:>10.0f}{with_beacon['p50']:>10.1f}"
              f"{with_beacon['errors']:>8}{ratio:>8.2f}   (goal >= 0.95)")  # fmt: skip
        print(f"  beacons sent: {with_beacon['beacons']} for {with_beacon['views']} page views")
        print(f"{'req/s':>46}")
        print(f"{'baseline (/healthz/)':<36}{baseline['rps']:>10.0f}{baseline['p50']:>10.1f}"
              f"{baseline['errors']:>8}{1:>8.2f}")  # fmt: skip
        to_base = collect["rps"] / baseline["rps"] if baseline["rps"] else 0
        print(f"{'collect endpoint alone':<36}{collect['rps']:>10.0f}{collect['p50']:>10.1f}"
              f"{collect['errors']:>8}{to_base:>8.2f}")  # fmt: skip
        to_page = collect["rps"] / without["rps"] if without["rps"] else 0
        print(f"collect is {to_page:.1f}x as fast as the page it measures")
        # The same question answered from the two costs alone (steadier on a busy machine than
        # the paired runs): a page view's server time plus its beacon's, against the page alone.
        by_cost = 1 / (1 + without["rps"] / collect["rps"]) if collect["rps"] else 0
        print(f"page view + beacon from their costs: ratio {by_cost:.2f}   (goal >= 0.95)")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
