"""A stand-in for booking's URLs in the ICS tests: only the appointment page's name matters."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request, reference):  # pragma: no cover - never requested
    return HttpResponse()


booking_patterns = ([path("rendez-vous/<uuid:reference>/", _page, name="appointment")], "booking")
urlpatterns = [path("fr/", include(booking_patterns))]
