"""Editors in the Wagtail admin: the payments listing with filters and CSV export, the monthly
revenue chart, failed refunds with Stripe's error and a retry, and nothing editable by hand."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.factories import StaffUserFactory, SuperUserFactory
from payments.models import Payment, Refund

from .conftest import post_event, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client, held, person, local_stripe):
    payment = start(held, person)
    local_stripe.pay(payment.checkout_session_id)
    post_event(client, local_stripe, local_stripe.last_event("checkout.session.completed"))
    payment.refresh_from_db()
    return payment


@pytest.fixture
def editor(db):
    user = StaffUserFactory()
    group, _ = Group.objects.get_or_create(name="Payments readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="payments", codename__startswith="view_"),
        Permission.objects.get(codename="change_refund"),
    )
    user.groups.add(group)
    return user


def test_the_listing_filters_by_status(client, paid, editor):
    client.force_login(editor)
    listing = client.get("/admin/paiements/liste/")
    assert listing.status_code == 200
    assert "Jules Bernard" in listing.content.decode()
    refunded_only = client.get("/admin/paiements/liste/?status=refunded")
    assert refunded_only.status_code == 200
    assert "Jules Bernard" not in refunded_only.content.decode()


def test_the_csv_export_has_the_amounts_and_the_stripe_ids(client, paid, editor):
    client.force_login(editor)
    response = client.get("/admin/paiements/liste/?export=csv&status=paid")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    record = dict(zip(header, row, strict=True))
    assert record["Montant (€)"] == "60.0"
    assert record["Frais de la plateforme (€)"] == "6.0"
    assert record["Statut"] == "Payé"
    assert record["PaymentIntent"] == paid.payment_intent_id


def test_the_revenue_chart_shows_the_month(client, paid, editor, frozen_now):
    client.force_login(editor)
    response = client.get("/admin/paiements/chiffre-affaires/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "janvier 2027" in html
    assert "60,00" in html
    assert "<svg" in html


def test_a_failed_refund_is_visible_and_retried_from_the_admin(
    client, paid, person, editor, local_stripe, django_capture_on_commit_callbacks
):
    from booking import services as booking_services

    local_stripe.inject_error(
        "POST", "/v1/refunds", message="Insufficient funds.", code="balance_insufficient", status=400,
        type="invalid_request_error",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        booking_services.cancel_appointment(paid.appointment, by=person)
    refund = Refund.objects.get()
    client.force_login(editor)
    failures = client.get("/admin/paiements/liste/?status=refund_failed").content.decode()
    assert "Insufficient funds" in failures
    listing = client.get("/admin/paiements/remboursements/").content.decode()
    assert f"/admin/paiements/remboursements/{refund.pk}/relancer/" in listing
    response = client.post(f"/admin/paiements/remboursements/{refund.pk}/relancer/")
    assert response.status_code == 302
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert Payment.objects.get().status == Payment.Status.REFUNDED


def test_nobody_edits_or_deletes_a_payment_in_the_admin(client, paid):
    client.force_login(SuperUserFactory())
    assert client.get(f"/admin/paiements/liste/edit/{paid.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/paiements/liste/delete/{paid.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/paiements/liste/inspect/{paid.pk}/").status_code == 200


def test_someone_without_the_permission_sees_neither_payments_nor_chart(client, paid):
    user = StaffUserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/paiements/liste/").status_code in (302, 403)
    assert client.get("/admin/paiements/chiffre-affaires/").status_code in (302, 403)
    assert client.post("/admin/paiements/remboursements/1/relancer/").status_code in (302, 403)


def test_the_history_cannot_be_rewritten(paid):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL triggers")
    with pytest.raises(DatabaseError), transaction.atomic():
        paid.history.update(note="rewritten")
