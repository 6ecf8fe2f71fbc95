"""The content of each appointment message, for one recipient, in their language and time zone.

Every kind becomes the same shape (subject, paragraphs, one action), rendered by one template
set (message.html and message.txt): the HTML and the text always say the same thing. Health data
never enters here: no reason for consulting, no approach asked for, only who, when and how.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from booking import ics
from common.i18n import content_language
from common.urls import absolute_url

CONFIRMED = "confirmed"
RESCHEDULED = "rescheduled"
CANCELLED = "cancelled"
PRACTITIONER_NEW = "practitioner_new"
PRACTITIONER_RESCHEDULED = "practitioner_rescheduled"
PRACTITIONER_CANCELLED = "practitioner_cancelled"
REMINDER = "reminder"  # stored as "reminder_<hours>h"

FOR_PRACTITIONER = {PRACTITIONER_NEW, PRACTITIONER_RESCHEDULED, PRACTITIONER_CANCELLED}


@dataclass
class Message:
    to: str
    language: str
    subject: str
    greeting: str
    paragraphs: list[str]
    action_label: str = ""
    action_url: str = ""
    footer: list[str] = field(default_factory=list)
    attachment: tuple[str, bytes, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # Other apps (the newsletter) extend the two templates' `content` block for the same look.
    template: str = "notifications/email/message"

    def email(self) -> EmailMultiAlternatives:
        context = {"message": self, "platform": settings.PLATFORM_NAME}
        with translation.override(self.language):
            text = render_to_string(f"{self.template}.txt", context)
            html = render_to_string(f"{self.template}.html", context)
        mail = EmailMultiAlternatives(self.subject, text, None, [self.to], headers=self.headers or None)
        mail.attach_alternative(html, "text/html")
        if self.attachment:
            mail.attach(*self.attachment)
        return mail


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def when(moment, zone: ZoneInfo) -> str:
    """ "lundi 11 janvier 2027 à 09:00 (Europe/Paris)": the zone is always written."""
    local = timezone.localtime(moment, zone)
    return _("%(date)s à %(time)s (%(zone)s)") % {
        "date": date_format(local, "l j F Y"),
        "time": time_format(local, "H:i"),
        "zone": zone.key,
    }


def euros(cents: int) -> str:
    amount = number_format(Decimal(cents) / 100, decimal_pos=2, force_grouping=True)
    return _("%(amount)s €") % {"amount": amount}


def _person_name(user) -> str:
    return user.get_full_name() or user.email


def _greeting(user) -> str:
    return _("Bonjour %(name)s,") % {"name": user.first_name} if user.first_name else _("Bonjour,")


def _page_url(appointment) -> str:
    return absolute_url(reverse("booking:appointment", kwargs={"reference": appointment.reference}))


def _ics(appointment, user) -> tuple[str, bytes, str]:
    return (ics.filename_for(appointment), ics.appointment_ics(appointment, for_user=user), ics.CONTENT_TYPE)


def recipient_of(appointment, kind: str):
    """The account a message of `kind` goes to, or None (a practitioner without an account)."""
    if kind in FOR_PRACTITIONER:
        return appointment.practitioner.user
    return appointment.person


def build(appointment, kind: str, **extra) -> Message | None:
    recipient = recipient_of(appointment, kind)
    if recipient is None or not recipient.email:
        return None
    language = content_language(recipient.preferred_language)
    if kind in FOR_PRACTITIONER:
        zone = _zone(appointment.practitioner.time_zone or recipient.time_zone)
    else:
        zone = _zone(recipient.time_zone)
    with translation.override(language):
        message = Message(
            to=recipient.email,
            language=language,
            subject="",
            greeting=_greeting(recipient),
            paragraphs=[],
            action_url=_page_url(appointment),
        )
        _BUILDERS[kind.split("_")[0] if kind.startswith(REMINDER) else kind](
            message, appointment, recipient, zone, **extra
        )
        message.subject = " ".join(str(message.subject).split())
    return message


def _details(appointment, zone) -> list[str]:
    return [
        _("Date : %(when)s") % {"when": when(appointment.start, zone)},
        _("Durée : %(minutes)s min, téléconsultation en vidéo.") % {"minutes": appointment.duration_minutes},
    ]


def _confirmed(message, appointment, person, zone, **extra):
    practitioner = appointment.practitioner.display_name
    message.subject = _("Rendez-vous confirmé avec %(practitioner)s") % {"practitioner": practitioner}
    message.paragraphs = [
        _("Votre rendez-vous avec %(practitioner)s est confirmé.") % {"practitioner": practitioner},
        *_details(appointment, zone),
        _("Le jour venu, rejoignez la salle de consultation depuis la page de votre rendez-vous."),
        _("Le fichier joint ajoute ce rendez-vous à votre agenda."),
    ]
    message.action_label = _("Voir mon rendez-vous")
    message.attachment = _ics(appointment, person)


def _rescheduled(message, appointment, person, zone, previous_start="", **extra):
    practitioner = appointment.practitioner.display_name
    message.subject = _("Rendez-vous déplacé avec %(practitioner)s") % {"practitioner": practitioner}
    message.paragraphs = [
        _("Votre rendez-vous avec %(practitioner)s a été déplacé.") % {"practitioner": practitioner}
    ]
    if previous_start:
        previous = datetime.fromisoformat(previous_start)
        message.paragraphs.append(_("Ancien horaire : %(when)s") % {"when": when(previous, zone)})
    message.paragraphs += [
        _("Nouvel horaire : %(when)s") % {"when": when(appointment.start, zone)},
        _("Le fichier joint met à jour ce rendez-vous dans votre agenda."),
    ]
    message.action_label = _("Voir mon rendez-vous")
    message.attachment = _ics(appointment, person)


def _cancelled(message, appointment, person, zone, refund_cents=0, by_practitioner=False, **extra):
    practitioner = appointment.practitioner.display_name
    message.subject = _("Rendez-vous annulé avec %(practitioner)s") % {"practitioner": practitioner}
    values = {"practitioner": practitioner, "when": when(appointment.start, zone)}
    if by_practitioner:
        text = _("Votre rendez-vous avec %(practitioner)s du %(when)s a été annulé par votre psychologue.")
    else:
        text = _("Votre rendez-vous avec %(practitioner)s du %(when)s a été annulé à votre demande.")
    message.paragraphs = [text % values]
    if refund_cents > 0:
        message.paragraphs.append(
            _("Un remboursement de %(amount)s sera versé sur votre moyen de paiement.")
            % {"amount": euros(refund_cents)}
        )
    message.paragraphs.append(_("Le fichier joint retire ce rendez-vous de votre agenda."))
    message.action_label = _("Voir mon rendez-vous")
    message.attachment = _ics(appointment, person)


def _practitioner_new(message, appointment, user, zone, **extra):
    person = _person_name(appointment.person)
    message.subject = _("Nouveau rendez-vous : %(person)s") % {"person": person}
    message.paragraphs = [
        _("%(person)s a réservé un rendez-vous avec vous (%(visit)s).")
        % {"person": person, "visit": appointment.get_visit_display()},
        *_details(appointment, zone),
    ]
    message.action_label = _("Voir le rendez-vous")
    message.attachment = _ics(appointment, user)


def _practitioner_rescheduled(message, appointment, user, zone, previous_start="", **extra):
    person = _person_name(appointment.person)
    message.subject = _("Rendez-vous déplacé : %(person)s") % {"person": person}
    message.paragraphs = [_("Le rendez-vous de %(person)s a été déplacé.") % {"person": person}]
    if previous_start:
        previous = datetime.fromisoformat(previous_start)
        message.paragraphs.append(_("Ancien horaire : %(when)s") % {"when": when(previous, zone)})
    message.paragraphs.append(_("Nouvel horaire : %(when)s") % {"when": when(appointment.start, zone)})
    message.action_label = _("Voir le rendez-vous")
    message.attachment = _ics(appointment, user)


def _practitioner_cancelled(message, appointment, user, zone, by_practitioner=False, **extra):
    person = _person_name(appointment.person)
    message.subject = _("Rendez-vous annulé : %(person)s") % {"person": person}
    values = {"person": person, "when": when(appointment.start, zone)}
    if by_practitioner:
        text = _("Vous avez annulé le rendez-vous de %(person)s du %(when)s.")
    else:
        text = _("%(person)s a annulé son rendez-vous du %(when)s.")
    message.paragraphs = [text % values, _("Ce créneau est de nouveau libre dans votre agenda.")]
    message.action_label = _("Voir le rendez-vous")
    message.attachment = _ics(appointment, user)


def _reminder(message, appointment, person, zone, hours=24, **extra):
    practitioner = appointment.practitioner.display_name
    delay = ngettext("dans %(hours)s heure", "dans %(hours)s heures", hours) % {"hours": hours}
    message.subject = _("Rappel : rendez-vous avec %(practitioner)s %(delay)s") % {
        "practitioner": practitioner,
        "delay": delay,
    }
    message.paragraphs = [
        _("Nous vous rappelons votre rendez-vous avec %(practitioner)s.") % {"practitioner": practitioner},
        *_details(appointment, zone),
        _("À l’heure du rendez-vous, rejoignez la salle de consultation depuis la page du rendez-vous."),
    ]
    message.action_label = _("Voir mon rendez-vous")
    message.footer = [
        _("Vous ne souhaitez plus recevoir ces rappels ? %(url)s")
        % {"url": absolute_url(reverse("notifications:preferences"))}
    ]


_BUILDERS = {
    CONFIRMED: _confirmed,
    RESCHEDULED: _rescheduled,
    CANCELLED: _cancelled,
    PRACTITIONER_NEW: _practitioner_new,
    PRACTITIONER_RESCHEDULED: _practitioner_rescheduled,
    PRACTITIONER_CANCELLED: _practitioner_cancelled,
    REMINDER: _reminder,
}
