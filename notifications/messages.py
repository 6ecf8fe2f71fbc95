"""The content of each message, for one recipient, in their language and time zone: the
appointment messages, the payment receipt and refunds, the practitioner's daily summary.

Every kind becomes the same shape (subject, paragraphs, an optional list of linked lines, one
action), rendered by one template set (message.html and message.txt): the HTML and the text
always say the same thing. Health data never enters here: no reason for consulting, no approach
asked for, only who, when, how and how much.
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

from booking import ics, rooms
from common.i18n import content_language
from common.urls import absolute_url

CONFIRMED = "confirmed"
RESCHEDULED = "rescheduled"
CANCELLED = "cancelled"
PRACTITIONER_NEW = "practitioner_new"
PRACTITIONER_RESCHEDULED = "practitioner_rescheduled"
PRACTITIONER_CANCELLED = "practitioner_cancelled"
REMINDER = "reminder"  # stored as "reminder_<hours>h"
RECEIPT = "receipt"
REFUND = "refund"  # stored as "refund_<refund id>"

FOR_PRACTITIONER = {PRACTITIONER_NEW, PRACTITIONER_RESCHEDULED, PRACTITIONER_CANCELLED}


@dataclass
class Message:
    to: str
    language: str
    subject: str
    greeting: str
    paragraphs: list[str]
    # Lines each with its own link (the appointments of a daily summary): (text, url).
    items: list[tuple[str, str]] = field(default_factory=list)
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
    if getattr(user, "erased_at", None):
        # Erased since (privacy centre): the practitioner learns the date, not who, nor why.
        return str(_("Une personne qui a supprimé son compte"))
    return user.get_full_name() or user.email


def _reachable(user) -> bool:
    """An address we may write to: an erased account keeps a tombstone address that is not one."""
    return bool(user is not None and user.email and not getattr(user, "erased_at", None))


def _greeting(user) -> str:
    return _("Bonjour %(name)s,") % {"name": user.first_name} if user.first_name else _("Bonjour,")


def _page_url(appointment) -> str:
    return absolute_url(reverse("booking:appointment", kwargs={"reference": appointment.reference}))


def _ics(appointment, user) -> tuple[str, bytes, str]:
    return (ics.filename_for(appointment), ics.appointment_ics(appointment, for_user=user), ics.CONTENT_TYPE)


def _receipt_url(payment) -> str:
    return absolute_url(reverse("payments:receipt", kwargs={"reference": payment.reference}))


def _language_and_zone(user, zone_name: str | None = None) -> tuple[str, ZoneInfo]:
    return content_language(user.preferred_language), _zone(zone_name or user.time_zone)


def _tidy(message: Message) -> Message:
    message.subject = " ".join(str(message.subject).split())
    return message


def recipient_of(appointment, kind: str):
    """The account a message of `kind` goes to, or None (a practitioner without an account)."""
    if kind in FOR_PRACTITIONER:
        return appointment.practitioner.user
    return appointment.person


def build(appointment, kind: str, **extra) -> Message | None:
    recipient = recipient_of(appointment, kind)
    if not _reachable(recipient):
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
        _tidy(message)
    return message


def _room(appointment) -> list[str]:
    """The video room's address (booking.rooms: the room app registers it), if it has one."""
    room = rooms.link(appointment)
    if room is None:
        return []
    return [
        _("Salle de consultation vidéo, ouverte %(minutes)s minutes avant le début : %(url)s")
        % {"minutes": settings.CONSULTATION_ROOM_OPENS_MINUTES_BEFORE, "url": absolute_url(room.url)}
    ]


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
        *_room(appointment),
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
        *_room(appointment),
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
        *_room(appointment),
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
    message.paragraphs += _room(appointment)
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
        *_room(appointment),
    ]
    message.action_label = _("Voir mon rendez-vous")
    message.footer = [
        _("Vous ne souhaitez plus recevoir ces rappels ? %(url)s")
        % {"url": absolute_url(reverse("notifications:preferences"))}
    ]


# --- Money: to the person who paid ---------------------------------------------------------------


