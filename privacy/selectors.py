"""Reads of the access log."""

from .models import AccessLogEntry


def access_log_for(subject):
    """Who read `subject`'s data, newest first (actors loaded with the rows)."""
    return (
        AccessLogEntry.objects.filter(subject_id=subject.pk)
        .select_related("actor")
        .order_by("-accessed_at", "-id")
    )
