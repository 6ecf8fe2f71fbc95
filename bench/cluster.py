#!/usr/bin/env python
"""The production shape on one machine: Varnish in front of two Daphne processes, a task worker,
PostgreSQL with the owner and application roles, Redis; coturn if asked.

    .venv/bin/python bench/cluster.py [--run-checks] [--skip-setup] [--coturn] [--duration 10]

Without --run-checks it prints the addresses and serves until Ctrl-C; with it, it measures the
scale-out figures (issue 14, item 4), prints them and stops. Everything listens on 127.0.0.1.
CLUSTER_DATABASE_URL (owner; default a `psyconsult_cluster` database on the local PostgreSQL),
CLUSTER_REDIS_URL (default redis://127.0.0.1:6379/13, flushed at start: a dedicated number).
"""

import argparse
import base64
import json
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VCL_TEMPLATE = ROOT / "deploy" / "varnish" / "default.vcl"
BACKENDS_BLOCK = re.compile(r"# BEGIN BACKENDS.*?# END BACKENDS\n", re.S)
HOST = "localhost"  # the demo site's hostname: what Wagtail's purges name, so what the clients send


def render_vcl(template: str, ports: list[int], host: str = "127.0.0.1") -> str:
    """default.vcl with its backends block replaced by one backend per app port, round-robin."""
    if not ports:
        raise ValueError("at least one app process")
    lines = ["# BEGIN BACKENDS (rendered by bench/cluster.py)"]
    for i, port in enumerate(ports, 1):
        lines.append(
            f'backend app{i} {{ .host = "{host}"; .port = "{int(port)}"; .probe = healthz; '
            ".first_byte_timeout = 60s; }"
        )
    lines += ["", "sub vcl_init {", "    new app = directors.round_robin();"]
    lines += [f"    app.add_backend(app{i});" for i in range(1, len(ports) + 1)]
    lines += ["}", "# END BACKENDS", ""]
    rendered, count = BACKENDS_BLOCK.subn(lambda _m: "\n".join(lines), template)
    if count != 1:
        raise ValueError("the template has no BEGIN/END BACKENDS block")
    return rendered


# The rest needs the project's bench helpers (and their dependencies).
from bench.admin_browser import AdminBrowser  # noqa: E402
from bench.booking_contention import contend  # noqa: E402
from bench.browser import Browser  # noqa: E402
from bench.run import PY, app_role_of, app_role_url, bench_env, drive, free_port, manage, prepare_database  # noqa: E402
from bench.scenarios import BASELINE, Scenario  # noqa: E402

PASSWORD = "psyconsult-demo-2026"  # noqa: S105 - the published demo password
EDITOR = "editeur@psyconsult.example"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/psyconsult_cluster"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
HTTPS = {"Host": HOST, "X-Forwarded-Proto": "https"}


