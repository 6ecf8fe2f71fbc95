"""Background jobs: each e-mail of a message is sent once (claimed on the message first)."""

import logging

from django.core.mail import EmailMessage
from django_tasks import task
from wagtail.models import Site

from home.models import LegalEntitySettings

from . import emails, services
from .models import ContactMessage

logger = logging.getLogger(__name__)


def _message(message_id: int) -> ContactMessage | None:
    return ContactMessage.objects.select_related("subject", "user").filter(pk=message_id).first()


def _send_once(message_id: int, field: str, mail: EmailMessage) -> bool:
    if not services.mark_sent(message_id=message_id, field=field):
        return False
    try:
        mail.send()
    except Exception:
        services.release_sent(message_id=message_id, field=field)
        raise
    return True


def support_address(site_id: int = 0) -> str:
    """The contact address of the legal-entity settings (of the site the message came from)."""
    site = Site.objects.filter(pk=site_id).first() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    return LegalEntitySettings.for_site(site).contact_email


@task()
def forward_contact_message(message_id: int, site_id: int = 0) -> bool:
    message = _message(message_id)
    if message is None:
        return False
    to = support_address(site_id)
    if not to:
        logger.warning("contact: no contact address in the legal-entity settings (message %s)", message_id)
        return False
    return _send_once(message_id, "forwarded_at", emails.forward(message, to=to))


@task()
def acknowledge_contact_message(message_id: int) -> bool:
    message = _message(message_id)
    if message is None:
        return False
    return _send_once(message_id, "acknowledged_at", emails.acknowledgement(message))
