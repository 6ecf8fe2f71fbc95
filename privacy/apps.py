from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Données personnelles")

    def ready(self):
        from . import checks, registry  # noqa: F401

        # Each app's `<app>/privacy.py` registers what it holds about a person.
        registry.autodiscover()