class Cluster:
    def __init__(self, args):
        self.args = args
        self.database_url = os.environ.get("CLUSTER_DATABASE_URL", DEFAULT_DB)
        self.redis_url = os.environ.get("CLUSTER_REDIS_URL", DEFAULT_REDIS)
        self.tmp = Path(tempfile.mkdtemp(prefix="psyconsult-cluster-"))
        self.tmp.chmod(0o755)  # varnishd started as root reads its VCL as its own user
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.app_ports = [free_port(), free_port()]
        self.varnish_port = free_port()
        self.turn_port = None
        owner = {**bench_env(self.database_url), "REDIS_URL": self.redis_url}
        self.owner_env = owner
        self.app_role = app_role_of(self.database_url)
        self.app_password = secrets.token_urlsafe(24)
        # The editors' actions (cluster_setup) run as the owner, with Wagtail's purges on, as the
        # admin in an app process would.
        self.owner_env["VARNISH_URL"] = f"http://127.0.0.1:{self.varnish_port}"
        self.env = {
            **bench_env(app_role_url(self.database_url, self.app_role, self.app_password)),
            "REDIS_URL": self.redis_url,
            "VARNISH_URL": f"http://127.0.0.1:{self.varnish_port}",
            # Varnish (and, in production, the TLS terminator) append to X-Forwarded-For.
            "TRUSTED_PROXY_NETWORKS": "127.0.0.0/8,::1/128",
            # Sessions read from Redis, written to PostgreSQL too (cached_db).
            "SESSIONS_CACHED": "true",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }

    def setup(self) -> dict:
        skip = self.args.skip_setup
        prepare_database(self.database_url, self.owner_env, self.app_password, skip_setup=skip)
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()  # a dedicated number: old counters go
        return self.step("setup")

    def step(self, name: str, **extra: str) -> dict:
        out = manage(
            {**self.owner_env, "CLUSTER_STEP": name, **extra}, "shell", "-c", "import bench.cluster_setup"
        )
        return json.loads(out.strip().splitlines()[-1])

    def spawn(self, name: str, command: list[str], env: dict | None = None) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the directory
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process))
        return process

    def start(self) -> None:
        for i, port in enumerate(self.app_ports):
            self.spawn(
                f"app{i + 1}",
                [PY, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            )
        self.spawn("worker", [PY, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.1"])
        vcl = self.tmp / "default.vcl"
        vcl.write_text(render_vcl(VCL_TEMPLATE.read_text(), self.app_ports))
        self.spawn(
            "varnish",
            ["varnishd", "-F", "-a", f"127.0.0.1:{self.varnish_port}", "-f", str(vcl),
             "-n", str(self.tmp / "varnish"), "-s", "malloc,128m", "-T", "none"],
        )  # fmt: skip
        if self.args.coturn and shutil.which("turnserver"):
            self.turn_port = free_port()
            self.spawn(
                "coturn",
                ["turnserver", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                 f"--listening-port={self.turn_port}", "--use-auth-secret",
                 "--static-auth-secret=cluster-only", "--realm=psyconsult.test", "--no-tls",
                 "--no-dtls", "--no-cli", "--log-file=stdout", "--simple-log"],
            )  # fmt: skip
        for port in [*self.app_ports, self.varnish_port]:
            self.wait_http(port)
        # Varnish's probes see both processes healthy before anything is measured.
        time.sleep(2.5)

    def wait_http(self, port: int, timeout: float = 60) -> None:
        import http.client

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes:
                if process.poll() is not None:
                    raise SystemExit(f"{name} stopped:\n{(self.tmp / f'{name}.log').read_text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz/", headers=HTTPS)
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"nothing answered on port {port}")

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop in 10 s: killed")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def describe(self) -> None:
        a, b = self.app_ports
        print(
            f"varnish   http://127.0.0.1:{self.varnish_port}/fr/  (send Host: {HOST} and X-Forwarded-Proto)"
        )
        print(f"app A     http://127.0.0.1:{a}/  daphne, production settings, role {self.app_role}")
        print(f"app B     http://127.0.0.1:{b}/  daphne, production settings, role {self.app_role}")
        print("worker    manage.py db_worker (tasks, Wagtail's purges)")
        database = urlsplit(self.database_url)
        print(
            f"postgres  {database.hostname}:{database.port or 5432}{database.path} (owner, {self.app_role})"
        )
        print(f"redis     {self.redis_url}")
        if self.turn_port:
            print(f"coturn    turn:127.0.0.1:{self.turn_port}?transport=udp")

    def rss_peaks(self) -> dict[str, int]:
        """Peak resident memory (VmHWM) of each app process, in MiB."""
        peaks = {}
        for name, process in self.processes:
            if name.startswith("app"):
                status = Path(f"/proc/{process.pid}/status").read_text()
                peaks[name] = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024
        return peaks


# The figures ---------------------------------------------------------------------------------------


def signed_in(port: int, email: str, address: str) -> Browser:
    browser = Browser(port, headers={**HTTPS, "X-Forwarded-For": address})
    browser.sign_in(email, PASSWORD)
    browser.accept_pending()
    return browser


def check_legal_gate(cluster: Cluster, plan: dict, admin: AdminBrowser) -> None:
    """The editor publishes a new terms version in the admin of process A; the person's next
    request goes to process B."""
    a, b = cluster.app_ports
    person = signed_in(b, plan["gate"], "10.2.0.1")
    before, _loc, _html = person.request("GET", "/fr/")
    warm = Browser(a, headers={**HTTPS, "X-Forwarded-For": "10.2.0.2"})
    warm.request("GET", "/fr/")  # A has read the legal state too
    published_at = admin.publish_next_version(plan["terms_version"], "Version de test du banc « cluster ».")
    status, location, _html = person.request("GET", "/fr/")
    delay = (time.time() - published_at) * 1000
    gated = status == 302 and "mise-a-jour" in location
    print(
        f"legal_gate_cross_process: published in the admin of A, before={before} next_request_on_B={status} "
        f"gated={'yes' if gated else 'NO'} ({delay:.0f} ms after the admin's answer)"
    )
    person.accept_pending()


def check_failed_logins(cluster: Cluster, plan: dict, _admin=None) -> None:
    """5 wrong passwords for one account, alternating the two processes, then the right one."""
    from bench.browser import _csrf_token

    limit = 5  # LOGIN_FAILED_RATE_LIMIT's per-account part: 5/5m/key
    ports = cluster.app_ports
    outcomes = []
    for i in range(limit + 1):
        browser = Browser(ports[i % 2], headers={**HTTPS, "X-Forwarded-For": f"10.3.0.{i + 1}"})
        _s, _l, html = browser.request("GET", "/fr/compte/login/")
        password = PASSWORD if i == limit else "wrong-password-" + str(i)
        status, _loc, _html = browser.request(
            "POST",
            "/fr/compte/login/",
            {"csrfmiddlewaretoken": _csrf_token(html), "login": plan["throttled"], "password": password},
        )
        outcomes.append("in" if status == 302 and "sessionid" in browser.cookies else "refused")
    refused = outcomes[-1] == "refused"
    print(
        f"failed_logins_across_processes: {limit} wrong passwords on A,B,A,B,A then the right one on B: "
        f"{'refused (counted together)' if refused else 'SIGNED IN (counted per process)'}"
    )


def check_booking(cluster: Cluster, people: int) -> None:
    plan = json.loads(
        manage(
            {**cluster.owner_env, "BENCH_PEOPLE": str(people)}, "shell", "-c", "import bench.booking_setup"
        )
        .strip()
        .splitlines()[-1]
    )
    path = f"/fr/rendez-vous/reserver/{plan['practitioner']}/{plan['slot']}/"
    profile = plan["profile"]
    varnish_get(cluster.varnish_port, profile)
    _s, profile_before, body = varnish_get(cluster.varnish_port, profile)
    offered_before = path in body
    counted, failures = contend(path, plan["emails"], [cluster.varnish_port], HTTPS)
    booked_at = time.time()
    gone_after = None
    while time.time() - booked_at < 5:
        _s, _state, body = varnish_get(cluster.varnish_port, profile)
        if path not in body:
            gone_after = time.time() - booked_at
            break
        time.sleep(0.02)
    rows = manage(
        cluster.owner_env, "shell", "--no-imports", "-c",
        "from booking.models import Appointment as A; print(A.objects.filter("
        "person__email__startswith='bench-contention-', status__in=['held','confirmed']).count())",
    ).strip()  # fmt: skip
    print(
        f"booking_contention_through_varnish: attempts={sum(counted.values())} booked={counted['booked']} "
        f"refused={counted['refused']} errors={counted['error']} rows={rows}"
    )
    for failure in failures[:3]:
        print(f"  error seen: {failure}")
    gone = "STILL after 5 s" if gone_after is None else f"{gone_after * 1000:.0f} ms after the last answer"
    print(
        f"booked_slot_through_varnish: the profile's week was {profile_before} and offered the slot="
        f"{'yes' if offered_before else 'no'}; no longer offered by Varnish {gone} (ban by the worker)"
    )


class WebSocket:
    """A minimal RFC 6455 client: handshake, masked text frames out, text frames in."""

    def __init__(self, port: int, path: str, cookie: str):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(secrets.token_bytes(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nOrigin: https://{HOST}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"X-Forwarded-Proto: https\r\nCookie: sessionid={cookie}\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                break
            head += chunk
        self.status = int(head.split(b" ", 2)[1]) if head else 0

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def send(self, message: dict) -> None:
        payload = json.dumps(message).encode()
        mask = secrets.token_bytes(4)
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        else:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self) -> dict:
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(length)
            if first & 0x0F == 0x8:
                raise ConnectionError(f"closed by the server: {payload[:2].hex()}")
            if first & 0x0F == 0x1:
                return json.loads(payload)

    def receive_type(self, kind: str) -> dict:
        while True:
            message = self.receive()
            if message.get("type") == kind:
                return message

    def close(self) -> None:
        self.sock.close()


def check_video_room(cluster: Cluster, plan: dict, _admin=None) -> None:
    a, b = cluster.app_ports
    patient = signed_in(a, plan["patient"], "10.4.0.1")
    practitioner = signed_in(b, plan["practitioner"], "10.4.0.2")
    path = f"/ws/consultations/{plan['room']}/?client="
    person_ws = WebSocket(a, path + "cluster-person", patient.cookies["sessionid"])
    person_ws.receive_type("welcome")
    practitioner_ws = WebSocket(b, path + "cluster-practitioner", practitioner.cookies["sessionid"])
    welcome = practitioner_ws.receive_type("welcome")
    person_ws.receive_type("peer")
    started = time.perf_counter()
    practitioner_ws.send({"type": "signal", "data": {"sdp": "offer-from-B"}})
    offer = person_ws.receive_type("signal")
    person_ws.send({"type": "signal", "data": {"sdp": "answer-from-A"}})
    answer = practitioner_ws.receive_type("signal")
    round_trip = (time.perf_counter() - started) * 1000
    ok = offer["data"]["sdp"] == "offer-from-B" and answer["data"]["sdp"] == "answer-from-A"
    person_ws.close()
    practitioner_ws.close()
    # And through Varnish (pipe): the handshake goes through to an app process.
    through = WebSocket(cluster.varnish_port, path + "cluster-person", patient.cookies["sessionid"])
    piped = through.status
    through.close()
    print(
        f"video_room_two_processes: person on A, practitioner on B: peer_present={welcome['peer_present']} "
        f"offer and answer relayed={'yes' if ok else 'NO'} round trip {round_trip:.0f} ms; "
        f"handshake through Varnish: HTTP {piped}"
    )


def varnish_get(port: int, path: str) -> tuple[int, str, str]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={**HTTPS, "Cookie": "cookie_consent=analytics=-1; django_language=fr"})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, response.getheader("X-Cache", ""), body


def check_purge(cluster: Cluster, plan: dict, admin: AdminBrowser) -> None:
    """A page published in the admin of process A: Varnish serves the new title (PURGE sent by
    the task worker) within a second."""
    port, url, original = cluster.varnish_port, plan["page_url"], plan["page_title"]
    varnish_get(port, url)
    _s, cached, _b = varnish_get(port, url)
    title = f"{original} (cluster {secrets.token_hex(3)})"
    published_at = admin.publish_page(plan["page"], title)
    fresh_after = None
    while time.time() - published_at < 5:
        _s, _state, body = varnish_get(port, url)
        if title in body:
            fresh_after = time.time() - published_at
            break
        time.sleep(0.02)
    admin.publish_page(plan["page"], original)
    figure = f"{fresh_after * 1000:.0f} ms" if fresh_after is not None else "NOT within 5 s"
    print(
        f"purge_on_publish: {url} was {cached} before; published in the admin of A, the new title "
        f"served by Varnish {figure} after the admin's answer "
        f"({'within 1 s' if fresh_after is not None and fresh_after < 1 else 'SLOW'})"
    )


def check_throughput(cluster: Cluster) -> None:
    a = cluster.app_ports[0]
    duration, concurrency = cluster.args.duration, cluster.args.concurrency
    home = Scenario("home_fr", "/fr/")
    uncached = Scenario("home_fr_uncached", "/fr/", headers={"Cache-Control": "no-cache"})
    headers = {**HTTPS, "Cookie": "cookie_consent=analytics=-1"}
    rows = []
    for name, port, scenario in (
        ("baseline /healthz/, app A", a, BASELINE),
        ("home_fr uncached, app A", a, uncached),
        ("home_fr app cache, app A", a, home),
        ("home_fr through Varnish", cluster.varnish_port, home),
    ):
        drive(port, scenario, {**headers, **scenario.headers}, 1.0, concurrency)
        rows.append((name, drive(port, scenario, {**headers, **scenario.headers}, duration, concurrency)))
    base = rows[0][1]["rps"] or 1
    print(f"{'throughput':<32}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'errors':>8}{'ratio':>8}")
    for name, r in rows:
        print(
            f"{name:<32}{r['rps']:>10.0f}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['errors']:>8}"
            f"{r['rps'] / base:>8.2f}"
        )
        if r["errors"]:
            print(f"  errors seen: {r['error_kinds']}")
    peaks = cluster.rss_peaks()
    print("peak_rss_per_app_process: " + ", ".join(f"{k}={v} MiB" for k, v in peaks.items()))


def run_checks(cluster: Cluster, plan: dict) -> None:
    print(
        f"== figures (client {cluster.args.concurrency} connections, {cluster.args.duration:.0f} s per load)"
    )
    admin = AdminBrowser(cluster.app_ports[0], EDITOR, PASSWORD)
    try:
        for check in (check_legal_gate, check_failed_logins, check_video_room, check_purge):
            started = time.monotonic()
            try:
                check(cluster, plan, admin)
            except Exception as exc:  # one failed figure must not hide the others
                print(f"{check.__name__}: FAILED {type(exc).__name__}: {exc}")
            if cluster.args.verbose:
                print(f"  ({time.monotonic() - started:.1f} s)")
    finally:
        admin.close()
    check_booking(cluster, cluster.args.people)
    check_throughput(cluster)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--run-checks", action="store_true", help="measure the figures, then stop")
    parser.add_argument("--skip-setup", action="store_true", help="no migrate / demo load (roles still)")
    parser.add_argument("--coturn", action="store_true", help="start coturn too (if installed)")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--people", type=int, default=40, help="booking contention: people on one slot")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not shutil.which("varnishd"):
        raise SystemExit("varnishd not found: apt-get install -y varnish")

    cluster = Cluster(args)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even if started in the background
    try:
        plan = cluster.setup()
        cluster.start()
        cluster.describe()
        if args.run_checks:
            run_checks(cluster, plan)
        else:
            print("serving; Ctrl-C stops everything")
            while not stopping.wait(1):
                for name, process in cluster.processes:
                    if process.poll() is not None:
                        raise SystemExit(f"{name} stopped (exit {process.returncode})")
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
        print("stopped: " + ", ".join(name for name, _p in cluster.processes))


if __name__ == "__main__":
    main()
