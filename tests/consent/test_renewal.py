"""When the banner asks again: a new cookie policy requiring re-acceptance, new cookies in an
accepted group, a new group, 182 days after a refusal, 395 days at most after a consent."""

from datetime import timedelta

import pytest
import time_machine
from cookie_consent.models import Cookie, CookieGroup
from django.core.cache import cache
from django.utils import timezone

from consent import selectors
from consent.models import ConsentReceipt
from legal.factories import make_version
from tests.consent.helpers import choose, consent_cookie

HIDE = b".cc{display:none}\n"


def asks_again(client) -> bool:
    """Both views of the rule agree: the no-JavaScript stylesheet and the selector."""
    css = client.get("/cookies/etat.css").content
    assert selectors.needs_prompt(consent_cookie(client)) == (css != HIDE)
    return css != HIDE


def test_no_prompt_right_after_a_choice(client, site_ready):
    assert asks_again(client)
    choose(client, "accept_all")
    assert not asks_again(client)


@pytest.mark.parametrize(
    ("choice", "accepted", "still_valid_days", "renewed_days"),
    [
        ("accept_all", [], 394, 396),
        ("refuse_all", [], 181, 183),
        ("custom", ["mesure_audience"], 181, 183),  # a refusal inside: six months
    ],
)
def test_time_limits(client, site_ready, choice, accepted, still_valid_days, renewed_days):
    start = timezone.now()
    assert asks_again(client)
    choose(client, choice, accepted)

    with time_machine.travel(start + timedelta(days=still_valid_days)):
        assert not asks_again(client)
    with time_machine.travel(start + timedelta(days=renewed_days)):
        assert asks_again(client)
        assert b"psyconsult" not in client.get("/cookies/code.js").content


def test_consent_cookie_max_age_matches_the_limits(client, site_ready):
    assert choose(client, "accept_all").cookies["cookie_consent"]["max-age"] == 395 * 86400
    assert choose(client, "refuse_all").cookies["cookie_consent"]["max-age"] == 182 * 86400


def test_a_cookie_policy_version_requiring_reacceptance_asks_again(client, site_ready):
    choose(client, "accept_all")

    make_version(
        "cookie_policy", 2, effective_at=timezone.now() - timedelta(minutes=1), requires_reacceptance=True
    )
    cache.clear()

    assert asks_again(client)
    assert "&quot;baseline&quot;:2" in client.get("/fr/").content.decode()  # banner.js knows too
    choose(client, "accept_all")
    assert not asks_again(client)
    assert ConsentReceipt.objects.first().policy_version_number == 2


def test_a_minor_cookie_policy_version_does_not_ask_again(client, site_ready):
    choose(client, "refuse_all")

    make_version(
        "cookie_policy", 2, effective_at=timezone.now() - timedelta(minutes=1), requires_reacceptance=False
    )
    cache.clear()

    assert not asks_again(client)


def test_an_announced_version_asks_only_once_in_force(client, site_ready):
    choose(client, "accept_all")
    effective = timezone.now() + timedelta(days=10)
    make_version("cookie_policy", 2, effective_at=effective, requires_reacceptance=True)
    cache.clear()

    assert not asks_again(client)
    with time_machine.travel(effective + timedelta(hours=1)):
        cache.clear()
        assert asks_again(client)


def test_a_new_cookie_in_an_accepted_group_asks_again(client, site_ready):
    choose(client, "custom", ["chat_assistance"])

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        Cookie.objects.create(
            cookiegroup=CookieGroup.objects.get(varname="chat_assistance"), name="cw_snooze"
        )
        assert asks_again(client)
        # Until the visitor answers again, the group's code is held back.
        assert b"psyconsultChat" not in client.get("/cookies/code.js").content


def test_a_new_cookie_in_a_refused_group_does_not_ask_again(client, site_ready):
    choose(client, "custom", ["chat_assistance"])

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        Cookie.objects.create(cookiegroup=CookieGroup.objects.get(varname="mesure_audience"), name="_pk_ref*")
        assert not asks_again(client)


def test_a_new_group_asks_again(client, site_ready):
    choose(client, "accept_all")

    group = CookieGroup.objects.create(varname="video", name="Vidéos")
    Cookie.objects.create(cookiegroup=group, name="yt")

    assert asks_again(client)
