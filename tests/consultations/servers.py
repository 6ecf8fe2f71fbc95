"""Real servers for the room's browser tests: Daphne serving the project's ASGI application
(HTTP and WebSockets) against the test database, and coturn from Debian for TURN."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TURNSERVER = shutil.which("turnserver") or "/usr/bin/turnserver"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    """The test database this process uses, as a DATABASE_URL for another process."""
    conf = connection.settings_dict
    user = urllib.parse.quote(conf.get("USER") or "", safe="")
    password = urllib.parse.quote(conf.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = conf.get("HOST") or ""
    if host.startswith("/"):  # a socket directory goes in the query string
        return f"postgres://{credentials}/{conf['NAME']}?host={urllib.parse.quote(host, safe='')}"
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{conf['NAME']}"


class Daphne:
    def __init__(self, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            **env,
        }
        environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait()

    def _wait(self):
        deadline = time.monotonic() + 30
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne stopped: {self.process.stderr.read().decode()[-2000:]}")
            try:
                opener.open(f"{self.url}/healthz/", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("daphne did not answer within 30 s")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.process.stderr:
            self.process.stderr.close()


class Coturn:
    """coturn with the TURN REST scheme (use-auth-secret), relaying on loopback only."""

    def __init__(self, secret: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                TURNSERVER,
                "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1",
                f"--listening-port={self.port}",
                "--min-port=49160",
                "--max-port=49260",
                "--use-auth-secret",
                f"--static-auth-secret={secret}",
                "--realm=psyconsult.test",
                "--allow-loopback-peers",
                "--no-tls",
                "--no-dtls",
                "--no-cli",
                "--no-stdout-log",
                "--log-file=stdout",
                "--simple-log",
                "--fingerprint",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("turnserver did not listen within 10 s")

    @property
    def url(self) -> str:
        return f"turn:127.0.0.1:{self.port}?transport=udp"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
