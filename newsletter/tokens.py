"""Signed tokens in the links we send: no login needed, nothing guessable, nothing stored.

- confirmation: the person and the subscription request it confirms; expires
  (NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS, 7 by default), and a newer request or a withdrawal
  makes it useless (services.confirm checks that it is still the last event);
- unsubscribe: the person only, no expiry: a withdrawal link must keep working (RFC 8058).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class BadToken(Exception):
    """Tampered with, malformed, expired or for nobody."""


class ExpiredToken(BadToken):
    pass


def confirmation_max_age() -> timedelta:
    return timedelta(days=getattr(settings, "NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS", 7))


def confirmation_token(*, user_id: int, event_id: int) -> str:
    return signing.dumps({"u": user_id, "e": event_id}, salt=CONFIRM_SALT, compress=True)


def read_confirmation_token(token: str) -> tuple[int, int]:
    """(user id, subscription event id)."""
    data = _load(token, salt=CONFIRM_SALT, max_age=confirmation_max_age())
    try:
        return int(data["u"]), int(data["e"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc


def unsubscribe_token(*, user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> int:
    data = _load(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    try:
        return int(data["u"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc


def _load(token: str, *, salt: str, max_age):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredToken from exc
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as exc:
        raise BadToken from exc
