"""Reads: the overdue rule (one place), the DPO's counts, a person's own requests."""

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from .models import DataSubjectRequest


def overdue_condition(today=None) -> Q:
    """THE rule: still open, and the deadline (the extended one if any) is before today (Paris).
    The last day itself is still in time."""
    today = today or timezone.localdate()
    return Q(status__in=DataSubjectRequest.OPEN_STATUSES) & (
        Q(extended_due_at__lt=today) | Q(extended_due_at__isnull=True, due_at__lt=today)
    )


def with_overdue(queryset: QuerySet | None = None, today=None) -> QuerySet:
    """`queryset` with `is_overdue` on every row (the listing highlights them)."""
    queryset = DataSubjectRequest.objects.all() if queryset is None else queryset
    return queryset.annotate(
        is_overdue=Case(
            When(overdue_condition(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def open_requests() -> QuerySet:
    return DataSubjectRequest.objects.filter(status__in=DataSubjectRequest.OPEN_STATUSES)


def overdue_requests(today=None) -> QuerySet:
    return DataSubjectRequest.objects.filter(overdue_condition(today))


def is_overdue(request: DataSubjectRequest, today=None) -> bool:
    return overdue_requests(today).filter(pk=request.pk).exists()


def counts(today=None) -> dict[str, int]:
    """For the dashboard panel: open requests, and how many of them are overdue."""
    return {"open": open_requests().count(), "overdue": overdue_requests(today).count()}


def requests_of(user) -> QuerySet:
    """A person's own requests, newest first (others' never: the list and pages filter on this)."""
    return with_overdue(DataSubjectRequest.objects.filter(user_id=user.pk)).order_by("-received_at", "-id")


def own_request(user, pk) -> DataSubjectRequest | None:
    return requests_of(user).filter(pk=pk).first()
