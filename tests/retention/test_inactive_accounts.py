"""Inactive accounts: warned by e-mail after 3 years without a sign-in, anonymised (erase_person)
30 days later unless they sign in; staff, erased accounts, people with an upcoming appointment and
practitioners in the directory are never touched."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from accounts.models import User
from booking.models import Appointment
from retention import rules
from retention.models import RetentionSettings, RetentionWarning
from retention.services import run_rules
from tests.practitioners_directory.factories import make_practitioner

from .conftest import NOW, appointment, inactive

pytestmark = pytest.mark.django_db

warn, anonymise = rules.rule("inactive_warning"), rules.rule("inactive_anonymisation")


def due_ids(rule):
    return [getattr(item, "user_id", None) or item.pk for item in rule.due(timezone.now())]


def test_three_years_without_a_sign_in_is_due_a_day_less_is_not(now):
    old = inactive(years=3, days=1)
    never = inactive(years=3, days=1, never_signed_in=True)
    inactive(years=3, days=-1)  # two years and 364 days
    assert due_ids(warn) == [old.pk, never.pk]


def test_staff_erased_accounts_upcoming_appointments_and_listed_practitioners_are_never_warned(
    now, practice, directory
):
    inactive(years=5, is_staff=True)
    inactive(years=5, is_superuser=True, is_staff=True)
    inactive(years=5, email="erased-991@invalid")
    booked = inactive(years=5)
    appointment(practice, booked, start=NOW + timedelta(days=3))
    # The practitioner too, through their upcoming appointment with `booked`.
    User.objects.filter(pk=practice.user_id).update(last_login=NOW - timedelta(days=4 * 365))
    listed = inactive(years=5, role="practitioner")
    make_practitioner(directory, first_name="Inès", last_name="Listée", user=listed)
    past_only = inactive(years=5)
    appointment(practice, past_only, start=NOW - timedelta(days=4 * 365))

    assert due_ids(warn) == [past_only.pk]


def test_the_warning_is_sent_once_with_the_date_in_the_persons_language(now):
    fr = inactive(years=4, first_name="Chloé")
    en = inactive(years=4, preferred_language="en", time_zone="Europe/London")

    counts = warn.apply(warn.due(NOW), dry_run=False, now=NOW)

    assert counts == {"warned": 2}
    by_user = {w.user_id: w for w in RetentionWarning.objects.all()}
    assert by_user[fr.pk].anonymise_after == NOW + timedelta(days=30)
    assert by_user[fr.pk].inactive_since == fr.last_login
    french, english = sorted(mail.outbox, key=lambda m: m.to != [fr.email])
    assert french.to == [fr.email]
    assert "sera anonymisé le 1 juillet 2034 sauf si vous vous connectez" in french.subject
    assert "Bonjour Chloé," in french.body
    assert "/fr/" in french.body  # the sign-in link
    assert english.to == [en.email]
    assert "1 July 2034" in english.subject  # English date (and, once translated, English words)
    # Once per period of inactivity: the next run finds nobody.
    assert due_ids(warn) == []


def test_the_delay_set_by_the_dpo_is_the_date_announced(now):
    RetentionSettings.objects.create(inactive_warning_years=2, inactive_anonymisation_days=60)
    person = inactive(years=2, days=1)
    warn.apply(warn.due(NOW), dry_run=False, now=NOW)
    assert RetentionWarning.objects.get(user=person).anonymise_after == NOW + timedelta(days=60)


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise OSError(f"550 mailbox unavailable: {messages[0].to[0]}")


def test_a_warning_that_cannot_be_sent_is_not_recorded_and_the_error_names_no_one(now, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    person = inactive(years=4)

    run = run_rules(dry_run=False, rules=(warn,))

    assert not RetentionWarning.objects.exists()  # the next run tries again
    assert run.counts["inactive_warning"] == {"due": 1, "warned": 0, "errors": 1}
    assert run.errors == [
        {
            "rule": "inactive_warning",
            "item": f"user {person.pk}",
            "error": "OSError: 550 mailbox unavailable: <adresse>",
        }
    ]


def test_dry_run_warns_nobody(now):
    inactive(years=4)
    assert warn.apply(warn.due(NOW), dry_run=True, now=NOW) == {"warned": 1}
    assert not RetentionWarning.objects.exists()
    assert mail.outbox == []


@pytest.fixture
def warned(now):
    """Two people warned at NOW: the anonymisation is announced for NOW + 30 days."""
    people = [inactive(years=4), inactive(years=3, days=10)]
    warn.apply(warn.due(NOW), dry_run=False, now=NOW)
    return people


def test_anonymisation_waits_for_the_announced_date(warned, erased):
    with time_machine.travel(NOW + timedelta(days=30) - timedelta(minutes=1), tick=False):
        assert list(anonymise.due(timezone.now())) == []
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        assert len(anonymise.due(timezone.now())) == 2


def test_erase_person_runs_for_those_who_did_not_sign_in_only(warned, erased, practice):
    stayed, signed_in = warned
    excluded = inactive(years=6)
    warn.apply(warn.due(NOW), dry_run=False, now=NOW)
    later = NOW + timedelta(days=10)
    User.objects.filter(pk=signed_in.pk).update(last_login=later)  # a sign-in after the warning
    appointment(practice, excluded, start=NOW + timedelta(days=40))  # booked since (by the DPO…)

    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        items = anonymise.due(timezone.now())
        dry = anonymise.apply(items, dry_run=True, now=timezone.now())
        assert erased == []
        assert RetentionWarning.objects.filter(outcome=RetentionWarning.Outcome.PENDING).count() == 3
        counts = anonymise.apply(anonymise.due(timezone.now()), dry_run=False, now=timezone.now())

    assert dry == counts == {"anonymised": 1, "cancelled_signed_in": 1, "cancelled_excluded": 1}
    assert erased == [stayed.pk]
    outcomes = dict(RetentionWarning.objects.values_list("user_id", "outcome"))
    assert outcomes == {
        stayed.pk: RetentionWarning.Outcome.ANONYMISED,
        signed_in.pk: RetentionWarning.Outcome.SIGNED_IN,
        excluded.pk: RetentionWarning.Outcome.EXCLUDED,
    }
    # Settled warnings are not due again; the one who signed in starts a new period from `later`.
    with time_machine.travel(NOW + timedelta(days=32), tick=False):
        assert list(anonymise.due(timezone.now())) == []
    with time_machine.travel(later + timedelta(days=3 * 366), tick=False):
        assert signed_in.pk in due_ids(warn)


def test_a_staff_role_given_after_the_warning_cancels_the_anonymisation(warned, erased):
    User.objects.filter(pk=warned[0].pk).update(is_staff=True)
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        counts = anonymise.apply(anonymise.due(timezone.now()), dry_run=False, now=timezone.now())
    assert counts["cancelled_excluded"] == 1
    assert warned[0].pk not in erased


def test_once_the_exclusion_ends_the_person_is_warned_again_with_a_new_date(warned, erased, practice):
    person = warned[0]
    visit = appointment(practice, person, start=NOW + timedelta(days=35))
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        anonymise.apply(anonymise.due(timezone.now()), dry_run=False, now=timezone.now())
        assert person.pk not in due_ids(warn)  # the appointment is still ahead
    Appointment.objects.filter(pk=visit.pk).update(status=Appointment.Status.COMPLETED)
    later = NOW + timedelta(days=40)
    with time_machine.travel(later, tick=False):
        assert person.pk in due_ids(warn)
        warn.apply(warn.due(later), dry_run=False, now=later)
    again = RetentionWarning.objects.get(user=person, outcome=RetentionWarning.Outcome.PENDING)
    assert again.anonymise_after == later + timedelta(days=30)
    assert erased == [warned[1].pk]  # the other one, with no appointment


def test_the_daily_runs_warn_then_anonymise_a_month_later(now, erased):
    person = inactive(years=3, days=2)
    first = run_rules(dry_run=False)
    assert first.counts["inactive_warning"]["warned"] == 1
    assert first.counts["inactive_anonymisation"]["due"] == 0
    now.move_to(NOW + timedelta(days=30, hours=1))
    second = run_rules(dry_run=False)
    assert second.counts["inactive_warning"]["due"] == 0
    assert second.counts["inactive_anonymisation"] == {
        "due": 1,
        "anonymised": 1,
        "cancelled_signed_in": 0,
        "cancelled_excluded": 0,
        "errors": 0,
    }
    assert erased == [person.pk]
