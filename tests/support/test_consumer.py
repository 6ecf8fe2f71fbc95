"""The chat's sockets with Channels' WebsocketCommunicator on the project's ASGI app: who may
open one, and a visitor and an agent exchanging messages through the stored conversation."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.utils import timezone

from accounts.factories import UserFactory
from contact.models import ContactMessage
from support.models import AgentPresence, Conversation, Message
from support.selectors import visitor_key

from .conftest import consent_value, session_cookie

# Channels closes "old" connections around each call: what the test writes is committed.
pytestmark = pytest.mark.django_db(transaction=True)

VISITOR_COOKIE = "v" * 43


def _socket(path, *, cookies: dict[str, str]):
    from config.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookies:
        headers.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
    return WebsocketCommunicator(application, path, headers=headers)


def _visitor_cookies(*, chat=True, with_key=True):
    cookies = {settings.COOKIE_CONSENT_NAME: consent_value(chat=chat)}
    if with_key:
        cookies["psy_chat"] = VISITOR_COOKIE
    return cookies


def _agent_cookies(agent):
    return {settings.SESSION_COOKIE_NAME: session_cookie(agent)}


def _connects(path, cookies) -> bool:
    async def scenario():
        socket = _socket(path, cookies=cookies)
        connected, _ = await socket.connect()
        if connected:
            await socket.disconnect()
        return connected

    return async_to_sync(scenario)()


def test_a_visitor_with_the_chat_consent_and_an_agent_exchange_messages(groups, always_open, agent):
    agent_cookies = _agent_cookies(agent)
    visitor_cookies = _visitor_cookies()

    async def scenario():
        agent_socket = _socket("/ws/support/agent/", cookies=agent_cookies)
        assert (await agent_socket.connect())[0]
        assert (await agent_socket.receive_json_from())["type"] == "welcome"

        visitor = _socket("/ws/support/?lang=fr", cookies=visitor_cookies)
        assert (await visitor.connect())[0]
        welcome = await visitor.receive_json_from()
        assert welcome == {"type": "welcome", "available": True, "messages": []}

        await visitor.send_json_to({"type": "message", "text": "  Je n’arrive pas à payer.  "})
        echo = await visitor.receive_json_from()
        assert (echo["type"], echo["message"]["author"], echo["message"]["text"]) == (
            "message",
            "visitor",
            "Je n’arrive pas à payer.",
        )
        seen = await agent_socket.receive_json_from()
        assert seen["message"]["text"] == "Je n’arrive pas à payer."
        conversation_id = seen["message"]["conversation"]

        await agent_socket.send_json_to(
            {"type": "reply", "conversation": conversation_id, "text": "Quel message voyez-vous ?"}
        )
        answer = await visitor.receive_json_from()
        assert (answer["message"]["author"], answer["message"]["text"]) == (
            "agent",
            "Quel message voyez-vous ?",
        )
        assert (await agent_socket.receive_json_from())["message"]["author"] == "agent"

        # Reconnecting finds the conversation again (the same psy_chat cookie).
        await visitor.disconnect()
        again = _socket("/ws/support/", cookies=visitor_cookies)
        assert (await again.connect())[0]
        history = (await again.receive_json_from())["messages"]
        assert [m["author"] for m in history] == ["visitor", "agent"]
        await again.disconnect()
        await agent_socket.disconnect()

    async_to_sync(scenario)()
    conversation = Conversation.objects.get()
    assert conversation.visitor_key == visitor_key(VISITOR_COOKIE)  # a hash, never the cookie
    assert conversation.user is None
    texts = [(m.author_kind, m.text, m.agent_id) for m in Message.objects.order_by("pk")]
    assert texts == [
        ("visitor", "Je n’arrive pas à payer.", None),
        ("agent", "Quel message voyez-vous ?", agent.pk),
    ]
    # The answer marked the visitor's message read; the agent's socket is gone, so is its presence.
    assert Message.objects.get(author_kind="visitor").read_by_agent_at is not None
    assert not AgentPresence.objects.exists()


def test_a_signed_in_person_chats_without_the_chat_consent(groups, always_open, agent):
    person = UserFactory(email="personne@example.fr")
    cookies = {settings.SESSION_COOKIE_NAME: session_cookie(person)}
    agent_cookies = _agent_cookies(agent)

    async def scenario():
        agent_socket = _socket("/ws/support/agent/", cookies=agent_cookies)
        assert (await agent_socket.connect())[0]
        await agent_socket.receive_json_from()
        socket = _socket("/ws/support/", cookies=cookies)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        await socket.send_json_to({"type": "message", "text": "Bonjour"})
        assert (await socket.receive_json_from())["type"] == "message"
        await socket.disconnect()
        await agent_socket.disconnect()

    async_to_sync(scenario)()
    assert Conversation.objects.get().user == person


@pytest.mark.parametrize(
    "cookies",
    [
        lambda: {},
        lambda: {"psy_chat": VISITOR_COOKIE},
        lambda: _visitor_cookies(chat=False),
        lambda: _visitor_cookies(with_key=False),
        lambda: {
            settings.COOKIE_CONSENT_NAME: consent_value(chat=True)[:-3] + "xyz",
            "psy_chat": VISITOR_COOKIE,
        },
    ],
    ids=["nothing", "chat-cookie-only", "chat-refused", "consent-but-no-chat-cookie", "forged-consent"],
)
def test_a_visitor_without_the_chat_consent_cannot_open_a_socket(groups, always_open, cookies):
    assert not _connects("/ws/support/", cookies())
    assert _connects("/ws/support/", _visitor_cookies())  # the control: with it, it opens


def test_only_agents_with_the_permission_open_the_agent_socket(groups, agent):
    staff = UserFactory(email="editeur@example.fr", is_staff=True)
    assert not _connects("/ws/support/agent/", {settings.SESSION_COOKIE_NAME: session_cookie(staff)})
    assert not _connects("/ws/support/agent/", _visitor_cookies())
    assert _connects("/ws/support/agent/", _agent_cookies(agent))


def test_an_agent_cannot_answer_a_closed_or_unknown_conversation(groups, agent):
    closed = Conversation.objects.create(visitor_key="k" * 64, status=Conversation.Status.CLOSED)
    cookies = _agent_cookies(agent)

    async def scenario():
        socket = _socket("/ws/support/agent/", cookies=cookies)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        for target, error in (
            (closed.pk, "closed"),
            (closed.pk + 1000, "conversation"),
            ("x", "conversation"),
        ):
            await socket.send_json_to({"type": "reply", "conversation": target, "text": "Bonjour"})
            assert await socket.receive_json_from() == {"type": "error", "error": error}
        await socket.send_to(text_data="pas du json")
        assert await socket.receive_json_from() == {"type": "error", "error": "message"}
        await socket.disconnect()

    async_to_sync(scenario)()
    assert not Message.objects.exists()


def test_without_an_agent_online_the_message_is_not_stored_and_the_contact_form_is_offered(
    groups, always_open
):
    cookies = _visitor_cookies()

    async def scenario():
        socket = _socket("/ws/support/", cookies=cookies)
        assert (await socket.connect())[0]
        assert (await socket.receive_json_from())["available"] is False
        await socket.send_json_to({"type": "message", "text": "Il y a quelqu’un ?"})
        assert await socket.receive_json_from() == {"type": "offline"}
        await socket.send_json_to({"type": "message", "text": "   "})
        assert await socket.receive_json_from() == {"type": "error", "error": "text"}
        await socket.disconnect()

    async_to_sync(scenario)()
    assert not Conversation.objects.exists()
    assert not ContactMessage.objects.exists()  # the visitor sends it from the contact form


def test_outside_opening_hours_an_online_agent_does_not_make_the_chat_staffed(groups, always_open, agent):
    always_open.opens_at = timezone.localtime().replace(hour=23, minute=59).time()
    always_open.closes_at = always_open.opens_at
    always_open.save()
    agent_cookies = _agent_cookies(agent)
    cookies = _visitor_cookies()

    async def scenario():
        agent_socket = _socket("/ws/support/agent/", cookies=agent_cookies)
        assert (await agent_socket.connect())[0]
        assert (await agent_socket.receive_json_from()) == {"type": "welcome", "open": False}
        socket = _socket("/ws/support/", cookies=cookies)
        assert (await socket.connect())[0]
        assert (await socket.receive_json_from())["available"] is False
        await socket.send_json_to({"type": "message", "text": "Bonsoir"})
        assert await socket.receive_json_from() == {"type": "offline"}
        await socket.disconnect()
        await agent_socket.disconnect()

    async_to_sync(scenario)()
    assert not Conversation.objects.exists()
