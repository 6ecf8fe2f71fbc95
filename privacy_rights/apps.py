from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyRightsConfig(AppConfig):
    name = "privacy_rights"
    verbose_name = _("Droits des personnes")

    def ready(self):
        from booking import bookability

        from . import rules

        # Booking asks this without knowing this app (booking.bookability's registry).
        bookability.register_person_check(rules.booking_refusal)