def receipt(payment) -> Message | None:
    """Amount, date, practitioner, receipt number and the receipt page: nothing else."""
    person = payment.person
    if not _reachable(person):
        return None
    language, zone = _language_and_zone(person)
    practitioner = payment.practitioner.display_name
    with translation.override(language):
        number = payment.receipt_number
        return _tidy(
            Message(
                to=person.email,
                language=language,
                subject=_("Paiement reçu — note d’honoraires n° %(number)s") % {"number": number},
                greeting=_greeting(person),
                paragraphs=[
                    _(
                        "Nous avons bien reçu votre paiement de %(amount)s pour votre consultation avec "
                        "%(practitioner)s."
                    )
                    % {"amount": euros(payment.amount_cents), "practitioner": practitioner},
                    _("Payé le : %(when)s") % {"when": when(payment.paid_at or timezone.now(), zone)},
                    _("Consultation : %(when)s") % {"when": when(payment.appointment.start, zone)},
                    _("Note d’honoraires n° %(number)s, à retrouver dans votre compte (Mes paiements).")
                    % {"number": number},
                ],
                action_label=_("Voir ma note d’honoraires"),
                action_url=_receipt_url(payment),
            )
        )


def refunded(refund) -> Message | None:
    payment = refund.payment
    person = payment.person
    if not _reachable(person):
        return None
    language, zone = _language_and_zone(person)
    with translation.override(language):
        values = {
            "amount": euros(refund.amount_cents),
            "practitioner": payment.practitioner.display_name,
            "when": when(payment.appointment.start, zone),
        }
        return _tidy(
            Message(
                to=person.email,
                language=language,
                subject=_("Remboursement de %(amount)s effectué") % values,
                greeting=_greeting(person),
                paragraphs=[
                    _(
                        "Un remboursement de %(amount)s a été effectué sur votre moyen de paiement pour "
                        "votre consultation avec %(practitioner)s du %(when)s."
                    )
                    % values,
                    _("Selon votre banque, il apparaît sur votre relevé sous quelques jours."),
                    _("Votre note d’honoraires n° %(number)s indique désormais ce remboursement.")
                    % {"number": payment.receipt_number},
                ],
                action_label=_("Voir ma note d’honoraires"),
                action_url=_receipt_url(payment),
            )
        )


# --- The practitioner's daily summary -------------------------------------------------------------


def daily_summary(practitioner, day, appointments) -> Message | None:
    """The day's appointments: time, person, first or follow-up, a link to each (where the
    consultation room is joined). Never built for an empty day: nothing is sent then."""
    user = practitioner.user
    if user is None or not user.email or not appointments:
        return None
    language, zone = _language_and_zone(user, practitioner.time_zone)
    with translation.override(language):
        local_day = date_format(day, "l j F Y")
        count = len(appointments)
        items = []
        for appointment in appointments:
            local = timezone.localtime(appointment.start, zone)
            items.append(
                (
                    _("%(time)s (%(minutes)s min) — %(person)s, %(visit)s")
                    % {
                        "time": time_format(local, "H:i"),
                        "minutes": appointment.duration_minutes,
                        "person": _person_name(appointment.person),
                        "visit": str(appointment.get_visit_display()).lower(),
                    },
                    _page_url(appointment),
                )
            )
        agenda = reverse("booking:agenda") + f"?vue=jour&jour={day.isoformat()}"
        return _tidy(
            Message(
                to=user.email,
                language=language,
                subject=ngettext(
                    "Votre agenda du %(day)s : %(count)s rendez-vous",
                    "Votre agenda du %(day)s : %(count)s rendez-vous",
                    count,
                )
                % {"day": local_day, "count": count},
                greeting=_greeting(user),
                paragraphs=[
                    ngettext(
                        "Voici votre rendez-vous du %(day)s (heures de %(zone)s) :",
                        "Voici vos %(count)s rendez-vous du %(day)s (heures de %(zone)s) :",
                        count,
                    )
                    % {"day": local_day, "count": count, "zone": zone.key}
                ],
                items=items,
                action_label=_("Ouvrir mon agenda"),
                action_url=absolute_url(agenda),
                footer=[
                    _("Vous ne souhaitez plus recevoir ce résumé ? %(url)s")
                    % {"url": absolute_url(reverse("notifications:preferences"))}
                ],
            )
        )


_BUILDERS = {
    CONFIRMED: _confirmed,
    RESCHEDULED: _rescheduled,
    CANCELLED: _cancelled,
    PRACTITIONER_NEW: _practitioner_new,
    PRACTITIONER_RESCHEDULED: _practitioner_rescheduled,
    PRACTITIONER_CANCELLED: _practitioner_cancelled,
    REMINDER: _reminder,
}
