"""Wagtail admin, menu "Rendez-vous": practitioners' agendas (editable), the appointments
(read-only, filters, CSV/XLSX export) and the booking settings.

The reason for consulting is health data: it appears in no listing, inspect view, search or
export here (only the two parties read it, on the site).
"""

from functools import cached_property
from zoneinfo import ZoneInfo

import django_filters
from django.db.models import DurationField, ExpressionWrapper, F
from django.utils import formats
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.registry import SettingMenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from common.admin import ReadableValuesMixin, readable
from legal.exports import EvidenceExportMixin, ExportColumn
from practitioners_directory.fields import cents_to_euros
from practitioners_directory.models import Practitioner
from practitioners_directory.templatetags.practitioners_tags import euros

from .models import Appointment, BookingSettings, Schedule, Weekday

# Who may read the appointments in the admin (superusers have it implicitly).
VIEW_APPOINTMENTS_PERMISSION = "booking.view_appointment"
EXPORT_ZONE = ZoneInfo("Europe/Paris")


# --- Agendas -------------------------------------------------------------------------------------

_SHORT_DAYS = {
    Weekday.MONDAY: _("lun."),
    Weekday.TUESDAY: _("mar."),
    Weekday.WEDNESDAY: _("mer."),
    Weekday.THURSDAY: _("jeu."),
    Weekday.FRIDAY: _("ven."),
    Weekday.SATURDAY: _("sam."),
    Weekday.SUNDAY: _("dim."),
}


def week_summary(schedule: Schedule) -> str:
    """« lun. 09:00–12:00, 14:00–19:00 · sam. 09:00–12:00 » (ranges prefetched by the listing)."""
    by_day: dict[int, list[str]] = {}
    for weekly in sorted(schedule.weekly_ranges.all(), key=lambda r: (r.weekday, r.start_time)):
        by_day.setdefault(weekly.weekday, []).append(f"{weekly.start_time:%H:%M}–{weekly.end_time:%H:%M}")
    if not by_day:
        return str(_("aucune plage : pas de rendez-vous en ligne"))
    return " · ".join(f"{_SHORT_DAYS[day]} {', '.join(ranges)}" for day, ranges in by_day.items())


class ScheduleIndexView(IndexView):
    def get_base_queryset(self):
        return Schedule.objects.select_related("practitioner").prefetch_related("weekly_ranges")


class ScheduleViewSet(ModelViewSet):
    """Editors adjust a practitioner's week and exceptions with the panels declared on the model."""

    model = Schedule
    index_view_class = ScheduleIndexView
    name = "booking_schedules"
    url_prefix = "rendez-vous/agendas"
    icon = "calendar-alt"
    menu_label = _("Agendas")
    menu_name = "booking-schedules"
    copy_view_enabled = False
    list_display = [
        "practitioner",
        Column("week", label=_("Semaine type"), accessor=week_summary),
        Column("notice", label=_("Délai minimal"), accessor=lambda s: f"{s.minimum_notice_hours} h"),
        Column("horizon", label=_("Réservable jusqu’à"), accessor=lambda s: f"{s.horizon_days} j"),
        Column(
            "buffers",
            label=_("Battements"),
            accessor=lambda s: f"{s.buffer_before_minutes} / {s.buffer_after_minutes} min",
        ),
    ]
    search_fields = ["practitioner__display_name"]
    search_backend_name = None
    ordering = ["practitioner__display_name"]
    list_per_page = 50


