from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url


class AccountAdapter(DefaultAccountAdapter):
    """allauth's extension point: after login, the site speaks the person's preferred language."""

    def get_login_redirect_url(self, request):
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", "")
        if language in dict(settings.LANGUAGES):
            # An explicit ?next= wins (allauth only asks us for the default target).
            return translate_url(url, language)
        return url
