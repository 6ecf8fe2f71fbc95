"""What invalidates stored pages: one generation bump for any change a public page may show.

Pages (publish, unpublish, move, delete), anything published through Wagtail (legal versions),
snippets and settings (saved or deleted), sites and locales, images and documents, the cookie
groups the banner lists, and a profile's slots (every appointment change, schedules and their
exceptions). What changes with time alone is handled by pagecache.expiry.
"""

from functools import lru_cache

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from booking import signals as booking_signals

from .generation import bump_now_and_after_commit

# Shown on public pages without being snippets or settings (app_label.ModelName).
EXTRA_MODELS = (
    "wagtailcore.Page",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "legal.LegalDocument",
    "legal.PolicyVersion",
    "cookie_consent.CookieGroup",
    "cookie_consent.Cookie",
    "booking.Appointment",
    "booking.Schedule",
    "booking.WeeklyRange",
    "booking.DateOverride",
    "practitioners_directory.Practitioner",
)


@lru_cache(maxsize=1)
def watched_models() -> frozenset:
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.snippets.models import get_snippet_models

    models = set(get_snippet_models()) | set(settings_registry)
    models.update(apps.get_model(label) for label in EXTRA_MODELS)
    # An image or a document replaced, renamed or deleted: pages show its file's URL (renditions,
    # which pages create as they render, are not watched).
    models.update((get_image_model(), get_document_model()))
    return frozenset(models)


def _is_watched(sender) -> bool:
    from wagtail.models import Page

    return sender in watched_models() or (isinstance(sender, type) and issubclass(sender, Page))


@lru_cache(maxsize=1)
def settings_models() -> frozenset:
    from wagtail.contrib.settings.registry import registry as settings_registry

    return frozenset(settings_registry)


@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures
        return
    # A settings row is created with its defaults on the first page view (Wagtail's for_site):
    # the page already showed those. An editor's save comes after, as an update.
    if kwargs.get("created") and sender in settings_models():
        return
    if _is_watched(sender):
        bump_now_and_after_commit()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(published)
@receiver(unpublished)
@receiver(booking_signals.appointment_held)
@receiver(booking_signals.appointment_confirmed)
@receiver(booking_signals.appointment_cancelled)
@receiver(booking_signals.appointment_rescheduled)
def content_changed(sender, **kwargs):
    bump_now_and_after_commit()
