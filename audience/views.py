"""The two collection endpoints: the beacon (POST from static/audience/beacon.js) and the pixel
of visitors without JavaScript (<noscript> in base.html). Both answer at once, with no body."""

import base64

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from consent.security import verdict

from . import classify, services
from .models import Stage

# A transparent 1×1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _stage(raw: str) -> int:
    try:
        value = int(raw or 0)
    except ValueError:
        return Stage.NONE
    return value if value in Stage.values else Stage.NONE


def _answer(response, request, result):
    if result.set_visitor_id:
        services.set_visitor_cookie(response, result.set_visitor_id, request=request)
    elif result.forget:
        response.delete_cookie(services.COOKIE, path="/", samesite="Lax")
    patch_cache_control(response, private=True, no_store=True)
    return response


def _bad(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@csrf_exempt  # counts only; a cross-site page is refused by what the browser says (verdict)
@require_POST
def collect(request):
    if verdict(request) is False:
        return HttpResponse(status=403)
    path = classify.clean_path(request.POST.get("p", ""))
    if path is None:
        return _bad("Chemin de page invalide.")
    result = services.record_hit(
        request=request,
        path=path,
        referrer=request.POST.get("r", ""),
        language_hint=request.POST.get("l", ""),
        stage=_stage(request.POST.get("s", "")),
    )
    return _answer(HttpResponse(status=204), request, result)


@require_GET
def pixel(request):
    """Without JavaScript: the page's path in ?p=, nothing else (the page's own referrer is not
    known here, the Referer of this request is our page)."""
    path = classify.clean_path(request.GET.get("p", ""))
    result = services.HitResult()
    if path is not None:
        result = services.record_hit(request=request, path=path, stage=_stage(request.GET.get("s", "")))
    return _answer(HttpResponse(PIXEL, content_type="image/gif"), request, result)
