"""Messages are not kept beyond CONTACT_RETENTION_DAYS; their proof of acceptance stays."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from contact.models import ContactMessage
from contact.services import purge_expired_contact_messages
from legal.models import Acceptance

from .test_admin import make_message, make_old

pytestmark = pytest.mark.django_db


def test_messages_past_retention_are_deleted_whatever_their_status(privacy, subjects, settings):
    settings.CONTACT_RETENTION_DAYS = 30
    old_closed = make_message(privacy, subjects["account"], status=ContactMessage.Status.CLOSED)
    old_new = make_message(privacy, subjects["account"])
    recent = make_message(privacy, subjects["account"], status=ContactMessage.Status.CLOSED)
    make_old(old_closed, 31)
    make_old(old_new, 45)
    make_old(recent, 29)

    assert purge_expired_contact_messages() == 2

    assert list(ContactMessage.objects.all()) == [recent]
    # The ledger keeps the acceptances (no message text in it).
    assert Acceptance.objects.filter(consent_id=f"contact:{old_closed.reference}").exists()


def test_the_purge_runs_from_the_command_line_with_a_dry_run(privacy, subjects, settings):
    settings.CONTACT_RETENTION_DAYS = 365
    make_old(make_message(privacy, subjects["account"]), 400)
    make_message(privacy, subjects["account"])

    out = io.StringIO()
    call_command("purge_expired_contact_messages", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 message(s)")
    assert ContactMessage.objects.count() == 2

    call_command("purge_expired_contact_messages", stdout=out)
    assert ContactMessage.objects.count() == 1


def test_nothing_is_deleted_at_the_edge(privacy, subjects, settings):
    settings.CONTACT_RETENTION_DAYS = 10
    message = make_message(privacy, subjects["account"])
    ContactMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(days=10) + timedelta(minutes=1)
    )

    assert purge_expired_contact_messages() == 0
