"""Small, clean error answers (JSON for banner.js, a plain page otherwise)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def error(request, status: int, message: str):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "consent/error.html", {"message": message}, status=status)


def forbidden(request):
    return error(
        request,
        403,
        _("Votre choix n’a pas pu être vérifié. Rechargez la page puis recommencez, s’il vous plaît."),
    )
