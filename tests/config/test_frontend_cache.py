"""Production settings: with VARNISH_URL, Wagtail's frontend cache purges there (HTTPBackend, a real
PURGE request); without it, nothing is installed and nothing is sent."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.config.test_settings import PRODUCTION, run_manage

SECRET = {"SECRET_KEY": "x" * 20 + "-a-long-random-looking-value-for-the-test-0123456789"}
SHOW = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'app': 'wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS, "
    "'backends': getattr(settings, 'WAGTAILFRONTENDCACHE', None)}))"
)


def shown(env):
    result = run_manage("shell", "--no-imports", "-c", SHOW, env_overrides=env, drop=("VARNISH_URL",))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_varnish_url_there_is_no_frontend_cache():
    assert shown({**PRODUCTION, **SECRET}) == {"app": False, "backends": None}


def test_with_varnish_url_the_http_backend_points_there_and_check_deploy_stays_clean():
    env = {**PRODUCTION, **SECRET, "VARNISH_URL": "http://127.0.0.1:6081"}
    assert shown(env) == {
        "app": True,
        "backends": {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": "http://127.0.0.1:6081",
            }
        },
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_purge_reaches_varnish_url_for_each_language_with_the_page_host():
    received = []

    class Varnish(BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.append((self.command, self.path, self.headers["Host"]))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Varnish)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {**PRODUCTION, **SECRET, "VARNISH_URL": f"http://127.0.0.1:{server.server_address[1]}"}
        purge = (
            "from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task as t; "
            "t.call(['https://psyconsult.example/fr/comment-ca-marche/'])"
        )
        result = run_manage("shell", "--no-imports", "-c", purge, env_overrides=env)
        assert result.returncode == 0, result.stderr
    finally:
        server.shutdown()
    assert sorted(received) == [
        ("PURGE", "/en/comment-ca-marche/", "psyconsult.example"),
        ("PURGE", "/fr/comment-ca-marche/", "psyconsult.example"),
    ]
