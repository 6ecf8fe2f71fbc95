"""Reads: which versions apply, what a person still has to accept, public history.

`legal_state()` is the small, cached picture every request needs (the gate, the footer, the
banner): per document, the current effective version, the announced one and the baseline a
person must have accepted. It is rebuilt after a publish/unpublish (signals) and when an
announced version reaches its effective date (`valid_until`), so the steady state costs no query.
"""

import hashlib
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from common.i18n import content_language, default_language
from common.request_memo import forget, once_per_request

from .models import Acceptance, LegalDocument, PolicyVersion, kinds_for

STATE_CACHE_KEY = "legal:state:v1"
# Upper bound on staleness if a signal was missed (e.g. an edit made in a shell).
STATE_MAX_AGE = timedelta(hours=1)


def authoritative_language() -> str:
    return default_language()


def _info(rows: list[dict]) -> dict:
    """Summary of one version (all its languages) as plain data, safe to cache."""
    lead = next(r for r in rows if r["locale__language_code"] == authoritative_language())
    return {
        "number": lead["number"],
        "effective_at": lead["effective_at"],
        "requires_reacceptance": lead["requires_reacceptance"],
        "ids": {r["locale__language_code"]: r["id"] for r in rows},
    }


def in_force_and_announced(infos: list[dict], now) -> tuple[dict | None, dict | None]:
    """THE rule, used by the gate, the public pages, the history, signup and the e-mails.

    In force: the highest number whose effective date has passed (a version published later with
    an earlier date does not bring an older text back). Announced: a published version with a
    higher number whose effective date is still to come; the soonest if there are several.
    """
    current = max((i for i in infos if i["effective_at"] <= now), key=lambda i: i["number"], default=None)
    floor = current["number"] if current else 0
    upcoming = [i for i in infos if i["effective_at"] > now and i["number"] > floor]
    announced = min(upcoming, key=lambda i: (i["effective_at"], i["number"]), default=None)
    return current, announced


def compute_legal_state(now=None) -> dict:
    now = now or timezone.now()
    lead_language = authoritative_language()
    rows = PolicyVersion.objects.filter(live=True).values(
        "id",
        "document_id",
        "number",
        "effective_at",
        "requires_reacceptance",
        "locale__language_code",
    )
    # A version is a (document, number); its languages are rows sharing both.
    groups: dict[tuple[int, int], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["document_id"], row["number"]), []).append(row)
    by_document: dict[int, list[dict]] = {}
    for (document_id, _number), group in groups.items():
        # French is authoritative: a translation alone is not a version in force.
        if any(r["locale__language_code"] == lead_language for r in group):
            by_document.setdefault(document_id, []).append(_info(group))

    valid_until = now + STATE_MAX_AGE
    documents = []
    for document in LegalDocument.objects.order_by("sort_order", "id"):
        infos = by_document.get(document.pk, [])
        current, announced = in_force_and_announced(infos, now)
        floor = current["number"] if current else 0
        # The state changes when the next version takes effect.
        for info in infos:
            if info["effective_at"] > now and info["number"] > floor:
                valid_until = min(valid_until, info["effective_at"])
        required = [i["number"] for i in infos if i["effective_at"] <= now and i["requires_reacceptance"]]
        documents.append(
            {
                "id": document.pk,
                "kind": document.kind,
                "slug": document.slug,
                "current": current,
                "announced": announced,
                # A person is up to date if they accepted this number or a later one.
                "baseline": max(required) if required else None,
            }
        )
    fingerprint = repr(
        [
            (
                d["id"],
                d["current"] and d["current"]["ids"],
                d["announced"] and d["announced"]["ids"],
                d["baseline"],
            )
            for d in documents
        ]
    )
    return {
        "gen": hashlib.sha256(fingerprint.encode()).hexdigest()[:16],
        "valid_until": valid_until,
        "documents": documents,
    }


def legal_state() -> dict:
    """The documents and their versions in force, shared by the processes until the next change
    or the next version taking effect; read once per request (the gate, footer and banner)."""
    return once_per_request(STATE_CACHE_KEY, _shared_legal_state)


def _shared_legal_state() -> dict:
    now = timezone.now()
    state = cache.get(STATE_CACHE_KEY)
    if state is None or state["valid_until"] <= now:
        state = compute_legal_state(now)
        timeout = max(1, int((state["valid_until"] - now).total_seconds()))
        cache.set(STATE_CACHE_KEY, state, timeout)
    return state


def invalidate_legal_state() -> None:
    cache.delete(STATE_CACHE_KEY)
    forget(STATE_CACHE_KEY)


def current_versions() -> dict[str, dict]:
    """{kind: info} of the versions in force (cached)."""
    return {d["kind"]: d["current"] for d in legal_state()["documents"] if d["current"]}


def document_entry(kind: str) -> dict | None:
    return next((d for d in legal_state()["documents"] if d["kind"] == kind), None)


def id_for_language(info: dict, language: str | None = None) -> int:
    language = content_language(language)
    return info["ids"].get(language) or info["ids"][authoritative_language()]


# --- What a person has accepted and still has to accept -------------------------------------


