from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Cache des pages publiques")

    def ready(self):
        from . import signals  # noqa: F401
