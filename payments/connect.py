"""Stripe Connect Express: a practitioner's account, its onboarding link, its state.

The account belongs to the Practitioner (one per person, whatever the number of translated
profile pages). Its state comes from Stripe only: when the practitioner comes back from the
onboarding and on every `account.updated`, the account is re-read.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from practitioners_directory.models import Practitioner

from .models import ConnectedAccount
from .stripe_api import as_dict, client


def ensure_account(practitioner: Practitioner) -> ConnectedAccount:
    """The practitioner's connected account, created at Stripe the first time. A double click
    creates one account: the idempotency key is the practitioner's, and the row is unique."""
    existing = ConnectedAccount.objects.filter(practitioner=practitioner).first()
    if existing is not None:
        return existing
    email = getattr(practitioner.user, "email", None)
    params = {
        "type": "express",
        "country": "FR",
        "business_type": "individual",
        "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
        "business_profile": {
            "name": practitioner.display_name,
            "mcc": "8099",  # medical services and health practitioners
            "product_description": "Téléconsultations de psychologie",
        },
        "metadata": {"practitioner": str(practitioner.pk)},
    }
    if email:
        params["email"] = email
    account = as_dict(
        client().v1.accounts.create(
            params=params, options={"idempotency_key": f"connect-account-{practitioner.pk}"}
        )
    )
    with transaction.atomic():
        row, _created = ConnectedAccount.objects.get_or_create(
            practitioner=practitioner, defaults={"stripe_account_id": account["id"]}
        )
        apply_account(row, account)
    return row


def onboarding_url(account: ConnectedAccount, *, refresh_url: str, return_url: str) -> str:
    """A fresh, single-use onboarding link (Stripe's hosted pages)."""
    link = client().v1.account_links.create(
        params={
            "account": account.stripe_account_id,
            "type": "account_onboarding",
            "refresh_url": refresh_url,
            "return_url": return_url,
        }
    )
    return link.url


def dashboard_url(account: ConnectedAccount) -> str:
    """A one-time link to the practitioner's Express dashboard (payouts, bank account)."""
    return client().v1.accounts.login_links.create(account.stripe_account_id).url


def sync_account(stripe_account_id: str) -> ConnectedAccount | None:
    """Re-read the account at Stripe and update our row; None if the account is not ours."""
    if not ConnectedAccount.objects.filter(stripe_account_id=stripe_account_id).exists():
        return None
    account = as_dict(client().v1.accounts.retrieve(stripe_account_id))
    with transaction.atomic():
        row = ConnectedAccount.objects.select_for_update().get(stripe_account_id=stripe_account_id)
        apply_account(row, account)
    return row


def apply_account(row: ConnectedAccount, account: dict) -> None:
    requirements = account.get("requirements") or {}
    row.details_submitted = bool(account.get("details_submitted"))
    row.charges_enabled = bool(account.get("charges_enabled"))
    row.payouts_enabled = bool(account.get("payouts_enabled"))
    row.requirements_due = list(requirements.get("currently_due") or [])
    row.disabled_reason = requirements.get("disabled_reason") or ""
    row.synced_at = timezone.now()
    row.save()


def bookable_practitioners(practitioners) -> set[int]:
    """Booking's predicate: when bookings wait for a payment, only practitioners whose Stripe
    account accepts charges can be booked (one query for any number of practitioners)."""
    from .stripe_api import payments_required

    ids = {p.pk for p in practitioners}
    if not payments_required() or not ids:
        return ids
    return set(
        ConnectedAccount.objects.filter(practitioner_id__in=ids, charges_enabled=True).values_list(
            "practitioner_id", flat=True
        )
    )
