"""Admin-side views of applications, registered by `ApplicationViewSet` under /admin/: the
public site's re-acceptance gate never stands between a reviewer and an applicant's files."""

import logging

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from . import services
from .models import APPLICATION_DOCUMENT_KINDS, PractitionerApplication
from .validators import DOCUMENT_TYPES, detect_document_type

logger = logging.getLogger(__name__)


@require_GET
def application_document(request, pk: int, kind: str):
    """A document of an application, for reviewers only. Anyone else in the admin gets a 404
    whatever the URL: the response does not even reveal whether the application exists."""
    if not request.user.has_perm(services.REVIEW_PERMISSION) or kind not in APPLICATION_DOCUMENT_KINDS:
        raise Http404
    application = get_object_or_404(PractitionerApplication, pk=pk)
    document = application.document(kind)
    if not document:
        raise Http404
    try:
        handle = document.open("rb")
    except OSError as exc:
        logger.error("practitioners: document %s of application %s unreadable", kind, pk)
        raise Http404 from exc
    mime = detect_document_type(handle) or "application/octet-stream"
    extension = DOCUMENT_TYPES.get(mime, "bin")
    response = FileResponse(
        handle, as_attachment=True, filename=f"candidature-{pk}-{kind}.{extension}", content_type=mime
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    logger.info("practitioners: user %s downloaded %s of application %s", request.user.pk, kind, pk)
    return response
