"""Reads about accounts, with the permission rule next to the query."""

from django.db.models.fields.files import FieldFile

from .models import User


def profile_photo_for(*, viewer: User, owner_id: int) -> FieldFile | None:
    """The owner's photo, only when the viewer IS the owner; None otherwise (no photo, other user)."""
    if not viewer.is_authenticated or viewer.pk != owner_id or not viewer.photo:
        return None
    return viewer.photo
