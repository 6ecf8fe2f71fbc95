"""Double opt-in: nothing before the confirmation, the consent in the legal ledger, bad links 400."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.db.utils import ProgrammingError
from django.utils import timezone

from integrity import chain
from legal.models import Acceptance
from newsletter import selectors, services, tokens
from newsletter.models import SubscriptionEvent

pytestmark = pytest.mark.django_db


def test_asking_sends_a_confirmation_link_and_subscribes_nobody(person, privacy_v1, subscribe):
    event, _path = subscribe(person)
    assert selectors.state_of(person) == "subscribed"
    assert not selectors.is_subscribed(person)
    assert list(selectors.confirmed_subscribers("fr")) == []
    assert not Acceptance.objects.filter(context="newsletter").exists()
    [message] = mail.outbox
    assert message.to == [person.email]
    assert "Confirmez votre inscription" in message.subject
    assert "/fr/lettre-d-information/confirmer/" in message.body
    assert "Bonjour Léa," in message.body
    sent_token = message.body.split("/lettre-d-information/confirmer/")[1].split("/")[0]
    assert tokens.read_confirmation_token(sent_token) == (person.pk, event.pk)


def test_opening_the_link_shows_a_button_and_confirms_nothing(client, person, privacy_v1, subscribe):
    _event, path = subscribe(person)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Je confirme mon inscription" in html
    assert "/fr/informations-legales/politique-de-confidentialite/v1/" in html
    assert selectors.state_of(person) == "subscribed"


def test_confirming_records_the_consent_in_the_ledger_against_the_policy_in_force(
    client, person, privacy_v1, subscribe
):
    _event, path = subscribe(person)
    response = client.post(
        path, {"version": privacy_v1.pk}, HTTP_USER_AGENT="Test/1.0", REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    assert selectors.is_subscribed(person)
    assert [u.pk for u in selectors.confirmed_subscribers("fr")] == [person.pk]
    row = Acceptance.objects.get(user=person, context="newsletter")
    assert row.version_id == privacy_v1.pk
    assert row.language == "fr"
    assert row.ip_network == "203.0.113.0/24"
    assert row.user_agent == "Test/1.0"
    last = selectors.last_event(person)
    assert (last.kind, last.source, last.acceptance_id) == ("confirmed", "confirmation_link", row.pk)


def test_the_newsletter_consent_is_its_own_row_beside_the_signup_acceptance(
    client, person, privacy_v1, subscribe
):
    from legal import services as legal_services

    signup, _ = legal_services.record_acceptance(version=privacy_v1, context="signup", user=person)
    _event, path = subscribe(person)
    client.post(path, {"version": privacy_v1.pk})
    rows = Acceptance.objects.filter(user=person, version_number=1)
    assert sorted(rows.values_list("context", flat=True)) == ["newsletter", "signup"]
    assert rows.get(context="newsletter").pk != signup.pk


def test_an_english_speaker_consents_to_the_english_version_in_force(
    client, english_person, privacy_v1_en, subscribe
):
    _event, path = subscribe(english_person)
    [message] = mail.outbox
    assert "/en/lettre-d-information/confirmer/" in message.body
    page = client.get(path.replace("/fr/", "/en/", 1))
    assert "/en/informations-legales/politique-de-confidentialite/v1/" in page.content.decode()
    client.post(path.replace("/fr/", "/en/", 1), {"version": privacy_v1_en.pk})
    row = Acceptance.objects.get(user=english_person, context="newsletter")
    assert (row.version_id, row.language) == (privacy_v1_en.pk, "en")


def test_confirming_twice_records_once_and_says_it_is_done(client, person, privacy_v1, subscribe):
    _event, path = subscribe(person)
    client.post(path, {"version": privacy_v1.pk})
    again = client.post(path, {"version": privacy_v1.pk})
    assert again.status_code == 200
    assert "déjà confirmée" in again.content.decode()
    assert client.get(path).status_code == 200
    assert SubscriptionEvent.objects.filter(user=person, kind="confirmed").count() == 1
    assert Acceptance.objects.filter(user=person, context="newsletter").count() == 1


@pytest.mark.parametrize("token", ["nimportequoi", "eyJ1IjoxfQ:1abc:ZmFrZQ", "a" * 300])
def test_a_bad_token_is_a_400_page_not_a_500(client, privacy_v1, token):
    response = client.get(f"/fr/lettre-d-information/confirmer/{token}/")
    assert response.status_code == 400
    assert "Lien non valable" in response.content.decode()
    assert client.post(f"/fr/lettre-d-information/confirmer/{token}/", {"version": 1}).status_code == 400


def test_an_unsubscribe_token_does_not_confirm(client, person, privacy_v1, subscribe):
    subscribe(person)
    token = tokens.unsubscribe_token(user_id=person.pk)
    assert (
        client.post(f"/fr/lettre-d-information/confirmer/{token}/", {"version": privacy_v1.pk}).status_code
        == 400
    )
    assert not selectors.is_subscribed(person)


def test_an_expired_link_is_a_400_that_says_so(client, person, privacy_v1, subscribe):
    _event, path = subscribe(person)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(path, {"version": privacy_v1.pk})
    assert response.status_code == 400
    assert "expiré" in response.content.decode()
    assert not selectors.is_subscribed(person)


def test_a_link_replaced_by_a_newer_request_or_withdrawn_no_longer_confirms(
    client, person, privacy_v1, subscribe
):
    _first, old_path = subscribe(person)
    _second, new_path = subscribe(person)
    assert client.post(old_path, {"version": privacy_v1.pk}).status_code == 400
    services.withdraw(user=person, source="account")
    assert client.post(new_path, {"version": privacy_v1.pk}).status_code == 400
    assert selectors.state_of(person) == "withdrawn"


def test_someone_else_s_event_in_a_forged_token_is_refused(
    client, person, english_person, privacy_v1, subscribe
):
    event, _path = subscribe(person)
    forged = tokens.confirmation_token(user_id=english_person.pk, event_id=event.pk)
    assert client.get(f"/fr/lettre-d-information/confirmer/{forged}/").status_code == 400


def test_a_policy_published_meanwhile_asks_to_read_it_again(client, person, privacy_v1, subscribe):
    from legal.factories import make_version

    _event, path = subscribe(person)
    make_version("privacy_policy", 2, effective_at=timezone.now() - timedelta(minutes=1))
    response = client.post(path, {"version": privacy_v1.pk})
    assert response.status_code == 409
    assert "/politique-de-confidentialite/v2/" in response.content.decode()
    assert not selectors.is_subscribed(person)


def test_subscription_events_form_a_valid_hash_chain(person, english_person, subscribed):
    subscribed(person)
    subscribed(english_person)
    services.withdraw(user=person, source="one_click")
    report = chain.verify(SubscriptionEvent)
    assert report.ok, report.problem
    assert report.rows == 5


@pytest.mark.postgres
def test_subscription_events_cannot_be_updated_or_deleted(person, subscribed):
    event = subscribed(person)
    for statement in (
        "UPDATE newsletter_subscriptionevent SET kind = 'withdrawn' WHERE id = %s",
        "DELETE FROM newsletter_subscriptionevent WHERE id = %s",
    ):
        with (
            pytest.raises(ProgrammingError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert SubscriptionEvent.objects.get(pk=event.pk).kind == "confirmed"


def test_withdrawing_when_not_subscribed_records_nothing(person):
    assert services.withdraw(user=person, source="account") is None
    assert not SubscriptionEvent.objects.exists()


def test_asking_when_already_subscribed_sends_nothing(person, subscribed, django_capture_on_commit_callbacks):
    subscribed(person)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_subscription(user=person, source="account") is None
    assert mail.outbox == []
    assert selectors.is_subscribed(person)
