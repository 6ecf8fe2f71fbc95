"""Thin views: paying a held appointment, the pages Stripe sends the person back to, "Mes
paiements" and receipts, the practitioner's payouts and Stripe onboarding, the webhook."""

from __future__ import annotations

import logging

import stripe
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from booking.models import Appointment
from booking.zones import viewer_zone

from . import checkout, connect, selectors, webhooks
from .models import Payment
from .stripe_api import PaymentsNotConfigured, is_configured

logger = logging.getLogger(__name__)


def _allow_stripe_redirects(response):
    """Forms on this page are answered by a redirect to Stripe's pages: the CSP's form-action
    must allow their origin (browsers apply it to the redirect too)."""
    from django.conf import settings

    response._csp_update = {"form-action": list(settings.STRIPE_REDIRECT_ORIGINS)}
    return response


def _see_other(url: str):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


# --- Paying a held appointment -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def checkout_page(request, reference):
    """The summary of what is paid, and the button that opens Stripe's payment page."""
    appointment = selectors.appointment_to_pay(request.user, reference)
    payment = selectors.payment_of_appointment(appointment)
    if payment is not None and payment.is_settled:
        return redirect("payments:success", reference=appointment.reference)
    if appointment.status != Appointment.Status.HELD:
        messages.info(request, _("Ce rendez-vous n’attend pas de paiement."))
        return redirect("booking:appointment", reference=appointment.reference)
    context = {
        "appointment": appointment,
        "payment": payment,
        "zone": viewer_zone(request),
        "configured": is_configured(),
    }
    if request.method == "POST":
        success = request.build_absolute_uri(reverse("payments:success", kwargs={"reference": reference}))
        cancel = request.build_absolute_uri(reverse("payments:cancelled", kwargs={"reference": reference}))
        try:
            payment = checkout.start_checkout(
                appointment,
                user=request.user,
                success_url=f"{success}?session_id={{CHECKOUT_SESSION_ID}}",
                cancel_url=cancel,
            )
        except (checkout.CheckoutRefused, PaymentsNotConfigured) as refused:
            messages.error(
                request, getattr(refused, "message", _("Le paiement en ligne n’est pas disponible."))
            )
            return _allow_stripe_redirects(render(request, "payments/checkout.html", context, status=409))
        if payment.is_settled:
            return redirect("payments:success", reference=appointment.reference)
        return _see_other(payment.checkout_url)
    return _allow_stripe_redirects(render(request, "payments/checkout.html", context))


@never_cache
@login_required
@require_GET
def success(request, reference):
    """Back from Stripe: the appointment is confirmed only if Stripe says the session is paid
    (the webhook did it, or the session is re-read here, server-side). The `session_id` in the
    address is not trusted: the payment's own session is read."""
    appointment = selectors.appointment_to_pay(request.user, reference)
    payment = selectors.payment_of_appointment(appointment)
    if payment is None:
        return redirect("payments:checkout", reference=reference)
    if payment.status in Payment.PAYABLE and payment.checkout_session_id:
        try:
            checkout.sync_session(payment.checkout_session_id)
        except (stripe.StripeError, PaymentsNotConfigured):
            logger.warning("payments: could not re-read session of %s", payment.reference, exc_info=True)
        payment.refresh_from_db()
        appointment.refresh_from_db()
    return render(
        request,
        "payments/success.html",
        {"appointment": appointment, "payment": payment, "zone": viewer_zone(request)},
    )


@never_cache
@login_required
@require_GET
def cancelled(request, reference):
    """Back from Stripe without paying: the slot stays held until the session ends."""
    appointment = selectors.appointment_to_pay(request.user, reference)
    payment = selectors.payment_of_appointment(appointment)
    if payment is not None and payment.is_settled:
        return redirect("payments:success", reference=reference)
    return _allow_stripe_redirects(
        render(
            request,
            "payments/cancelled.html",
            {"appointment": appointment, "payment": payment, "zone": viewer_zone(request)},
        )
    )


@login_required
@require_POST
def release(request, reference):
    """The person gives the held slot up: nobody can pay the session any more, the slot is free."""
    appointment = selectors.appointment_to_pay(request.user, reference)
    if appointment.status != Appointment.Status.HELD:
        return redirect("booking:appointment", reference=appointment.reference)
    payment = selectors.payment_of_appointment(appointment)
    try:
        if payment is not None:
            payment = checkout.abandon(payment)
        else:
            from booking import services as booking_services

            booking_services.release_hold(appointment, note="payment abandoned")
    except (stripe.StripeError, PaymentsNotConfigured):
        logger.warning("payments: could not release %s", reference, exc_info=True)
        messages.error(request, _("Le créneau n’a pas pu être libéré. Réessayez dans un instant."))
        return redirect("payments:cancelled", reference=reference)
    if payment is not None and payment.is_settled:
        return redirect("payments:success", reference=reference)
    messages.success(request, _("Le créneau est libéré. Aucun paiement n’a été pris."))
    return redirect("booking:my_appointments")


