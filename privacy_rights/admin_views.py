"""The DPO's pages in the Wagtail admin (Données personnelles): restricted accounts and the lift,
post-mortem directives read with a reason (kept in the access log). Permission on every view."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User

from . import services
from .forms import LiftForm, ReadReasonForm
from .models import PostMortemDirective, RestrictionEvent


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_http_methods(["GET"])
def restrictions(request):
    _require(request, services.LIFT_PERMISSION)
    accounts = User.objects.filter(restricted_at__isnull=False).order_by("restricted_at")
    last_grounds = {}
    for event in RestrictionEvent.objects.filter(
        user__in=accounts, kind=RestrictionEvent.Kind.RESTRICTED
    ).order_by("id"):
        last_grounds[event.user_id] = event.get_ground_display()
    rows = [(account, last_grounds.get(account.pk, "—")) for account in accounts]
    return render(
        request,
        "privacy_rights/admin/restrictions.html",
        {"rows": rows, "page_title": _("Comptes limités"), "header_icon": "lock", "form": LiftForm()},
    )


@require_http_methods(["POST"])
def lift(request, user_id: int):
    _require(request, services.LIFT_PERMISSION)
    account = get_object_or_404(User, pk=user_id)
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez le motif de la levée."))
        return redirect("privacy_rights_restrictions")
    try:
        services.lift_restriction(user=account, by=request.user, ground=form.cleaned_data["ground"])
    except services.RightsRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Limitation levée pour %(email)s ; la personne est prévenue par e-mail.")
            % {"email": account.email},
        )
    return redirect("privacy_rights_restrictions")


@require_http_methods(["GET"])
def directives(request):
    _require(request, services.READ_DIRECTIVES_PERMISSION)
    rows = PostMortemDirective.objects.select_related("user").order_by("-updated_at")
    return render(
        request,
        "privacy_rights/admin/directives.html",
        {"rows": rows, "page_title": _("Directives post-mortem"), "header_icon": "doc-full"},
    )


@require_http_methods(["GET", "POST"])
def directive(request, pk: int):
    """GET asks for the reason; only the POST with one logs the read and shows the text."""
    _require(request, services.READ_DIRECTIVES_PERMISSION)
    directive = get_object_or_404(PostMortemDirective.objects.select_related("user"), pk=pk)
    form = ReadReasonForm(request.POST or None)
    context = {
        "directive": directive,
        "form": form,
        "page_title": _("Directives de %(email)s") % {"email": directive.user.email},
        "header_icon": "doc-full",
        "revealed": False,
    }
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.read_directives(
                directive=directive, reader=request.user, why=form.cleaned_data["why"], request=request
            )
            context["revealed"] = True
        else:
            status = 400
    response = render(request, "privacy_rights/admin/directive.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
