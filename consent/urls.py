"""The settings page, inside the language prefix: /fr/cookies/, /en/cookies/."""

from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("", views.settings_page, name="settings"),
]
