"""Editors changed a group, a cookie or their texts: drop the cached banner texts. And the
signal other apps listen to when a visitor's decision is applied."""

from cookie_consent.models import Cookie, CookieGroup
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from . import selectors
from .models import CookieGroupText, CookieText

# Sent by services.apply_to_response with request, response and result (a DecisionResult) once
# the decision is in the response: an app whose own cookies or server-side data follow a group
# (audience's visit id) acts on a refusal at once, without consent importing it.
decision_applied = Signal()


@receiver([post_save, post_delete], sender=CookieGroup)
@receiver([post_save, post_delete], sender=Cookie)
@receiver([post_save, post_delete], sender=CookieGroupText)
@receiver([post_save, post_delete], sender=CookieText)
def cookie_texts_changed(sender, **kwargs):
    selectors.invalidate_display()
    transaction.on_commit(selectors.invalidate_display)
