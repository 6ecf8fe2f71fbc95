from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PractitionersDirectoryConfig(AppConfig):
    name = "practitioners_directory"
    verbose_name = _("Annuaire des praticiens")
