"""The person's side: their requests, a new request, and the erasure of their account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common import ratelimit
from privacy.erasure import erasure_plan

from . import selectors, services
from .forms import ReauthenticationForm, RequestForm
from .models import DataSubjectRequest


@login_required
@require_GET
def my_requests(request):
    return render(
        request, "privacy_requests/my_requests.html", {"requests": selectors.requests_of(request.user)}
    )


@login_required
@require_GET
def request_detail(request, pk: int):
    dsr = selectors.own_request(request.user, pk)
    if dsr is None:  # someone else's, or none: the same answer
        raise Http404
    return render(
        request,
        "privacy_requests/request_detail.html",
        {"dsr": dsr, "events": dsr.events.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_request(request):
    if request.method == "POST":
        if not ratelimit.allow(request, "privacy_request", key=str(request.user.pk)):
            return ratelimit.too_many_requests(request)
        form = RequestForm(request.POST)
        if form.is_valid():
            dsr = services.record_request(
                kind=form.cleaned_data["kind"],
                channel=DataSubjectRequest.Channel.CENTRE,
                user=request.user,
                message=form.cleaned_data["message"],
            )
            messages.success(
                request,
                _(
                    "Votre demande n° %(number)s est enregistrée. Nous vous répondrons au plus tard le "
                    "%(due)s ; un accusé de réception vous a été envoyé par e-mail."
                )
                % {"number": dsr.pk, "due": date_format(dsr.due_at, "j F Y")},
            )
            return redirect("privacy_requests:list")
        status = 400
    else:
        form, status = RequestForm(initial={"kind": request.GET.get("type", "")}), 200
    return render(request, "privacy_requests/new_request.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request):
    """What erasure removes and keeps (and why), the password, the confirmation: one page."""
    user = request.user
    if request.method == "POST":
        if not ratelimit.allow(request, "privacy_reauthenticate", key=str(user.pk)):
            return ratelimit.too_many_requests(request)
        form = ReauthenticationForm(request.POST, user=user)
        if form.is_valid():
            services.erase_own_account(user=user)
            logout(request)
            return redirect("privacy_requests:erased")
        status = 400
    else:
        form, status = ReauthenticationForm(user=user), 200
    erased, kept = erasure_plan(user)
    return render(
        request,
        "privacy_requests/erase.html",
        {"form": form, "erased": erased, "kept": kept},
        status=status,
    )


@require_GET
def erased(request):
    """Where the person lands, signed out, once erased (nothing personal here)."""
    return render(request, "privacy_requests/erased.html")
