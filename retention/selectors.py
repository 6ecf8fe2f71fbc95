"""Reads: the durations in force, the dates they give, the accounts the inactivity rules may touch."""

import calendar
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce

from .models import RetentionSettings


def current_settings() -> RetentionSettings:
    """The DPO's settings, or the defaults while nobody has saved them. Never writes (a dry run
    must not create the settings row, as `RetentionSettings.load()` would)."""
    return RetentionSettings.objects.order_by("pk").first() or RetentionSettings()


def contact_message_days() -> int:
    """The contact app's retention (its CONTACT_RETENTION_DAYS_SOURCE): the setting when saved,
    else the environment's CONTACT_RETENTION_DAYS."""
    row = RetentionSettings.objects.order_by("pk").first()
    return row.contact_message_days if row else settings.CONTACT_RETENTION_DAYS


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` months earlier (the 31st becomes the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def years_before(moment: datetime, years: int) -> datetime:
    return months_before(moment, 12 * years)


def with_last_activity(queryset):
    """`last_activity`: the last sign-in, or the signup for someone who never signed in."""
    return queryset.annotate(last_activity=Coalesce("last_login", "date_joined"))


def automatic_anonymisation_candidates(now: datetime):
    """Accounts the inactivity rules may warn and anonymise. Never:
    - staff and superusers: accounts of the organisation, closed by it (the admin history names them);
    - accounts already erased (the tombstone's e-mail is `erased-<pk>@invalid`);
    - anyone with an upcoming appointment (held or confirmed, not over), as patient or practitioner;
    - practitioners whose profile is published: they are in the directory, under contract; once the
      profile is unpublished the rule applies to them as to anyone.
    """
    from booking.models import Appointment
    from practitioners_directory.models import PractitionerPage

    upcoming = Appointment.objects.filter(status__in=Appointment.OCCUPYING, end__gte=now)
    queryset = (
        get_user_model()
        .objects.filter(is_staff=False, is_superuser=False)
        .exclude(email__endswith="@invalid")
        .exclude(Exists(upcoming.filter(person=OuterRef("pk"))))
        .exclude(Exists(upcoming.filter(practitioner__user=OuterRef("pk"))))
        .exclude(Exists(PractitionerPage.objects.filter(live=True, practitioner__user=OuterRef("pk"))))
    )
    if any(field.name == "erased_at" for field in queryset.model._meta.get_fields()):
        queryset = queryset.filter(erased_at__isnull=True)
    return queryset


def is_candidate(user, now: datetime) -> bool:
    return automatic_anonymisation_candidates(now).filter(pk=user.pk).exists()
