"""Availability (a weekly schedule and its date overrides), appointments and their history.

A hold is an appointment in status "held" with an expiry: one table, so one PostgreSQL exclusion
constraint covers holds and bookings. The constraint sees `blocked_start`–`blocked_end`, the
consultation with the practitioner's buffers around it.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

from practitioners_directory.models import Methodology, Practitioner
from privacy.fields import EncryptedTextField


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


class Schedule(ClusterableModel):
    """A practitioner's rules for bookable time, in the practitioner's time zone."""

    practitioner = models.OneToOneField(
        Practitioner, verbose_name=_("praticien"), on_delete=models.CASCADE, related_name="schedule"
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        _("battement avant (minutes)"), default=0, validators=[MaxValueValidator(120)]
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        _("battement après (minutes)"), default=10, validators=[MaxValueValidator(120)]
    )
    minimum_notice_hours = models.PositiveSmallIntegerField(
        _("délai minimal de réservation (heures)"), default=24, validators=[MaxValueValidator(24 * 30)]
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("réservable jusqu’à (jours)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        _("pas entre deux créneaux (minutes)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text=_("Par exemple 60 : un créneau possible toutes les heures dans chaque plage."),
    )

    panels = [
        FieldPanel("practitioner"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("buffer_before_minutes"), FieldPanel("buffer_after_minutes")]),
                FieldRowPanel([FieldPanel("minimum_notice_hours"), FieldPanel("horizon_days")]),
                FieldPanel("slot_step_minutes"),
            ],
            heading=_("Règles de réservation"),
        ),
        InlinePanel("weekly_ranges", heading=_("Semaine type"), label=_("plage horaire")),
        InlinePanel("overrides", heading=_("Exceptions par date"), label=_("exception")),
    ]

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def __str__(self) -> str:
        return str(self.practitioner)

    @property
    def buffer_before(self) -> timedelta:
        return timedelta(minutes=self.buffer_before_minutes)

    @property
    def buffer_after(self) -> timedelta:
        return timedelta(minutes=self.buffer_after_minutes)


def _check_time_range(start, end) -> None:
    if start is not None and end is not None and end <= start:
        raise ValidationError({"end_time": _("L’heure de fin doit être après l’heure de début.")})


class WeeklyRange(Orderable):
    """One range of bookable hours on a weekday (several per day are allowed)."""

    schedule = ParentalKey(Schedule, on_delete=models.CASCADE, related_name="weekly_ranges")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    start_time = models.TimeField(_("de"))
    end_time = models.TimeField(_("à"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")])]

    class Meta(Orderable.Meta):
        verbose_name = _("plage horaire")
        verbose_name_plural = _("plages horaires")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="weekly_range_ordered"
            )
        ]

    def clean(self):
        _check_time_range(self.start_time, self.end_time)

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class DateOverride(Orderable):
    """A day off or a holiday range (no hours), or extra hours on one date."""

    class Kind(models.TextChoices):
        UNAVAILABLE = "unavailable", _("Indisponible (jour ou période)")
        EXTRA_HOURS = "extra", _("Heures supplémentaires")

    schedule = ParentalKey(Schedule, on_delete=models.CASCADE, related_name="overrides")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.UNAVAILABLE)
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"), null=True, blank=True, help_text=_("Vide : un seul jour."))
    start_time = models.TimeField(_("de"), null=True, blank=True)
    end_time = models.TimeField(_("à"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=120, blank=True)

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")
        ordering = ["start_date"]

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La date de fin doit être après la date de début.")})
        if self.kind == self.Kind.EXTRA_HOURS:
            if self.start_time is None or self.end_time is None:
                raise ValidationError({"start_time": _("Indiquez les heures ajoutées ce jour-là.")})
            _check_time_range(self.start_time, self.end_time)

    @property
    def last_date(self):
        return self.end_date or self.start_date


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Appointment(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("En attente de paiement")
        CONFIRMED = "confirmed", _("Confirmé")
        COMPLETED = "completed", _("Terminé")
        CANCELLED_BY_USER = "cancelled_by_user", _("Annulé par le patient")
        CANCELLED_BY_PRACTITIONER = "cancelled_by_practitioner", _("Annulé par le praticien")
        NO_SHOW = "no_show", _("Absence")
        EXPIRED = "expired", _("Réservation expirée")

    class Visit(models.TextChoices):
        FIRST = "first", _("Première consultation")
        FOLLOW_UP = "follow_up", _("Consultation de suivi")

    # Statuses that occupy the practitioner's time (an expired hold is ignored by the rules).
    OCCUPYING = (Status.HELD, Status.CONFIRMED)

    reference = models.UUIDField(_("référence"), default=uuid.uuid4, unique=True, editable=False)
    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("praticien"), on_delete=models.PROTECT, related_name="appointments"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("patient"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"))
    blocked_start = models.DateTimeField(_("début bloqué (avec battement)"))
    blocked_end = models.DateTimeField(_("fin bloquée (avec battement)"))
    status = models.CharField(
        _("statut"), max_length=32, choices=Status.choices, default=Status.HELD, db_index=True
    )
    hold_expires_at = models.DateTimeField(_("réservé jusqu’au"), null=True, blank=True)
    visit = models.CharField(_("type de consultation"), max_length=16, choices=Visit.choices)
    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("approche souhaitée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Health data: encrypted in its column, read only by the two parties (see selectors).
    reason = EncryptedTextField(_("motif de consultation"), blank=True)
    price_cents = models.PositiveIntegerField(_("tarif (centimes)"))
    # The exact terms of use shown and accepted when booking (the ledger row is their proof).
    terms_version = models.ForeignKey(
        "legal.PolicyVersion",
        verbose_name=_("conditions acceptées"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # ICS: the UID is `reference`, SEQUENCE goes up on every change of time or status.
    sequence = models.PositiveIntegerField(_("révision du rendez-vous"), default=0)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="appointment_ordered"),
            models.CheckConstraint(
                condition=Q(blocked_start__lte=models.F("start"), blocked_end__gte=models.F("end")),
                name="appointment_blocked_covers_consultation",
            ),
            # No double booking: no two held or confirmed appointments of one practitioner whose
            # blocked ranges (buffers included) overlap. PostgreSQL only (btree_gist); on SQLite
            # the booking service re-checks inside its transaction (see booking.services).
            ExclusionConstraint(
                name="appointment_no_overlap",
                expressions=[
                    ("practitioner", RangeOperators.EQUAL),
                    (TsTzRange("blocked_start", "blocked_end"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=["held", "confirmed"]),
                violation_error_message=_("Ce créneau vient d’être réservé."),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start, self.practitioner.zone)
        return f"{self.practitioner} — {local:%d/%m/%Y %H:%M}"

    def is_party(self, user) -> bool:
        """The person or the practitioner of this appointment."""
        if not getattr(user, "is_authenticated", False):
            return False
        return user.pk == self.person_id or user.pk == getattr(self.practitioner, "user_id", None)

    @property
    def is_cancellable(self) -> bool:
        return self.status in self.OCCUPYING and self.start > timezone.now()

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class AppointmentTransition(models.Model):
    """Every change of status (or of time), with who and when."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(
        _("ancien statut"), max_length=32, choices=Appointment.Status.choices, blank=True
    )
    to_status = models.CharField(_("nouveau statut"), max_length=32, choices=Appointment.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


@register_setting(icon="calendar")
class BookingSettings(BaseGenericSetting):
    """What editors decide about booking (Paramètres > Réservation)."""

    free_cancellation_hours = models.PositiveSmallIntegerField(
        _("annulation remboursée jusqu’à (heures avant)"),
        default=24,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("Passé ce délai, une annulation par le patient n’est pas remboursée."),
    )

    class Meta:
        verbose_name = _("réservation")
