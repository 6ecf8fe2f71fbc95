"""Thin views of the person's rights, under /<lang>/mon-compte/mes-donnees/droits/. Every view
works on request.user only: nothing here takes a user id, so nobody reaches another's data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consent import services as consent_services

from . import selectors, services
from .forms import DirectiveForm, RestrictionForm, SwitchForm

SWITCHES = ("lettre", "rappels", "mesure-audience")


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_http_methods(["GET"])
def index(request):
    return _index(request)


def _index(request, *, restriction_form=None, status=200):
    user = request.user
    state = selectors.switches(request)
    context = {
        "switches": state,
        "newsletter_on": selectors.newsletter_on(state.newsletter),
        "restriction_form": restriction_form or RestrictionForm(),
        "history": selectors.restriction_history(user)[:20],
        "directive": selectors.directive_of(user),
    }
    return _private(render(request, "privacy_rights/index.html", context, status=status))


@login_required
@require_POST
def objection(request, switch: str):
    if switch not in SWITCHES:
        raise Http404
    form = SwitchForm(request.POST)
    form.is_valid()  # a lone checkbox: anything but "on" is "off"
    wanted = form.cleaned_data.get("enabled", False)
    target = reverse("privacy_rights:index") + "#opposition"
    try:
        if switch == "lettre":
            services.set_newsletter(user=request.user, wanted=wanted)
            if wanted and not request.user.is_restricted:
                messages.success(
                    request,
                    _("Nous vous avons envoyé un e-mail à %(email)s : ouvrez son lien pour confirmer.")
                    % {"email": request.user.email},
                )
            else:
                messages.success(request, _("Vous ne recevrez plus la lettre d’information."))
        elif switch == "rappels":
            services.set_reminders(user=request.user, wanted=wanted)
            messages.success(
                request,
                _("Rappels de rendez-vous activés.") if wanted else _("Rappels de rendez-vous désactivés."),
            )
        else:
            result = services.set_audience_measurement(request=request, wanted=wanted)
            response = HttpResponseRedirect(target, status=303)
            consent_services.apply_to_response(response, result, request=request)
            messages.success(
                request,
                _("Mesure d’audience acceptée dans ce navigateur.")
                if wanted
                else _("Mesure d’audience refusée dans ce navigateur."),
            )
            return _private(response)
    except services.RightsRefused as refusal:
        messages.error(request, refusal.message)
        return _private(HttpResponseRedirect(target, status=303))
    except consent_services.UnknownGroup:
        messages.error(request, _("La mesure d’audience n’est pas proposée sur ce site."))
        return _private(HttpResponseRedirect(target, status=303))
    return _private(HttpResponseRedirect(target, status=303))


@login_required
@require_POST
def restrict(request):
    form = RestrictionForm(request.POST)
    if not form.is_valid():
        return _index(request, restriction_form=form, status=400)
    try:
        services.restrict_account(
            user=request.user, ground=form.cleaned_data["ground"], reason=form.cleaned_data["reason"]
        )
    except services.RightsRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(reverse("privacy_rights:index") + "#limitation")
    messages.success(
        request,
        _("L’utilisation de votre compte est limitée dès maintenant. Un e-mail vous le confirme."),
    )
    return redirect(reverse("privacy_rights:index") + "#limitation")


@login_required
@require_http_methods(["GET", "POST"])
def directives(request):
    directive = selectors.directive_of(request.user)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        if services.revoke_directives(user=request.user):
            messages.success(request, _("Vos directives post-mortem sont supprimées."))
        return redirect("privacy_rights:directives")
    form = DirectiveForm(request.POST or None, instance=directive)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.save_directives(user=request.user, data=form.cleaned_data, consent=True)
            messages.success(request, _("Vos directives post-mortem sont enregistrées."))
            return redirect("privacy_rights:directives")
        status = 400
    context = {"form": form, "directive": directive}
    return _private(render(request, "privacy_rights/directives.html", context, status=status))


@login_required
@require_http_methods(["GET"])
def access_log(request):
    page = Paginator(selectors.access_rows(request.user), 50).get_page(request.GET.get("page"))
    return _private(render(request, "privacy_rights/access_log.html", {"page": page}))