# --- Appointments (read-only) --------------------------------------------------------------------


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Appointments change only through booking's services (which record every transition):
    nobody adds, edits or deletes them in the admin, superusers included; `view_appointment`
    lets someone read them."""

    WRITE_ACTIONS = {"add", "change", "delete", "copy", "lock", "unlock", "publish"}

    def user_has_permission(self, user, action):
        if action in self.WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Appointment, ReadOnlyPermissionPolicy(Appointment))


class AppointmentFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Statut"), choices=Appointment.Status.choices)
    practitioner = django_filters.ModelChoiceFilter(
        label=_("Praticien"),
        # Only those with appointments: the bulk demo has a thousand practitioners.
        queryset=Practitioner.objects.filter(appointments__isnull=False).distinct().order_by("display_name"),
    )
    start = django_filters.DateFromToRangeFilter(
        label=_("Date du rendez-vous"), field_name="start", widget=DateRangePickerWidget
    )
    visit = django_filters.ChoiceFilter(label=_("Type de consultation"), choices=Appointment.Visit.choices)

    class Meta:
        model = Appointment
        fields = ["status", "practitioner", "start", "visit"]


def _label(choices):
    labels = dict(choices)
    return lambda value: str(labels.get(value, value)) if value is not None else None


def _paris_time(value):
    return None if value is None else formats.date_format(value.astimezone(EXPORT_ZONE), "d/m/Y H:i")


def _minutes(value):
    return None if value is None else int(value.total_seconds() // 60)


class AppointmentIndexView(EvidenceExportMixin, IndexView):
    # Never "reason": health data does not leave the site through the admin.
    export_columns = (
        ExportColumn("reference", _("Référence"), lambda value: None if value is None else str(value)),
        ExportColumn("start", _("Début (UTC)")),
        ExportColumn("start", _("Début (heure de Paris)"), _paris_time),
        ExportColumn("duration", _("Durée (minutes)"), _minutes),
        ExportColumn("status", _("Statut"), _label(Appointment.Status.choices)),
        ExportColumn("visit", _("Type de consultation"), _label(Appointment.Visit.choices)),
        ExportColumn("practitioner_id", _("Praticien (identifiant)")),
        ExportColumn("practitioner__display_name", _("Praticien")),
        ExportColumn("person_id", _("Patient (identifiant)")),
        ExportColumn("person__first_name", _("Prénom du patient")),
        ExportColumn("person__last_name", _("Nom du patient")),
        ExportColumn("person__email", _("E-mail du patient")),
        ExportColumn("methodology__name", _("Approche souhaitée")),
        ExportColumn("price_cents", _("Tarif (€)"), cents_to_euros),
        ExportColumn("sequence", _("Révision")),
        ExportColumn("created_at", _("Créé le (UTC)")),
    )

    def get_base_queryset(self):
        return Appointment.objects.select_related("practitioner", "person", "methodology").annotate(
            duration=ExpressionWrapper(F("end") - F("start"), output_field=DurationField())
        )

    @cached_property
    def columns(self):
        # The first column links to the inspect view; dates read « 11 janvier 2027 10:00 ».
        title = self._get_title_column("start", accessor=lambda a: readable(a.start))
        return [title, *super().columns[1:]]


class AppointmentInspectView(ReadableValuesMixin, InspectView):
    PSEUDO_FIELDS = {
        "person_email": _("e-mail du patient"),
        "duration": _("durée"),
        "history": _("historique"),
        "price_cents": _("tarif"),  # shown in euros, not in cents
    }

    def get_field_label(self, field_name, field):
        if field_name in self.PSEUDO_FIELDS:
            return str(self.PSEUDO_FIELDS[field_name]).capitalize()
        return super().get_field_label(field_name, field)

    def get_person_email_display_value(self):
        return self.object.person.email

    def get_duration_display_value(self):
        return f"{self.object.duration_minutes} min"

    def get_price_cents_display_value(self):
        return euros(self.object.price_cents)

    def get_history_display_value(self):
        # Who changed what and when; the transitions' notes stay out (free text typed when
        # cancelling may say why, which can be health data).
        transitions = self.object.transitions.select_related("by")
        return format_html_join(
            "",
            "<div>{} : {} → {} ({})</div>",
            (
                (
                    readable(t.at),
                    t.get_from_status_display() or "—",
                    t.get_to_status_display(),
                    t.by or _("le système"),
                )
                for t in transitions
            ),
        )


class AppointmentViewSet(ModelViewSet):
    model = Appointment
    name = "booking_appointments"
    url_prefix = "rendez-vous/liste"
    icon = "date"
    menu_label = _("Rendez-vous")
    menu_name = "booking-appointments"
    index_view_class = AppointmentIndexView
    inspect_view_enabled = True
    inspect_view_class = AppointmentInspectView
    copy_view_enabled = False
    # Required by ModelViewSet; the permission policy refuses add/change/delete to everyone.
    form_fields = ["visit"]
    filterset_class = AppointmentFilterSet
    search_fields = ["practitioner__display_name", "person__email", "person__last_name"]
    search_backend_name = None
    ordering = ["-start"]
    list_per_page = 50
    export_filename = "rendez-vous"
    list_display = [
        "start",  # replaced by the index view's title column (see AppointmentIndexView.columns)
        "practitioner",
        Column("person", label=_("Patient"), accessor="person"),
        "visit",
        "status",
        Column("methodology", label=_("Approche souhaitée"), accessor=lambda a: readable(a.methodology)),
        Column("price", label=_("Tarif"), accessor=lambda a: euros(a.price_cents)),
    ]
    inspect_view_fields = [
        "reference",
        "status",
        "practitioner",
        "person",
        "person_email",
        "start",
        "end",
        "duration",
        "visit",
        "methodology",
        "price_cents",
        "hold_expires_at",
        "sequence",
        "created_at",
        "history",
    ]


# --- The menu --------------------------------------------------------------------------------------


class BookingGroup(ViewSetGroup):
    menu_label = _("Rendez-vous")
    menu_icon = "date"
    menu_name = "booking"
    menu_order = 220
    items = (AppointmentViewSet, ScheduleViewSet)

    def get_submenu_items(self):
        # The cancellation policy (Paramètres > Réservation) is also reachable from here.
        settings_item = SettingMenuItem(BookingSettings, icon="cog", name="booking-settings")
        settings_item.order = len(self.registerables) + 1
        return [*super().get_submenu_items(), settings_item]


register_snippet(BookingGroup)
