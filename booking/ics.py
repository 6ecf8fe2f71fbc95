"""The calendar file (RFC 5545) of one appointment, for the person or for the practitioner.

Calendars recognise an event by its UID and keep the copy with the highest SEQUENCE: the UID is
the appointment's reference (it never changes), SEQUENCE is `appointment.sequence` (raised by
every change of time or status), so importing the file again after a move updates the event,
and a cancelled appointment (STATUS:CANCELLED) is removed. Times are written in UTC: no time
zone table to get wrong. The reason for consulting (health data) is never written here.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from common.urls import site_root_url

from .models import Appointment

PRODID = "-//PsyConsult//Rendez-vous//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"

# What a calendar does with the event: keep it, keep it as tentative, or remove it.
_ICS_STATUS = {
    Appointment.Status.HELD: "TENTATIVE",
    Appointment.Status.CONFIRMED: "CONFIRMED",
    Appointment.Status.COMPLETED: "CONFIRMED",
    Appointment.Status.NO_SHOW: "CONFIRMED",
    Appointment.Status.CANCELLED_BY_USER: "CANCELLED",
    Appointment.Status.CANCELLED_BY_PRACTITIONER: "CANCELLED",
    Appointment.Status.EXPIRED: "CANCELLED",
}


def site_domain() -> str:
    return urlsplit(site_root_url()).hostname or "localhost"


def uid_for(appointment: Appointment) -> str:
    """Stable for the appointment's whole life, whatever changes (time, status, language)."""
    return f"{appointment.reference}@{site_domain()}"


def filename_for(appointment: Appointment) -> str:
    return f"rendez-vous-{appointment.reference}.ics"


def appointment_path(appointment: Appointment) -> str | None:
    """The appointment's page, or None while no view is named `booking:appointment`."""
    try:
        return reverse("booking:appointment", kwargs={"reference": appointment.reference})
    except NoReverseMatch:
        return None


def _language_of(user) -> str:
    return getattr(user, "preferred_language", None) or translation.get_language() or "fr"


def _person_name(appointment: Appointment) -> str:
    person = appointment.person
    return person.get_full_name() or person.email


def _summary(appointment: Appointment, *, for_practitioner: bool) -> str:
    if for_practitioner:
        return _("Consultation : %(person)s") % {"person": _person_name(appointment)}
    return _("Consultation avec %(practitioner)s") % {"practitioner": appointment.practitioner}


def _description(appointment: Appointment, url: str | None) -> str:
    lines = [
        f"{appointment.get_visit_display()} — {appointment.duration_minutes} min",
        _("Statut : %(status)s") % {"status": appointment.get_status_display()},
    ]
    if url:
        lines.append(_("Votre rendez-vous et la salle de consultation : %(url)s") % {"url": url})
    return "\n".join(lines)


def appointment_ics(appointment: Appointment, *, for_user) -> bytes:
    """One VEVENT (METHOD:PUBLISH) in the language of `for_user`, who must be a party of the
    appointment (the caller checks; see selectors.appointment_for)."""
    for_practitioner = for_user is not None and for_user.pk == appointment.practitioner.user_id
    with translation.override(_language_of(for_user)):
        path = appointment_path(appointment)
        url = site_root_url() + path if path else None
        event = Event()
        event.add("uid", uid_for(appointment))
        event.add("sequence", appointment.sequence)
        event.add("dtstamp", timezone.now().astimezone(UTC))
        event.add("created", appointment.created_at.astimezone(UTC))
        event.add("dtstart", appointment.start.astimezone(UTC))
        event.add("dtend", appointment.end.astimezone(UTC))
        event.add("summary", _summary(appointment, for_practitioner=for_practitioner))
        event.add("description", _description(appointment, url))
        event.add("location", _("Téléconsultation en vidéo"))
        event.add("status", _ICS_STATUS[appointment.status])
        event.add("transp", "TRANSPARENT" if _ICS_STATUS[appointment.status] == "CANCELLED" else "OPAQUE")
        if url:
            event.add("url", url)
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add_component(event)
    return calendar.to_ical()
