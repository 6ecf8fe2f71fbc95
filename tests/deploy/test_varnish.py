"""deploy/varnish/default.vcl: rendered with the app processes' ports, compiled by varnishd, and
run in front of a small backend: anonymous pages cached whatever the consent cookie, signed-in
traffic and responses that set a cookie passed, PURGE from 127.0.0.1."""

import http.client
import shutil
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.cluster import VCL_TEMPLATE, free_port, render_vcl

VARNISHD = shutil.which("varnishd")
needs_varnish = pytest.mark.skipif(VARNISHD is None, reason="no varnishd (apt-get install varnish)")


@pytest.fixture
def work_dir():
    """A directory varnishd can read once it has dropped root (pytest's tmp_path is private)."""
    path = Path(tempfile.mkdtemp(prefix="psyconsult-vcl-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_rendering_puts_one_backend_per_app_process_in_the_round_robin():
    vcl = render_vcl(VCL_TEMPLATE.read_text(), [9101, 9102, 9103])
    for i, port in enumerate((9101, 9102, 9103), 1):
        assert f'backend app{i} {{ .host = "127.0.0.1"; .port = "{port}"; .probe = healthz;' in vcl
        assert f"app.add_backend(app{i});" in vcl
    assert "8001" not in vcl  # the template's own backends are gone
    assert "8002" not in vcl
    assert vcl.count("sub vcl_init") == 1
    with pytest.raises(ValueError, match="BACKENDS block"):
        render_vcl("vcl 4.1;", [9101])
    with pytest.raises(ValueError, match="at least one"):
        render_vcl(VCL_TEMPLATE.read_text(), [])


@needs_varnish
def test_the_rendered_configuration_compiles(work_dir):
    vcl = work_dir / "default.vcl"
    vcl.write_text(render_vcl(VCL_TEMPLATE.read_text(), [9101, 9102]))
    result = subprocess.run(
        [VARNISHD, "-C", "-f", str(vcl), "-n", str(work_dir / "n")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]


class Backend(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    seen_cookies: list[str] = []

    def do_GET(self):
        path = self.path
        Backend.hits[path] = Backend.hits.get(path, 0) + 1
        Backend.seen_cookies.append(self.headers.get("Cookie", ""))
        body = f"{path} #{Backend.hits[path]}".encode()
        self.send_response(200)
        if path.startswith("/fr/sets-cookie/"):
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        if path.startswith("/fr/private/"):
            self.send_header("Cache-Control", "private")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish(work_dir):
    backend = ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    Backend.hits, Backend.seen_cookies = {}, []
    vcl = work_dir / "default.vcl"
    vcl.write_text(render_vcl(VCL_TEMPLATE.read_text(), [backend.server_address[1]]))
    port = free_port()
    process = subprocess.Popen(
        [VARNISHD, "-F", "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-n", str(work_dir / "n"),
         "-s", "malloc,16m", "-T", "none"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while True:
        try:
            if get(port, "/healthz/")[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("varnishd did not serve within 20 s")
        time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=10)
    backend.shutdown()


def get(port, path, cookie=None, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    headers = {"Host": "psyconsult.example", "X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, headers=headers)
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, response.getheader("X-Cache"), body


@needs_varnish
def test_anonymous_pages_are_cached_and_the_consent_cookie_does_not_split_them(varnish):
    assert get(varnish, "/fr/page/")[1] == "MISS"
    status, cache, body = get(varnish, "/fr/page/", cookie="cookie_consent=analytics=-1; django_language=en")
    assert (status, cache, body) == (200, "HIT", "/fr/page/ #1")
    assert Backend.seen_cookies[-1] == ""  # nothing but the session cookie would reach the app


@needs_varnish
def test_signed_in_people_private_areas_and_cookie_setting_responses_are_passed(varnish):
    get(varnish, "/fr/page/")
    assert get(varnish, "/fr/page/", cookie="sessionid=s3cret; cookie_consent=x")[1] == "PASS"
    assert Backend.seen_cookies[-1] == "sessionid=s3cret; cookie_consent=x"
    for path in ("/fr/mon-compte/", "/fr/rendez-vous/x/", "/admin/", "/fr/paiements/", "/stripe/webhook/"):
        get(varnish, path)
        assert get(varnish, path)[1] == "PASS", path
    for path in ("/fr/sets-cookie/", "/fr/private/"):
        get(varnish, path)
        assert get(varnish, path)[2] == f"{path} #2", path


@needs_varnish
def test_purge_from_localhost_empties_the_page(varnish):
    get(varnish, "/fr/page/")
    assert get(varnish, "/fr/page/")[1] == "HIT"
    assert get(varnish, "/fr/page/", method="PURGE")[0] == 200
    _status, cache, body = get(varnish, "/fr/page/")
    assert (cache, body) == ("MISS", "/fr/page/ #2")


@needs_varnish
def test_a_ban_from_localhost_empties_every_variant_of_the_urls_it_names(varnish, settings):
    """What pagecache.frontend sends after a booking: the profile's and the directory's every
    query string goes, other pages stay."""
    from pagecache import frontend

    for path in ("/fr/annuaire/", "/fr/annuaire/?page=2", "/fr/page/"):
        get(varnish, path)
        assert get(varnish, path)[1] == "HIT", path
    settings.VARNISH_URL = f"http://127.0.0.1:{varnish}"

    assert frontend.send_ban("psyconsult.example", "^/fr/annuaire/") == 200

    assert get(varnish, "/fr/annuaire/")[1] == "MISS"
    assert get(varnish, "/fr/annuaire/?page=2")[1] == "MISS"
    assert get(varnish, "/fr/page/")[1] == "HIT"
    assert frontend.send_ban("autre.example", "^/fr/page/") == 200  # another host's pages only
    assert get(varnish, "/fr/page/")[1] == "HIT"
