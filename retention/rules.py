"""The retention rules: one rule, one pair of functions.

`due(now)` lists what the rule would act on at `now` (a queryset or a list, read only);
`apply(items, dry_run=..., now=..., progress=...)` acts on them, or with `dry_run` only counts
what it would do, and returns counts (never names). `services.run_rules` runs them in order,
saves a `RetentionRun` with the counts, and shows a progress bar on the command line.
"""

import logging
import re
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from . import messages, selectors
from .models import RetentionWarning

logger = logging.getLogger(__name__)

_ADDRESS = re.compile(r"[^\s@<>\"']+@[^\s@<>\"']+")


def scrubbed(exc: BaseException) -> str:
    """An error for the report, without the e-mail addresses an SMTP error may quote."""
    return _ADDRESS.sub("<adresse>", f"{type(exc).__name__}: {exc}")[:300]


@dataclass
class Progress:
    """Items done out of `total` for one rule; an item that fails is recorded and the run goes on."""

    rule: str = ""
    total: int = 0
    done: int = 0
    errors: list[dict] = field(default_factory=list)
    on_step: Callable[["Progress"], None] | None = None

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.on_step:
            self.on_step(self)

    @contextmanager
    def item(self, ref: str):
        try:
            yield
        except Exception as exc:
            logger.exception("retention: %s failed on %s", self.rule, ref)
            self.errors.append({"rule": self.rule, "item": ref, "error": scrubbed(exc)})
        finally:
            self.advance()


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    due: Callable[[datetime], Sequence]
    apply: Callable[..., dict[str, int]]


# --- Inactive accounts: the warning ------------------------------------------------------------


def inactive_accounts_due(now: datetime):
    """Accounts without a sign-in for the set number of years, not yet warned for this period of
    inactivity, among those the rule may touch at all (see the selector's exclusions)."""
    config = selectors.current_settings()
    cutoff = selectors.years_before(now, config.inactive_warning_years)
    warned = RetentionWarning.objects.filter(
        user=OuterRef("pk"), inactive_since=OuterRef("last_activity")
    ).exclude(outcome=RetentionWarning.Outcome.EXCLUDED)
    return (
        selectors.with_last_activity(selectors.automatic_anonymisation_candidates(now))
        .filter(last_activity__lt=cutoff)
        .exclude(Exists(warned))
        .order_by("pk")
    )


def warn_inactive_accounts(items, *, dry_run: bool, now: datetime, progress: Progress | None = None):
    """Claim the warning (unique per person and period), then send it; a failed sending gives the
    claim back, so the next run tries again and the announced date is never one they did not get."""
    progress = progress or Progress()
    days = selectors.current_settings().inactive_anonymisation_days
    warned = 0
    for user in items:
        with progress.item(f"user {user.pk}"):
            if dry_run:
                warned += 1
                continue
            try:
                with transaction.atomic():
                    warning = RetentionWarning.objects.create(
                        user=user,
                        inactive_since=user.last_activity,
                        warned_at=now,
                        anonymise_after=now + timedelta(days=days),
                    )
            except IntegrityError:
                continue  # another run warned them a moment ago
            try:
                messages.inactivity_warning(user, warning).email().send()
            except Exception:
                warning.delete()
                raise
            warned += 1
    return {"warned": warned}


# --- Inactive accounts: the anonymisation ------------------------------------------------------


def anonymisations_due(now: datetime):
    """Warnings whose announced date has passed, not yet settled."""
    return (
        RetentionWarning.objects.filter(outcome=RetentionWarning.Outcome.PENDING, anonymise_after__lte=now)
        .select_related("user")
        .order_by("anonymise_after", "pk")
    )


def _outcome(warning: RetentionWarning, user, now: datetime) -> str:
    if user.last_login and user.last_login > warning.inactive_since:
        return RetentionWarning.Outcome.SIGNED_IN
    if not selectors.is_candidate(user, now):
        return RetentionWarning.Outcome.EXCLUDED
    return RetentionWarning.Outcome.ANONYMISED


def anonymise_inactive_accounts(items, *, dry_run: bool, now: datetime, progress: Progress | None = None):
    """Erase (privacy.erasure.erase_person) the people who were warned and still did not sign in;
    a sign-in since the warning, or an exclusion that appeared since (an appointment booked, a staff
    role), cancels it. The account row is locked meanwhile: a sign-in waits for the decision."""
    from django.contrib.auth import get_user_model

    from privacy.erasure import erase_person

    progress = progress or Progress()
    counts = {"anonymised": 0, "cancelled_signed_in": 0, "cancelled_excluded": 0}
    key = {
        RetentionWarning.Outcome.ANONYMISED: "anonymised",
        RetentionWarning.Outcome.SIGNED_IN: "cancelled_signed_in",
        RetentionWarning.Outcome.EXCLUDED: "cancelled_excluded",
    }
    for warning in items:
        with progress.item(f"user {warning.user_id}"):
            if dry_run:
                counts[key[_outcome(warning, warning.user, now)]] += 1
                continue
            with transaction.atomic():
                user = get_user_model().objects.select_for_update().get(pk=warning.user_id)
                outcome = _outcome(warning, user, now)
                if outcome == RetentionWarning.Outcome.ANONYMISED:
                    erase_person(user)
                RetentionWarning.objects.filter(pk=warning.pk).update(outcome=outcome, closed_at=now)
            counts[key[outcome]] += 1
    return counts


