"""Reads of the access log and of the person's data exports."""

from django.http import Http404

from .models import AccessLogEntry, PersonalDataExport


def access_log_for(subject):
    """Who read `subject`'s data, newest first (actors loaded with the rows)."""
    return (
        AccessLogEntry.objects.filter(subject_id=subject.pk)
        .select_related("actor")
        .order_by("-accessed_at", "-id")
    )


def exports_of(user):
    return PersonalDataExport.objects.filter(user_id=user.pk).order_by("-requested_at", "-id")


def export_for(*, viewer, reference) -> PersonalDataExport:
    """The export `reference` if `viewer` owns it; 404 for anyone else, staff included."""
    export = PersonalDataExport.objects.filter(reference=reference, user_id=viewer.pk).first()
    if export is None:
        raise Http404
    return export
