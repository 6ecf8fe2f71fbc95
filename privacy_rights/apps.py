from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyRightsConfig(AppConfig):
    name = "privacy_rights"
    verbose_name = _("Droits des personnes")

    def ready(self):
        from booking import bookability

        from . import rules

        # Booking asks these without knowing this app (booking.bookability's registries).
        bookability.register_person_check(rules.booking_refusal)
        bookability.register(rules.practitioners_not_restricted)
