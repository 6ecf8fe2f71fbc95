"""Signed-in sessions end after SESSION_IDLE_TIMEOUT_MINUTES without a request; visitors get no cookie."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# Gate-exempt and public: the answer does not depend on which legal texts the person accepted.
PAGE = "/fr/informations-legales/"


def signed_in(client) -> bool:
    response = client.get(PAGE)
    return response.wsgi_request.user.is_authenticated


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_the_default_timeout_is_thirty_minutes():
    assert django_settings.SESSION_IDLE_TIMEOUT_MINUTES == 30


def test_someone_active_within_the_window_stays_signed_in(client, user, traveller):
    client.force_login(user)
    assert signed_in(client)

    for _ in range(6):  # three hours, never thirty minutes without a request
        traveller.shift(timedelta(minutes=29))
        assert signed_in(client)


def test_someone_idle_beyond_the_window_is_signed_out_and_told_why(client, user, traveller):
    client.force_login(user)
    assert signed_in(client)

    traveller.shift(timedelta(minutes=31))
    response = client.get(PAGE)

    assert not response.wsgi_request.user.is_authenticated
    assert (
        "Votre session a expiré après 30 minutes d’inactivité : reconnectez-vous pour continuer."
        in response.content.decode()
    )
    traveller.shift(timedelta(minutes=1))
    assert not signed_in(client)


def test_the_timeout_follows_the_setting(client, user, traveller, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 5
    client.force_login(user)
    assert signed_in(client)

    traveller.shift(timedelta(minutes=4))
    assert signed_in(client)
    traveller.shift(timedelta(minutes=6))
    assert not signed_in(client)


def test_the_session_cookie_and_row_expire_an_hour_after_the_idle_window(client, user, traveller):
    """Not two weeks later (SESSION_COOKIE_AGE); the hour lets the sign-out be explained."""
    from django.contrib.sessions.models import Session

    client.force_login(user)
    response = client.get(PAGE)

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 90 * 60
    row = Session.objects.get(session_key=cookie.value)
    assert row.expire_date == START + timedelta(minutes=90)


def test_a_session_ending_with_the_browser_keeps_doing_so_and_still_times_out(client, user, traveller):
    client.force_login(user)
    session = client.session
    session.set_expiry(0)  # "remember me" left unticked
    session.save()

    response = client.get(PAGE)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""  # a browser-session cookie

    traveller.shift(timedelta(minutes=31))
    assert not signed_in(client)


def test_browsing_writes_the_session_at_most_once_a_minute(client, user, traveller):
    client.force_login(user)
    assert django_settings.SESSION_COOKIE_NAME in client.get(PAGE).cookies

    traveller.shift(timedelta(seconds=20))
    assert django_settings.SESSION_COOKIE_NAME not in client.get(PAGE).cookies
    traveller.shift(timedelta(seconds=50))
    assert django_settings.SESSION_COOKIE_NAME in client.get(PAGE).cookies


@pytest.mark.usefixtures("traveller")
def test_an_anonymous_visitor_gets_no_session_cookie(client):
    response = client.get(PAGE)

    assert response.status_code == 200
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