def accepted_numbers(user) -> dict[str, int]:
    """{document id (as str, session-friendly): highest version number accepted}."""
    rows = Acceptance.objects.filter(user=user).values("document_id").annotate(highest=Max("version_number"))
    return {str(r["document_id"]): r["highest"] for r in rows}


def must_accept_now(doc: dict, highest_accepted: int) -> bool:
    """A person must accept the version in force of a document they are bound by when they have
    accepted no version of it at all, or none since the last change that requires it."""
    if doc["current"] is None:
        return False
    if highest_accepted == 0:
        return True
    return doc["baseline"] is not None and highest_accepted < doc["baseline"]


def evaluate(state: dict, accepted: dict[str, int], *, is_practitioner: bool) -> tuple[list, list]:
    """Pure function: (documents to accept now, documents with an announced change to accept).

    Each item is (document entry, version info).
    """
    kinds = kinds_for(is_practitioner=is_practitioner)
    pending, announced = [], []
    for doc in state["documents"]:
        if doc["kind"] not in kinds:
            continue
        highest = accepted.get(str(doc["id"]), 0)
        if must_accept_now(doc, highest):
            pending.append((doc, doc["current"]))
        upcoming = doc["announced"]
        if upcoming and upcoming["requires_reacceptance"] and highest < upcoming["number"]:
            announced.append((doc, upcoming))
    return pending, announced


def pending_versions_for(user) -> list[PolicyVersion]:
    """Versions (in the active language when translated) the user must accept before going on."""
    pending, _announced = evaluate(
        legal_state(), accepted_numbers(user), is_practitioner=getattr(user, "is_practitioner", False)
    )
    return _load([id_for_language(info) for _doc, info in pending])


def announced_versions_for(user) -> list[PolicyVersion]:
    _pending, announced = evaluate(
        legal_state(), accepted_numbers(user), is_practitioner=getattr(user, "is_practitioner", False)
    )
    return _load([id_for_language(info) for _doc, info in announced])


def _load(ids: list[int]) -> list[PolicyVersion]:
    found = PolicyVersion.objects.select_related("document", "locale").in_bulk(ids)
    return [found[i] for i in ids if i in found]


def is_acceptable(version: PolicyVersion, state: dict | None = None) -> bool:
    """Only the version in force, or the announced one, of its document can be accepted."""
    if not version.live:
        return False
    state = state or legal_state()
    entry = next((d for d in state["documents"] if d["id"] == version.document_id), None)
    if entry is None:
        return False
    return any(info and version.pk in info["ids"].values() for info in (entry["current"], entry["announced"]))


def current_version_for_kind(kind: str, language: str | None = None) -> PolicyVersion | None:
    entry = document_entry(kind)
    if not entry or not entry["current"]:
        return None
    return _load([id_for_language(entry["current"], language)])[0] if entry["current"] else None


def people_bound_by(document: LegalDocument):
    """Active accounts a document binds: the terms of use and the privacy policy bind everyone,
    the practitioners' terms bind practitioners, the cookie policy and the legal notice no account."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    people = User.objects.filter(is_active=True)
    if document.kind in kinds_for(is_practitioner=False):
        return people
    if document.kind in kinds_for(is_practitioner=True):
        return people.filter(role=User.Role.PRACTITIONER)
    return people.none()


def people_yet_to_accept(version: PolicyVersion):
    """Who is bound by the version's document and has accepted neither it nor a later version."""
    up_to_date = Acceptance.objects.filter(
        document_id=version.document_id, version_number__gte=version.number, user__isnull=False
    ).values("user_id")
    return people_bound_by(version.document).exclude(pk__in=up_to_date)


def acceptance_counts(version: PolicyVersion) -> dict:
    """For editors and the DPO: people who accepted this version (any language), and how many
    of the people concerned have not yet accepted it or a later one (None for a draft, or for a
    document no account is bound by)."""
    accepted = Acceptance.objects.filter(document_id=version.document_id, version_number=version.number)
    counts = {"accepted": accepted.count(), "pending": None}
    if version.live and version.document.kind in kinds_for(is_practitioner=True):
        counts["pending"] = people_yet_to_accept(version).count()
    return counts


# --- Public pages -----------------------------------------------------------------------------


def public_versions(document: LegalDocument, language: str | None = None) -> list[PolicyVersion]:
    """Published versions of a document, newest first, one per number (translated when possible)."""
    language = content_language(language)
    lead = authoritative_language()
    by_number: dict[int, dict[str, PolicyVersion]] = {}
    for version in PolicyVersion.objects.filter(document=document, live=True).select_related("locale"):
        by_number.setdefault(version.number, {})[version.locale.language_code] = version
    # A number that exists only as a translation is not a version in force: skip it.
    return [
        langs.get(language) or langs[lead]
        for _number, langs in sorted(by_number.items(), reverse=True)
        if lead in langs
    ]


def public_version(document: LegalDocument, number: int, language: str | None = None) -> PolicyVersion | None:
    language = content_language(language)
    candidates = {
        v.locale.language_code: v
        for v in PolicyVersion.objects.filter(document=document, number=number, live=True).select_related(
            "locale", "document"
        )
    }
    if authoritative_language() not in candidates:
        return None
    return candidates.get(language) or candidates[authoritative_language()]
