"""The room page: who gets it, when (waiting, open, closed), its headers; TURN credentials;
the links from booking's pages; the practitioner's agenda shows who waits."""

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from booking import services as booking_services
from common.urls import absolute_url
from consultations import selectors, turn
from consultations.models import RoomPresence

from .conftest import CLOSES, OPENS

pytestmark = pytest.mark.django_db


def _url(appointment):
    return reverse("consultations:room", kwargs={"reference": appointment.reference})


def test_before_the_window_a_waiting_page_that_refreshes_by_itself(client, appointment, person):
    with time_machine.travel(OPENS - timedelta(minutes=30), tick=False):
        client.force_login(person)  # a session of today has expired in 2027
        response = client.get(_url(appointment))
    assert response.status_code == 200
    assert response.templates[0].name == "consultations/waiting.html"
    html = response.content.decode()
    assert "La salle n’est pas encore ouverte" in html
    assert "Ouverture dans 30 minutes." in html
    # Without JavaScript a <noscript> refresh, at most a minute apart.
    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in html
    assert response["Permissions-Policy"].startswith("camera=()")
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_waiting_page_counts_days_and_hours(client, appointment, person):
    with time_machine.travel(OPENS - timedelta(days=2, hours=1), tick=False):
        client.force_login(person)  # a session of today has expired in 2027
        assert "Ouverture dans 3 jours." in client.get(_url(appointment)).content.decode()
    with time_machine.travel(OPENS - timedelta(hours=2, minutes=30), tick=False):
        client.force_login(person)  # a session of today has expired in 2027
        assert "Ouverture dans 3 heures." in client.get(_url(appointment)).content.decode()


def test_inside_the_window_the_room_grants_camera_and_microphone_to_itself_only(client, appointment, person):
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        client.force_login(person)  # a session of today has expired in 2027
        response = client.get(_url(appointment), HTTP_HOST="psyconsult.example")
    assert response.templates[0].name == "consultations/room.html"
    assert response["Permissions-Policy"].startswith("camera=(self), microphone=(self)")
    csp = response["Content-Security-Policy"]
    connect = next(part for part in csp.split(";") if part.strip().startswith("connect-src"))
    assert connect.split() == [
        "connect-src",
        "'self'",
        f"ws://psyconsult.example/ws/consultations/{appointment.reference}/",
    ]
    assert "wss:" not in csp
    # No support chat over the consultation: the room has its own messages.
    assert 'id="support-chat' not in response.content.decode()
    assert "*" not in connect
    # Every other page denies them.
    assert client.get("/fr/rendez-vous/mes-rendez-vous/")["Permissions-Policy"].startswith(
        "camera=(), microphone=()"
    )


@pytest.mark.parametrize("moment", [CLOSES, CLOSES + timedelta(days=3)])
def test_after_the_window_the_room_is_closed(client, appointment, practitioner_account, moment):
    with time_machine.travel(moment, tick=False):
        client.force_login(practitioner_account)  # a session of today has expired in 2027
        response = client.get(_url(appointment))
    assert response.status_code == 200
    assert response.templates[0].name == "consultations/closed.html"
    assert "Le temps de cette consultation est passé" in response.content.decode()


def test_a_cancelled_appointment_has_a_closed_room(client, appointment, person):
    with time_machine.travel(OPENS - timedelta(days=1), tick=False):
        client.force_login(person)  # a session of today has expired in 2027
        booking_services.cancel_appointment(appointment, by=person)
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        client.force_login(person)  # a session of today has expired in 2027
        response = client.get(_url(appointment))
    assert response.templates[0].name == "consultations/closed.html"
    assert "Ce rendez-vous n’a plus lieu" in response.content.decode()


