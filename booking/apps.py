from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _has_live_profile(practitioners) -> set[int]:
    from practitioners_directory.models import PractitionerPage

    ids = [p.pk for p in practitioners]
    return set(
        PractitionerPage.objects.live()
        .filter(practitioner_id__in=ids)
        .values_list("practitioner_id", flat=True)
    )


class BookingConfig(AppConfig):
    name = "booking"
    verbose_name = _("Rendez-vous")

    def ready(self):
        from . import bookability

        bookability.register(_has_live_profile)
