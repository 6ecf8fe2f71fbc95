"""Decisions without JavaScript (plain POST, redirect back) and with it (JSON), and their receipts."""

import re

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from accounts.factories import UserFactory
from consent.models import ConsentReceipt
from legal.models import Acceptance
from tests.consent.helpers import CHOOSE, OPTIONAL, choose, consent_cookie

DAY = 24 * 3600


def banner_markup(html: str) -> str:
    return re.search(r'<div id="cc".*?</div>\s*<p id="cc-status"', html, re.S).group(0)


def test_first_visit_shows_the_banner_with_three_equal_buttons_and_the_policy_link(client, site_ready):
    html = client.get("/fr/").content.decode()

    banner = banner_markup(html)
    buttons = re.findall(
        r'<button type="submit" class="([^"]+)" name="choice" value="(\w+)">([^<]+)<', banner
    )
    main = [(cls, text) for cls, value, text in buttons if value in {"accept_all", "refuse_all", "customise"}]
    assert [text for _cls, text in main] == ["Tout accepter", "Tout refuser", "Personnaliser"]
    assert len({cls for cls, _text in main}) == 1  # equally prominent: the same style
    assert 'href="/fr/informations-legales/politique-cookies/v1/"' in banner
    assert 'name="groups" value="mesure_audience"' in banner
    assert 'value="chat_assistance"' in banner
    assert 'value="essentiels"' not in banner  # strictly necessary: no checkbox


def test_banner_is_in_english_on_english_pages(client, site_ready, home_page_en):
    html = client.get("/en/").content.decode()

    banner = banner_markup(html)
    assert "Audience measurement" in banner
    assert "Support chat" in banner


def test_public_page_is_the_same_for_every_visitor_and_sets_no_cookie(client, site_ready):
    first = client.get("/fr/")
    assert not first.cookies  # no CSRF or session cookie: a shared cache can keep the page
    choose(client, "accept_all")
    client.cookies.pop("messages", None)
    again = client.get("/fr/")

    assert banner_markup(first.content.decode()) == banner_markup(again.content.decode())
    assert "csrfmiddlewaretoken" not in banner_markup(first.content.decode())
    assert "psyconsultAudience" not in again.content.decode()  # gated code never inlined


def test_refuse_all_without_javascript_redirects_back_and_writes_a_receipt(client, site_ready):
    response = choose(
        client, "refuse_all", next="/fr/?page=2", HTTP_USER_AGENT="Firefox/140", REMOTE_ADDR="203.0.113.77"
    )

    assert response.status_code == 303
    assert response["Location"] == "/fr/?page=2"
    assert response.cookies["cookie_consent"]["max-age"] == 182 * DAY
    value = consent_cookie(client)
    receipt = ConsentReceipt.objects.get()
    assert receipt.consent_id == value.consent_id
    assert receipt.decision == ConsentReceipt.Decision.REFUSE_ALL
    assert receipt.source == ConsentReceipt.Source.BANNER
    assert [(c["group"], c["accepted"]) for c in receipt.choices] == [(g, False) for g in OPTIONAL]
    assert all(c["version"] for c in receipt.choices)
    assert receipt.policy_version_number == 1
    assert receipt.ip_network == "203.0.113.0/24"
    assert receipt.user_agent == "Firefox/140"
    assert receipt.user is None
    assert receipt.language == "fr"
    assert value.groups == {"mesure_audience": "-1", "chat_assistance": "-1"}


def test_accept_all_records_each_group_version_and_links_the_cookie_policy_acceptance(
    client, site_ready, cookie_policy
):
    from cookie_consent.models import CookieGroup

    response = choose(client, "accept_all")

    assert response.cookies["cookie_consent"]["max-age"] == 395 * DAY
    receipt = ConsentReceipt.objects.get()
    assert receipt.decision == ConsentReceipt.Decision.ACCEPT_ALL
    versions = {g.varname: g.get_version() for g in CookieGroup.objects.filter(varname__in=OPTIONAL)}
    assert {c["group"]: c["version"] for c in receipt.choices} == versions
    assert receipt.policy_version == cookie_policy
    acceptance = Acceptance.objects.get()
    assert receipt.policy_acceptance == acceptance
    assert acceptance.consent_id == receipt.consent_id
    assert acceptance.context == Acceptance.Context.COOKIE_BANNER


def test_custom_choice_accepts_only_the_ticked_groups(client, site_ready):
    choose(client, "custom", ["chat_assistance"])

    receipt = ConsentReceipt.objects.get()
    assert receipt.decision == ConsentReceipt.Decision.CUSTOM
    assert receipt.accepted_groups == ["chat_assistance"]
    assert receipt.refused_groups == ["mesure_audience"]
    assert client.cookies["cookie_consent"]["max-age"] == 182 * DAY  # a refusal is in it


def test_signed_in_user_is_on_the_receipt(client, site_ready):
    user = UserFactory()
    client.force_login(user)

    choose(client, "accept_all")

    assert ConsentReceipt.objects.get().user == user


def test_withdrawal_keeps_the_consent_id_and_deletes_the_groups_cookies(client, site_ready):
    choose(client, "accept_all")
    first_id = consent_cookie(client).consent_id
    client.cookies["psy_chat"] = "abc"
    client.cookies["psy_visit"] = "visitor-id-0123456789"

    response = choose(client, "custom", ["mesure_audience"])

    receipt = ConsentReceipt.objects.first()
    assert receipt.decision == ConsentReceipt.Decision.WITHDRAWAL
    assert receipt.consent_id == first_id
    for name in ("psy_chat",):
        assert response.cookies[name]["max-age"] == 0
        assert response.cookies[name].value == ""
    assert "psy_visit" not in response.cookies  # still accepted: kept


