from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("Intégrité des registres")

    def ready(self):
        from . import checks  # noqa: F401
