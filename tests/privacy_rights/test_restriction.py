"""Restriction (GDPR art. 18): asked by the person, at once; no booking, no e-mail but the legal
ones; only the DPO lifts it; every change is in an append-only, chained history."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from booking import services as booking_services
from newsletter import selectors as newsletter_selectors
from newsletter.models import SubscriptionEvent
from notifications import services as notification_services
from notifications.tasks import send_appointment_message, send_reminder
from privacy_rights import services
from privacy_rights.models import RestrictionEvent
from tests.booking.conftest import at
from tests.privacy.conftest import raw_column

from .conftest import RIGHTS

pytestmark = pytest.mark.django_db

ADMIN_LIST = "/admin/donnees/limitations/"


def test_the_person_restricts_at_once_with_a_legal_acknowledgement(
    person_client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = person_client.post(
            RIGHTS + "limitation/",
            {"ground": "accuracy", "reason": "Mon nom est mal écrit.", "confirm": "on"},
        )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_restricted
    assert person.restriction_reason == "Mon nom est mal écrit."
    assert raw_column(type(person), person.pk, "restriction_reason").startswith("gAAAA")
    event = RestrictionEvent.objects.get(user=person)
    assert (event.kind, event.ground, event.actor_id) == ("restricted", "accuracy", person.pk)
    assert len(event.chain_hash) == 64
    assert [m.subject for m in mail.outbox] == ["L’utilisation de votre compte est limitée"]
    page = person_client.get(RIGHTS).content.decode()
    assert "est limitée depuis le" in page
    assert "Limitation demandée" in page


def test_bad_restriction_input_is_400_with_messages_and_changes_nothing(person_client, person):
    response = person_client.post(RIGHTS + "limitation/", {"ground": "whim"})

    assert response.status_code == 400
    errors = response.context["restriction_form"].errors
    assert "ground" in errors
    assert "confirm" in errors
    assert "Cochez cette case pour confirmer votre demande." in response.content.decode()
    person.refresh_from_db()
    assert not person.is_restricted
    assert not RestrictionEvent.objects.exists()


def test_restricting_twice_says_so(person_client, restricted):
    response = person_client.post(RIGHTS + "limitation/", {"ground": "other", "confirm": "on"}, follow=True)
    assert "déjà limitée" in response.content.decode()
    assert RestrictionEvent.objects.filter(user=restricted).count() == 1


def test_no_booking_while_restricted_with_a_clear_message(practitioner, restricted, frozen_now, client):
    with pytest.raises(booking_services.BookingRefused) as refusal:
        booking_services.hold_slot(practitioner=practitioner, person=restricted, start=at(1), visit="first")
    assert "limitée à votre demande" in str(refusal.value.message)

    client.force_login(restricted)
    url = f"/fr/rendez-vous/reserver/{practitioner.pk}/{at(1).strftime('%Y%m%dT%H%M%SZ')}/"
    page = client.get(url)
    assert "limitée à votre demande" in page.content.decode()


def confirmed_subscriber(user, rf):
    from django.utils import timezone

    from legal.factories import ensure_documents, ensure_locales, make_version
    from newsletter import services as newsletter_services

    ensure_locales()
    ensure_documents()
    version = make_version("privacy_policy", 1, effective_at=timezone.now() - timedelta(days=30))
    event = newsletter_services.request_subscription(user=user, source=SubscriptionEvent.Source.ACCOUNT)
    newsletter_services.confirm(request_event=event, version=version, request=rf.post("/"))
    assert newsletter_selectors.confirmed_subscribers("fr").filter(pk=user.pk).exists()


def test_reminders_and_newsletter_stop_but_legal_mails_go(practitioner, person, frozen_now, rf):
    appointment = booking_services.hold_slot(
        practitioner=practitioner, person=person, start=at(1), visit="first"
    )
    confirmed_subscriber(person, rf)

    services.restrict_account(user=person, ground="objection")
    person.refresh_from_db()
    mail.outbox.clear()

    assert not newsletter_selectors.confirmed_subscribers("fr").filter(pk=person.pk).exists()
    assert notification_services.reminders_wanted(person) is False
    frozen_now.move_to(appointment.start - timedelta(minutes=59))
    assert send_reminder.call(appointment.pk, 1, appointment.start.isoformat(), appointment.sequence) is False
    # A cancellation is a legal message: it still goes.
    cancelled, _refund = booking_services.cancel_appointment(appointment, by=practitioner.user)
    assert send_appointment_message.call(cancelled.pk, "cancelled", cancelled.sequence) is True
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_a_restricted_subscriber_gets_no_issue_nor_confirmation(
    person, rf, django_capture_on_commit_callbacks
):
    from newsletter import services as newsletter_services
    from newsletter.tasks import send_confirmation

    services.restrict_account(user=person, ground="other")
    person.refresh_from_db()
    event = newsletter_services.request_subscription(user=person, source=SubscriptionEvent.Source.ACCOUNT)
    assert send_confirmation.call(event.pk) is False
    with pytest.raises(services.RightsRefused):
        services.set_newsletter(user=person, wanted=True)


def test_the_daily_summary_stops_for_a_restricted_practitioner(practitioner_account):
    notification_services.set_daily_summary(practitioner_account, True)
    assert notification_services.daily_summary_wanted(practitioner_account)

    services.restrict_account(user=practitioner_account, ground="other")

    assert not notification_services.daily_summary_wanted(practitioner_account)


def test_the_person_cannot_lift_it(restricted):
    with pytest.raises(PermissionDenied):
        services.lift_restriction(user=restricted, by=restricted, ground="verified")
    restricted.refresh_from_db()
    assert restricted.is_restricted


def test_the_admin_list_and_lift_are_for_the_dpo_only(client, editor, restricted):
    client.force_login(editor)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    for response in (
        client.get(ADMIN_LIST),
        client.post(f"{ADMIN_LIST}{restricted.pk}/lever/", {"ground": "verified"}),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    restricted.refresh_from_db()
    assert restricted.is_restricted


def test_the_dpo_lifts_it_the_person_is_told_and_the_history_grows(
    client, dpo, restricted, django_capture_on_commit_callbacks
):
    client.force_login(dpo)
    page = client.get(ADMIN_LIST).content.decode()
    assert restricted.email in page
    assert "Mon code postal est faux." in page
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN_LIST}{restricted.pk}/lever/", {"ground": "verified"})

    assert response.status_code == 302
    restricted.refresh_from_db()
    assert not restricted.is_restricted
    assert restricted.restriction_reason == ""
    kinds = list(
        RestrictionEvent.objects.filter(user=restricted).order_by("id").values_list("kind", "actor_id")
    )
    assert kinds == [("restricted", restricted.pk), ("lifted", dpo.pk)]
    assert [m.subject for m in mail.outbox] == ["La limitation de votre compte est levée"]


def test_lift_with_bad_input_or_twice_is_a_message(client, dpo, restricted):
    client.force_login(dpo)
    response = client.post(f"{ADMIN_LIST}{restricted.pk}/lever/", {"ground": "whim"}, follow=True)
    assert "Choisissez le motif de la levée." in response.content.decode()
    client.post(f"{ADMIN_LIST}{restricted.pk}/lever/", {"ground": "verified"})
    response = client.post(f"{ADMIN_LIST}{restricted.pk}/lever/", {"ground": "verified"}, follow=True)
    assert "n’est pas limité" in response.content.decode()
    assert client.post(f"{ADMIN_LIST}999999/lever/", {"ground": "verified"}).status_code == 404


@pytest.mark.postgres
def test_the_history_is_append_only(restricted):
    event = RestrictionEvent.objects.get(user=restricted)
    for statement in ("UPDATE {t} SET ground = 'other' WHERE id = %s", "DELETE FROM {t} WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement.format(t=RestrictionEvent._meta.db_table), [event.pk])
