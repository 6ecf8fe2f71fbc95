"""Writes: one page view (`record_hit`), a visitor forgotten (`forget_visitor`), the purge of
what is past its retention (`purge_expired`)."""

import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from consent import cookie as consent_cookie
from consent import selectors as consent_selectors

from . import buffer, classify
from .models import DeviceDay, FunnelDay, LanguageDay, PageViewDay, ReferrerDay, Stage, Visit

GROUP = "mesure_audience"
COOKIE = "psy_visit"
VISITOR_ID_RE = re.compile(r"^[A-Za-z0-9_-]{16,43}$")
# CNIL: the identifier lasts 13 months at most and is not extended by later visits.
COOKIE_MAX_AGE = 390 * 24 * 3600
VISIT_GAP = timedelta(minutes=30)
# Aggregates are kept 25 months at most, visits 13 months (CNIL's audience-measurement guidance).
AGGREGATES_KEPT = timedelta(days=25 * 31)
VISITS_KEPT = timedelta(days=390)


@dataclass
class HitResult:
    counted: bool = False
    set_visitor_id: str | None = None  # a new psy_visit cookie to set
    forget: bool = False  # delete psy_visit: no (or no longer any) consent
    stages: list[int] = field(default_factory=list)


def has_consent(request) -> bool:
    return GROUP in consent_selectors.accepted_groups(consent_cookie.read(request))


def visitor_id(request) -> str | None:
    value = request.COOKIES.get(COOKIE, "")
    return value if VISITOR_ID_RE.match(value) else None


def record_hit(
    *, request, path: str, referrer: str = "", language_hint: str = "", stage: int = 0
) -> HitResult:
    """Counts one page view of `path` (already cleaned) for everyone, and its visit for visitors
    who accepted audience measurement. Bots and prefetches count for nothing."""
    result = HitResult()
    user_agent = request.headers.get("User-Agent", "")
    if classify.is_bot(user_agent) or classify.is_prefetch(request):
        return result
    now = timezone.now()
    if has_consent(request):
        current = visitor_id(request)
        if current is None:
            current = result.set_visitor_id = secrets.token_urlsafe(16)
        result.stages = track_visit(visitor_id=current, path=path, stage=stage, now=now)
    elif COOKIE in request.COOKIES:
        forget_visitor(request=request)  # consent refused, withdrawn or expired meanwhile
        result.forget = True
    hit = (
        timezone.localdate(now).isoformat(),
        path,
        classify.referrer_host(referrer, own_host=request.get_host()) or "",
        classify.device(user_agent),
        classify.language(language_hint, accept_language=request.headers.get("Accept-Language", "")),
        tuple(result.stages),
    )
    n = buffer.append(hit)
    if buffer.flush_due(n):
        buffer.flush()
    result.counted = True
    return result


def track_visit(*, visitor_id: str, path: str, stage: int, now) -> list[int]:
    """The visit goes on (pages + 1) or a new one starts; returns the funnel stages this page
    makes the visit reach for the first time (a visit that reaches a stage counts at the earlier
    ones too, so the funnel only narrows)."""
    stage = stage if stage in Stage.values else Stage.NONE
    visit = (
        Visit.objects.filter(visitor_id=visitor_id, last_seen_at__gte=now - VISIT_GAP)
        .order_by("-last_seen_at")
        .only("pk", "stage")
        .first()
    )
    if visit is None:
        Visit.objects.create(
            visitor_id=visitor_id, started_at=now, last_seen_at=now, entry_path=path, pages=1, stage=stage
        )
        return list(range(1, stage + 1))
    Visit.objects.filter(pk=visit.pk).update(
        pages=F("pages") + 1, last_seen_at=now, stage=Greatest(F("stage"), stage)
    )
    return list(range(visit.stage + 1, stage + 1))


def forget_visitor(*, request, response=None) -> int:
    """Deletes the visits of the browser's visit id and, given a response, its cookie."""
    deleted = 0
    current = visitor_id(request)
    if current is not None:
        deleted, _ = Visit.objects.filter(visitor_id=current).delete()
    if response is not None and COOKIE in request.COOKIES:
        response.delete_cookie(COOKIE, path="/", samesite="Lax")
    return deleted


def set_visitor_cookie(response, value: str, *, request) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=COOKIE_MAX_AGE,
        path="/",
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def purge_expired(*, now=None, dry_run: bool = False) -> dict[str, int]:
    """Deletes daily counters older than 25 months and visits older than 13 months."""
    now = now or timezone.now()
    day_cutoff = timezone.localdate(now - AGGREGATES_KEPT)
    counts = {}
    for model in (PageViewDay, ReferrerDay, DeviceDay, LanguageDay, FunnelDay):
        rows = model.objects.filter(day__lt=day_cutoff)
        counts[model._meta.model_name] = rows.count() if dry_run else rows.delete()[0]
    visits = Visit.objects.filter(started_at__lt=now - VISITS_KEPT)
    counts["visit"] = visits.count() if dry_run else visits.delete()[0]
    return counts