@pytest.mark.parametrize("who", ["stranger", "editor"])
def test_anyone_else_gets_404(client, appointment, who):
    user = UserFactory(email=f"{who}@example.fr", is_staff=who == "editor", is_superuser=who == "editor")
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        client.force_login(user)  # a session of today has expired in 2027
        assert client.get(_url(appointment)).status_code == 404
        assert client.get("/fr/consultation/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in_first(client, appointment):
    response = client.get(_url(appointment))
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_turn_credentials_follow_the_turn_rest_scheme_and_expire_with_the_room(settings, appointment):
    settings.TURN_URLS = ["turn:turn.psyconsult.example:3478?transport=udp"]
    settings.TURN_SHARED_SECRET = "s3cret"
    settings.STUN_URLS = ["stun:turn.psyconsult.example:3478"]
    closes_at = selectors.window(appointment)[1]
    stun, relay = turn.ice_servers(expires_at=closes_at, subject=str(appointment.reference))
    assert stun == {"urls": ["stun:turn.psyconsult.example:3478"]}
    assert relay["username"] == f"{int(CLOSES.timestamp())}:{appointment.reference}"
    expected = base64.b64encode(
        hmac.new(b"s3cret", relay["username"].encode(), hashlib.sha1).digest()
    ).decode()
    assert relay["credential"] == expected
    settings.TURN_SHARED_SECRET = ""
    assert turn.ice_servers(expires_at=closes_at, subject="x") == [stun]


def test_the_room_page_gives_the_ice_servers_only_to_the_parties(client, settings, appointment, person):
    settings.TURN_URLS = ["turn:127.0.0.1:3478"]
    settings.TURN_SHARED_SECRET = "s3cret"
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        client.force_login(person)  # a session of today has expired in 2027
        html = client.get(_url(appointment)).content.decode()
    assert f"{int(CLOSES.timestamp())}:{appointment.reference}" in html


def test_booking_pages_link_to_the_room_while_it_can_be_entered(
    client, appointment, person, practitioner_account
):
    with time_machine.travel(OPENS - timedelta(hours=1), tick=False):
        client = Client()  # a new sign-in each time: the one an hour earlier has gone idle
        client.force_login(person)
        html = client.get("/fr/rendez-vous/mes-rendez-vous/").content.decode()
        assert "Salle de consultation vidéo (ouverture à 08:50)" in html
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        client = Client()  # a new sign-in each time: the one an hour earlier has gone idle
        client.force_login(person)
        response = client.get(reverse("booking:appointment", kwargs={"reference": appointment.reference}))
        assert response.status_code == 200, response.get("Location")
        html = response.content.decode()
        assert "Rejoindre la consultation vidéo" in html
        assert _url(appointment) in html
    with time_machine.travel(CLOSES, tick=False):
        client = Client()  # a new sign-in each time: the one an hour earlier has gone idle
        client.force_login(person)
        assert _url(appointment) not in client.get("/fr/rendez-vous/mes-rendez-vous/").content.decode()


def test_the_agenda_shows_when_the_person_is_waiting_in_the_room(client, appointment, practitioner_account):
    moment = OPENS + timedelta(minutes=2)
    agenda = reverse("booking:agenda") + "?jour=2027-01-11&vue=jour"
    with time_machine.travel(moment, tick=False):
        client.force_login(practitioner_account)  # a session of today has expired in 2027
        html = client.get(agenda).content.decode()
        assert '<p class="appointment__waiting" hidden>' in html
        assert client.get(reverse("consultations:presence")).json() == {"waiting": []}

        RoomPresence.objects.create(
            appointment=appointment, role="person", channel_name="c", client_id="t", last_seen=timezone.now()
        )
        html = client.get(agenda).content.decode()
        assert '<p class="appointment__waiting" >' in html
        assert "Votre patient vous attend dans la salle" in html
        assert client.get(reverse("consultations:presence")).json() == {
            "waiting": [str(appointment.reference)]
        }
    # A row nobody refreshed for a minute is a socket that is gone.
    with time_machine.travel(moment + timedelta(minutes=1), tick=False):
        client.force_login(practitioner_account)  # a session of today has expired in 2027
        assert client.get(reverse("consultations:presence")).json() == {"waiting": []}


def test_the_confirmation_and_reminder_messages_give_the_room_address(appointment, person):
    from notifications import messages

    for kind in (messages.CONFIRMED, f"{messages.REMINDER}_24h", messages.PRACTITIONER_NEW):
        message = messages.build(appointment, kind, hours=24)
        room_lines = [line for line in message.paragraphs if "/consultation/" in line]
        assert room_lines == [
            "Salle de consultation vidéo, ouverte 10 minutes avant le début : "
            f"{absolute_url('/fr/consultation/')}{appointment.reference}/"
        ]
    appointment.person.preferred_language = "en"
    appointment.person.save()
    body = messages.build(appointment, messages.CONFIRMED).email().body
    assert f"/en/consultation/{appointment.reference}/" in body
