"""Reads: the cookie groups (cached, zero queries in steady state), the cookie policy in force,
and what a visitor's consent cookie means under the renewal rules."""

from dataclasses import dataclass
from datetime import timedelta

from cookie_consent.cache import all_cookie_groups
from cookie_consent.models import CookieGroup
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from common.i18n import content_language
from legal import selectors as legal_selectors
from legal.models import Acceptance

from . import cookie as consent_cookie
from .cookie import REFUSED, ConsentCookie
from .models import ConsentReceipt

COOKIE_POLICY = "cookie_policy"
DISPLAY_CACHE_KEY = "consent:groups:{language}"
DISPLAY_CACHE_TIMEOUT = 3600


def optional_groups() -> dict[str, CookieGroup]:
    """{varname: group} of the groups a visitor may refuse (django-cookie-consent's cache)."""
    return dict(sorted(all_cookie_groups().items(), key=lambda item: (item[1].ordering, item[0])))


def group_versions() -> dict[str, str]:
    """{varname: version}: a group's version changes when it gets a new cookie."""
    return {varname: group.get_version() for varname, group in optional_groups().items()}


def _language() -> str:
    return content_language()


def _compute_display(language: str) -> list[dict]:
    english = language == "en"
    groups = CookieGroup.objects.select_related("consent_text").prefetch_related("cookie_set__consent_text")
    result = []
    for group in groups.order_by("ordering", "varname"):
        text = getattr(group, "consent_text", None)
        cookies = []
        for cookie in sorted(group.cookie_set.all(), key=lambda c: c.name):
            details = getattr(cookie, "consent_text", None)
            cookies.append(
                {
                    "name": cookie.name,
                    "domain": cookie.domain,
                    "purpose": (english and details and details.description_en) or cookie.description,
                    "lifetime": (details and ((english and details.lifetime_en) or details.lifetime_fr))
                    or "",
                }
            )
        result.append(
            {
                "varname": group.varname,
                "name": (english and text and text.name_en) or group.name or group.varname,
                "description": (english and text and text.description_en) or group.description,
                "is_required": group.is_required,
                "cookies": cookies,
            }
        )
    return result


def groups_for_display(language: str | None = None) -> list[dict]:
    """Every group (required first by editors' ordering) with its texts in `language`, cached."""
    language = language or _language()
    key = DISPLAY_CACHE_KEY.format(language=language)
    result = cache.get(key)
    if result is None:
        result = _compute_display(language)
        cache.set(key, result, DISPLAY_CACHE_TIMEOUT)
    return result


def invalidate_display() -> None:
    cache.delete_many([DISPLAY_CACHE_KEY.format(language=code) for code, _ in settings.LANGUAGES])


# --- The cookie policy in force ------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyInfo:
    number: int | None  # the version in force (None: nothing published yet)
    baseline: int | None  # decisions taken under an older number must be asked again
    url: str


def cookie_policy() -> PolicyInfo:
    """From legal's cached state: no query."""
    try:
        entry = legal_selectors.document_entry(COOKIE_POLICY)
    except DatabaseError:  # database not migrated yet: the banner still renders, without the link
        entry = None
    if not entry:
        return PolicyInfo(None, None, "")
    current = entry["current"]
    try:
        if current:
            url = reverse("legal:version", args=[entry["slug"], current["number"]])
        else:
            url = reverse("legal:document", args=[entry["slug"]])
    except NoReverseMatch:
        url = ""
    return PolicyInfo(current["number"] if current else None, entry["baseline"], url)


# --- What a visitor's cookie means ---------------------------------------------------------------


def is_expired(value: ConsentCookie, *, now=None, policy: PolicyInfo | None = None) -> bool:
    """The whole decision must be taken again (time limits, or a policy requiring re-acceptance)."""
    now = now or timezone.now()
    age = now - value.decided_at
    if age > timedelta(days=settings.CONSENT_MAX_AGE_DAYS) or age < -timedelta(days=1):
        return True
    if value.has_refusal and age > timedelta(days=settings.CONSENT_REFUSAL_RENEWAL_DAYS):
        return True
    policy = policy or cookie_policy()
    return bool(policy.baseline and value.policy_number < policy.baseline)


def group_state(value: ConsentCookie | None, varname: str, version: str) -> bool | None:
    """True accepted, False refused, None: to be asked (never asked, or new cookies since)."""
    if value is None:
        return None
    recorded = value.groups.get(varname)
    if recorded is None:
        return None
    if recorded == REFUSED:
        return False
    return True if recorded >= version else None


def needs_prompt(value: ConsentCookie | None, *, now=None) -> bool:
    versions = group_versions()
    if not versions:
        return False  # nothing optional: nothing to ask
    if value is None or is_expired(value, now=now):
        return True
    return any(group_state(value, v, ver) is None for v, ver in versions.items())


def accepted_groups(value: ConsentCookie | None, *, now=None) -> list[str]:
    """Varnames whose code and cookies the visitor accepts right now."""
    if value is None or is_expired(value, now=now):
        return []
    return [v for v, ver in group_versions().items() if group_state(value, v, ver) is True]


def current_choices(value: ConsentCookie | None, *, now=None) -> dict[str, bool | None]:
    versions = group_versions()
    if value is None or is_expired(value, now=now):
        return dict.fromkeys(versions)
    return {v: group_state(value, v, ver) for v, ver in versions.items()}


def banner_config() -> dict:
    """Site-wide data banner.js needs (the same for every visitor, so pages stay cacheable)."""
    policy = cookie_policy()
    return {
        "groups": group_versions(),
        "baseline": policy.baseline or 0,
        "refusalDays": settings.CONSENT_REFUSAL_RENEWAL_DAYS,
        "maxDays": settings.CONSENT_MAX_AGE_DAYS,
        "cookie": settings.COOKIE_CONSENT_NAME,
        "code": reverse("consent_code"),
        "choose": reverse("consent_choose"),
    }


# --- Whose receipts and consent ids (proof downloads) --------------------------------------------


def consent_ids_of(user, request=None) -> set[str]:
    """The consent ids of a signed-in person: those of the receipts written while they were signed
    in, and the one of the consent cookie this browser holds (it is their browser's choice)."""
    ids = set(ConsentReceipt.objects.filter(user=user).values_list("consent_id", flat=True).distinct())
    value = consent_cookie.read(request) if request is not None else None
    if value is not None:
        ids.add(value.consent_id)
    return ids


def receipts_of(user, consent_ids):
    """A person's cookie receipts: linked to their account or to one of their consent ids."""
    return ConsentReceipt.objects.filter(Q(user=user) | Q(consent_id__in=consent_ids))


def acceptances_of(user, consent_ids):
    """A person's ledger rows: their account's, and the cookie banner's under their consent ids."""
    return Acceptance.objects.filter(Q(user=user) | Q(consent_id__in=consent_ids)).select_related(
        "document", "version"
    )
