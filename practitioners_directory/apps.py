from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _share_facts_on_publish(sender, instance, **kwargs):
    from .services import share_practitioner_facts

    share_practitioner_facts(instance)


class PractitionersDirectoryConfig(AppConfig):
    name = "practitioners_directory"
    verbose_name = _("Annuaire des praticiens")

    def ready(self):
        from wagtail.signals import page_published

        from .models import PractitionerPage

        page_published.connect(
            _share_facts_on_publish, sender=PractitionerPage, dispatch_uid="share_practitioner_facts"
        )