# --- Mes paiements, receipts ----------------------------------------------------------------------


@login_required
@require_GET
def my_payments(request):
    return render(
        request,
        "payments/my_payments.html",
        {
            "payments": selectors.payments_of(request.user),
            "zone": viewer_zone(request),
            "now": timezone.now(),
        },
    )


@never_cache
@login_required
@require_GET
def receipt(request, reference):
    payment = selectors.receipt_for(request.user, reference)
    response = render(
        request,
        "payments/receipt.html",
        {
            "payment": payment,
            "appointment": payment.appointment,
            "issuer": selectors.registration_of(payment.practitioner),
            "zone": payment.practitioner.zone,
            "refunds": payment.refunds.filter(status="succeeded"),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Practitioners: payouts and Stripe onboarding -----------------------------------------------------


@login_required
@require_GET
def payouts(request):
    practitioner = selectors.own_practitioner(request.user)
    months = selectors.payouts_of(practitioner)
    return render(
        request,
        "payments/payouts.html",
        {
            "practitioner": practitioner,
            "account": selectors.account_of(practitioner),
            "months": months,
            "zone": practitioner.zone,
        },
    )


@never_cache
@login_required
@require_GET
def connect_status(request):
    practitioner = selectors.own_practitioner(request.user)
    return _allow_stripe_redirects(
        render(
            request,
            "payments/connect.html",
            {
                "practitioner": practitioner,
                "account": selectors.account_of(practitioner),
                "configured": is_configured(),
            },
        )
    )


def _onboarding_redirect(request, practitioner):
    account = connect.ensure_account(practitioner)
    url = connect.onboarding_url(
        account,
        refresh_url=request.build_absolute_uri(reverse("payments:connect_refresh")),
        return_url=request.build_absolute_uri(reverse("payments:connect_return")),
    )
    return _see_other(url)


def _stripe_unavailable(request):
    logger.warning("payments: Stripe onboarding unavailable", exc_info=True)
    messages.error(request, _("Stripe ne répond pas pour le moment. Réessayez dans un instant."))
    return redirect("payments:connect")


@login_required
@require_POST
def connect_start(request):
    practitioner = selectors.own_practitioner(request.user)
    try:
        return _onboarding_redirect(request, practitioner)
    except (stripe.StripeError, PaymentsNotConfigured):
        return _stripe_unavailable(request)


@login_required
@require_GET
def connect_refresh(request):
    """Stripe sends the practitioner here when the link expired or was used: a new one."""
    practitioner = selectors.own_practitioner(request.user)
    if selectors.account_of(practitioner) is None:
        return redirect("payments:connect")
    try:
        return _onboarding_redirect(request, practitioner)
    except (stripe.StripeError, PaymentsNotConfigured):
        return _stripe_unavailable(request)


@login_required
@require_GET
def connect_return(request):
    """Back from the onboarding: the account is re-read (the return itself proves nothing)."""
    practitioner = selectors.own_practitioner(request.user)
    account = selectors.account_of(practitioner)
    if account is not None:
        try:
            account = connect.sync_account(account.stripe_account_id)
        except (stripe.StripeError, PaymentsNotConfigured):
            return _stripe_unavailable(request)
        if account.charges_enabled:
            messages.success(request, _("Votre compte Stripe est prêt : vous pouvez recevoir des paiements."))
        elif account.details_submitted:
            messages.info(request, _("Stripe vérifie vos informations ; cette page se mettra à jour."))
        else:
            messages.warning(request, _("L’inscription chez Stripe n’est pas terminée."))
    return redirect("payments:connect")


@login_required
@require_POST
def connect_dashboard(request):
    practitioner = selectors.own_practitioner(request.user)
    account = selectors.account_of(practitioner)
    if account is None or not account.details_submitted:
        return redirect("payments:connect")
    try:
        return _see_other(connect.dashboard_url(account))
    except (stripe.StripeError, PaymentsNotConfigured):
        return _stripe_unavailable(request)


# --- Stripe's webhook (outside the language prefix, no session, no CSRF token) ---------------------------


@csrf_exempt
@require_POST
def webhook(request):
    try:
        event = webhooks.verify(request.body, request.headers.get("Stripe-Signature"))
    except webhooks.InvalidWebhook as refused:
        return JsonResponse({"error": str(refused)}, status=400)
    try:
        outcome = webhooks.process(event)
    except (stripe.StripeError, PaymentsNotConfigured):
        # Stripe retries later; nothing of this event was kept (one transaction).
        logger.exception("payments: webhook %s %s could not be handled", event["type"], event["id"])
        return JsonResponse({"error": "temporarily unavailable"}, status=503)
    return JsonResponse({"received": True, "outcome": outcome})
