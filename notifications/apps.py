from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from booking import signals
        from payments import signals as payment_signals

        from . import receivers

        signals.appointment_confirmed.connect(receivers.on_confirmed, dispatch_uid="notify-confirmed")
        signals.appointment_cancelled.connect(receivers.on_cancelled, dispatch_uid="notify-cancelled")
        signals.appointment_rescheduled.connect(receivers.on_rescheduled, dispatch_uid="notify-rescheduled")
        payment_signals.payment_succeeded.connect(receivers.on_payment_succeeded, dispatch_uid="notify-paid")
        payment_signals.refund_issued.connect(receivers.on_refund_issued, dispatch_uid="notify-refunded")
