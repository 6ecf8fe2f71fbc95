"""Inactivity timeout: a signed-in session ends after SESSION_IDLE_TIMEOUT_MINUTES without a request.

Only a session that exists and belongs to a signed-in person is touched: an anonymous visitor
never gets a session (or a cookie) from here, so public pages stay cacheable.

The time of the last request is kept in the session (refreshed at most once a minute, so that
browsing does not write the session on every request) and checked on each request: past the
timeout the person is signed out and told why. The session's own expiry (`set_expiry`) follows,
an hour later, so the database row and the cookie do not outlive the window by much (instead
of SESSION_COOKIE_AGE) while someone coming back soon after still gets the explanation. A
session that ends when the browser closes ("remember me" left unticked) keeps doing so.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.translation import ngettext

LAST_SEEN_KEY = "_idle_last_seen"
# How long the session row and cookie outlive the idle window (to explain the sign-out).
EXPIRY_GRACE_SECONDS = 3600


def idle_timeout_seconds() -> int:
    """0 switches the timeout off."""
    return max(0, int(settings.SESSION_IDLE_TIMEOUT_MINUTES) * 60)


def _refresh_interval(timeout: int) -> int:
    return max(1, min(60, timeout // 10))


def is_idle(session) -> bool:
    """Whether this signed-in session has gone past the idle timeout (then it must end)."""
    timeout = idle_timeout_seconds()
    last_seen = session.get(LAST_SEEN_KEY)
    return bool(timeout and last_seen is not None and timezone.now().timestamp() - last_seen > timeout)


def mark_active(session) -> bool:
    """Start the idle window again (at most once per refresh interval). True if the session
    changed and needs saving. Also used by the video room: a consultation is activity."""
    timeout = idle_timeout_seconds()
    if not timeout:
        return False
    now = timezone.now().timestamp()
    last_seen = session.get(LAST_SEEN_KEY)
    if last_seen is not None and now - last_seen < _refresh_interval(timeout):
        return False
    session[LAST_SEEN_KEY] = now
    if not session.get_expire_at_browser_close():
        session.set_expiry(timeout + EXPIRY_GRACE_SECONDS)
    return True


def _signed_in(request) -> bool:
    session = getattr(request, "session", None)
    # `is_empty` reads no session data: a visitor without a session cookie is left alone.
    if session is None or session.is_empty():
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class IdleSessionTimeoutMiddleware:
    """After the session, authentication and messages middleware; before the legal gate, so that
    an idle person is signed out before being sent anywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = idle_timeout_seconds()
        if timeout and _signed_in(request) and is_idle(request.session):
            logout(request)
            minutes = timeout // 60
            messages.info(
                request,
                ngettext(
                    "Votre session a expiré après %(minutes)d minute d’inactivité : "
                    "reconnectez-vous pour continuer.",
                    "Votre session a expiré après %(minutes)d minutes d’inactivité : "
                    "reconnectez-vous pour continuer.",
                    minutes,
                )
                % {"minutes": minutes},
            )

        response = self.get_response(request)

        # Also after a sign-in during this request (the new session starts its window).
        if timeout and _signed_in(request):
            mark_active(request.session)
        return response
