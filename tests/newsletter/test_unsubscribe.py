"""Withdrawal: GET shows a button and changes nothing; the one-click POST withdraws, is recorded,
needs no login and no CSRF token; bad tokens are 400."""

import pytest
from django.test import Client

from legal import services as legal_services
from legal.factories import make_version
from newsletter import selectors, tokens
from newsletter.models import SubscriptionEvent

pytestmark = pytest.mark.django_db


def _path(user) -> str:
    return f"/lettre-d-information/desinscription/{tokens.unsubscribe_token(user_id=user.pk)}/"


def test_get_shows_a_button_and_does_not_unsubscribe(client, person, subscribed):
    subscribed(person)
    response = client.get(_path(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Me désabonner" in html
    assert 'name="List-Unsubscribe" value="One-Click"' in html
    assert selectors.is_subscribed(person)


def test_one_click_post_withdraws_and_records_it(person, subscribed):
    subscribed(person)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _path(person), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Désabonnement enregistré" in response.content.decode()
    last = selectors.last_event(person)
    assert (last.kind, last.source) == ("withdrawn", "one_click")
    assert last.created_at is not None
    # Again: still fine, nothing more recorded.
    assert client.post(_path(person), {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert SubscriptionEvent.objects.filter(user=person, kind="withdrawn").count() == 1


def test_the_page_s_button_is_recorded_as_the_page(client, person, subscribed):
    subscribed(person)
    client.post(_path(person), {"List-Unsubscribe": "One-Click", "from": "page"})
    assert selectors.last_event(person).source == "unsubscribe_page"


def test_a_post_without_the_one_click_body_changes_nothing(client, person, subscribed):
    subscribed(person)
    assert client.post(_path(person), {}).status_code == 400
    assert selectors.is_subscribed(person)


@pytest.mark.parametrize("token", ["abc", "eyJ1IjoxfQ:fake", "x" * 400])
def test_a_bad_token_is_a_400(client, token):
    assert client.get(f"/lettre-d-information/desinscription/{token}/").status_code == 400
    assert (
        client.post(
            f"/lettre-d-information/desinscription/{token}/", {"List-Unsubscribe": "One-Click"}
        ).status_code
        == 400
    )


def test_a_confirmation_token_does_not_unsubscribe(client, person, subscribed):
    subscribed(person)
    forged = tokens.confirmation_token(user_id=person.pk, event_id=1)
    response = client.post(
        f"/lettre-d-information/desinscription/{forged}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 400
    assert selectors.is_subscribed(person)


def test_a_pending_request_can_be_withdrawn_too(client, person, privacy_v1, subscribe):
    subscribe(person)
    client.post(_path(person), {"List-Unsubscribe": "One-Click"})
    assert selectors.state_of(person) == "withdrawn"


def test_a_gated_signed_in_person_can_still_unsubscribe(client, person, subscribed, privacy_v1):
    subscribed(person)
    legal_services.record_acceptance(version=privacy_v1, context="signup", user=person)
    make_version("privacy_policy", 2, requires_reacceptance=True)
    client.force_login(person)
    assert client.get("/fr/mon-compte/").status_code == 302  # the gate is at work
    assert client.get(_path(person)).status_code == 200
    assert client.post(_path(person), {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert selectors.state_of(person) == "withdrawn"


def test_the_page_speaks_the_person_s_language(client, english_person, subscribed):
    subscribed(english_person)
    html = client.get(_path(english_person)).content.decode()
    assert '<html lang="en"' in html
