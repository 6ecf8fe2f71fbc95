"""Reads: someone's payments and receipts, a practitioner's payouts, the platform's revenue.
Every lookup by reference is scoped to its owner: anyone else gets 404."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from booking.models import Appointment
from practitioners_directory.models import Practitioner

from .models import ConnectedAccount, Payment


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def appointment_to_pay(user, reference) -> Appointment:
    """The person's own appointment (the practitioner does not pay it): else 404."""
    if not _signed_in(user):
        raise Http404
    appointment = (
        Appointment.objects.select_related("practitioner", "person")
        .filter(reference=reference, person=user)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def payment_of_appointment(appointment: Appointment) -> Payment | None:
    return Payment.objects.filter(appointment=appointment).first()


def payments_of(person):
    """The person's payments, newest first (abandoned ones left out)."""
    return (
        Payment.objects.filter(person=person)
        .exclude(status=Payment.Status.EXPIRED)
        .select_related("appointment", "practitioner")
        .order_by("-created_at")
    )


def receipt_for(user, reference) -> Payment:
    """A settled payment of `user`, for its receipt; anyone else (the practitioner included) 404."""
    if not _signed_in(user):
        raise Http404
    payment = (
        Payment.objects.select_related("appointment", "practitioner", "person")
        .filter(reference=reference, person=user, status__in=Payment.SETTLED)
        .first()
    )
    if payment is None:
        raise Http404
    return payment


def registration_of(practitioner: Practitioner) -> dict:
    """Name, title, RPPS/ADELI and place from the practitioner's live profile page."""
    from practitioners_directory.models import PractitionerPage

    page = (
        PractitionerPage.objects.live().filter(practitioner=practitioner).order_by("locale_id").first()
        or PractitionerPage.objects.filter(practitioner=practitioner).order_by("locale_id").first()
    )
    if page is None:
        return {"name": practitioner.display_name, "title": "", "registration": "", "city": ""}
    return {
        "name": page.full_name or practitioner.display_name,
        "title": page.professional_title,
        "registration": page.registration_label,
        "city": f"{page.postal_code} {page.city}".strip(),
    }


def own_practitioner(user) -> Practitioner:
    if not _signed_in(user):
        raise Http404
    practitioner = Practitioner.objects.filter(user=user).first()
    if practitioner is None:
        raise Http404
    return practitioner


def account_of(practitioner: Practitioner) -> ConnectedAccount | None:
    return ConnectedAccount.objects.filter(practitioner=practitioner).first()


def payouts_of(practitioner: Practitioner) -> list[dict]:
    """Per month (the practitioner's zone), newest first: each consultation paid with its
    gross (kept after refunds), the platform's fee, the net for the practitioner; the totals."""
    zone = practitioner.zone
    payments = (
        Payment.objects.filter(practitioner=practitioner, status__in=Payment.SETTLED, paid_at__isnull=False)
        .select_related("appointment", "person")
        .order_by("-paid_at")
    )
    months: OrderedDict[date, dict] = OrderedDict()
    for payment in payments:
        local = timezone.localtime(payment.paid_at, zone)
        month = months.setdefault(
            date(local.year, local.month, 1), {"month": date(local.year, local.month, 1), "rows": []}
        )
        month["rows"].append(
            {
                "payment": payment,
                "gross": payment.net_amount_cents,
                "fee": payment.net_fee_cents,
                "net": payment.practitioner_share_cents,
            }
        )
    for month in months.values():
        for key in ("gross", "fee", "net"):
            month[key] = sum(row[key] for row in month["rows"])
    return list(months.values())


def monthly_revenue(*, months: int = 12, now: datetime | None = None) -> list[dict]:
    """The platform's last `months` months (Paris time): payments, amounts taken and refunded,
    fees kept. Months without a payment are listed too, so the chart has no gap."""
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    first = _add_months(date(local_now.year, local_now.month, 1), -(months - 1))
    start = timezone.make_aware(datetime(first.year, first.month, 1))
    rows = (
        Payment.objects.filter(status__in=Payment.SETTLED, paid_at__gte=start)
        .annotate(month=TruncMonth("paid_at"))
        .values("month")
        .annotate(
            count=Count("pk"),
            gross=Sum("amount_cents"),
            refunded=Sum("refunded_cents"),
            fees=Sum("fee_cents"),
            fees_refunded=Sum("fee_refunded_cents"),
            refunds=Count("pk", filter=Q(refunded_cents__gt=0)),
        )
    )
    found = {}
    for row in rows:
        month = row["month"]
        month = timezone.localtime(month).date() if isinstance(month, datetime) else month
        found[date(month.year, month.month, 1)] = row
    result = []
    for index in range(months):
        month = _add_months(first, index)
        row = found.get(month, {})
        gross = row.get("gross") or 0
        refunded = row.get("refunded") or 0
        fees = (row.get("fees") or 0) - (row.get("fees_refunded") or 0)
        result.append(
            {
                "month": month,
                "count": row.get("count") or 0,
                "gross": gross,
                "refunded": refunded,
                "kept": gross - refunded,
                "fees": fees,
            }
        )
    return result


def _add_months(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)
