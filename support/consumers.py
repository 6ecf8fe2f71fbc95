"""The chat's sockets: /ws/support/ for the visitor, /ws/support/agent/ for the support team.

A visitor's socket is accepted for a signed-in person (the chat is part of the service), or for an
anonymous visitor whose signed consent cookie accepts the "chat_assistance" group *and* who holds
the `psy_chat` cookie (set by support.views.start, after the same check). Everyone else is
refused at the handshake (HTTP 403), and an anonymous visitor's open sockets close when they
withdraw that consent in any tab. Visitor messages are rate-limited (SUPPORT_MESSAGE_RATE).
An agent's socket needs `support.answer_conversation`.
Messages are stored by support.services, which announce them to a group per conversation (the
visitor's sockets) and to the agents' group once committed.
"""

import json
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import PermissionDenied

from consent import cookie as consent_cookie

from . import selectors, services
from .models import Conversation

MAX_FRAME_BYTES = 16 * 1024
WITHDRAWN = 4003  # close code: the visitor withdrew the chat's consent
LANGUAGES = {code for code, _name in settings.LANGUAGES}


class _Base(AsyncJsonWebsocketConsumer):
    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if bytes_data is not None or text_data is None or len(text_data) > MAX_FRAME_BYTES:
            await self.send_json({"type": "error", "error": "message"})
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.send_json({"type": "error", "error": "message"})
            return
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "error": "message"})
            return
        await self.receive_json(content)


class VisitorConsumer(_Base):
    conversation_id: int | None = None

    async def connect(self):
        user = self.scope.get("user")
        self.user = user if user is not None and user.is_authenticated else None
        cookies = self.scope.get("cookies", {})
        self.key = ""
        if self.user is None:
            if not await database_sync_to_async(selectors.chat_consented)(
                cookies.get(consent_cookie.cookie_name())
            ):
                await self.close()  # no consent to the chat: refused (HTTP 403)
                return
            self.key = selectors.visitor_key(cookies.get(selectors.VISITOR_COOKIE))
            if not self.key:
                await self.close()
                return
            # A withdrawal of the chat's consent in any tab closes this socket (support.signals).
            await self.channel_layer.group_add(services.visitor_group(self.key), self.channel_name)
        query = parse_qs(self.scope.get("query_string", b"").decode())
        language = (query.get("lang") or ["fr"])[0]
        self.language = language if language in LANGUAGES else "fr"
        conversation, messages, available = await database_sync_to_async(self._state)()
        if conversation is not None:
            await self._follow(conversation.pk)
        await self.accept()
        await self.send_json(
            {"type": "welcome", "available": available, "messages": [services.serialise(m) for m in messages]}
        )

    def _state(self):
        conversation = selectors.open_conversation(user=self.user, key=self.key)
        return conversation, selectors.messages_of(conversation), selectors.is_staffed()

    async def _follow(self, conversation_id: int):
        self.conversation_id = conversation_id
        await self.channel_layer.group_add(services.conversation_group(conversation_id), self.channel_name)

    async def disconnect(self, code):
        if self.conversation_id is not None:
            await self.channel_layer.group_discard(
                services.conversation_group(self.conversation_id), self.channel_name
            )
        if self.key:
            await self.channel_layer.group_discard(services.visitor_group(self.key), self.channel_name)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type")
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "message":
            await self._post(content.get("text"))
        else:
            await self.send_json({"type": "error", "error": "message"})

    async def _post(self, text):
        try:
            posted = await database_sync_to_async(services.post_visitor_message)(
                text=text, user=self.user, key=self.key, language=self.language, sender=self.channel_name
            )
        except ValueError:
            await self.send_json({"type": "error", "error": "text"})
            return
        except services.TooFast:
            await self.send_json({"type": "error", "error": "rate"})
            return
        except services.Offline:
            # Nothing is stored: the page offers the contact form with the text (chat.js).
            await self.send_json({"type": "offline"})
            return
        if self.conversation_id != posted.conversation.pk:
            await self._follow(posted.conversation.pk)
        await self.send_json({"type": "message", "message": services.serialise(posted.message)})

    # Channel-layer events ---------------------------------------------------------------------

    async def support_message(self, event):
        if event.get("sender") != self.channel_name:
            await self.send_json({"type": "message", "message": event["message"]})

    async def support_closed(self, event):
        await self.send_json({"type": "closed"})

    async def support_withdrawn(self, event):
        await self.send_json({"type": "withdrawn"})
        await self.close(code=WITHDRAWN)


class AgentConsumer(_Base):
    joined = False

    async def connect(self):
        self.agent = self.scope.get("user")
        if not await database_sync_to_async(self._allowed)():
            await self.close()
            return
        await self.channel_layer.group_add(services.AGENTS_GROUP, self.channel_name)
        self.joined = True
        await database_sync_to_async(services.agent_seen)(agent=self.agent, channel_name=self.channel_name)
        await self.accept()
        await self.send_json({"type": "welcome", "open": await database_sync_to_async(selectors.is_open)()})

    def _allowed(self) -> bool:
        return selectors.can_answer(self.agent)

    async def disconnect(self, code):
        if not self.joined:
            return
        await self.channel_layer.group_discard(services.AGENTS_GROUP, self.channel_name)
        await database_sync_to_async(services.agent_left)(channel_name=self.channel_name)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type")
        if kind == "ping":
            await database_sync_to_async(services.agent_seen)(
                agent=self.agent, channel_name=self.channel_name
            )
            await self.send_json({"type": "pong"})
        elif kind in ("reply", "read"):
            error = await database_sync_to_async(self._act)(kind, content)
            if error:
                await self.send_json({"type": "error", "error": error})
        else:
            await self.send_json({"type": "error", "error": "message"})

    def _act(self, kind: str, content: dict) -> str:
        services.agent_seen(agent=self.agent, channel_name=self.channel_name)
        try:
            conversation = selectors.conversation_for_agent(self.agent, int(content.get("conversation")))
        except (TypeError, ValueError, Conversation.DoesNotExist):
            return "conversation"
        try:
            if kind == "reply":
                services.post_agent_message(
                    agent=self.agent, conversation=conversation, text=content.get("text")
                )
            else:
                services.mark_read(agent=self.agent, conversation=conversation)
        except PermissionDenied:
            return "permission"
        except services.ConversationClosed:
            return "closed"
        except ValueError:
            return "text"
        return ""

    async def support_message(self, event):
        await self.send_json({"type": "message", "message": event["message"]})

    async def support_closed(self, event):
        await self.send_json({"type": "closed", "conversation": event["conversation"]})
