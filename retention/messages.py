"""The e-mail that warns an inactive person, in their language and zone, with the look of every
other message of the platform (notifications' Message and its two templates)."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.i18n import content_language
from common.urls import absolute_url
from notifications.messages import Message


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def inactivity_warning(user, warning) -> Message:
    """ "Your account will be anonymised on DATE unless you sign in"; the date is the warning's,
    fixed when it is sent (a later change of the delay does not move a date already announced)."""
    language = content_language(user.preferred_language)
    zone = _zone(user.time_zone)
    with translation.override(language):
        on = date_format(timezone.localtime(warning.anonymise_after, zone), "j F Y")
        since = date_format(timezone.localtime(warning.inactive_since, zone), "j F Y")
        return Message(
            to=user.email,
            language=language,
            subject=_("Votre compte %(platform)s sera anonymisé le %(date)s sauf si vous vous connectez")
            % {"platform": settings.PLATFORM_NAME, "date": on},
            greeting=_("Bonjour %(name)s,") % {"name": user.first_name} if user.first_name else _("Bonjour,"),
            paragraphs=[
                _("Vous ne vous êtes pas connecté à votre compte depuis le %(date)s.") % {"date": since},
                _(
                    "Nous ne gardons pas indéfiniment les données des comptes inactifs : sans connexion "
                    "de votre part, votre compte sera anonymisé le %(date)s. Vos nom, adresse e-mail, "
                    "téléphone, photo, motifs de consultation et messages seront alors effacés, de façon "
                    "irréversible ; ce que la loi nous impose de garder (vos paiements, les preuves de "
                    "vos consentements) sera conservé sans permettre de vous identifier."
                )
                % {"date": on},
                _("Pour garder votre compte, il suffit de vous connecter avant cette date."),
            ],
            action_label=_("Me connecter"),
            action_url=absolute_url(reverse("account_login")),
            footer=[
                _(
                    "Vous recevez ce message parce que votre compte est inactif depuis longtemps. "
                    "Pour toute question, écrivez à notre délégué à la protection des données."
                )
            ],
        )
