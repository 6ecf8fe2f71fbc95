"""Mounted at /cookies/, outside the language prefix: django-cookie-consent's URLs (its accept
and decline replaced by ours, which write a receipt) and the banner's endpoints."""

from cookie_consent.views import CookieGroupListView, CookieStatusView
from django.urls import path

from . import views

urlpatterns = [
    path("accept/", views.AcceptView.as_view(), name="cookie_consent_accept"),
    path("decline/", views.DeclineView.as_view(), name="cookie_consent_decline"),
    path("status/", CookieStatusView.as_view(), name="cookie_consent_status"),
    path("choix/", views.choose, name="consent_choose"),
    path("etat.css", views.state_css, name="consent_state_css"),
    path("code.js", views.gated_code, name="consent_code"),
    path("", CookieGroupListView.as_view(), name="cookie_consent_cookie_group_list"),
]
