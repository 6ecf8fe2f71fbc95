"""A visitor's messages are rate-limited (SUPPORT_MESSAGE_RATE, counted in the shared cache), and
withdrawing the chat's consent closes that visitor's open sockets in every tab."""

from datetime import timedelta

import pytest
import time_machine
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.utils import timezone

from support import services
from support.models import Message
from support.selectors import visitor_key

from .test_consumer import VISITOR_COOKIE, _socket, _visitor_cookies

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tight_rate(settings):
    settings.SUPPORT_MESSAGE_RATE = ((3, 60), (5, 3600))


def test_past_the_rate_nothing_is_stored_until_the_window_passes(groups, always_open, agent, tight_rate):
    key, other = visitor_key(VISITOR_COOKIE), visitor_key("w" * 43)
    services.agent_seen(agent=agent, channel_name="agent-1")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(3):
            services.post_visitor_message(text=f"Message {n}", key=key)
        with pytest.raises(services.TooFast):
            services.post_visitor_message(text="Encore un", key=key)
        services.post_visitor_message(text="Un autre visiteur", key=other)  # counted apart
    assert Message.objects.count() == 4

    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        services.agent_seen(agent=agent, channel_name="agent-1")
        services.post_visitor_message(text="Une minute après", key=key)
        services.post_visitor_message(text="Et encore", key=key)
        with pytest.raises(services.TooFast):  # the hour's window: 5
            services.post_visitor_message(text="Trop pour l’heure", key=key)
    assert Message.objects.count() == 6


def test_the_socket_says_when_the_visitor_sends_too_fast(groups, always_open, agent, tight_rate):
    services.agent_seen(agent=agent, channel_name="agent-1")
    cookies = _visitor_cookies()

    async def scenario():
        socket = _socket("/ws/support/?lang=fr", cookies=cookies)
        assert (await socket.connect())[0]
        await socket.receive_json_from()  # welcome
        for n in range(3):
            await socket.send_json_to({"type": "message", "text": f"Message {n}"})
            assert (await socket.receive_json_from())["type"] == "message"
        await socket.send_json_to({"type": "message", "text": "Un de trop"})
        assert await socket.receive_json_from() == {"type": "error", "error": "rate"}
        await socket.disconnect()

    async_to_sync(scenario)()
    assert Message.objects.count() == 3


def test_withdrawing_the_chat_consent_closes_the_sockets_of_every_tab(groups, always_open, client):
    cookies = _visitor_cookies()
    for name, value in cookies.items():
        client.cookies[name] = value

    async def scenario():
        other_tab = _socket("/ws/support/?lang=fr", cookies=cookies)
        assert (await other_tab.connect())[0]
        await other_tab.receive_json_from()  # welcome
        response = await sync_to_async(client.post)(
            "/cookies/choix/",
            {"choice": "refuse_all", "next": "/fr/", "source": "settings"},
            HTTP_SEC_FETCH_SITE="same-origin",
        )
        assert response.status_code == 303
        assert await other_tab.receive_json_from() == {"type": "withdrawn"}
        closed = await other_tab.receive_output()
        assert closed == {"type": "websocket.close", "code": 4003}

    async_to_sync(scenario)()


def test_refusing_another_group_leaves_the_chat_open(groups, always_open, client):
    """Only the chat's own consent closes it (audience refused, chat still accepted)."""
    cookies = _visitor_cookies()
    for name, value in cookies.items():
        client.cookies[name] = value

    async def scenario():
        socket = _socket("/ws/support/?lang=fr", cookies=cookies)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        response = await sync_to_async(client.post)(
            "/cookies/choix/",
            {"choice": "custom", "groups": ["chat_assistance"], "next": "/fr/", "source": "settings"},
            HTTP_SEC_FETCH_SITE="same-origin",
        )
        assert response.status_code == 303
        assert settings.COOKIE_CONSENT_NAME in response.cookies  # the decision was made
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    async_to_sync(scenario)()
