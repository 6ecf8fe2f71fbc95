"""Thin views: the decision endpoint, the engine's accept/decline with receipts, the per-visitor
state stylesheet and gated code, and the cookie settings page."""

from cookie_consent.forms import ProcessCookiesForm
from cookie_consent.views import CookieGroupAcceptView, CookieGroupDeclineView, is_ajax_like
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.http import safe_next_url

from . import cookie, selectors, services
from .forms import ChoiceForm
from .models import ConsentReceipt, GatedCodeSettings
from .security import same_origin_post
from .views_errors import error, wants_json


def _private(response):
    """Per-visitor answers: never stored by a shared cache, never reused after a change."""
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@same_origin_post
@require_POST
def choose(request):
    form = ChoiceForm(request.POST)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return error(request, 400, _("Choix invalide. %(detail)s") % {"detail": message})
    next_url = safe_next_url(form.cleaned_data["next"], default="/")
    # /cookies/ has no language prefix: the page the visitor chose on says which language they read.
    with translation.override(get_language_from_path(next_url) or translation.get_language()):
        return _decide(request, form, next_url)


def _decide(request, form, next_url):
    if form.cleaned_data["choice"] == ChoiceForm.CUSTOMISE:
        return HttpResponseRedirect(
            f"{reverse('consent:settings')}?{urlencode({'next': next_url})}", status=303
        )

    source = form.cleaned_data["source"] or ConsentReceipt.Source.BANNER
    result = services.record_decision(request=request, accepted=form.accepted(), source=source)
    if wants_json(request):
        response = JsonResponse(
            {
                "consentId": result.cookie.consent_id,
                "accepted": [v for v in result.cookie.groups if result.cookie.accepted(v)],
                "refused": result.refused,
                "withdrawn": result.withdrawn,
                "receipt": result.receipt.pk,
            }
        )
    else:
        messages.success(request, _("Vos choix de cookies sont enregistrés."))
        response = HttpResponseRedirect(next_url, status=303)
    services.apply_to_response(response, result, request=request)
    return _private(response)


class _EngineMixin:
    """django-cookie-consent's accept/decline endpoints, writing our receipt for each decision."""

    def get_default_redirect_url(self):
        return reverse("consent:settings")

    def post(self, request, *args, **kwargs):
        form = ProcessCookiesForm(data=request.POST)
        if not form.is_valid():
            return error(request, 400, _("Groupe de cookies inconnu."))
        varnames = {group.varname for group in form.get_cookie_groups()}
        if not varnames:
            return error(request, 400, _("Aucun groupe de cookies indiqué."))
        previous = cookie.read(request)
        accepted = set(selectors.accepted_groups(previous))
        accepted = accepted | varnames if self.cookie_process_action == "accept" else accepted - varnames
        result = services.record_decision(
            request=request, accepted=accepted, source=ConsentReceipt.Source.ENGINE
        )
        response = HttpResponse() if is_ajax_like(request) else HttpResponseRedirect(self.get_success_url())
        services.apply_to_response(response, result, request=request)
        return _private(response)


class AcceptView(_EngineMixin, CookieGroupAcceptView):
    pass


class DeclineView(_EngineMixin, CookieGroupDeclineView):
    pass


@require_GET
def state_css(request):
    """For visitors without JavaScript only (linked in <noscript>): hides the banner once a valid
    choice exists. The page itself stays the same for everyone."""
    decided = not selectors.needs_prompt(cookie.read(request))
    body = ".cc{display:none}\n" if decided else "/* choix à faire */\n"
    return _private(HttpResponse(body, content_type="text/css; charset=utf-8"))


@require_GET
def gated_code(request):
    """The code of the groups this visitor accepted, and nothing else (banner.js loads it)."""
    accepted = selectors.accepted_groups(cookie.read(request))
    wanted_names = {name for name in request.GET.get("g", "").split(",") if name}
    if wanted_names:  # banner.js asks only for the groups it has not loaded yet
        accepted = [name for name in accepted if name in wanted_names]
    parts = []
    if accepted:
        groups = selectors.optional_groups()
        wanted = {groups[v].pk: v for v in accepted}
        code_by_group = GatedCodeSettings.for_request(request).code_by_group()
        parts = [
            f"/* {wanted[group_id]} */\n;{code}\n"
            for group_id, code in code_by_group.items()
            if group_id in wanted
        ]
    body = "".join(parts) or "/* aucun code autorisé */\n"
    return _private(HttpResponse(body, content_type="text/javascript; charset=utf-8"))


def settings_page(request):
    value = cookie.read(request)
    choices = selectors.current_choices(value)
    receipt = (
        ConsentReceipt.objects.filter(consent_id=value.consent_id).first() if value is not None else None
    )
    groups = selectors.groups_for_display()
    for group in groups:
        group["state"] = choices.get(group["varname"])
    context = {
        "consent": value,
        "receipt": receipt,
        "groups": groups,
        "has_choice": value is not None and not selectors.needs_prompt(value),
        "expired": value is not None and selectors.is_expired(value),
        "policy": selectors.cookie_policy(),
        "next": safe_next_url(request.GET.get("next"), default=""),
    }
    return _private(render(request, "consent/settings.html", context))
