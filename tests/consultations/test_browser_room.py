"""The video room in Chromium with fake camera and microphone, served by Daphne (HTTP and
WebSockets): the two parties connect peer to peer and decode each other's video; nobody else
gets in. Also across two app processes sharing the Redis channel layer, and through coturn."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from accounts.factories import UserFactory
from tests.conftest import axe_violations, signed_in_context

from .conftest import appointment_now
from .servers import TURNSERVER, Coturn, Daphne

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONNECTED = (
    "() => { const pc = window.psyconsultRoom && window.psyconsultRoom.peerConnection;"
    " return !!pc && pc.connectionState === 'connected'; }"
)
FRAMES_DECODED = """async () => {
  const pc = window.psyconsultRoom.peerConnection;
  let frames = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === "inbound-rtp" && report.kind === "video") frames += report.framesDecoded || 0;
  });
  return frames;
}"""
RELAYED = """async () => {
  const stats = await window.psyconsultRoom.peerConnection.getStats();
  let pair = null;
  stats.forEach((report) => {
    if (report.type === "transport" && report.selectedCandidatePairId) {
      pair = stats.get(report.selectedCandidatePairId);
    }
  });
  return pair ? stats.get(pair.localCandidateId).candidateType : null;
}"""


@pytest.fixture
def servers():
    started = []

    def start(**env):
        server = Daphne(**env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def _context(browser, server, user, locale="fr-FR"):
    return signed_in_context(browser, server.url, user, locale=locale)


def _room_path(appointment, language="fr"):
    with translation.override(language):
        return reverse("consultations:room", kwargs={"reference": appointment.reference})


def _join(page, path):
    page.goto(path)
    join = page.get_by_role("button", name="Rejoindre la consultation")
    expect(join).to_be_enabled(timeout=15000)  # the camera preview is on
    join.click()


def _assert_sees_the_other(page):
    page.wait_for_function(CONNECTED, timeout=30000)
    page.wait_for_function(f"async () => (await ({FRAMES_DECODED})()) > 0", timeout=30000)
    expect(page.locator("#room-status")).to_have_text("Connecté")


@pytest.fixture
def parties(practitioner, person):
    return appointment_now(practitioner, person), person, practitioner.user


def test_the_two_parties_see_each_other_and_a_third_person_is_refused(browser, servers, parties):
    appointment, person, practitioner_user = parties
    server = servers()
    path = _room_path(appointment)

    person_page = _context(browser, server, person).new_page()
    _join(person_page, path)
    expect(person_page.locator("#room-status")).to_have_text("En attente de votre praticien…")
    assert axe_violations(person_page) == []

    practitioner_page = _context(browser, server, practitioner_user).new_page()
    _join(practitioner_page, path)
    _assert_sees_the_other(practitioner_page)
    _assert_sees_the_other(person_page)

    # The chat goes from one to the other, and nowhere else.
    person_page.get_by_label("Votre message").fill("Bonjour, je vous vois bien.")
    person_page.get_by_role("button", name="Envoyer").click()
    expect(practitioner_page.locator("#room-chat-log")).to_contain_text("Bonjour, je vous vois bien.")

    # Mute is a toggle button that says its state.
    mute = person_page.get_by_role("button", name="Couper le micro")
    mute.click()
    expect(mute).to_have_attribute("aria-pressed", "true")
    assert (
        person_page.evaluate(
            "() => document.getElementById('room-local-video').srcObject.getAudioTracks()[0].enabled"
        )
        is False
    )

    # Someone else, signed in, gets neither the page nor the socket.
    stranger = UserFactory(email="intrus@example.fr")
    stranger_page = _context(browser, server, stranger).new_page()
    response = stranger_page.goto(path)
    assert response.status == 404
    refused = stranger_page.evaluate(
        """(url) => new Promise((resolve) => {
             const ws = new WebSocket(url);
             ws.onopen = () => resolve("open");
             ws.onclose = () => resolve("refused");
           })""",
        server.url.replace("http", "ws") + f"/ws/consultations/{appointment.reference}/?client=x",
    )
    assert refused == "refused"

    # Leaving ends the call for the other, who waits again.
    practitioner_page.get_by_role("button", name="Quitter").click()
    practitioner_page.wait_for_url("**/rendez-vous/agenda/")
    expect(person_page.locator("#room-status")).to_have_text("En attente de votre praticien…")


def test_the_room_speaks_english(browser, servers, parties):
    appointment, person, _ = parties
    server = servers()
    page = _context(browser, server, person, locale="en-GB").new_page()
    page.goto(_room_path(appointment, "en"))
    expect(page.get_by_role("button", name="Join the consultation")).to_be_enabled(timeout=15000)
    expect(page.locator("#room-status")).to_have_text(
        "Check your picture and sound, then join the consultation."
    )
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []


def test_two_app_processes_sharing_redis_still_connect_the_parties(browser, servers, parties):
    """The person on one process, the practitioner on another: the Redis channel layer joins them."""
    appointment, person, practitioner_user = parties
    redis = {"REDIS_URL": "redis://127.0.0.1:6379/13"}
    first, second = servers(**redis), servers(**redis)
    path = _room_path(appointment)

    person_page = _context(browser, first, person).new_page()
    _join(person_page, path)
    practitioner_page = _context(browser, second, practitioner_user).new_page()
    _join(practitioner_page, path)
    _assert_sees_the_other(person_page)
    _assert_sees_the_other(practitioner_page)


@pytest.mark.skipif(not __import__("os").path.exists(TURNSERVER), reason="needs Debian's coturn")
def test_through_coturn_with_time_limited_credentials(browser, servers, parties):
    """Relay only: the media goes through coturn, which accepts the credentials the page got."""
    appointment, person, practitioner_user = parties
    turn = Coturn(secret="test-turn-secret")
    try:
        server = servers(
            TURN_URLS=turn.url,
            TURN_SHARED_SECRET="test-turn-secret",
            CONSULTATION_ICE_TRANSPORT_POLICY="relay",
        )
        path = _room_path(appointment)
        person_page = _context(browser, server, person).new_page()
        _join(person_page, path)
        practitioner_page = _context(browser, server, practitioner_user).new_page()
        _join(practitioner_page, path)
        _assert_sees_the_other(person_page)
        _assert_sees_the_other(practitioner_page)
        assert person_page.evaluate(RELAYED) == "relay"
    finally:
        turn.stop()


def test_the_waiting_page_is_accessible_and_becomes_the_room_by_itself(
    browser, servers, practitioner, person
):
    """The room opens (10 minutes before the start) four seconds after the page is shown."""
    appointment = appointment_now(practitioner, person, started_minutes_ago=-(10 + 4 / 60))
    server = servers()
    page = _context(browser, server, person).new_page()
    page.goto(_room_path(appointment))
    expect(page.get_by_role("heading", name="La salle n’est pas encore ouverte")).to_be_visible()
    expect(page.locator("#room-countdown")).to_have_text("Ouverture dans 1 minute.")
    assert axe_violations(page) == []
    expect(page.get_by_role("button", name="Rejoindre la consultation")).to_be_enabled(timeout=20000)


def test_without_javascript_the_waiting_page_refreshes_itself(browser, servers, practitioner, person):
    appointment = appointment_now(practitioner, person, started_minutes_ago=-30)
    server = servers()
    page = signed_in_context(browser, server.url, person, java_script_enabled=False).new_page()
    page.goto(_room_path(appointment))
    assert page.locator('noscript meta[http-equiv="refresh"]').get_attribute("content") == "60"
    expect(page.locator("#room-countdown")).to_have_text("Ouverture dans 20 minutes.")
