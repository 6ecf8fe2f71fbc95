from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations"
    verbose_name = _("Consultations vidéo")

    def ready(self):
        # Booking's pages and messages link to the room without knowing this app.
        from booking import rooms

        from . import selectors

        rooms.register(selectors)
