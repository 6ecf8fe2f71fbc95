from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Durées de conservation")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import services

        # Every deployment runs `migrate`: the daily chain of runs starts (again) from there.
        post_migrate.connect(services.ensure_daily_chain_after_migrate, sender=self)
