import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Five digits: metropolitan départements 01-95 (Corsica is 20xxx) + 3 digits,
# or overseas 971-976 / 98x (incl. Monaco 980) + 2 digits.
FRENCH_POSTAL_CODE = re.compile(r"^(?:(?:0[1-9]|[1-8]\d|9[0-5])\d{3}|(?:97[1-6]|98\d)\d{2})$")

PROFILE_PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Pillow format name -> (MIME type, file extension). The content decides, never the file name.
PROFILE_PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


def validate_french_postal_code(value: str) -> None:
    if not FRENCH_POSTAL_CODE.match(value or ""):
        raise ValidationError(
            _("Saisissez un code postal français à 5 chiffres, par exemple 75011."),
            code="invalid_postal_code",
        )


def detect_image_format(file) -> str | None:
    """Return the Pillow format of an image file judged by its content, or None."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return None
    finally:
        file.seek(0)
    return image_format


def validate_profile_photo(file) -> str:
    """Accept only real JPEG, PNG or WebP images of at most 5 MB; return the format name."""
    if file.size is not None and file.size > PROFILE_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("La photo pèse %(size)s : la taille maximale est de 5 Mo. Choisissez une image plus légère."),
            code="photo_too_large",
            params={"size": filesizeformat(file.size)},
        )
    image_format = detect_image_format(file)
    if image_format is None:
        raise ValidationError(
            _("Ce fichier n’est pas une image lisible. Choisissez une photo au format JPEG, PNG ou WebP."),
            code="photo_not_an_image",
        )
    if image_format not in PROFILE_PHOTO_FORMATS:
        raise ValidationError(
            _("Le format %(format)s n’est pas accepté. Choisissez une photo JPEG, PNG ou WebP."),
            code="photo_format",
            params={"format": image_format},
        )
    return image_format
