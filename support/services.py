"""Writes: messages posted by visitors and agents (stored, then announced to the conversation's
group and the agents' group once committed), reads, closing, agents' presence and the purge."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import selectors
from .models import MAX_MESSAGE_CHARACTERS, AgentPresence, Conversation, Message

logger = logging.getLogger(__name__)

AGENTS_GROUP = "support.agents"


class Offline(Exception):
    """Outside opening hours or no agent online: the message is not stored (the chat offers the
    contact form, prefilled with it)."""


class ConversationClosed(Exception):
    pass


def conversation_group(conversation_id: int) -> str:
    return f"support.conversation.{conversation_id}"


def new_visitor_cookie() -> str:
    return secrets.token_urlsafe(32)


def clean_text(text) -> str:
    """The message as stored, or ValueError (empty, too long, not text)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty")
    text = text.strip()
    if len(text) > MAX_MESSAGE_CHARACTERS:
        raise ValueError("too long")
    return text


def serialise(message: Message) -> dict:
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "author": message.author_kind,
        "text": message.text,
        "created_at": message.created_at.isoformat(),
    }


@dataclass(frozen=True)
class Posted:
    conversation: Conversation
    message: Message
    created: bool  # a new conversation


def _announce(message: Message, *, sender: str = "") -> None:
    event = {"type": "support.message", "message": serialise(message), "sender": sender}
    layer = get_channel_layer()

    def send():
        async_to_sync(layer.group_send)(conversation_group(message.conversation_id), event)
        async_to_sync(layer.group_send)(AGENTS_GROUP, event)

    transaction.on_commit(send)


class TooFast(Exception):
    """More visitor messages than SUPPORT_MESSAGE_RATE allows: nothing is stored."""


def _within_rate(identity: str, now) -> bool:
    """Fixed windows counted in the shared cache (every process): `count` messages per
    `seconds`, for each (count, seconds) of SUPPORT_MESSAGE_RATE."""
    for count, seconds in settings.SUPPORT_MESSAGE_RATE:
        window = int(now.timestamp()) // seconds
        key = f"support:rate:{identity}:{seconds}:{window}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            sent = cache.incr(key)
        except ValueError:  # expired between the two calls: a new window
            cache.set(key, 1, timeout=seconds + 1)
            sent = 1
        if sent > count:
            return False
    return True


def post_visitor_message(
    *, text, user=None, key: str = "", language: str = "fr", sender: str = "", now=None
) -> Posted:
    """A visitor's (or signed-in person's) message, stored in their open conversation (one is
    started if needed). Raises ValueError for bad text, Offline when nobody can answer, TooFast
    past the rate (a flood would bury the agents' queue)."""
    text = clean_text(text)
    now = now or timezone.now()
    if user is None and not key:
        raise PermissionDenied
    if not selectors.is_staffed(now):
        raise Offline
    if not _within_rate(f"user-{user.pk}" if user is not None else f"visitor-{key}", now):
        raise TooFast
    with transaction.atomic():
        conversation = selectors.open_conversation(user=user, key=key)
        created = conversation is None
        if created:
            conversation = Conversation.objects.create(
                user=user,
                visitor_key="" if user else key,
                language=language,
                created_at=now,
                last_message_at=now,
            )
        else:
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
        message = Message.objects.create(
            conversation=conversation, author_kind=Message.AuthorKind.VISITOR, text=text, created_at=now
        )
        _announce(message, sender=sender)
    return Posted(conversation, message, created)


def post_agent_message(*, agent, conversation: Conversation, text, sender: str = "", now=None) -> Message:
    """An agent's answer: the visitor's messages count as read. PermissionDenied without the
    permission, ConversationClosed on a closed conversation, ValueError for bad text."""
    if not selectors.can_answer(agent):
        raise PermissionDenied
    text = clean_text(text)
    now = now or timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if conversation.status != Conversation.Status.OPEN:
            raise ConversationClosed
        message = Message.objects.create(
            conversation=conversation,
            author_kind=Message.AuthorKind.AGENT,
            agent=agent,
            text=text,
            created_at=now,
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
        _mark_read(conversation, now)
        _announce(message, sender=sender)
    return message


def _mark_read(conversation: Conversation, now) -> int:
    return conversation.messages.filter(
        author_kind=Message.AuthorKind.VISITOR, read_by_agent_at__isnull=True
    ).update(read_by_agent_at=now)


def mark_read(*, agent, conversation: Conversation, now=None) -> int:
    if not selectors.can_answer(agent):
        raise PermissionDenied
    return _mark_read(conversation, now or timezone.now())


def close_conversation(*, agent, conversation: Conversation) -> None:
    if not selectors.can_answer(agent):
        raise PermissionDenied
    if Conversation.objects.filter(pk=conversation.pk, status=Conversation.Status.OPEN).update(
        status=Conversation.Status.CLOSED
    ):
        event = {"type": "support.closed", "conversation": conversation.pk}
        layer = get_channel_layer()

        def send():
            async_to_sync(layer.group_send)(conversation_group(conversation.pk), event)
            async_to_sync(layer.group_send)(AGENTS_GROUP, event)

        transaction.on_commit(send)


def agent_seen(*, agent, channel_name: str, now=None) -> None:
    """An agent's socket is alive (on connect and each ping): the chat counts as staffed."""
    now = now or timezone.now()
    AgentPresence.objects.update_or_create(
        channel_name=channel_name, defaults={"agent": agent, "last_seen_at": now}
    )
    # Sockets that vanished without a goodbye (a crashed process) are forgotten after a while.
    AgentPresence.objects.filter(last_seen_at__lt=now - timedelta(hours=1)).delete()


def agent_left(*, channel_name: str) -> None:
    AgentPresence.objects.filter(channel_name=channel_name).delete()


def purge_expired_conversations(*, now=None) -> int:
    """Delete the conversations past SUPPORT_RETENTION_DAYS (and their messages). Returns how many."""
    ids = list(selectors.expired_conversations(now).values_list("pk", flat=True))
    if not ids:
        return 0
    Conversation.objects.filter(pk__in=ids).delete()
    logger.info("support: %s conversations past retention deleted", len(ids))
    return len(ids)


def visitor_group(key: str) -> str:
    """The sockets of one anonymous visitor (every tab), by the hash of their `psy_chat` cookie."""
    return f"support.visitor.{key}"


def close_visitor_sockets(key: str) -> None:
    """The visitor withdrew the chat's consent: their open sockets (other tabs) close now."""
    if key:
        async_to_sync(get_channel_layer().group_send)(visitor_group(key), {"type": "support.withdrawn"})
