"""Sign in and accept the pending legal versions through the real pages, as a browser would.

The signed-in scenarios need a person who went through the re-acceptance gate. Nothing writes
those acceptances behind the site's back: this client logs in with the login form, opens the
re-acceptance page and posts each accept form with the text hash the page shows, so the ledger
rows are ordinary "reacceptance" rows whose user agent says they came from the benchmark.
"""

import http.client
import re
from html import unescape
from urllib.parse import urlencode, urlsplit

USER_AGENT = "psyconsult-bench/1 (load test, not a person)"
LOGIN_PATH = "/fr/compte/login/"
REACCEPT_PATH = "/fr/informations-legales/mise-a-jour/"

_FORM_RE = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
_INPUT_RE = re.compile(r"<input\b[^>]*>", re.I)
_ATTR_RE = re.compile(r'([\w-]+)="([^"]*)"')


class BrowserError(RuntimeError):
    pass


def forms(html: str) -> list[dict]:
    """[{"action": ..., "fields": {name: value}}] of the page's forms (hidden inputs and the like)."""
    found = []
    for markup in _FORM_RE.findall(html):
        opening = dict(_ATTR_RE.findall(markup[: markup.index(">")]))
        fields = {}
        for tag in _INPUT_RE.findall(markup):
            attrs = dict(_ATTR_RE.findall(tag))
            if "name" in attrs:
                fields[attrs["name"]] = unescape(attrs.get("value", ""))
        found.append({"action": unescape(opening.get("action", "")), "fields": fields})
    return found


class Browser:
    """One keep-alive connection with a cookie jar; same-origin headers on every POST."""

    def __init__(self, port: int, *, host: str = "127.0.0.1", headers: dict | None = None):
        self.port = port
        self.headers = {"Host": host, "User-Agent": USER_AGENT, **(headers or {})}
        scheme = "https" if self.headers.get("X-Forwarded-Proto") == "https" else "http"
        self.origin = f"{scheme}://{self.headers['Host']}"
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, form: dict | None = None, referer: str | None = None):
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": self.origin,
                    "Referer": self.origin + (referer or path),
                    "Sec-Fetch-Site": "same-origin",
                }
            )
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), content

    def sign_in(self, email: str, password: str) -> None:
        status, _location, html = self.request("GET", LOGIN_PATH)
        token = _csrf_token(html)
        status, _location, _html = self.request(
            "POST",
            LOGIN_PATH,
            {"csrfmiddlewaretoken": token, "login": email, "password": password},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise BrowserError(f"login as {email} failed (HTTP {status})")

    def accept_pending(self, max_forms: int = 20) -> int:
        """Accept what the re-acceptance page asks for, one form at a time; returns how many."""
        for accepted in range(max_forms):
            status, _location, html = self.request("GET", REACCEPT_PATH)
            if status == 302:  # nothing (left) to accept: the page sends the person on
                return accepted
            pending = [f for f in forms(html) if {"version", "text_sha256"} <= set(f["fields"])]
            if status != 200 or not pending:
                raise BrowserError(f"unexpected re-acceptance page (HTTP {status})")
            form = pending[0]
            status, _location, _html = self.request(
                "POST", urlsplit(form["action"]).path, form["fields"], referer=REACCEPT_PATH
            )
            if status != 302:
                raise BrowserError(f"accepting version {form['fields']['version']} failed (HTTP {status})")
        raise BrowserError("the re-acceptance page keeps asking")

    def close(self) -> None:
        self.conn.close()


def _csrf_token(html: str) -> str:
    for form in forms(html):
        if "csrfmiddlewaretoken" in form["fields"]:
            return form["fields"]["csrfmiddlewaretoken"]
    raise BrowserError("no CSRF token on the page")


def signed_in_session(port: int, email: str, password: str, *, headers: dict | None = None) -> str:
    """Log in, pass the gate through the real accept forms, return the session cookie value."""
    browser = Browser(port, headers=headers)
    try:
        browser.sign_in(email, password)
        browser.accept_pending()
        return browser.cookies["sessionid"]
    finally:
        browser.close()
