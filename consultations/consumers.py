"""Signalling for the video room: the server introduces the two browsers, the media goes between them.

One Channels group per appointment. A socket is accepted only for one of the appointment's two
parties, signed in by their session, while the room is open; each message re-checks that (a
cancelled appointment or a closed room ends the call), and a timer closes the sockets when the
room closes even if nobody speaks. Nothing said in the chat is stored.
"""

import asyncio
import json
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone

from accounts.middleware import is_idle, mark_active

from . import selectors, services

# Close codes the room's script understands (4000–4999 are the application's own).
CLOSED, REPLACED, BUSY = 4000, 4001, 4009
MAX_MESSAGE_BYTES = 64 * 1024  # an SDP offer is a few kilobytes
MAX_CHAT_CHARACTERS = 1000


def _group(appointment_id: int) -> str:
    return f"consultation-room.{appointment_id}"


class RoomConsumer(AsyncJsonWebsocketConsumer):
    joined: services.Joined | None = None

    async def connect(self):
        self.reference = self.scope["url_route"]["kwargs"]["reference"]
        query = parse_qs(self.scope.get("query_string", b"").decode())
        client_id = (query.get("client") or [""])[0][:64]
        try:
            self.joined = await database_sync_to_async(self._join)(client_id, "takeover" in query)
        except services.RoomBusy:
            # Accepted only to say why: the page offers to move the call to this tab.
            await self.accept()
            await self.send_json({"type": "busy"})
            await self.close(code=BUSY)
            return
        except services.RoomRefused:
            await self.close()  # before accepting: the handshake is refused (HTTP 403)
            return
        await self.channel_layer.group_add(_group(self.joined.appointment_id), self.channel_name)
        await self.accept()
        if self.joined.replaced_channel:
            await self.channel_layer.send(self.joined.replaced_channel, {"type": "room.replaced"})
        await self.send_json(
            {
                "type": "welcome",
                "role": self.joined.role,
                "peer_present": self.joined.peer_present,
                "closes_at": self.joined.closes_at.isoformat(),
                "heartbeat_seconds": selectors.HEARTBEAT_SECONDS,
            }
        )
        await self._to_peer({"type": "peer", "present": True})
        self.closer = asyncio.ensure_future(self._close_with_the_room())

    def _join(self, client_id: str, takeover: bool) -> services.Joined:
        user = self.scope.get("user")
        session = self.scope.get("session")
        if session is not None and is_idle(session):
            raise services.RoomRefused
        return services.join(
            user=user,
            reference=self.reference,
            channel_name=self.channel_name,
            client_id=client_id,
            takeover=takeover,
        )

    async def disconnect(self, code):
        closer = getattr(self, "closer", None)
        if closer is not None:
            closer.cancel()
        if self.joined is None:
            return
        await self.channel_layer.group_discard(_group(self.joined.appointment_id), self.channel_name)
        if await database_sync_to_async(services.leave)(channel_name=self.channel_name):
            await self._to_peer({"type": "peer", "present": False})

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if self.joined is None:
            return
        if bytes_data is not None or text_data is None or len(text_data) > MAX_MESSAGE_BYTES:
            await self.send_json({"type": "error", "error": "message"})
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.send_json({"type": "error", "error": "message"})
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if not await database_sync_to_async(self._stay)():
            await self._end()
            return
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "signal" and isinstance(content.get("data"), dict):
            await self._to_peer({"type": "signal", "data": content["data"]})
        elif kind == "chat" and isinstance(content.get("text"), str) and content["text"].strip():
            text = content["text"].strip()[:MAX_CHAT_CHARACTERS]
            await self._to_peer({"type": "chat", "text": text, "from": self.joined.role})
        else:
            await self.send_json({"type": "error", "error": "message"})

    def _stay(self) -> bool:
        try:
            services.stay(
                user=self.scope.get("user"), reference=self.reference, channel_name=self.channel_name
            )
        except services.RoomRefused:
            return False
        session = self.scope.get("session")
        if session is not None and mark_active(session):  # in a consultation is not idle
            session.save()
        return True

    async def _close_with_the_room(self):
        await asyncio.sleep(max(0.0, (self.joined.closes_at - timezone.now()).total_seconds()))
        await self._end()

    async def _end(self):
        # Free the place now: the room is closed whatever the transport does next.
        if await database_sync_to_async(services.leave)(channel_name=self.channel_name):
            await self._to_peer({"type": "peer", "present": False})
        await self.send_json({"type": "closed"})
        await self.close(code=CLOSED)

    async def _to_peer(self, payload: dict):
        await self.channel_layer.group_send(
            _group(self.joined.appointment_id),
            {"type": "room.relay", "sender": self.channel_name, "role": self.joined.role, "payload": payload},
        )

    # Channel-layer events ---------------------------------------------------------------------

    async def room_relay(self, event):
        # To the other party only (not to a socket of the same party being replaced).
        if event["role"] != self.joined.role:
            await self.send_json(event["payload"])

    async def room_replaced(self, event):
        await self.send_json({"type": "replaced"})
        await self.close(code=REPLACED)
