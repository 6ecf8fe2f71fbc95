"""The visitor's side over HTTP: the `psy_chat` cookie, given only after the chat consent."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from consent import cookie as consent_cookie

from . import selectors, services

VISITOR_COOKIE_MAX_AGE = settings.SUPPORT_RETENTION_DAYS * 24 * 3600


# Exempt from CSRF: it only gives this browser a random identifier, after checking its own
# signed consent cookie; a forged request gains nothing (the WebSocket checks the origin).
@csrf_exempt
@require_POST
def start(request):
    """204 with the `psy_chat` cookie (kept if already valid) for a visitor who accepted the chat
    group; 204 without a cookie for a signed-in person; 403 (and the cookie removed) otherwise."""
    if request.user.is_authenticated:
        response = JsonResponse({"chat": True, "signed_in": True})
    elif not selectors.chat_consented(request.COOKIES.get(consent_cookie.cookie_name())):
        response = JsonResponse({"chat": False, "error": "consent"}, status=403)
        response.delete_cookie(selectors.VISITOR_COOKIE, samesite="Lax")
    else:
        response = JsonResponse({"chat": True, "signed_in": False})
        if not selectors.visitor_key(request.COOKIES.get(selectors.VISITOR_COOKIE)):
            response.set_cookie(
                selectors.VISITOR_COOKIE,
                services.new_visitor_cookie(),
                max_age=VISITOR_COOKIE_MAX_AGE,
                secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
    add_never_cache_headers(response)
    return response
