"""Writes: a message sent, its status changed by an editor, a read of its text, the purge."""

import logging
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from legal.models import Acceptance
from legal.services import record_acceptance
from privacy.services import reveal

from . import selectors
from .models import ContactMessage

logger = logging.getLogger(__name__)

CHANGE_PERMISSION = "contact.change_contactmessage"
VIEW_PERMISSION = "contact.view_contactmessage"
READ_ACTION = "contact.message_read"
# Why the read is logged: the only purpose the message is kept for.
READ_REASON = "Réponse au message de contact"


def submit_message(*, form, request, site_id: int | None = None) -> ContactMessage:
    """Store a valid ContactForm, record the privacy policy's acceptance against the version
    shown, and, once committed, forward it to the support address and acknowledge it.

    A signed-in sender accepts as themselves; anyone else under the message's own consent id
    (`contact:<reference>`). A version replaced between the form's check and this write raises
    legal.services.AcceptanceRefused and nothing is stored.
    """
    from .tasks import acknowledge_contact_message, forward_contact_message

    user = request.user if request.user.is_authenticated else None
    data = form.cleaned_data
    with transaction.atomic():
        message = ContactMessage(
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            message=data["message"],
            language=form.language,
            user=user,
        )
        acceptance, _created = record_acceptance(
            version=form.accepted_version,
            context=Acceptance.Context.CONTACT_FORM,
            request=request,
            user=user,
            consent_id=None if user else message.consent_id,
            shown_text_sha256=form.accepted_sha256,
        )
        message.acceptance = acceptance
        message.save()
        transaction.on_commit(partial(forward_contact_message.enqueue, message.pk, site_id or 0))
        transaction.on_commit(partial(acknowledge_contact_message.enqueue, message.pk))
    logger.info("contact: message %s received", message.pk)
    return message


def change_status(*, message: ContactMessage, status: str, by) -> ContactMessage:
    """An editor marks a message answered or closed (or new again): nothing else changes."""
    if not by.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    if status not in ContactMessage.Status.values:
        raise ValueError(f"Unknown status: {status!r}")
    if message.status != status:
        message.status = status
        message.save(update_fields=["status"])
        log(message, "wagtail.edit", user=by, data={"status": status})
    return message


def read_message_text(*, message: ContactMessage, reader, request=None) -> str:
    """The text of a message for an editor, with the read kept: in the privacy access log when
    the sender has an account (the log is about people with one), in the object's admin history
    otherwise. The trace is written before the text is returned."""
    if not reader.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    if message.user_id:
        return reveal(
            message,
            "message",
            reader=reader,
            subject=message.user,
            parties=(),
            why=READ_REASON,
            request=request,
            what="contactmessage.message",
        )
    log(message, READ_ACTION, user=reader, data={"why": READ_REASON})
    return message.message


@transaction.atomic
def mark_sent(*, message_id: int, field: str) -> bool:
    """Claim one e-mail of a message (forwarded_at, acknowledged_at): True the first time only,
    so a retried task or a second worker never sends it twice."""
    updated = ContactMessage.objects.filter(pk=message_id, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    )
    return bool(updated)


def release_sent(*, message_id: int, field: str) -> None:
    """The e-mail could not be sent: let the next attempt claim it again."""
    ContactMessage.objects.filter(pk=message_id).update(**{field: None})


def purge_expired_contact_messages(*, now=None) -> int:
    """Delete the messages past CONTACT_RETENTION_DAYS (the privacy centre's retention runs call
    this). Their acceptances stay in the ledger, which holds no message text. Returns how many."""
    deleted, _per_model = selectors.expired_messages(now).delete()
    if deleted:
        logger.info("contact: %s messages past retention deleted", deleted)
    return deleted
