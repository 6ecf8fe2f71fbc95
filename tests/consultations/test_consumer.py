"""The room's signalling socket, with Channels' WebsocketCommunicator on the project's ASGI app:
who may connect, when, how many, and what happens when the room closes during a call."""

from datetime import timedelta

import pytest
import time_machine
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from accounts.factories import UserFactory
from booking import services as booking_services
from consultations.consumers import BUSY, CLOSED, REPLACED
from consultations.models import RoomPresence

from .conftest import CLOSES, OPENS, session_cookie

# Channels closes "old" database connections around each call: the test cannot hold them in one
# transaction, so what it writes is committed (and the world restored after).
pytestmark = pytest.mark.django_db(transaction=True)

INSIDE = OPENS + timedelta(minutes=15)


_COOKIES = {}


def _signed_in(*users):
    """Sign the users in at the travelled-to time (a session from today has expired in 2027), from
    sync code: the sockets are opened from the event loop, which may not query."""
    for user in users:
        _COOKIES[user.pk] = session_cookie(user)


def _socket(user, appointment, *, client="tab-1", takeover=False):
    from config.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={_COOKIES[user.pk]}".encode()))
    path = f"/ws/consultations/{appointment.reference}/?client={client}" + ("&takeover=1" if takeover else "")
    return WebsocketCommunicator(application, path, headers=headers)


def _connects(user, appointment, **kwargs) -> bool:
    if user is not None:
        _signed_in(user)

    async def scenario():
        socket = _socket(user, appointment, **kwargs)
        connected, _ = await socket.connect()
        if connected:
            await socket.disconnect()
        return connected

    return async_to_sync(scenario)()


def test_the_two_parties_meet_and_their_messages_are_relayed(appointment, practitioner_account, person):
    async def scenario():
        person_socket = _socket(person, appointment, client="person-tab")
        assert (await person_socket.connect())[0]
        welcome = await person_socket.receive_json_from()
        assert welcome["type"] == "welcome"
        assert welcome["role"] == "person"
        assert welcome["peer_present"] is False

        practitioner_socket = _socket(practitioner_account, appointment, client="practitioner-tab")
        assert (await practitioner_socket.connect())[0]
        welcome = await practitioner_socket.receive_json_from()
        assert (welcome["role"], welcome["peer_present"]) == ("practitioner", True)
        assert await person_socket.receive_json_from() == {"type": "peer", "present": True}

        offer = {"call": "c1", "description": {"type": "offer", "sdp": "v=0"}}
        await practitioner_socket.send_json_to({"type": "signal", "data": offer})
        assert await person_socket.receive_json_from() == {"type": "signal", "data": offer}

        await person_socket.send_json_to({"type": "chat", "text": "  Bonjour, je vous entends bien.  "})
        assert await practitioner_socket.receive_json_from() == {
            "type": "chat",
            "text": "Bonjour, je vous entends bien.",
            "from": "person",
        }
        # Nothing comes back to the sender; a ping is answered.
        assert await person_socket.receive_nothing()
        await person_socket.send_json_to({"type": "ping"})
        assert await person_socket.receive_json_from() == {"type": "pong"}
        assert await database_sync_to_async(RoomPresence.objects.filter(appointment=appointment).count)() == 2

        await person_socket.disconnect()
        assert await practitioner_socket.receive_json_from() == {"type": "peer", "present": False}
        await practitioner_socket.disconnect()

    with time_machine.travel(INSIDE, tick=False):
        _signed_in(person, practitioner_account)
        async_to_sync(scenario)()
    assert not RoomPresence.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "editor", "anonymous"])
def test_nobody_else_may_open_the_socket(appointment, who):
    user = {
        "stranger": lambda: UserFactory(email="curieux@example.fr"),
        "editor": lambda: UserFactory(email="admin@example.fr", is_staff=True, is_superuser=True),
        "anonymous": lambda: None,
    }[who]()
    with time_machine.travel(INSIDE, tick=False):
        assert not _connects(user, appointment)
    assert not RoomPresence.objects.exists()


@pytest.mark.parametrize(
    "moment",
    [OPENS - timedelta(minutes=1), CLOSES, CLOSES + timedelta(days=1)],
    ids=["just-before-opening", "at-closing", "the-next-day"],
)
def test_outside_the_window_neither_party_may_connect(appointment, practitioner_account, person, moment):
    with time_machine.travel(moment, tick=False):
        assert not _connects(person, appointment)
        assert not _connects(practitioner_account, appointment)


def test_the_window_edges_are_open_from_ten_minutes_before_to_fifteen_after(appointment, person):
    with time_machine.travel(OPENS, tick=False):
        assert _connects(person, appointment)
    with time_machine.travel(CLOSES - timedelta(seconds=1), tick=False):
        assert _connects(person, appointment)


