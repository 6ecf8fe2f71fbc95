"""Public application form and a practitioner's own profile edit (documents: see admin_views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from common import ratelimit
from common.i18n import content_language
from legal.services import AcceptanceRefused

from . import selectors, services
from .forms import ApplicationForm, PractitionerProfileForm


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    if request.method != "POST":
        form = ApplicationForm()
        return _render_application(request, form, status=200)

    if not ratelimit.allow(request, "practitioner_application"):
        return ratelimit.too_many_requests(request)
    form = ApplicationForm(request.POST, request.FILES)
    if form.missing_legal_kinds:
        form.add_error(None, _("Les candidatures sont momentanément fermées. Merci de réessayer plus tard."))
    if form.is_valid():
        try:
            services.submit_application(form=form, request=request)
        except AcceptanceRefused:
            form.add_error(
                None, _("Ces conditions ne sont plus en vigueur : rechargez la page et relisez-les.")
            )
        else:
            return redirect("practitioners_directory:application_thanks")
    return _render_application(request, form, status=400)


def _render_application(request, form, *, status: int):
    return render(
        request,
        "practitioners_directory/application_form.html",
        {"form": form, "closed": bool(form.missing_legal_kinds)},
        status=status,
    )


@require_GET
def application_thanks(request):
    return render(request, "practitioners_directory/application_thanks.html")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def edit_own_profile(request):
    """A practitioner proposes changes to their profile; an editor approves them before they go live."""
    page = selectors.profile_for_user(request.user, language_code=content_language())
    if page is None:
        return render(request, "practitioners_directory/profile_edit_none.html", status=404)
    draft = page.get_latest_revision_as_object()
    if request.method == "POST":
        form = PractitionerProfileForm(request.POST, instance=draft)
        if form.is_valid():
            changed = form.save(commit=False)
            form.save_m2m()
            services.submit_profile_changes(page=changed, user=request.user)
            messages.success(
                request,
                _(
                    "Vos modifications ont été envoyées. Elles seront visibles "
                    "après validation par notre équipe."
                ),
            )
            return redirect("practitioners_directory:edit_own_profile")
        status = 400
    else:
        form = PractitionerProfileForm(instance=draft)
        status = 200
    page.refresh_from_db(fields=["has_unpublished_changes"])
    context = {
        "form": form,
        "profile": page,
        "pending": page.workflow_in_progress,
        "needs_changes": bool(
            page.current_workflow_state and page.current_workflow_state.status == "needs_changes"
        ),
    }
    return render(request, "practitioners_directory/profile_edit.html", context, status=status)
