"""The privacy centre's pages: the hub, the access page, and portability (request, progress,
download). Thin: the registry, `portability` and the selectors do the work; every object is the
signed-in person's own (anyone else gets a 404)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from . import crypto, presenters, selectors
from . import portability as exports
from .hub import hub_sections


def _private(response):
    """Personal data: never stored by a browser cache or a proxy."""
    add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
    return response


@login_required
@require_GET
def hub(request):
    return _private(render(request, "privacy/hub.html", {"sections": hub_sections()}))


@login_required
@require_GET
def access(request):
    context = {"sections": presenters.access_sections(request.user), "generated_at": timezone.now()}
    return _private(render(request, "privacy/access.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def portability(request):
    if request.method == "POST":
        export = exports.request_export(request.user)
        return redirect("privacy:export_status", reference=export.reference)
    context = {"exports": selectors.exports_of(request.user)[:10], "days": exports.export_days()}
    return _private(render(request, "privacy/portability.html", context))


@login_required
@require_GET
def export_status(request, reference):
    export = selectors.export_for(viewer=request.user, reference=reference)
    context = {"export": export, "downloadable": export.is_downloadable(), "days": exports.export_days()}
    return _private(render(request, "privacy/export_status.html", context))


@login_required
@require_GET
def export_status_json(request, reference):
    export = selectors.export_for(viewer=request.user, reference=reference)
    data = {
        "status": export.status,
        "label": str(export.get_status_display()),
        "in_progress": export.in_progress,
        "downloadable": export.is_downloadable(),
    }
    return _private(JsonResponse(data))


@login_required
@require_GET
def export_download(request, reference):
    export = selectors.export_for(viewer=request.user, reference=reference)
    if not export.is_downloadable():
        return redirect("privacy:export_status", reference=export.reference)
    try:
        content = exports.decrypted_archive(export)
    except (FileNotFoundError, OSError, crypto.InvalidToken):
        return redirect("privacy:export_status", reference=export.reference)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{exports.archive_filename(export)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
