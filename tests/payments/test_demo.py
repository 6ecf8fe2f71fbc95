"""The demo: every demo practitioner can take payments (so stays bookable in `make run`), on the
local stand-in when the site points at one, without calling Stripe otherwise."""

import io

import pytest

from payments import demo
from payments.models import ConnectedAccount
from practitioners_directory.models import Practitioner

pytestmark = pytest.mark.django_db


def load():
    demo.load(stdout=io.StringIO(), options={"verbosity": 1})


def test_every_demo_practitioner_is_ready_without_stripe(demo_content):
    practitioners = Practitioner.objects.filter(pages__live=True).distinct()
    assert practitioners.count() >= 32
    ready = ConnectedAccount.objects.filter(charges_enabled=True, practitioner__in=practitioners)
    assert ready.count() == practitioners.count()


def test_with_the_stand_in_the_accounts_are_real_and_onboarded(practitioner, local_stripe):
    load()
    account = ConnectedAccount.objects.get(practitioner=practitioner)
    assert local_stripe.get(account.stripe_account_id)["charges_enabled"] is True
    assert account.charges_enabled
    load()  # idempotent
    assert len(local_stripe.client().v1.accounts.list().data) == 1


def test_an_account_the_stand_in_forgot_is_replaced(practitioner, local_stripe):
    load()
    first = ConnectedAccount.objects.get(practitioner=practitioner).stripe_account_id
    local_stripe.reset()  # a new state file
    load()
    account = ConnectedAccount.objects.get(practitioner=practitioner)
    assert account.stripe_account_id != first
    assert local_stripe.get(account.stripe_account_id)["charges_enabled"] is True


def test_editors_may_read_payments_and_retry_refunds(db):
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name="Editors")
    demo.ensure_editor_permissions()
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_payment", "change_refund", "change_paymentsettings"} <= codenames
