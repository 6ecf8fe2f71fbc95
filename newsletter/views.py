"""Thin views: the account toggle, the confirmation page (double opt-in), the unsubscribe page
and its one-click POST (RFC 8058)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from common.i18n import content_language
from legal.services import AcceptanceRefused

from . import selectors, services, tokens
from .forms import ConfirmForm, PreferenceForm
from .messages import ONE_CLICK
from .models import SubscriptionEvent

Kind = SubscriptionEvent.Kind
Source = SubscriptionEvent.Source


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in person's own subscription only: nothing here takes a user id."""
    state = selectors.state_of(request.user)
    wanted_now = state in (Kind.SUBSCRIBED, Kind.CONFIRMED)
    # Unticking the only box posts nothing: bind on the method, not on the data.
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial={"wanted": wanted_now})
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["wanted"]
        if wanted and state != Kind.CONFIRMED:
            services.request_subscription(user=request.user, source=Source.ACCOUNT)
            messages.success(
                request,
                _(
                    "Nous vous avons envoyé un e-mail à %(email)s : ouvrez le lien qu’il contient pour "
                    "confirmer votre inscription."
                )
                % {"email": request.user.email},
            )
        elif not wanted and wanted_now:
            services.withdraw(user=request.user, source=Source.ACCOUNT)
            messages.success(request, _("Vous êtes désabonné·e de la lettre d’information."))
        else:
            messages.info(request, _("Aucun changement."))
        return redirect("newsletter:preferences")
    return render(request, "newsletter/preferences.html", {"form": form, "state": state})


def _invalid_link(request, *, expired: bool = False):
    return render(request, "newsletter/link_invalid.html", {"expired": expired}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows the privacy policy in force and a button; only the POST confirms (a link
    scanner opening the e-mail's link subscribes nobody)."""
    try:
        user_id, event_id = tokens.read_confirmation_token(token)
        status, request_event = services.confirmation_state(user_id=user_id, event_id=event_id)
    except tokens.ExpiredToken:
        return _invalid_link(request, expired=True)
    except (tokens.BadToken, services.ConfirmationRefused):
        return _invalid_link(request)
    if status == services.DONE:
        return render(request, "newsletter/confirmed.html", {"already": True})
    version = services.policy_for_consent(request_event.user)
    if version is None:
        return render(request, "newsletter/unavailable.html", status=409)
    context = {"version": version, "token": token, "form": ConfirmForm(initial={"version": version.pk})}
    if request.method == "GET":
        return render(request, "newsletter/confirm.html", context)

    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/confirm.html", context, status=400)
    if form.cleaned_data["version"] != version.pk:
        messages.warning(
            request,
            _(
                "La politique de confidentialité vient d’être mise à jour : lisez la nouvelle version, "
                "puis confirmez."
            ),
        )
        return render(request, "newsletter/confirm.html", context, status=409)
    try:
        services.confirm(request_event=request_event, version=version, request=request)
    except services.ConfirmationRefused:
        return _invalid_link(request)
    except AcceptanceRefused:
        return render(request, "newsletter/confirm.html", context, status=409)
    return render(request, "newsletter/confirmed.html", {"already": False})


@csrf_exempt  # the signed token authenticates; mail clients post without a CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET: a page with a button (prefetchers and scanners only GET). POST with the body
    `List-Unsubscribe=One-Click` (RFC 8058, sent by mail clients and by the button): withdraw.
    No login; the page speaks the person's language."""
    try:
        user = services.user_for_unsubscribe_token(token)
    except tokens.BadToken:
        return _invalid_link(request)
    with translation.override(content_language(user.preferred_language)):
        if request.method == "GET":
            subscribed = selectors.state_of(user) in (Kind.SUBSCRIBED, Kind.CONFIRMED)
            return render(request, "newsletter/unsubscribe.html", {"token": token, "subscribed": subscribed})
        if request.POST.get("List-Unsubscribe") != "One-Click":
            context = {"token": token, "subscribed": True, "bad_post": True}
            return render(request, "newsletter/unsubscribe.html", context, status=400)
        source = Source.UNSUBSCRIBE_PAGE if request.POST.get("from") == "page" else Source.ONE_CLICK
        services.withdraw(user=user, source=source)
        return render(request, "newsletter/unsubscribed.html", {"one_click": ONE_CLICK})
