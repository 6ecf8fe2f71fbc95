"""Demo content of payments: every demo practitioner can take payments, so they stay bookable
when bookings wait for a payment (`make run`); the editors' group reads payments and retries
failed refunds.

With the local Stripe stand-in (STRIPE_API_BASE is set: dev only), each practitioner gets a
real Express account there, onboarded through the stand-in's control URL, and an account the
stand-in no longer knows (its state file was deleted) is replaced. Without it (tests, the
bench, production settings) the accounts are only marked enabled here: nothing calls Stripe.
Idempotent.
"""

from __future__ import annotations

import json
import logging
import urllib.request

import stripe
from django.conf import settings
from django.contrib.auth.models import Group, Permission

from practitioners_directory.models import Practitioner

from . import connect
from .models import ConnectedAccount

logger = logging.getLogger(__name__)
# Never through a proxy from the environment: the stand-in is local.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _standin() -> str | None:
    """The stand-in's address if the site points at one and it answers; else None."""
    base = getattr(settings, "STRIPE_API_BASE", "")
    if not base or not settings.STRIPE_SECRET_KEY:
        return None
    try:
        connect.client().v1.accounts.list(params={"limit": 1})
    except stripe.APIConnectionError:
        return None
    return base


def _complete_onboarding(base: str, account_id: str) -> None:
    """What the practitioner would do on the stand-in's onboarding page."""
    request = urllib.request.Request(  # noqa: S310 - the dev stand-in's own control URL
        f"{base}/_standin/accounts/{account_id}/complete_onboarding", data=b"", method="POST"
    )
    with _opener.open(request, timeout=10) as response:
        json.load(response)


def _known_to_stripe(account: ConnectedAccount) -> bool:
    try:
        connect.client().v1.accounts.retrieve(account.stripe_account_id)
    except (stripe.PermissionError, stripe.InvalidRequestError):
        return False
    return True


def _with_standin(base: str, practitioners) -> int:
    ready = 0
    for practitioner in practitioners:
        account = ConnectedAccount.objects.filter(practitioner=practitioner).first()
        if account is not None and not _known_to_stripe(account):
            account.delete()  # the stand-in forgot it (new state file): a new one below
            account = None
        if account is None:
            account = connect.ensure_account(practitioner)
        if not account.charges_enabled:
            _complete_onboarding(base, account.stripe_account_id)
            connect.sync_account(account.stripe_account_id)
        ready += 1
    return ready


def _without_stripe(practitioners) -> int:
    existing = set(ConnectedAccount.objects.values_list("practitioner_id", flat=True))
    ConnectedAccount.objects.bulk_create(
        [
            ConnectedAccount(
                practitioner=practitioner,
                stripe_account_id=f"acct_demo{practitioner.pk:010d}",
                details_submitted=True,
                charges_enabled=True,
                payouts_enabled=True,
            )
            for practitioner in practitioners
            if practitioner.pk not in existing
        ]
    )
    return len(practitioners)


def ensure_editor_permissions() -> None:
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="payments",
            codename__in=[
                "view_payment",
                "view_refund",
                "change_refund",
                "view_connectedaccount",
                "view_stripeevent",
                "change_paymentsettings",
            ],
        )
    )


def ensure_demo_user_payments() -> int:
    """The demo user's past and confirmed appointments are paid (rows only, no Stripe call), so
    their receipts, the payments page and their data export have something to show."""
    from decimal import Decimal

    from booking.demo import DEMO_USER_EMAIL
    from booking.models import Appointment

    from .models import Payment, PaymentSettings, PaymentStatusChange

    commission = PaymentSettings.load().commission_percent
    appointments = Appointment.objects.filter(
        person__email=DEMO_USER_EMAIL,
        status__in=[Appointment.Status.COMPLETED, Appointment.Status.CONFIRMED],
        payment__isnull=True,
    ).select_related("practitioner__stripe_account", "person")
    created = 0
    for appointment in appointments:
        account = getattr(appointment.practitioner, "stripe_account", None)
        fee = int((Decimal(appointment.price_cents) * commission / 100).quantize(Decimal("1")))
        payment = Payment.objects.create(
            appointment=appointment,
            person=appointment.person,
            practitioner=appointment.practitioner,
            status=Payment.Status.PAID,
            amount_cents=appointment.price_cents,
            commission_percent=commission,
            fee_cents=min(fee, appointment.price_cents),
            destination_account=account.stripe_account_id if account else "",
            paid_at=appointment.created_at,
        )
        PaymentStatusChange.objects.create(
            payment=payment, from_status=Payment.Status.PENDING, to_status=Payment.Status.PAID, note="demo"
        )
        created += 1
    return created


def load(*, stdout, options) -> list[str]:
    practitioners = list(Practitioner.objects.filter(pages__live=True).distinct().order_by("pk"))
    base = _standin()
    if base:
        count = _with_standin(base, practitioners)
        line = f"Paiements : {count} praticiens avec un compte Stripe actif sur le Stripe local ({base})."
    else:
        count = _without_stripe(practitioners)
        line = f"Paiements : {count} praticiens marqués prêts à recevoir des paiements (sans Stripe)."
    ensure_editor_permissions()
    ensure_demo_user_payments()
    if options.get("verbosity", 1) > 0:
        stdout.write(f"  {line}")
    return []
