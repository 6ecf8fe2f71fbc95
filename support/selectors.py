"""Reads: who the visitor is, whether the chat is staffed, what an agent may see."""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from consent import cookie as consent_cookie
from consent import selectors as consent_selectors

from .models import ANSWER_PERMISSION, AgentPresence, CannedAnswer, Conversation, Message, SupportSettings

CHAT_GROUP = "chat_assistance"  # the cookie group whose consent the chat needs
VISITOR_COOKIE = "psy_chat"
VISITOR_COOKIE_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
PRESENCE_SECONDS = 60  # an agent seen in the last minute is online


def chat_consented(raw_consent_cookie: str | None) -> bool:
    """The signed consent cookie accepts the chat group now (expiry and group version included)."""
    return CHAT_GROUP in consent_selectors.accepted_groups(consent_cookie.decode(raw_consent_cookie))


def visitor_key(raw: str | None) -> str:
    """What we store of a `psy_chat` cookie (its SHA-256), or "" for no or a malformed cookie."""
    if not raw or not VISITOR_COOKIE_RE.match(raw):
        return ""
    return hashlib.sha256(raw.encode()).hexdigest()


def open_conversation(*, user=None, key: str = "") -> Conversation | None:
    if user is not None:
        return Conversation.objects.filter(user=user, status=Conversation.Status.OPEN).first()
    if key:
        return Conversation.objects.filter(
            visitor_key=key, user__isnull=True, status=Conversation.Status.OPEN
        ).first()
    return None


def messages_of(conversation: Conversation | None) -> list[Message]:
    if conversation is None:
        return []
    return list(conversation.messages.all())


def agents_online(now=None) -> bool:
    since = (now or timezone.now()) - timedelta(seconds=PRESENCE_SECONDS)
    return AgentPresence.objects.filter(last_seen_at__gte=since).exists()


def is_open(now=None) -> bool:
    return SupportSettings.load().is_open_at(now or timezone.now())


def is_staffed(now=None) -> bool:
    """Within opening hours and an agent online: else a message goes to the contact form."""
    now = now or timezone.now()
    return is_open(now) and agents_online(now)


def can_answer(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(ANSWER_PERMISSION))


def conversations_for_agent(agent, *, status: str = Conversation.Status.OPEN):
    """The conversations an agent may see (all, if they may answer; none otherwise), with the
    number of visitor messages no agent has read yet."""
    if not can_answer(agent):
        return Conversation.objects.none()
    unread = Count(
        "messages",
        filter=Q(messages__author_kind=Message.AuthorKind.VISITOR, messages__read_by_agent_at__isnull=True),
    )
    return Conversation.objects.filter(status=status).select_related("user").annotate(unread=unread)


def conversation_for_agent(agent, pk) -> Conversation:
    """One conversation for an agent: Conversation.DoesNotExist (a 404) if they may not see it."""
    if not can_answer(agent):
        raise Conversation.DoesNotExist
    return Conversation.objects.select_related("user").get(pk=pk)


def canned_answers(language: str | None = None):
    answers = CannedAnswer.objects.all()
    return answers.filter(language=language) if language else answers


def retention_days() -> int:
    return settings.SUPPORT_RETENTION_DAYS


def expired_conversations(now=None):
    """Conversations whose last message is older than the retention period (1 year by default)."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    return Conversation.objects.filter(last_message_at__lt=cutoff)
