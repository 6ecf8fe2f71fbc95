"""Background jobs: the confirmation e-mail, the test e-mail, and an issue in batches.

`send_issue_batch` sends to at most NEWSLETTER_BATCH_SIZE people, then queues itself for the
next batch, so a worker is never busy for long and editors see the progress between batches.
Each recipient is claimed (a unique Delivery row) before the sending: a retried task, a task
run twice or a second worker never sends an issue twice to anyone.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django_tasks import task

from . import messages, selectors, services
from .models import NewsletterIssue, SubscriptionEvent

logger = logging.getLogger(__name__)


def batch_size() -> int:
    return max(1, int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 100)))


@task()
def send_confirmation(event_id: int) -> bool:
    event = SubscriptionEvent.objects.select_related("user").filter(pk=event_id).first()
    if (
        event is None
        or event.kind != SubscriptionEvent.Kind.SUBSCRIBED
        or not event.user.email
        or event.user.is_restricted  # not a legal message: none while processing is restricted
    ):
        return False
    messages.confirmation_message(event).email().send()
    return True


@task()
def send_test(issue_id: int, user_id: int) -> bool:
    """The issue as subscribers will get it, to the editor who asked (marked "[Test]")."""
    issue = NewsletterIssue.objects.select_related("locale").filter(pk=issue_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if issue is None or user is None or not user.email:
        return False
    messages.issue_message(issue, recipient=user, test=True).email().send()
    return True


@task()
def send_issue_batch(issue_id: int) -> dict:
    issue = NewsletterIssue.objects.select_related("locale").filter(pk=issue_id).first()
    if issue is None or not issue.is_sent or issue.sending_finished_at is not None:
        return {"sent": 0, "failed": 0}
    batch = list(selectors.recipients_left(issue)[: batch_size()])
    if not batch:
        services.finish_sending(issue)
        logger.info("newsletter: issue %s finished", issue_id)
        return {"sent": 0, "failed": 0}
    sent = failed = 0
    with get_connection() as connection:
        for user in batch:
            delivery = services.claim_delivery(issue=issue, user=user)
            if delivery is None:
                continue
            try:
                mail = messages.issue_message(issue, recipient=user).email()
                mail.connection = connection
                mail.send()
            except Exception as error:  # one bad address must not stop the batch
                logger.warning("newsletter: issue %s to user %s failed: %s", issue_id, user.pk, error)
                services.mark_failed(delivery, error)
                failed += 1
            else:
                services.mark_sent(delivery)
                sent += 1
    logger.info("newsletter: issue %s batch: %s sent, %s failed", issue_id, sent, failed)
    send_issue_batch.enqueue(issue_id=issue_id)
    return {"sent": sent, "failed": failed}
