"""Reads: a person's subscription state (their last event), who receives an issue, progress."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, Subquery

from .models import Delivery, NewsletterIssue, SubscriptionEvent

Kind = SubscriptionEvent.Kind


def last_event(user) -> SubscriptionEvent | None:
    """THE state of a subscription: the last event appended (chain order, i.e. id order)."""
    return SubscriptionEvent.objects.filter(user=user).order_by("-pk").first()


def state_of(user) -> str | None:
    """None (never asked), "subscribed" (waiting for confirmation), "confirmed" or "withdrawn"."""
    event = last_event(user)
    return event.kind if event else None


def is_subscribed(user) -> bool:
    return state_of(user) == Kind.CONFIRMED


def _last_kind():
    return Subquery(SubscriptionEvent.objects.filter(user=OuterRef("pk")).order_by("-pk").values("kind")[:1])


def confirmed_subscribers(language: str):
    """Active accounts whose last event is a confirmation and who read `language`; an account
    whose processing is restricted (accounts.User.is_restricted) receives nothing meanwhile."""
    return (
        get_user_model()
        .objects.filter(is_active=True, preferred_language=language, restricted_at__isnull=True)
        .exclude(email="")
        .annotate(newsletter_state=_last_kind())
        .filter(newsletter_state=Kind.CONFIRMED)
    )


def recipients_left(issue: NewsletterIssue):
    """Confirmed subscribers in the issue's language who have no delivery of it yet: read again
    before every batch, so a withdrawal during the sending is respected."""
    already = Delivery.objects.filter(issue=issue).values("user_id")
    return confirmed_subscribers(issue.locale.language_code).exclude(pk__in=already).order_by("pk")


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int
    pending: int
    finished: bool

    @property
    def done(self) -> int:
        return self.sent + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


def progress(issue: NewsletterIssue) -> Progress:
    counts = Delivery.objects.filter(issue=issue).aggregate(
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        pending=Count("pk", filter=Q(status=Delivery.Status.PENDING)),
    )
    finished = issue.sending_finished_at is not None
    # Once finished, the total is what happened (people who withdrew meanwhile are not counted).
    total = counts["sent"] + counts["failed"] + counts["pending"] if finished else issue.recipients_total
    return Progress(total=total, finished=finished, **counts)
