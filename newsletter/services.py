"""Writes. Subscription events go through `_append` only (hash chain, under the chain's lock);
the legal proof of a confirmation through legal.services.record_acceptance."""

import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.i18n import content_language
from integrity import chain
from legal import selectors as legal_selectors
from legal import services as legal_services
from legal.models import Acceptance, LegalDocument, PolicyVersion

from . import tokens
from .models import Delivery, NewsletterIssue, SubscriptionEvent

logger = logging.getLogger(__name__)

Kind = SubscriptionEvent.Kind
Source = SubscriptionEvent.Source


class ConfirmationRefused(Exception):
    """The link no longer confirms anything (a newer request, a withdrawal, another person)."""


class NoPolicyInForce(Exception):
    """No privacy policy in force to record the consent against: nothing can be confirmed."""


class AlreadySent(Exception):
    """Sending this issue was already asked for."""


def _append(*, user, kind: str, source: str, reservation, acceptance=None) -> SubscriptionEvent:
    return chain.append(
        SubscriptionEvent(
            user=user,
            kind=kind,
            source=source,
            created_at=timezone.now(),
            language=content_language(user.preferred_language),
            acceptance=acceptance,
        ),
        reservation=reservation,
    )


def _last(user) -> SubscriptionEvent | None:
    return SubscriptionEvent.objects.filter(user=user).order_by("-pk").first()


def request_subscription(*, user, source: str) -> SubscriptionEvent | None:
    """Record the wish and send the confirmation e-mail (double opt-in); nothing is received
    before the person confirms. None if they are already subscribed. Asking again while a
    confirmation is pending sends a new link (the older one stops working)."""
    from . import tasks

    with transaction.atomic():
        # Under the chain's lock, so two clicks cannot both decide from the same state.
        reservation = chain.reserve(SubscriptionEvent)
        last = _last(user)
        if last is not None and last.kind == Kind.CONFIRMED:
            return None
        event = _append(user=user, kind=Kind.SUBSCRIBED, source=source, reservation=reservation)
        transaction.on_commit(partial(tasks.send_confirmation.enqueue, event_id=event.pk))
    logger.info("newsletter: subscription %s requested by user %s (%s)", event.pk, user.pk, source)
    return event


def policy_for_consent(user) -> PolicyVersion | None:
    """The privacy-policy version in force, in the person's language (French if untranslated)."""
    return legal_selectors.current_version_for_kind(
        LegalDocument.Kind.PRIVACY_POLICY, content_language(user.preferred_language)
    )


PENDING = "pending"
DONE = "done"


def confirmation_state(*, user_id: int, event_id: int) -> tuple[str, SubscriptionEvent]:
    """What the confirmation link of request `event_id` can do: (PENDING, request) while it is
    the person's last event; (DONE, request) once this very request was confirmed (a second
    click says so instead of "invalid"). Anything else raises ConfirmationRefused: a newer
    request, a withdrawal, a closed account, someone else's request."""
    event = SubscriptionEvent.objects.select_related("user").filter(pk=event_id, user_id=user_id).first()
    if event is None or event.kind != Kind.SUBSCRIBED or not event.user.is_active:
        raise ConfirmationRefused
    last = _last(event.user)
    if last.pk == event.pk:
        return PENDING, event
    if _confirmed_by(event, last):
        return DONE, event
    raise ConfirmationRefused


def _confirmed_by(request_event: SubscriptionEvent, last: SubscriptionEvent) -> bool:
    """`last` is the confirmation of `request_event`: the very next event of that person."""
    following = (
        SubscriptionEvent.objects.filter(user_id=request_event.user_id, pk__gt=request_event.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return last.kind == Kind.CONFIRMED and last.pk == following


def confirm(
    *, request_event: SubscriptionEvent, version: PolicyVersion, request
) -> tuple[SubscriptionEvent, bool]:
    """Confirm a pending request: the consent goes into the legal ledger (context
    "newsletter", against `version`, the privacy policy shown) and a confirmation event is
    appended. Returns (event, created); confirming twice records nothing more.
    Raises ConfirmationRefused, or legal_services.AcceptanceRefused if `version` is no longer
    the one in force."""
    user = request_event.user
    with transaction.atomic():
        reservation = chain.reserve(SubscriptionEvent)
        last = _last(user)
        if _confirmed_by(request_event, last):
            return last, False
        if last.pk != request_event.pk:
            raise ConfirmationRefused
        acceptance, _created = legal_services.record_acceptance(
            version=version, context=Acceptance.Context.NEWSLETTER, request=request, user=user
        )
        event = _append(
            user=user,
            kind=Kind.CONFIRMED,
            source=Source.CONFIRMATION_LINK,
            reservation=reservation,
            acceptance=acceptance,
        )
    logger.info("newsletter: user %s confirmed (acceptance %s)", user.pk, acceptance.pk)
    return event, True


def withdraw(*, user, source: str) -> SubscriptionEvent | None:
    """Unsubscribe (or cancel a pending request). None if there was nothing to withdraw."""
    with transaction.atomic():
        reservation = chain.reserve(SubscriptionEvent)
        last = _last(user)
        if last is None or last.kind == Kind.WITHDRAWN:
            return None
        event = _append(user=user, kind=Kind.WITHDRAWN, source=source, reservation=reservation)
    logger.info("newsletter: user %s withdrew (%s)", user.pk, source)
    return event


def user_for_unsubscribe_token(token: str):
    from django.contrib.auth import get_user_model

    user_id = tokens.read_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise tokens.BadToken
    return user


# --- Sending ---------------------------------------------------------------------------------


def request_sending(*, issue: NewsletterIssue, user) -> NewsletterIssue:
    """Mark the issue as sent (once: a second request raises AlreadySent) and queue the first
    batch. The number of recipients is noted now, for the progress shown to editors."""
    from . import selectors, tasks

    with transaction.atomic():
        total = selectors.confirmed_subscribers(issue.locale.language_code).count()
        marked = NewsletterIssue.objects.filter(pk=issue.pk, send_requested_at__isnull=True).update(
            send_requested_at=timezone.now(), send_requested_by=user, recipients_total=total
        )
        if not marked:
            raise AlreadySent(issue.pk)
        transaction.on_commit(partial(tasks.send_issue_batch.enqueue, issue_id=issue.pk))
    issue.refresh_from_db()
    logger.info("newsletter: issue %s queued for %s recipients by user %s", issue.pk, total, user.pk)
    return issue


def claim_delivery(*, issue: NewsletterIssue, user) -> Delivery | None:
    """The right to send `issue` to `user`, or None if a delivery exists (an earlier run, another
    worker). Its own short transaction: no lock is held while the mail server answers."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(issue=issue, user=user, email=user.email)
    except IntegrityError:
        return None


def mark_sent(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now())


def mark_failed(delivery: Delivery, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}"[:255]
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, error=message)


def finish_sending(issue: NewsletterIssue) -> None:
    NewsletterIssue.objects.filter(pk=issue.pk, sending_finished_at__isnull=True).update(
        sending_finished_at=timezone.now()
    )
