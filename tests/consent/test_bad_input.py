"""Bad input gets a 4xx or a clean new prompt, never a 500."""

import pytest
from django.test import Client

from consent import cookie
from consent.models import ConsentReceipt
from tests.consent.helpers import CHOOSE, choose, consent_cookie


def test_unknown_group_is_refused_with_400_and_no_receipt(client, site_ready):
    response = choose(client, "custom", ["mesure_audience", "pistage_publicitaire"])

    assert response.status_code == 400
    assert "pistage_publicitaire" in response.content.decode()
    assert not ConsentReceipt.objects.exists()
    assert "cookie_consent" not in response.cookies


def test_unknown_group_answers_json_to_javascript(client, site_ready):
    response = choose(client, "custom", ["nope"], HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize("data", [{}, {"choice": "tout"}, {"choice": ["accept_all", "x" * 5000]}])
def test_missing_or_invalid_choice_is_a_400(client, site_ready, data):
    assert client.post(CHOOSE, data).status_code == 400
    assert not ConsentReceipt.objects.exists()


def test_get_on_the_decision_endpoint_is_not_allowed(client, site_ready):
    assert client.get(CHOOSE).status_code == 405


def test_engine_accept_with_an_unknown_group_is_a_400(client, site_ready):
    assert client.post("/cookies/accept/", {"cookie_groups": "inconnu"}).status_code == 400
    assert client.post("/cookies/decline/", {}).status_code == 400
    assert not ConsentReceipt.objects.exists()


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_post_without_token_nor_origin_is_forbidden(strict_client, site_ready):
    response = choose(strict_client, "accept_all")

    assert response.status_code == 403
    assert not ConsentReceipt.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ],
)
def test_cross_site_posts_are_forbidden(strict_client, site_ready, headers):
    assert choose(strict_client, "accept_all", **headers).status_code == 403
    assert not ConsentReceipt.objects.exists()


@pytest.mark.parametrize(
    "headers", [{"HTTP_ORIGIN": "http://testserver"}, {"HTTP_SEC_FETCH_SITE": "same-origin"}]
)
def test_same_origin_posts_need_no_token(strict_client, site_ready, headers):
    assert choose(strict_client, "refuse_all", **headers).status_code == 303
    assert ConsentReceipt.objects.count() == 1


def test_a_valid_csrf_token_is_accepted_without_origin(strict_client, site_ready):
    html = strict_client.get("/fr/cookies/").content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = strict_client.post(CHOOSE, {"choice": "refuse_all", "csrfmiddlewaretoken": token})

    assert response.status_code == 303


def test_engine_urls_keep_djangos_csrf_check(strict_client, site_ready):
    assert strict_client.post("/cookies/accept/", {"cookie_groups": "mesure_audience"}).status_code == 403


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "http://testserver.evil/"],
)
def test_unsafe_next_falls_back_to_the_home_page(client, site_ready, next_url):
    response = choose(client, "refuse_all", next=next_url)

    assert response.status_code == 303
    assert response["Location"] == "/"


def _forge(client, value: str):
    client.cookies["cookie_consent"] = value


FORGED = (
    "mesure_audience=2099-01-01T00:00:00+00:00|chat_assistance=2099-01-01T00:00:00+00:00"
    "|_id=AAAAAAAAAAAAAAAAAAAAAA|_at=1795683057|_p=9|_sig=forged"
)
GARBLED = [
    FORGED,
    "",
    "n'importe quoi",
    "|||===|||",
    "_sig=|_id=",
    "mesure_audience=1|_id=x|_at=notanumber|_p=1|_sig=abc",
    "\\x00\\xff" * 300,
    "a" * 5000,
]


@pytest.mark.parametrize("raw", GARBLED)
def test_forged_or_garbled_cookie_means_a_clean_new_prompt(client, site_ready, raw):
    _forge(client, raw)

    assert client.get("/fr/").status_code == 200
    assert client.get("/cookies/etat.css").content == b"/* choix \xc3\xa0 faire */\n"
    assert b"psyconsult" not in client.get("/cookies/code.js").content
    settings_page = client.get("/fr/cookies/")
    assert settings_page.status_code == 200
    assert "Vous n’avez pas encore fait de choix" in settings_page.content.decode()
    assert client.get("/cookies/status/").status_code == 200


def test_a_decision_over_a_forged_cookie_draws_a_new_consent_id(client, site_ready):
    _forge(client, FORGED)

    choose(client, "refuse_all")

    value = consent_cookie(client)
    assert value.consent_id != "AAAAAAAAAAAAAAAAAAAAAA"
    assert ConsentReceipt.objects.get().decision == ConsentReceipt.Decision.REFUSE_ALL


def test_an_edited_signed_cookie_is_rejected(client, site_ready):
    choose(client, "refuse_all")
    raw = client.cookies["cookie_consent"].value

    tampered = raw.replace("mesure_audience=-1", "mesure_audience=2099-01-01T00:00:00+00:00")

    assert cookie.decode(raw) is not None
    assert cookie.decode(tampered) is None
