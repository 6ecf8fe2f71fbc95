#!/usr/bin/env python
"""Load benchmark: gunicorn on PostgreSQL, concurrent clients, figures relative to a baseline.

    .venv/bin/python bench/run.py [--duration 10] [--concurrency 8] [--workers 2] [scenario ...]

Prints requests/s, p50/p95 latency per scenario and the ratio scenario/baseline (throughput).
Uses BENCH_DATABASE_URL (default: a `psyconsult_bench` database on the local PostgreSQL),
which it migrates and fills with demo content. Only talks to 127.0.0.1.
"""

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scenarios import BASELINE, SCENARIOS, Scenario  # noqa: E402

PY = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/psyconsult_bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DB_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
    )
    return env


def ensure_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[-1].split("?")[0]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def session_cookie(env: dict[str, str], email: str) -> str:
    code = (
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        f"u = get_user_model().objects.get(email={email!r})\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(u.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key)\n"
    )
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def wait_until_up(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", BASELINE.path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def drive(port: int, scenario: Scenario, headers: dict, duration: float, concurrency: int) -> dict:
    """Closed-loop load: `concurrency` keep-alive clients for `duration` seconds."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request(scenario.method, scenario.path, body=scenario.body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0.0

    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "mean": statistics.fmean(latencies) * 1000 if latencies else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("scenarios", nargs="*", help="names to run (default: all)")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--skip-setup", action="store_true", help="reuse the bench database as it is")
    args = parser.parse_args()

    chosen = [s for s in SCENARIOS if not args.scenarios or s.name in args.scenarios]
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    env = bench_env(database_url)

    if not args.skip_setup:
        ensure_database(database_url)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "load_demo_content")
        for scenario in chosen:
            for command in scenario.setup:
                manage(env, *command)

    port = free_port()
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--worker-class", "gthread", "--threads", "4",
         "--access-logfile", "-", "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(port)
        print(f"gunicorn: {args.workers} workers x 4 threads; client: {args.concurrency} connections, "
              f"{args.duration:.0f}s per scenario; database: PostgreSQL")  # fmt: skip
        print(f"{'scenario':<28}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'errors':>8}{'ratio':>8}")
        base_headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        drive(port, BASELINE, base_headers, args.warmup, args.concurrency)
        baseline = drive(port, BASELINE, base_headers, args.duration, args.concurrency)
        print(f"{'baseline':<28}{baseline['rps']:>10.0f}{baseline['p50']:>10.1f}{baseline['p95']:>10.1f}"
              f"{baseline['errors']:>8}{1:>8.2f}")  # fmt: skip
        for scenario in chosen:
            headers = {**base_headers, **scenario.headers}
            if scenario.login_email:
                headers["Cookie"] = f"sessionid={session_cookie(env, scenario.login_email)}"
            drive(port, scenario, headers, args.warmup, args.concurrency)
            result = drive(port, scenario, headers, args.duration, args.concurrency)
            ratio = result["rps"] / baseline["rps"] if baseline["rps"] else 0
            print(f"{scenario.name:<28}{result['rps']:>10.0f}{result['p50']:>10.1f}{result['p95']:>10.1f}"
                  f"{result['errors']:>8}{ratio:>8.2f}")  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
