from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siren(value: str) -> None:
    """A SIREN has nine digits and a Luhn check digit (spaces are tolerated for readability)."""
    if not value:
        return
    digits = value.replace(" ", "")
    if len(digits) != 9 or not digits.isdigit() or not _luhn_is_valid(digits):
        raise ValidationError(
            _("Saisissez un numéro SIREN valide : neuf chiffres, dont le dernier est une clé de contrôle."),
            code="invalid_siren",
        )
