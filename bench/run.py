#!/usr/bin/env python
"""Load benchmark: gunicorn on PostgreSQL, concurrent clients, figures relative to a baseline.

    .venv/bin/python bench/run.py [--duration 10] [--concurrency 8] [--workers 2] [scenario ...]

Prints requests/s, p50/p95 latency per scenario and the ratio scenario/baseline (throughput).
Uses BENCH_DATABASE_URL (default: a `psyconsult_bench` database on the local PostgreSQL) as the
owner role: it migrates, fills the demo content and sets up the application role
`<database>_app` (`manage.py setup_db_roles`), which gunicorn then runs as, as in production.
Only talks to 127.0.0.1.
"""

import argparse
import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import signed_in_session  # noqa: E402
from bench.scenarios import BASELINE, SCENARIOS, Scenario  # noqa: E402
from bench.stripe_events import WEBHOOK_SECRET  # noqa: E402

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
        # Bench-only Fernet key, public: base64 of "bench-only key, never production".
        FIELD_ENCRYPTION_KEYS="YmVuY2gtb25seSBrZXksIG5ldmVyIHByb2R1Y3Rpb24=",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DB_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        # Bench-only values: production settings require them; nothing calls Stripe here.
        STRIPE_SECRET_KEY="sk_live_bench_only_never_used",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
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


def app_role_of(database_url: str) -> str:
    """The application role of a bench database: `<database>_app`."""
    return urlsplit(database_url).path.lstrip("/") + "_app"


def prepare_database(
    database_url: str, owner_env: dict, password: str, *, skip_setup: bool, commands=()
) -> str:
    """As the owner: migrate, collect static files, load the demo and run `commands` (unless
    `skip_setup`), settle; then (re)create the application role with `password`. Returns it."""
    if not skip_setup:
        ensure_database(database_url)
        manage(owner_env, "migrate", "--noinput")
        manage(owner_env, "collectstatic", "--noinput")
        manage(owner_env, "load_demo_content")
        for command in commands:
            manage(owner_env, *command)
        settle(database_url)
    role = app_role_of(database_url)
    manage(
        {**owner_env, "BENCH_APP_PASSWORD": password},
        "setup_db_roles", "--app-role", role, "--password-env", "BENCH_APP_PASSWORD",
    )  # fmt: skip
    return role


def start_gunicorn(env: dict, port: int, *, workers: int, threads: int) -> subprocess.Popen:
    """Gunicorn on 127.0.0.1:`port` as the application role (`env`), in its own process group."""
    return subprocess.Popen(
        [PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
         "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def settle(database_url: str) -> None:
    """After the setup's writes (a thousand profiles): statistics and visibility maps now, so
    that autovacuum does not take a core while the first scenarios are measured."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def app_role_url(database_url: str, role: str, password: str) -> str:
    """The owner's URL with the application role's credentials instead."""
    parts = urlsplit(database_url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}:{quote(password, safe='')}@{host}"))


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


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
    kinds: dict[str, int] = {}  # "HTTP 502", "TimeoutError"...: what the errors were
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        bad = 0
        seen: dict[str, int] = {}
        while time.monotonic() < stop_at:
            body, request_headers = scenario.body, headers
            if scenario.make_request is not None:
                body, extra = scenario.make_request()
                request_headers = {**headers, **extra}
            started = time.perf_counter()
            try:
                conn.request(scenario.method, scenario.path, body=body, headers=request_headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
                    seen[f"HTTP {response.status}"] = seen.get(f"HTTP {response.status}", 0) + 1
            except (OSError, http.client.HTTPException) as exc:
                bad += 1
                seen[type(exc).__name__] = seen.get(type(exc).__name__, 0) + 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors += bad
            for kind, n in seen.items():
                kinds[kind] = kinds.get(kind, 0) + n

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
        "error_kinds": kinds,
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
    owner_env = bench_env(database_url)
    # The web processes never connect as the owner: only SELECT and INSERT on the ledgers.
    app_password = secrets.token_urlsafe(24)
    app_role = prepare_database(
        database_url,
        owner_env,
        app_password,
        skip_setup=args.skip_setup,
        # Each once, even when several scenarios need it (a thousand profiles).
        commands=list(dict.fromkeys(command for scenario in chosen for command in scenario.setup)),
    )
    env = bench_env(app_role_url(database_url, app_role, app_password))

    demo_profile = (
        "from practitioners_directory.models import PractitionerPage as P; "
        "print(P.objects.live().filter(user__email='praticienne@psyconsult.example', "
        "locale__language_code='fr').first().url)"
    )
    if any("{demo_profile}" in s.path for s in chosen):
        path = manage(owner_env, "shell", "--no-imports", "-c", demo_profile).strip().splitlines()[-1]
        chosen = [replace(s, path=s.path.replace("{demo_profile}", path)) for s in chosen]

    port = free_port()
    server = start_gunicorn(env, port, workers=args.workers, threads=4)
    try:
        wait_until_up(port)
        print(f"gunicorn: {args.workers} workers x 4 threads; client: {args.concurrency} connections, "
              f"{args.duration:.0f}s per scenario; database: PostgreSQL as {app_role}")  # fmt: skip
        print(f"{'scenario':<28}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'errors':>8}{'ratio':>8}")
        base_headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        drive(port, BASELINE, base_headers, args.warmup, args.concurrency)
        baseline = drive(port, BASELINE, base_headers, args.duration, args.concurrency)
        print(f"{'baseline':<28}{baseline['rps']:>10.0f}{baseline['p50']:>10.1f}{baseline['p95']:>10.1f}"
              f"{baseline['errors']:>8}{1:>8.2f}")  # fmt: skip
        throughput: dict[str, float] = {}
        for scenario in chosen:
            headers = {**base_headers, **scenario.headers}
            if scenario.login_email:
                session = signed_in_session(
                    port, scenario.login_email, scenario.login_password, headers=base_headers
                )
                headers["Cookie"] = f"sessionid={session}"
            drive(port, scenario, headers, args.warmup, args.concurrency)
            result = drive(port, scenario, headers, args.duration, args.concurrency)
            ratio = result["rps"] / baseline["rps"] if baseline["rps"] else 0
            throughput[scenario.name] = result["rps"]
            print(f"{scenario.name:<28}{result['rps']:>10.0f}{result['p50']:>10.1f}{result['p95']:>10.1f}"
                  f"{result['errors']:>8}{ratio:>8.2f}")  # fmt: skip
        for scenario in chosen:
            other = throughput.get(scenario.compare_to or "")
            if other:
                print(f"{scenario.name} / {scenario.compare_to}: {throughput[scenario.name] / other:.2f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
