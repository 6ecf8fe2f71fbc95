"""The re-acceptance gate: signed-in people who must accept a new version go to accept it first.

Steady state cost: zero database queries. The legal state comes from the cache and what the
person accepted is remembered in their session (see legal.gate); the user row is not even
loaded, the session's user id is enough. Only when the legal state changed (new fingerprint)
or the session belongs to someone else does it read the person's acceptances once.

Exempt paths (the person can still do these while gated): the legal pages themselves
(read, accept, decline), logging out, language switching, static and media files, health
checks, and the Wagtail and Django admin: editors must keep working (they are often the
ones publishing the new version) and the back office is governed by their staff agreement,
not by the users' terms; on the public site they are gated like everyone. Add the data
export and erasure pages with settings.LEGAL_GATE_EXEMPT_URL_NAMES.
"""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from . import gate, selectors

DEFAULT_EXEMPT_URL_NAMES = ("account_logout",)
DEFAULT_EXEMPT_PREFIXES = ("/admin/", "/django-admin/", "/healthz/", "/favicon.ico", "/robots.txt")


@lru_cache(maxsize=1)
def exempt_prefixes() -> tuple[str, ...]:
    prefixes = set(DEFAULT_EXEMPT_PREFIXES)
    prefixes.update(getattr(settings, "LEGAL_GATE_EXEMPT_PREFIXES", ()))
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/"):
            prefixes.add(url)
    names = ("legal:index", *DEFAULT_EXEMPT_URL_NAMES, *getattr(settings, "LEGAL_GATE_EXEMPT_URL_NAMES", ()))
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            for name in names:
                try:
                    prefixes.add(reverse(name))
                except NoReverseMatch:
                    continue
    return tuple(sorted(prefixes))


def is_exempt(path: str) -> bool:
    return path.startswith(exempt_prefixes())


class ReacceptanceGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.check(request)
        if response is not None:
            return response
        return self.get_response(request)

    def check(self, request):
        request.legal_announcements = []
        session = getattr(request, "session", None)
        if session is None:
            return None
        uid = session.get(AUTH_SESSION_KEY)
        if uid is None:  # anonymous: nothing to check, no query
            return None
        state = selectors.legal_state()
        stamp = session.get(gate.SESSION_KEY)
        if not stamp or stamp.get("uid") != str(uid) or stamp.get("gen") != state["gen"]:
            user = request.user
            if not user.is_authenticated:
                return None
            stamp = gate.refresh_stamp(request, user, state)
        pending, announced = selectors.evaluate(state, stamp["acc"], is_practitioner=stamp["pr"])
        request.legal_announcements = [
            (doc, info) for doc, info in announced if not gate.is_dismissed(stamp, doc, info)
        ]
        if not pending or is_exempt(request.path):
            return None
        target = reverse("legal:reaccept")
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
