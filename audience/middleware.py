"""The beacon and the pixel are answered here, right after the security headers: they need no
session, user, language, messages or legal gate (they read the consent cookie themselves), and
skipping that stack halves what a page view's measurement costs the server (bench/audience.py)."""

from . import views

_ROUTES = {"/audience/collect/": views.collect, "/audience/pixel.gif": views.pixel}


class BeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = _ROUTES.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
