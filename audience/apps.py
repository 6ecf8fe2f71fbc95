from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudienceConfig(AppConfig):
    name = "audience"
    verbose_name = _("Mesure d’audience")

    def ready(self):
        from . import signals  # noqa: F401
