"""Mounted at /support/, outside the language prefix (chat.js posts here before the socket)."""

from django.urls import path

from . import views

urlpatterns = [
    path("chat/", views.start, name="support_start"),
]