# --- Rejected practitioner applications ---------------------------------------------------------


def rejected_applications_due(now: datetime):
    from practitioners_directory.models import PractitionerApplication

    months = selectors.current_settings().rejected_application_months
    return PractitionerApplication.objects.filter(
        status=PractitionerApplication.Status.REJECTED,
        status_changed_at__lt=selectors.months_before(now, months),
    ).order_by("pk")


def delete_rejected_applications(items, *, dry_run: bool, now: datetime, progress: Progress | None = None):
    """practitioners_directory's one way to delete an application: the row with its history of status
    changes (whose reasons name the applicant), the applicant's name in the admin's log lines, then
    its two documents in the private storage once committed. The ledger keeps the acceptances under
    the application's anonymous consent id."""
    from practitioners_directory.models import APPLICATION_DOCUMENT_KINDS
    from practitioners_directory.services import delete_applications

    progress = progress or Progress()
    counts = {"applications": 0, "files": 0}
    for application in items:
        with progress.item(f"application {application.pk}"):
            if dry_run:
                files = [getattr(application, kind) for kind in APPLICATION_DOCUMENT_KINDS]
                counts["files"] += sum(1 for f in files if f and f.name and f.storage.exists(f.name))
            else:
                counts["files"] += delete_applications([application])
            counts["applications"] += 1
    return counts


# --- Contact messages ---------------------------------------------------------------------------


def contact_messages_due(now: datetime):
    from contact import selectors as contact_selectors

    # The contact app reads its duration from these settings (CONTACT_RETENTION_DAYS_SOURCE).
    return contact_selectors.expired_messages(now).order_by("pk")


def delete_contact_messages(items, *, dry_run: bool, now: datetime, progress: Progress | None = None):
    from contact.services import purge_expired_contact_messages

    progress = progress or Progress()
    total = len(items)
    if dry_run:
        progress.advance(total)
        return {"messages": total}
    deleted = purge_expired_contact_messages(now=now)
    progress.advance(total)
    return {"messages": deleted}


# --- Support chat conversations -----------------------------------------------------------------


def support_conversations_due(now: datetime):
    from support import selectors as support_selectors

    # A year after the last message (SUPPORT_RETENTION_DAYS), with all their messages.
    return support_selectors.expired_conversations(now).order_by("pk")


def delete_support_conversations(items, *, dry_run: bool, now: datetime, progress: Progress | None = None):
    from support.services import purge_expired_conversations

    progress = progress or Progress()
    total = len(items)
    if dry_run:
        progress.advance(total)
        return {"conversations": total}
    deleted = purge_expired_conversations(now=now)
    progress.advance(total)
    return {"conversations": deleted}


# --- Audience measurement ----------------------------------------------------------------------


def audience_due(now: datetime):
    """(table, rows) past their period: daily counters after 25 months, visits after 13 months
    (fixed by the CNIL's guidance on audience measurement, not by the settings)."""
    from audience.services import purge_expired

    return [(table, count) for table, count in purge_expired(now=now, dry_run=True).items() if count]


def delete_audience_data(items, *, dry_run: bool, now: datetime, progress: Progress | None = None):
    from audience.services import purge_expired

    progress = progress or Progress()
    counts = dict(items) if dry_run else purge_expired(now=now)
    progress.advance(len(items))
    visits = counts.get("visit", 0)
    return {"aggregates": sum(counts.values()) - visits, "visits": visits}


# --- Reasons for consulting ---------------------------------------------------------------------

REASON_BATCH = 500


