"""Use-cases that change accounts. Views call these; they never write users themselves."""

import uuid
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from .models import User
from .validators import PROFILE_PHOTO_FORMATS, validate_profile_photo

PROFILE_FIELDS = ("first_name", "last_name", "gender", "postal_code", "preferred_language", "time_zone")
PROFILE_PHOTO_MAX_SIDE = 1024


def _reencoded_photo(photo, image_format: str) -> ContentFile:
    """Re-encode the upload: drops EXIF metadata (GPS position...) and anything hidden in the file."""
    photo.seek(0)
    with Image.open(photo) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((PROFILE_PHOTO_MAX_SIDE, PROFILE_PHOTO_MAX_SIDE))
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = BytesIO()
        image.save(buffer, format=image_format)
    extension = PROFILE_PHOTO_FORMATS[image_format][1]
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def _delete_file_later(storage, name: str) -> None:
    # Only once the new state is committed: a rolled-back update keeps its photo.
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def update_profile(*, user: User, data: dict, photo=None) -> User:
    """Write the profile fields found in ``data``; replace or remove the photo.

    ``data`` holds cleaned values (ProfileForm.cleaned_data); unknown keys are ignored,
    ``remove_photo=True`` deletes the current photo. A ``photo`` is checked again here
    (JPEG/PNG/WebP, 5 MB) because this function, not the form, owns the rule.
    """
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    user.full_clean(exclude=["password", "photo"], validate_unique=False)

    old_photo_name = user.photo.name if user.photo else ""
    if photo:
        image_format = validate_profile_photo(photo)
        content = _reencoded_photo(photo, image_format)
        user.photo.save(content.name, content, save=False)
    elif data.get("remove_photo"):
        user.photo = ""
    user.save()

    if old_photo_name and old_photo_name != (user.photo.name or ""):
        _delete_file_later(user.photo.storage, old_photo_name)
    return user
