from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _checkout_url(appointment) -> str:
    from django.urls import reverse

    return reverse("payments:checkout", kwargs={"reference": appointment.reference})


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Paiements")

    def ready(self):
        from booking import bookability, signals
        from booking import checkout as booking_checkout

        from . import connect, refunds

        # Not bookable while the practitioner's Stripe account cannot take payments.
        bookability.register(connect.bookable_practitioners)
        # A held appointment goes to its payment page.
        booking_checkout.register(_checkout_url)
        # Refunds by the cancellation policy.
        signals.appointment_cancelled.connect(
            refunds.on_appointment_cancelled, dispatch_uid="payments_refund"
        )
