"""Keep the cached legal state fresh and announce versions that need a new acceptance."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from . import selectors
from .models import LegalDocument, PolicyVersion


def _invalidate_after_commit() -> None:
    # Now for this transaction's own reads, and again after commit so that a request racing
    # the transaction cannot leave the old picture in the cache.
    selectors.invalidate_legal_state()
    transaction.on_commit(selectors.invalidate_legal_state)


@receiver(published)
def version_published(sender, instance, **kwargs):
    if not isinstance(instance, PolicyVersion):
        return
    _invalidate_after_commit()
    if instance.requires_reacceptance and instance.locale.language_code == selectors.authoritative_language():
        from .tasks import notify_version_published

        version_id = instance.pk
        transaction.on_commit(lambda: notify_version_published.enqueue(version_id=version_id))


@receiver(unpublished)
def version_unpublished(sender, instance, **kwargs):
    if isinstance(instance, PolicyVersion):
        _invalidate_after_commit()


@receiver(post_save, sender=PolicyVersion)
@receiver(post_delete, sender=PolicyVersion)
@receiver(post_save, sender=LegalDocument)
def legal_content_changed(sender, **kwargs):
    _invalidate_after_commit()
