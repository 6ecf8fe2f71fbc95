"""The consent cookie: django-cookie-consent's value plus our signed proof fields.

The library stores "varname=version|varname=-1" (version = when the group last got a cookie,
"-1" = refused) and its template filters and status endpoint read it as is. We add reserved
pairs it ignores (no group varname starts with "_", see consent.forms):

    _id   the random consent id (also in every receipt)
    _at   when the decision was taken (Unix time), for the renewal rules
    _p    the cookie policy version number in force then (0: none published)
    _sig  HMAC of everything before it (django.core.signing), so a forged or edited cookie is
          worth nothing on the server: it is read as "no decision" and the banner comes back.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cookie_consent.util import COOKIE_GROUP_SEP, KEY_VALUE_SEP
from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

REFUSED = "-1"
CONSENT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_VARNAME_RE = re.compile(r"^[-a-zA-Z0-9][-_a-zA-Z0-9]*$")
_signer = signing.Signer(salt="consent.cookie")


@dataclass(frozen=True)
class ConsentCookie:
    consent_id: str
    decided_at: datetime
    policy_number: int = 0
    # varname -> group version accepted, or REFUSED
    groups: dict[str, str] = field(default_factory=dict)

    def accepted(self, varname: str) -> bool:
        value = self.groups.get(varname)
        return value is not None and value != REFUSED

    @property
    def has_refusal(self) -> bool:
        return REFUSED in self.groups.values()


def cookie_name() -> str:
    return settings.COOKIE_CONSENT_NAME


def encode(value: ConsentCookie) -> str:
    pairs = [f"{varname}{KEY_VALUE_SEP}{version}" for varname, version in value.groups.items()]
    pairs += [
        f"_id={value.consent_id}",
        f"_at={int(value.decided_at.timestamp())}",
        f"_p={value.policy_number}",
    ]
    payload = COOKIE_GROUP_SEP.join(pairs)
    return f"{payload}{COOKIE_GROUP_SEP}_sig={_signer.signature(payload)}"


def decode(raw: str | None) -> ConsentCookie | None:
    """The cookie's content, or None if it is absent, garbled or not signed by us."""
    if not raw or len(raw) > 4096:
        return None
    payload, sep, signature = raw.rpartition(f"{COOKIE_GROUP_SEP}_sig=")
    if not sep or not constant_time_compare(signature, _signer.signature(payload)):
        return None
    groups: dict[str, str] = {}
    meta: dict[str, str] = {}
    for pair in payload.split(COOKIE_GROUP_SEP):
        key, sep, value = pair.partition(KEY_VALUE_SEP)
        if not sep:
            return None
        if key.startswith("_"):
            meta[key] = value
        elif _VARNAME_RE.match(key):
            groups[key] = value
        else:
            return None
    try:
        consent_id = meta["_id"]
        decided_at = datetime.fromtimestamp(int(meta["_at"]), tz=UTC)
        policy_number = int(meta.get("_p", "0"))
    except (KeyError, ValueError, OverflowError, OSError):
        return None
    if not CONSENT_ID_RE.match(consent_id) or policy_number < 0:
        return None
    return ConsentCookie(consent_id, decided_at, policy_number, groups)


def read(request) -> ConsentCookie | None:
    return decode(request.COOKIES.get(cookie_name()))


def max_age_seconds(value: ConsentCookie) -> int:
    """A refusal is asked again after CONSENT_REFUSAL_RENEWAL_DAYS, a consent lasts at most
    CONSENT_MAX_AGE_DAYS: the browser forgets the cookie at the same moment."""
    days = settings.CONSENT_MAX_AGE_DAYS
    if value.has_refusal:
        days = min(days, settings.CONSENT_REFUSAL_RENEWAL_DAYS)
    return days * 24 * 3600


def set_on(response, value: ConsentCookie, *, request=None) -> None:
    secure = settings.COOKIE_CONSENT_SECURE or bool(request is not None and request.is_secure())
    response.set_cookie(
        cookie_name(),
        encode(value),
        max_age=max_age_seconds(value),
        domain=settings.COOKIE_CONSENT_DOMAIN,
        secure=secure,
        httponly=settings.COOKIE_CONSENT_HTTPONLY,
        samesite=settings.COOKIE_CONSENT_SAMESITE,
    )
