from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/consultations/<uuid:reference>/", consumers.RoomConsumer.as_asgi()),
]
