from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import translate_url

from common.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """allauth's extension point: after login, the site speaks the person's preferred language;
    rate limits count the client's address as every other part of the site reads it."""

    def get_client_ip(self, request) -> str:
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def get_login_redirect_url(self, request):
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", "")
        if language in dict(settings.LANGUAGES):
            # An explicit ?next= wins (allauth only asks us for the default target).
            return translate_url(url, language)
        return url
