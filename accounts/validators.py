import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Metropolitan départements 01-95 (incl. Corsica 20), overseas 971-976 and 98x, Monaco 980.
FRENCH_POSTAL_CODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|97[1-6]|98[0-9])\d{3}$")


def validate_french_postal_code(value: str) -> None:
    if not FRENCH_POSTAL_CODE.match(value or ""):
        raise ValidationError(
            _("Saisissez un code postal français à 5 chiffres, par exemple 75011."),
            code="invalid_postal_code",
        )
