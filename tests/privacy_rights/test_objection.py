"""Objection switches: each takes effect through its own app's service, with its proof."""

import pytest
from django.core import mail
from django.core.cache import cache

from consent import demo as consent_demo
from consent.models import ConsentReceipt
from newsletter import selectors as newsletter_selectors
from newsletter.models import SubscriptionEvent
from notifications import services as notification_services
from tests.consent.helpers import consent_cookie

from .conftest import RIGHTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    consent_demo.ensure_groups()
    cache.clear()


def test_newsletter_withdrawn_with_its_event(person_client, person):
    from newsletter import services

    services.request_subscription(user=person, source=SubscriptionEvent.Source.ACCOUNT)

    response = person_client.post(RIGHTS + "opposition/lettre/")

    assert response.status_code == 303
    last = SubscriptionEvent.objects.filter(user=person).order_by("-pk").first()
    assert (last.kind, last.source) == (SubscriptionEvent.Kind.WITHDRAWN, SubscriptionEvent.Source.ACCOUNT)
    assert last.chain_hash
    assert newsletter_selectors.state_of(person) == "withdrawn"


def test_newsletter_switched_on_asks_for_confirmation_by_email(
    person_client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person_client.post(RIGHTS + "opposition/lettre/", {"enabled": "on"})

    assert newsletter_selectors.state_of(person) == "subscribed"
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_reminders_turned_off_and_on(person_client, person):
    person_client.post(RIGHTS + "opposition/rappels/")
    assert notification_services.reminders_wanted(person) is False
    assert "Désactivés." in person_client.get(RIGHTS).content.decode()

    person_client.post(RIGHTS + "opposition/rappels/", {"enabled": "on"})
    assert notification_services.reminders_wanted(person) is True


def test_audience_measurement_refused_with_a_receipt_other_groups_kept(person_client, person, groups):
    person_client.post("/cookies/choix/", {"choice": "accept_all", "next": "/fr/"})
    first = ConsentReceipt.objects.order_by("-pk").first()

    response = person_client.post(RIGHTS + "opposition/mesure-audience/")

    assert response.status_code == 303
    receipt = ConsentReceipt.objects.order_by("-pk").first()
    assert receipt.pk != first.pk
    assert receipt.consent_id == first.consent_id
    assert receipt.source == ConsentReceipt.Source.SETTINGS
    assert receipt.user_id == person.pk
    choices = {c["group"]: c["accepted"] for c in receipt.choices}
    assert choices == {"mesure_audience": False, "chat_assistance": True}
    value = consent_cookie(person_client)
    assert not value.accepted("mesure_audience")
    assert value.accepted("chat_assistance")
    assert "Refusée dans ce navigateur." in person_client.get(RIGHTS).content.decode()


def test_audience_measurement_accepted_from_no_choice(person_client, groups):
    person_client.post(RIGHTS + "opposition/mesure-audience/", {"enabled": "on"})

    receipt = ConsentReceipt.objects.get()
    assert {c["group"]: c["accepted"] for c in receipt.choices} == {
        "mesure_audience": True,
        "chat_assistance": False,
    }


def test_audience_switch_without_the_group_is_a_message_not_a_500(person_client):
    response = person_client.post(RIGHTS + "opposition/mesure-audience/", follow=True)

    assert response.status_code == 200
    assert "pas proposée sur ce site" in response.content.decode()
    assert not ConsentReceipt.objects.exists()


def test_unknown_switch_is_404_and_get_is_405(person_client):
    assert person_client.post(RIGHTS + "opposition/publicite/").status_code == 404
    assert person_client.get(RIGHTS + "opposition/rappels/").status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.post(RIGHTS + "opposition/rappels/")
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
