"""Editors changed a group, a cookie or their texts: drop the cached banner texts."""

from cookie_consent.models import Cookie, CookieGroup
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import selectors
from .models import CookieGroupText, CookieText


@receiver([post_save, post_delete], sender=CookieGroup)
@receiver([post_save, post_delete], sender=Cookie)
@receiver([post_save, post_delete], sender=CookieGroupText)
@receiver([post_save, post_delete], sender=CookieText)
def cookie_texts_changed(sender, **kwargs):
    selectors.invalidate_display()
    transaction.on_commit(selectors.invalidate_display)
