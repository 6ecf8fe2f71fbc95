"""The person a privacy command is about, found by e-mail (a clear error, not a traceback)."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accounts.models import normalize_email_address


def person_by_email(email: str):
    address = normalize_email_address(email)
    if not address:
        raise CommandError(_("Indiquez l’adresse e-mail de la personne (--email)."))
    user = get_user_model().objects.filter(email__iexact=address).first()
    if user is None:
        raise CommandError(_("Aucun compte avec l’adresse %(email)s.") % {"email": address})
    return user
