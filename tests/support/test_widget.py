"""The chat on public pages: a first-party script and a link to the contact form, and the
`psy_chat` cookie given only after the chat consent."""

import re

import pytest
from django.conf import settings

from accounts.factories import UserFactory

from .conftest import consent_value

pytestmark = pytest.mark.django_db


def test_public_pages_carry_the_widget_with_its_warning_and_no_inline_script(client, home_page, groups):
    html = client.get("/fr/").content.decode()
    assert 'id="support-chat"' in html
    assert '<script src="/static/support/chat.js" defer></script>' in html
    assert 'role="dialog"' in html
    warning = re.search(r'id="support-chat-warning"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert all(number in warning for number in ("15", "112", "3114"))
    assert "santé" in warning
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # CSP: no inline script
    assert 'data-signed-in=""' in html


def test_the_widget_is_in_english_on_english_pages(client, home_page_en, groups):
    html = client.get("/en/").content.decode()
    assert 'data-lang="en"' in html  # the socket speaks English (texts: locale/fragments/support.po)


def test_signed_in_people_are_marked_for_the_script(client, home_page, groups):
    client.force_login(UserFactory(email="personne@example.fr"))
    assert 'data-signed-in="1"' in client.get("/fr/").content.decode()


def test_the_chat_cookie_is_set_only_after_the_chat_consent(client, groups):
    refused = client.post("/support/chat/")
    assert refused.status_code == 403
    assert "psy_chat" not in client.cookies or client.cookies["psy_chat"].value == ""

    client.cookies[settings.COOKIE_CONSENT_NAME] = consent_value(chat=False)
    assert client.post("/support/chat/").status_code == 403

    client.cookies[settings.COOKIE_CONSENT_NAME] = consent_value(chat=True)
    accepted = client.post("/support/chat/")
    assert accepted.status_code == 200
    morsel = accepted.cookies["psy_chat"]
    assert len(morsel.value) >= 32
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert int(morsel["max-age"]) <= 13 * 31 * 24 * 3600
    # Kept as it is afterwards (the conversation is found again).
    assert "psy_chat" not in client.post("/support/chat/").cookies
    assert client.get("/support/chat/").status_code == 405


def test_a_signed_in_person_needs_no_chat_cookie(client, groups):
    client.force_login(UserFactory(email="personne@example.fr"))
    response = client.post("/support/chat/")
    assert response.status_code == 200
    assert "psy_chat" not in response.cookies


def test_the_chat_group_tells_the_truth_about_its_cookie(groups):
    from cookie_consent.models import CookieGroup

    group = CookieGroup.objects.get(varname="chat_assistance")
    assert "Chatwoot" not in group.description
    cookie = group.cookie_set.get()
    assert cookie.name == "psy_chat"
    assert cookie.consent_text.lifetime_fr == "12 mois"


def test_without_the_chat_the_widget_links_to_the_contact_page_of_the_language(client, contact_pages, groups):
    assert 'id="support-chat-contact" href="/fr/contact/"' in client.get("/fr/").content.decode()
    assert 'id="support-chat-contact" href="/en/contact/"' in client.get("/en/").content.decode()
