"""Wagtail admin, menu "Rendez-vous": agendas edited with their inline ranges and exceptions, the
read-only appointments listing (filters, inspect, CSV/XLSX export, never the reason), the
dedicated permission, the booking settings."""

import json
import re
from datetime import date, time, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.factories import SuperUserFactory, UserFactory
from booking.models import Appointment, BookingSettings, DateOverride, Schedule, WeeklyRange
from practitioners_directory.models import Methodology, Practitioner
from tests.export_helpers import csv_rows, xlsx_rows
from tests.practitioners_directory.factories import make_practitioner

from .conftest import at

pytestmark = pytest.mark.django_db

SCHEDULES = "/admin/rendez-vous/agendas/"
APPOINTMENTS = "/admin/rendez-vous/liste/"
REASON = "Idées noires récurrentes depuis le décès de mon frère"


@pytest.fixture
def admin_client(client, db):
    client.force_login(SuperUserFactory(email="editrice.rdv@example.fr"))
    return client


def book(practitioner, person, start, *, status=Appointment.Status.CONFIRMED, **fields):
    """A row as the services leave it (the services themselves are tested elsewhere)."""
    end = start + timedelta(minutes=practitioner.consultation_minutes)
    values = {
        "visit": Appointment.Visit.FIRST,
        "reason": REASON,
        "price_cents": practitioner.price_cents,
        **fields,
    }
    return Appointment.objects.create(
        practitioner=practitioner,
        person=person,
        start=start,
        end=end,
        blocked_start=start,
        blocked_end=end + timedelta(minutes=10),
        status=status,
        **values,
    )


@pytest.fixture
def appointments(practitioner, person, other_person):
    methodology = Methodology.objects.create(name="EMDR", name_en="EMDR", slug="emdr-admin")
    return {
        "confirmed": book(practitioner, person, at(1), methodology=methodology),
        "cancelled": book(
            practitioner,
            other_person,
            at(2),
            status=Appointment.Status.CANCELLED_BY_USER,
            visit=Appointment.Visit.FOLLOW_UP,
        ),
        "later": book(practitioner, person, at(1, days=14)),
    }