def test_refusing_everything_deletes_the_groups_cookies(client, site_ready):
    client.cookies["psy_visit"] = "visitor-id-0123456789"
    client.cookies["psy_chat"] = "1"
    client.cookies["django_language"] = "fr"

    response = choose(client, "refuse_all")

    assert response.cookies["psy_visit"]["max-age"] == 0
    assert response.cookies["psy_chat"]["max-age"] == 0
    assert "django_language" not in response.cookies  # strictly necessary: never touched


def test_a_later_change_is_recorded_as_change(client, site_ready):
    choose(client, "refuse_all")
    choose(client, "custom", ["mesure_audience"])

    decisions = list(ConsentReceipt.objects.order_by("id").values_list("decision", flat=True))
    assert decisions == ["refuse_all", "change"]


def test_with_javascript_the_answer_is_json_and_nothing_redirects(client, site_ready):
    response = choose(client, "custom", ["mesure_audience"], HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    data = response.json()
    assert data["accepted"] == ["mesure_audience"]
    assert data["refused"] == ["chat_assistance"]
    assert data["consentId"] == consent_cookie(client).consent_id
    assert data["receipt"] == ConsentReceipt.objects.get().pk
    assert "messages" not in response.cookies


def test_customise_without_javascript_leads_to_the_settings_page(client, site_ready):
    response = choose(client, "customise", next="/fr/")

    assert response.status_code == 303
    assert response["Location"] == "/fr/cookies/?next=%2Ffr%2F"
    assert not ConsentReceipt.objects.exists()


def test_settings_page_shows_consent_id_choices_and_date(client, site_ready):
    choose(client, "custom", ["chat_assistance"])
    value = consent_cookie(client)

    response = client.get("/fr/cookies/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f'<code id="cc-consent-id">{value.consent_id}</code>' in html
    assert 'id="cc-s-chat_assistance" name="groups" value="chat_assistance" checked' in html
    assert 'id="cc-s-mesure_audience" name="groups" value="mesure_audience">' in html
    # Shown in the site's time zone (Europe/Paris), machine-readable with its offset.
    assert f'<time datetime="{date_format(timezone.localtime(value.decided_at), "c")}">' in html
    assert "psy_visit" in html
    assert "13 mois" in html


def test_settings_page_before_any_choice(client, site_ready):
    html = client.get("/fr/cookies/").content.decode()

    assert "Vous n’avez pas encore fait de choix" in html
    assert "cc-consent-id" not in html


def test_settings_page_form_records_the_choice_and_comes_back(client, site_ready):
    response = client.post(
        CHOOSE,
        {"choice": "custom", "groups": ["mesure_audience"], "source": "settings", "next": "/fr/cookies/"},
    )

    assert response["Location"] == "/fr/cookies/"
    assert ConsentReceipt.objects.get().source == ConsentReceipt.Source.SETTINGS


def test_footer_links_to_the_settings_page(client, site_ready):
    html = client.get("/fr/").content.decode()

    assert '<a href="/fr/cookies/">Gestion des cookies</a>' in html


def test_engine_accept_and_decline_urls_write_receipts(client, site_ready):
    client.post("/cookies/accept/", {"cookie_groups": "mesure_audience"})
    response = client.post("/cookies/decline/", {"cookie_groups": "mesure_audience", "next": "/fr/"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    receipts = list(ConsentReceipt.objects.order_by("id"))
    assert [r.source for r in receipts] == ["engine", "engine"]
    assert receipts[0].accepted_groups == ["mesure_audience"]
    assert receipts[1].decision == ConsentReceipt.Decision.WITHDRAWAL


def test_engine_status_endpoint_answers(client, site_ready):
    choose(client, "custom", ["mesure_audience"])

    data = client.get("/cookies/status/").json()

    assert data["acceptedCookieGroups"] == ["mesure_audience"]
    assert data["declinedCookieGroups"] == ["chat_assistance"]
    assert data["acceptUrl"] == "/cookies/accept/"


def test_engine_list_page_uses_our_layout_and_french(client, site_ready):
    html = client.get("/cookies/").content.decode()

    assert "Cookies du site" in html
    assert "Mesure d’audience" in html
    assert 'class="skip-link"' in html


@pytest.mark.postgres
def test_receipts_are_append_only_in_postgresql(client, site_ready):
    from django.db import InternalError, ProgrammingError, transaction

    choose(client, "accept_all")
    receipt = ConsentReceipt.objects.get()

    for attempt in (
        lambda: ConsentReceipt.objects.filter(pk=receipt.pk).update(decision="refuse_all"),
        lambda: ConsentReceipt.objects.filter(pk=receipt.pk).delete(),
    ):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
            attempt()
    assert ConsentReceipt.objects.get().decision == "accept_all"


def test_the_page_language_wins_over_the_browser_language(client, site_ready, home_page_en):
    response = choose(client, "customise", next="/fr/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response["Location"].startswith("/fr/cookies/")

    choose(client, "refuse_all", next="/en/", HTTP_ACCEPT_LANGUAGE="fr")
    assert ConsentReceipt.objects.get().language == "en"


def test_someone_held_by_the_legal_gate_can_still_manage_cookies(client, site_ready):
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    from legal.factories import make_version

    make_version(
        "terms_of_use", 1, effective_at=timezone.now() - timedelta(days=3), requires_reacceptance=True
    )
    cache.clear()
    client.force_login(UserFactory())
    assert client.get("/fr/")["Location"].startswith("/fr/informations-legales/mise-a-jour/")  # gated

    assert client.get("/fr/cookies/").status_code == 200
    response = choose(client, "refuse_all", next="/fr/cookies/")
    assert response["Location"] == "/fr/cookies/"
    assert ConsentReceipt.objects.count() == 1