def test_a_third_connection_is_refused_until_the_party_moves_the_call(
    appointment, practitioner_account, person
):
    async def scenario():
        first = _socket(person, appointment, client="tab-1")
        assert (await first.connect())[0]
        await first.receive_json_from()
        practitioner_socket = _socket(practitioner_account, appointment, client="p")
        assert (await practitioner_socket.connect())[0]
        assert (await practitioner_socket.receive_json_from())["type"] == "welcome"
        assert await first.receive_json_from() == {"type": "peer", "present": True}

        second = _socket(person, appointment, client="tab-2")
        await second.connect()
        assert await second.receive_json_from() == {"type": "busy"}
        assert (await second.receive_output())["code"] == BUSY

        # "Continuer ici": the second tab takes the place, the first is told and closed.
        third = _socket(person, appointment, client="tab-2", takeover=True)
        assert (await third.connect())[0]
        assert (await third.receive_json_from())["type"] == "welcome"
        # The other party hears of the person (again); the replaced tab only that it is replaced.
        assert await practitioner_socket.receive_json_from() == {"type": "peer", "present": True}
        assert await first.receive_json_from() == {"type": "replaced"}
        assert (await first.receive_output())["code"] == REPLACED
        await first.wait()
        place = await database_sync_to_async(RoomPresence.objects.get)(appointment=appointment, role="person")
        assert place.client_id == "tab-2"
        await third.disconnect()
        await practitioner_socket.disconnect()

    with time_machine.travel(INSIDE, tick=False):
        _signed_in(person, practitioner_account)
        async_to_sync(scenario)()


def test_the_same_page_reconnecting_takes_its_place_back(appointment, person, practitioner_account):
    async def scenario():
        stale = _socket(person, appointment, client="tab-1")
        assert (await stale.connect())[0]
        await stale.receive_json_from()
        # The network changed: the page opens a new socket while the old one still looks alive.
        fresh = _socket(person, appointment, client="tab-1")
        assert (await fresh.connect())[0]
        assert (await fresh.receive_json_from())["type"] == "welcome"
        assert await stale.receive_json_from() == {"type": "replaced"}
        await fresh.disconnect()

    with time_machine.travel(INSIDE, tick=False):
        _signed_in(person, practitioner_account)
        async_to_sync(scenario)()


def test_a_message_after_the_room_closed_ends_the_call(appointment, practitioner_account, person):
    async def scenario(traveller):
        person_socket = _socket(person, appointment)
        assert (await person_socket.connect())[0]
        await person_socket.receive_json_from()
        traveller.move_to(CLOSES + timedelta(seconds=1))
        await person_socket.send_json_to({"type": "chat", "text": "Vous êtes là ?"})
        assert await person_socket.receive_json_from() == {"type": "closed"}
        assert (await person_socket.receive_output())["code"] == CLOSED

    with time_machine.travel(INSIDE, tick=False) as traveller:
        _signed_in(person, practitioner_account)
        async_to_sync(scenario)(traveller)
    assert not RoomPresence.objects.exists()


def test_a_cancelled_appointment_closes_its_room_even_during_the_call(
    appointment, practitioner_account, person
):
    async def scenario():
        person_socket = _socket(person, appointment)
        assert (await person_socket.connect())[0]
        await person_socket.receive_json_from()
        await database_sync_to_async(booking_services.cancel_appointment)(
            appointment, by=practitioner_account
        )
        await person_socket.send_json_to({"type": "ping"})
        assert await person_socket.receive_json_from() == {"type": "closed"}

    with time_machine.travel(OPENS + timedelta(minutes=5), tick=False):  # before it starts
        _signed_in(person, practitioner_account)
        async_to_sync(scenario)()
        assert not _connects(person, appointment)


def test_the_room_closes_by_itself_when_its_time_is_up(appointment, person, practitioner_account, settings):
    """Nobody speaks: the server's timer still ends the call at closing time."""
    settings.CONSULTATION_ROOM_CLOSES_MINUTES_AFTER = 0

    async def scenario():
        person_socket = _socket(person, appointment)
        assert (await person_socket.connect())[0]
        await person_socket.receive_json_from()
        assert await person_socket.receive_json_from(timeout=5) == {"type": "closed"}

    # Two seconds before the end of the consultation, with the clock running.
    with time_machine.travel(appointment.end - timedelta(seconds=2), tick=True):
        _signed_in(person, practitioner_account)
        async_to_sync(scenario)()


def test_bad_messages_get_an_error_and_the_socket_stays(appointment, person, practitioner_account):
    async def scenario():
        socket = _socket(person, appointment)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        for bad in ("not json", '{"type": "unknown"}', '["a", "list"]', "x" * 70_000):
            await socket.send_to(text_data=bad)
            assert await socket.receive_json_from() == {"type": "error", "error": "message"}
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from() == {"type": "pong"}
        await socket.disconnect()

    with time_machine.travel(INSIDE, tick=False):
        _signed_in(person, practitioner_account)
        async_to_sync(scenario)()