def _content(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _main(response) -> str:
    """The page's own content (Wagtail's chrome has CSS classes like "None")."""
    html = _content(response)
    return html[html.index("<main") : html.index("</main>")]


def _menu(response) -> dict[str, str]:
    """{menu item name: label} for every item of the admin's sidebar, submenus included."""
    html = _content(response)
    start = html.index('<script id="wagtail-sidebar-props" type="application/json">')
    props = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    found = {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and isinstance(node.get("label"), str):
                found[node["name"]] = node["label"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return found


# --- Agendas ---------------------------------------------------------------------------------------


def schedule_form(practitioner, ranges, overrides=(), **rules):
    return nested_form_data(
        {
            "practitioner": str(practitioner.pk),
            "buffer_before_minutes": "0",
            "buffer_after_minutes": "10",
            "minimum_notice_hours": "24",
            "horizon_days": "60",
            "slot_step_minutes": "60",
            **rules,
            "weekly_ranges": inline_formset(list(ranges)),
            "overrides": inline_formset(list(overrides)),
        }
    )


def test_the_agendas_listing_summarises_each_week(admin_client, practitioner):
    html = _content(admin_client.get(SCHEDULES))
    assert "Léa Moreau" in html
    assert "lun. 09:00–12:00, 14:00–18:00" in html
    assert "24 h" in html


def test_an_editor_creates_an_agenda_with_weekly_ranges_and_a_day_off(admin_client, directory):
    page = make_practitioner(directory, first_name="Paul", last_name="Girard")
    newcomer = Practitioner.objects.get(pk=page.practitioner_id)
    assert _content(admin_client.get(f"{SCHEDULES}new/"))

    response = admin_client.post(
        f"{SCHEDULES}new/",
        schedule_form(
            newcomer,
            [
                {"weekday": "0", "start_time": "09:00", "end_time": "12:00"},
                {"weekday": "0", "start_time": "14:00", "end_time": "19:00"},
                {"weekday": "5", "start_time": "09:00", "end_time": "12:00"},
            ],
            [{"kind": "unavailable", "start_date": "2027-05-01", "end_date": "", "note": "Férié"}],
            minimum_notice_hours="48",
        ),
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    schedule = Schedule.objects.get(practitioner=newcomer)
    assert schedule.minimum_notice_hours == 48
    assert sorted(schedule.weekly_ranges.values_list("weekday", "start_time", "end_time")) == [
        (0, time(9), time(12)),
        (0, time(14), time(19)),
        (5, time(9), time(12)),
    ]
    (day_off,) = schedule.overrides.all()
    assert (day_off.kind, day_off.start_date, day_off.end_date) == ("unavailable", date(2027, 5, 1), None)


def test_an_editor_edits_an_agenda_removing_and_adding_ranges(admin_client, practitioner):
    schedule = practitioner.schedule
    monday_morning, *others = schedule.weekly_ranges.order_by("weekday", "start_time")
    assert _content(admin_client.get(f"{SCHEDULES}edit/{schedule.pk}/"))
    kept = [
        {"id": str(r.pk), "weekday": str(r.weekday), "start_time": f"{r.start_time:%H:%M}",
         "end_time": f"{r.end_time:%H:%M}"}
        for r in others
    ]  # fmt: skip
    removed = {
        "id": str(monday_morning.pk),
        "weekday": "0",
        "start_time": "09:00",
        "end_time": "12:00",
        "DELETE": "1",
    }
    added = {"weekday": "5", "start_time": "10:00", "end_time": "13:00"}
    data = schedule_form(practitioner, [removed, *kept, added], buffer_after_minutes="15")
    data["weekly_ranges-INITIAL_FORMS"] = str(1 + len(kept))

    response = admin_client.post(f"{SCHEDULES}edit/{schedule.pk}/", data)

    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.buffer_after_minutes == 15
    assert not WeeklyRange.objects.filter(pk=monday_morning.pk).exists()
    assert schedule.weekly_ranges.filter(weekday=5, start_time=time(10), end_time=time(13)).exists()
    assert schedule.weekly_ranges.count() == len(kept) + 1


def test_a_range_ending_before_it_starts_is_refused_with_a_french_message(admin_client, practitioner):
    schedule = practitioner.schedule
    data = schedule_form(
        practitioner,
        [{"weekday": "2", "start_time": "18:00", "end_time": "09:00"}],
        [{"kind": "extra", "start_date": "2027-02-03", "start_time": "", "end_time": "", "note": ""}],
    )
    data["weekly_ranges-INITIAL_FORMS"] = "0"

    response = admin_client.post(f"{SCHEDULES}edit/{schedule.pk}/", data)

    html = _content(response)
    assert "L’heure de fin doit être après l’heure de début." in html
    assert not schedule.weekly_ranges.filter(weekday=2, start_time=time(18)).exists()
    assert not DateOverride.objects.filter(schedule=schedule).exists()


# --- Appointments ----------------------------------------------------------------------------------


def test_the_listing_is_readable_and_never_shows_the_reason(admin_client, appointments):
    response = admin_client.get(APPOINTMENTS)
    assert "idées noires" not in _content(response).lower()
    html = _main(response)

    assert "11 janvier 2027 10:00" in html  # 09:00 UTC, read in Paris
    assert "Confirmé" in html
    assert "Annulé par le patient" in html
    assert "Première consultation" in html
    assert "Consultation de suivi" in html
    assert "Jules Bernard" in html
    assert "EMDR" in html
    assert "60 €" in html
    assert "2027-01-11" not in html
    assert not re.search(r">\s*None\s*<", html)
    assert "idées noires" not in html.lower()
    assert "Motif" not in html
    inspect_url = f"{APPOINTMENTS}inspect/{appointments['confirmed'].pk}/"
    assert inspect_url in html
    assert f"{APPOINTMENTS}new/" not in html
    assert f"{APPOINTMENTS}edit/" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "confirmed"}, {"confirmed", "later"}),
        ({"status": "cancelled_by_user"}, {"cancelled"}),
        ({"visit": "follow_up"}, {"cancelled"}),
        ({"start_from": "2027-01-11", "start_to": "2027-01-11"}, {"confirmed", "cancelled"}),
        ({"start_from": "2027-01-20"}, {"later"}),
        ({"q": "autre.patient"}, {"cancelled"}),
    ],
)
def test_the_listing_filters(admin_client, appointments, query, expected):
    response = admin_client.get(APPOINTMENTS, query)
    assert response.status_code == 200
    shown = {a.pk for a in response.context["object_list"]}
    assert shown == {appointments[name].pk for name in expected}


def test_the_practitioner_filter(admin_client, appointments, directory, person):
    page = make_practitioner(directory, first_name="Paul", last_name="Girard")
    other = Practitioner.objects.get(pk=page.practitioner_id)
    theirs = book(other, person, at(5))

    response = admin_client.get(APPOINTMENTS, {"practitioner": other.pk})

    assert [a.pk for a in response.context["object_list"]] == [theirs.pk]


def test_the_inspect_view_is_readable_with_its_history_and_without_the_reason(
    admin_client, appointments, person
):
    appointment = appointments["confirmed"]
    appointment.transitions.create(from_status="", to_status="held", by=person, note=REASON)
    appointment.transitions.create(from_status="held", to_status="confirmed", note=REASON)

    response = admin_client.get(f"{APPOINTMENTS}inspect/{appointment.pk}/")
    assert "idées noires" not in _content(response).lower()
    html = _main(response)

    assert str(appointment.reference) in html
    assert "11 janvier 2027 10:00" in html
    assert "11 janvier 2027 10:50" in html
    assert "50 min" in html
    assert "patient.booking@example.fr" in html
    assert "En attente de paiement → Confirmé" in html
    assert "le système" in html
    assert "idées noires" not in html.lower()
    assert not re.search(r">\s*None\s*<", html)
    assert "2027-01-11" not in html


