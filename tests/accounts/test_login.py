import re

import pytest
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

LOGIN_URL = "/fr/compte/login/"
LOGOUT_URL = "/fr/compte/logout/"


def configured_failed_login_limit_per_account() -> int:
    """The per-account ("key") limit of failed logins, read from the settings."""
    rates = parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"])
    return min(rate.amount for rate in rates if rate.per == "key")


@pytest.mark.django_db
def test_login_with_the_right_password_opens_the_profile(client, user, password):
    response = client.post(LOGIN_URL, {"login": user.email, "password": password})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_login_ignores_the_case_of_the_email(client, user, password):
    response = client.post(LOGIN_URL, {"login": user.email.upper(), "password": password})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_login_with_a_wrong_password_fails_with_a_form_error(client, user):
    response = client.post(LOGIN_URL, {"login": user.email, "password": "pas-le-bon"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert re.search(r'class="alert alert--error" role="alert">\s*<ul><li>', html)
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in html


@pytest.mark.django_db
def test_logout_by_post_ends_the_session(client, user):
    client.force_login(user)

    confirm = client.get(LOGOUT_URL)
    assert confirm.status_code == 200
    assert "_auth_user_id" in client.session  # a GET only asks for confirmation

    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={**settings.ACCOUNT_RATE_LIMITS, "login_failed": "10/m/ip,3/5m/key"})
def test_after_too_many_failed_logins_even_the_right_password_is_refused(client, user, password):
    limit = configured_failed_login_limit_per_account()
    assert limit == 3
    for _attempt in range(limit):
        failed = client.post(LOGIN_URL, {"login": user.email, "password": "pas-le-bon"})
        assert failed.status_code == 200
        assert "Trop de tentatives" not in failed.content.decode()

    response = client.post(LOGIN_URL, {"login": user.email, "password": password})

    # allauth answers with its form error (not a bare 429 page), in French.
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives de connexion échouées" in response.content.decode()


@pytest.mark.django_db
def test_with_the_configured_limit_the_next_attempt_is_refused(client, user, password):
    limit = configured_failed_login_limit_per_account()
    for _attempt in range(limit):
        client.post(LOGIN_URL, {"login": user.email, "password": "pas-le-bon"})

    response = client.post(LOGIN_URL, {"login": user.email, "password": password})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives de connexion échouées" in response.content.decode()


@pytest.mark.django_db
def test_failed_logins_below_the_limit_do_not_block_the_right_password(client, user, password):
    limit = configured_failed_login_limit_per_account()
    for _attempt in range(limit - 1):
        client.post(LOGIN_URL, {"login": user.email, "password": "pas-le-bon"})

    response = client.post(LOGIN_URL, {"login": user.email, "password": password})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_after_login_the_site_switches_to_the_preferred_language(client, user, password):
    user.preferred_language = "en"
    user.save()

    response = client.post(LOGIN_URL, {"login": user.email, "password": password})

    assert response.status_code == 302
    assert response["Location"] == "/en/mon-compte/"


@pytest.mark.django_db
def test_an_explicit_next_url_wins_over_the_preferred_language(client, user, password):
    user.preferred_language = "en"
    user.save()

    response = client.post(f"{LOGIN_URL}?next=/fr/mon-compte/", {"login": user.email, "password": password})

    assert response["Location"] == "/fr/mon-compte/"
