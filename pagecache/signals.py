"""What invalidates stored pages: one generation bump for any change a public page may show.

Pages (publish, unpublish, move, delete), anything published through Wagtail (legal versions),
snippets and settings (saved or deleted), sites and locales, images and documents, the cookie
groups the banner lists. A practitioner's free slots (every appointment change, their schedule
and its exceptions) bump only the slot scopes: their profile and the directory, the most
frequent change leaves the other pages stored. What changes with time alone is handled by
pagecache.expiry.
"""

from functools import lru_cache

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from . import frontend
from .dependencies import changed_slot_scopes
from .generation import bump_now_and_after_commit, bump_scopes_now_and_after_commit

# Every slot change saves an appointment, a schedule, a weekly range or an exception (booking's
# services never update them in bulk): their post_save is enough, booking's signals add nothing.

# Change a practitioner's free slots only: {app_label.ModelName: the practitioner id of a row}.
SLOT_MODELS = {
    "booking.Appointment": lambda row: row.practitioner_id,
    "booking.Schedule": lambda row: row.practitioner_id,
    "booking.WeeklyRange": lambda row: _schedule_practitioner(row),
    "booking.DateOverride": lambda row: _schedule_practitioner(row),
}

# Shown on public pages without being snippets or settings (app_label.ModelName).
EXTRA_MODELS = (
    "wagtailcore.Page",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "legal.LegalDocument",
    "legal.PolicyVersion",
    "cookie_consent.CookieGroup",
    "cookie_consent.Cookie",
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
        return
    practitioner_of = slot_models().get(sender)
    if practitioner_of is not None:
        practitioner_id = practitioner_of(kwargs["instance"])
        if practitioner_id is None:  # its schedule is already gone: no telling whose, so all
            bump_now_and_after_commit()
        else:
            _slots_changed(practitioner_id)


@lru_cache(maxsize=1)
def slot_models() -> dict:
    return {apps.get_model(label): practitioner_of for label, practitioner_of in SLOT_MODELS.items()}


def _schedule_practitioner(row):
    """The practitioner of a weekly range's or an exception's schedule: the schedule the admin's
    form saved them with, else one query (None when the schedule is already gone)."""
    from booking.models import Schedule

    schedule = type(row)._meta.get_field("schedule").get_cached_value(row, default=None)
    if schedule is not None:
        return schedule.practitioner_id
    return Schedule.objects.filter(pk=row.schedule_id).values_list("practitioner_id", flat=True).first()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(published)
@receiver(unpublished)
def content_changed(sender, **kwargs):
    bump_now_and_after_commit()


def _slots_changed(practitioner_id) -> None:
    bump_scopes_now_and_after_commit(changed_slot_scopes(practitioner_id))
    frontend.ban_slot_pages_after_commit(practitioner_id)