def appointment_reasons_due(now: datetime):
    """Appointments over for the set number of years that still hold a reason."""
    from booking.models import Appointment

    years = selectors.current_settings().appointment_reason_years
    return (
        Appointment.objects.filter(end__lt=selectors.years_before(now, years))
        .exclude(reason="")
        .exclude(reason__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def blank_appointment_reasons(items, *, dry_run: bool, now: datetime, progress: Progress | None = None):
    """The appointment stays (the practitioner's and accounting's records); only the text goes."""
    from booking.models import Appointment

    progress = progress or Progress()
    ids = list(items)
    blanked = 0
    for start in range(0, len(ids), REASON_BATCH):
        batch = ids[start : start + REASON_BATCH]
        if not dry_run:
            # Through the ORM: the encrypted field stores "" as "" (no token for an empty text).
            Appointment.objects.filter(pk__in=batch).update(reason="")
        blanked += len(batch)
        progress.advance(len(batch))
    return {"reasons": blanked}


# --- Proof of consent: reported, never deleted --------------------------------------------------


def _proof_cutoff(now: datetime, *, consent_lasts: timedelta) -> datetime:
    """Rows given before this have ended their consent (at the latest `consent_lasts` after being
    given) and then kept it for the proof period."""
    years = selectors.current_settings().consent_proof_years
    return selectors.years_before(now, years) - consent_lasts


def cookie_receipts_due(now: datetime):
    """Cookie receipts past their proof period. A receipt's consent ends, at the latest, when the
    banner asks again (CONSENT_MAX_AGE_DAYS after it); a later choice ends it sooner, so this
    counts conservatively (never a receipt still inside its period)."""
    from consent.models import ConsentReceipt

    cutoff = _proof_cutoff(now, consent_lasts=timedelta(days=settings.CONSENT_MAX_AGE_DAYS))
    return ConsentReceipt.objects.filter(created_at__lt=cutoff).order_by("pk")


def anonymous_acceptances_due(now: datetime):
    """Anonymous ledger rows (cookie banner, contact form, applications) past their proof period:
    the consent ends with what it was given for (a cookie choice, a message kept, a rejected
    application kept), so the longest of those is added; a row whose application still exists
    (an approved practitioner's) is still in use."""
    from legal.models import Acceptance
    from practitioners_directory.models import PractitionerApplication

    config = selectors.current_settings()
    longest = max(
        timedelta(days=settings.CONSENT_MAX_AGE_DAYS),
        timedelta(days=selectors.contact_message_days()),
        timedelta(days=31 * config.rejected_application_months),
    )
    in_use = PractitionerApplication.objects.values("consent_id")
    return (
        Acceptance.objects.filter(
            user__isnull=True, accepted_at__lt=_proof_cutoff(now, consent_lasts=longest)
        )
        .exclude(consent_id__in=in_use)
        .order_by("pk")
    )


def report_proof_period(items, *, dry_run: bool, now: datetime, progress: Progress | None = None):
    """Append-only at the database level: the application cannot delete them, and must not try.
    The run reports how many are past their period and the newest such id, for the operator
    (README, "Retention": archiving them with the owner role)."""
    progress = progress or Progress()
    ids = list(items.values_list("pk", flat=True)) if hasattr(items, "values_list") else [i.pk for i in items]
    progress.advance(len(ids))
    return {"past_period": len(ids), "newest_id": max(ids, default=0)}


RULES: tuple[Rule, ...] = (
    Rule(
        "inactive_warning",
        _("Comptes inactifs : avertissement"),
        inactive_accounts_due,
        warn_inactive_accounts,
    ),
    Rule(
        "inactive_anonymisation",
        _("Comptes inactifs : anonymisation"),
        anonymisations_due,
        anonymise_inactive_accounts,
    ),
    Rule(
        "rejected_applications",
        _("Candidatures refusées et leurs pièces"),
        rejected_applications_due,
        delete_rejected_applications,
    ),
    Rule("contact_messages", _("Messages de contact"), contact_messages_due, delete_contact_messages),
    Rule("audience", _("Mesure d’audience (totaux et visites)"), audience_due, delete_audience_data),
    Rule(
        "support_conversations",
        _("Conversations du chat d’assistance"),
        support_conversations_due,
        delete_support_conversations,
    ),
    Rule(
        "appointment_reasons", _("Motifs de consultation"), appointment_reasons_due, blank_appointment_reasons
    ),
    Rule("cookie_receipts", _("Reçus de cookies (preuve)"), cookie_receipts_due, report_proof_period),
    Rule(
        "anonymous_acceptances",
        _("Acceptations anonymes du registre (preuve)"),
        anonymous_acceptances_due,
        report_proof_period,
    ),
)


def rule(key: str) -> Rule:
    return next(r for r in RULES if r.key == key)


# The order counts are shown in (PostgreSQL's jsonb keeps no key order).
COUNT_ORDER = (
    "due",
    "warned",
    "anonymised",
    "cancelled_signed_in",
    "cancelled_excluded",
    "applications",
    "files",
    "messages",
    "reasons",
    "aggregates",
    "visits",
    "past_period",
    "newest_id",
    "errors",
)


def report_rows(counts: dict) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(rule key, label, [(count name, value)]) in the order the rules run."""
    known = [r for r in RULES if r.key in counts]
    others = [Rule(key, key, None, None) for key in sorted(counts) if key not in {r.key for r in RULES}]
    rows = []
    for item in [*known, *others]:
        values = counts[item.key]
        names = sorted(values, key=lambda n: (COUNT_ORDER.index(n) if n in COUNT_ORDER else 99, n))
        rows.append((item.key, str(item.label), [(name, values[name]) for name in names]))
    return rows