def test_nobody_adds_edits_or_deletes_an_appointment_in_the_admin(admin_client, appointments):
    appointment = appointments["confirmed"]
    assert admin_client.get(f"{APPOINTMENTS}new/").status_code == 302
    assert admin_client.get(f"{APPOINTMENTS}edit/{appointment.pk}/").status_code == 302
    assert (
        admin_client.post(f"{APPOINTMENTS}edit/{appointment.pk}/", {"visit": "follow_up"}).status_code == 302
    )
    assert admin_client.post(f"{APPOINTMENTS}delete/{appointment.pk}/").status_code == 302
    appointment.refresh_from_db()
    assert appointment.visit == Appointment.Visit.FIRST


def test_the_csv_export_follows_the_filters_and_never_has_the_reason(admin_client, appointments):
    response = admin_client.get(APPOINTMENTS, {"status": "confirmed", "export": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="rendez-vous.csv"'
    assert "no-store" in response["Cache-Control"]
    heading, *rows = csv_rows(response)
    body = ",".join(heading + [cell for row in rows for cell in row]).lower()
    assert "motif" not in body
    assert "idées noires" not in body
    assert len(rows) == 2
    by_reference = {row[0]: dict(zip(heading, row, strict=True)) for row in rows}
    row = by_reference[str(appointments["confirmed"].reference)]
    assert row["Début (UTC)"] == "2027-01-11T09:00:00+00:00"
    assert row["Début (heure de Paris)"] == "11/01/2027 10:00"
    assert row["Durée (minutes)"] == "50"
    assert row["Statut"] == "Confirmé"
    assert row["Type de consultation"] == "Première consultation"
    assert row["Praticien"] == "Léa Moreau"
    assert row["E-mail du patient"] == "patient.booking@example.fr"
    assert row["Approche souhaitée"] == "EMDR"
    assert row["Tarif (€)"] == "60.00"


def test_the_xlsx_export_never_has_the_reason(admin_client, appointments):
    rows = xlsx_rows(admin_client.get(APPOINTMENTS, {"export": "xlsx"}))

    assert len(rows) == 1 + len(appointments)
    cells = " ".join(str(cell) for row in rows for cell in row).lower()
    assert "motif" not in cells
    assert "idées noires" not in cells


# --- Who may see them ------------------------------------------------------------------------------


def _staff(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(codename__in=codenames),
    )
    return user


def test_staff_without_the_permission_cannot_see_or_export_appointments(client, appointments):
    client.force_login(_staff("view_schedule"))
    pk = appointments["confirmed"].pk
    for url in (APPOINTMENTS, f"{APPOINTMENTS}inspect/{pk}/", f"{APPOINTMENTS}?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert not getattr(response, "streaming", False)
    menu = _menu(client.get(reverse("wagtailadmin_home")))
    assert "booking-appointments" not in menu
    assert menu["booking-schedules"] == "Agendas"


def test_staff_with_the_permission_read_and_export_but_do_not_edit(client, appointments):
    client.force_login(_staff("view_appointment"))
    pk = appointments["confirmed"].pk

    assert "Jules Bernard" in _content(client.get(APPOINTMENTS))
    assert _content(client.get(f"{APPOINTMENTS}inspect/{pk}/"))
    assert client.get(APPOINTMENTS, {"export": "csv"}).status_code == 200
    assert client.get(f"{APPOINTMENTS}edit/{pk}/").status_code == 302
    assert "booking-appointments" in _menu(client.get(reverse("wagtailadmin_home")))


def test_a_signed_in_person_who_is_not_staff_is_kept_out(client, appointments, person):
    client.force_login(person)
    response = client.get(APPOINTMENTS)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- Menu and settings -----------------------------------------------------------------------------


def test_the_rendez_vous_menu_groups_appointments_agendas_and_settings(admin_client):
    menu = _menu(admin_client.get(reverse("wagtailadmin_home")))
    assert menu["booking"] == "Rendez-vous"
    assert menu["booking-appointments"] == "Rendez-vous"
    assert menu["booking-schedules"] == "Agendas"
    assert menu["booking-settings"] == "Réservation"
    # …and in Paramètres, under its French name.
    assert menu["reservation"] == "Réservation"


def test_an_editor_changes_the_free_cancellation_delay(client, db):
    editor = _staff("change_bookingsettings")
    client.force_login(editor)
    url = reverse("wagtailsettings:edit", args=["booking", "bookingsettings"])
    response = client.get(url, follow=True)
    html = _content(response)
    assert "annulation remboursée jusqu’à (heures avant)" in html.lower()

    response = client.post(response.redirect_chain[-1][0] if response.redirect_chain else url, {
        "free_cancellation_hours": "48"
    })  # fmt: skip

    assert response.status_code == 302
    assert BookingSettings.load().free_cancellation_hours == 48
