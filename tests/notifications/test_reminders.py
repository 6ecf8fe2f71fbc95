"""Reminders: deferred tasks that re-read the appointment; a unique "sent" row makes each go once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from booking import services
from notifications import services as notify
from notifications.models import NotificationPreference, SentNotification
from notifications.tasks import send_reminder
from tests.booking.conftest import at

from .test_messages import REASON, assert_no_reason, book

pytestmark = pytest.mark.django_db


def run_due(backend, now, *, keep=False):
    due = [r for r in backend.results if r.task.run_after is None or r.task.run_after <= now]
    if not keep:
        backend.results[:] = [r for r in backend.results if r not in due]
    return [r.task.call(*r.args, **r.kwargs) for r in due]


def reminders_of(backend):
    return [r for r in backend.results if r.task.name == send_reminder.name]


def reminder_mails(person):
    return [m for m in mail.outbox if m.to == [person.email] and m.subject.startswith("Rappel")]


def test_a_confirmed_booking_queues_one_reminder_24_h_and_one_1_h_before(
    queue, practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    run_due(queue, at(-100))  # the confirmation messages, not the reminders
    queued = reminders_of(queue)
    assert sorted(r.task.run_after for r in queued) == [
        appointment.start - timedelta(hours=24),
        appointment.start - timedelta(hours=1),
    ]
    assert {r.kwargs["sequence"] for r in queued} == {appointment.sequence}


def test_the_reminder_is_sent_once_at_its_time_even_when_the_task_runs_twice(
    queue, practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    run_due(queue, at(-100))
    mail.outbox.clear()
    frozen_now.move_to(appointment.start - timedelta(hours=23, minutes=59))
    now = appointment.start - timedelta(hours=23, minutes=59)
    # Two workers (or a retry) run the same 24 h task: one e-mail.
    assert run_due(queue, now, keep=True) == [True]
    assert run_due(queue, now) == [False]
    [reminder] = reminder_mails(person)
    assert "dans 24 heures" in reminder.subject
    assert "lundi 11 janvier 2027 à 10:00 (Europe/Paris)" in reminder.body
    assert reverse("notifications:preferences") in reminder.body
    assert_no_reason([reminder])
    assert SentNotification.objects.filter(appointment=appointment, kind="reminder_24h").count() == 1
    # Then the 1 h reminder, once.
    frozen_now.move_to(appointment.start - timedelta(minutes=59))
    assert run_due(queue, appointment.start - timedelta(minutes=59)) == [True]
    assert len(reminder_mails(person)) == 2
    assert "dans 1 heure" in reminder_mails(person)[1].subject


def test_the_unique_row_decides_between_two_claims(
    practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    first = notify.claim(appointment, "reminder_1h", start=appointment.start, sequence=1, recipient="a@b.fr")
    assert first is not None
    assert (
        notify.claim(appointment, "reminder_1h", start=appointment.start, sequence=1, recipient="a@b.fr")
        is None
    )


def test_no_reminder_after_a_cancellation(
    queue, practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_appointment(appointment, by=person)
    run_due(queue, at(-100))
    mail.outbox.clear()
    frozen_now.move_to(appointment.start - timedelta(minutes=30))
    assert run_due(queue, appointment.start - timedelta(minutes=30)) == [False, False]
    assert mail.outbox == []


def test_after_a_move_the_old_reminders_send_nothing_and_the_new_ones_do(
    queue, practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.reschedule_appointment(appointment, by=person, start=at(2))
    run_due(queue, at(-100))
    assert len(reminders_of(queue)) == 4
    mail.outbox.clear()
    # The old 24 h task (queued for 09:00 UTC) comes due first, and finds the time changed.
    frozen_now.move_to(at(1) - timedelta(hours=24))
    assert run_due(queue, at(1) - timedelta(hours=24)) == [False]
    frozen_now.move_to(at(2) - timedelta(hours=24))
    assert run_due(queue, at(2) - timedelta(hours=24)) == [True]
    [reminder] = reminder_mails(person)
    assert "11:00 (Europe/Paris)" in reminder.body


def test_moving_away_and_back_does_not_revive_the_old_reminder(
    queue, practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.reschedule_appointment(appointment, by=person, start=at(2))
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.reschedule_appointment(appointment, by=person, start=at(1))
    run_due(queue, at(-100))
    mail.outbox.clear()
    frozen_now.move_to(at(1) - timedelta(hours=1))
    # Every 24 h task and the two 1 h tasks of 09:00 and 10:00 UTC are due: one reminder each time.
    results = run_due(queue, at(1) - timedelta(hours=1))
    assert results.count(True) == 2
    assert len(reminder_mails(person)) == 2


def test_reminders_turned_off_send_nothing(
    queue, practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    run_due(queue, at(-100))
    notify.set_reminders(person, False)
    mail.outbox.clear()
    frozen_now.move_to(appointment.start - timedelta(minutes=30))
    assert run_due(queue, appointment.start - timedelta(minutes=30)) == [False, False]
    assert mail.outbox == []


def test_a_reminder_already_past_when_booking_is_not_queued(
    queue, practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    # Now Friday 10:00 UTC; Monday 09:00 UTC is 71 h away: with 72 h and 1 h, only the 1 h is queued.
    from django.test import override_settings

    with override_settings(APPOINTMENT_REMINDER_HOURS=(72, 1)):
        appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    assert [r.task.run_after for r in reminders_of(queue)] == [appointment.start - timedelta(hours=1)]


def test_notifications_due_lists_pending_late_and_sent(
    queue, practitioner, person, other_person, frozen_now, django_capture_on_commit_callbacks
):
    first = book(practitioner, person, django_capture_on_commit_callbacks)
    book(practitioner, other_person, django_capture_on_commit_callbacks, start=at(2))
    run_due(queue, at(-100))
    # 24 h before the first: its 24 h reminder is sent; the other's (an hour later) is pending.
    now = first.start - timedelta(hours=24)
    frozen_now.move_to(now)
    run_due(queue, now)
    frozen_now.move_to(now + timedelta(hours=1, minutes=30))  # the other's 24 h is now late
    out = StringIO()
    call_command("notifications_due", stdout=out)
    text = out.getvalue()
    assert "sent" in text
    assert "late" in text
    assert "pending" in text
    assert "late: 1" in text
    assert REASON not in text


def test_the_preferences_page_turns_reminders_off(client, person):
    url = reverse("notifications:preferences")
    assert url == "/fr/mon-compte/notifications/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(person)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("accounts:profile")).content.decode()
    response = client.post(url, {})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=person).reminders is False
    assert not notify.reminders_wanted(person)
    client.post(url, {"reminders": "on"})
    assert notify.reminders_wanted(person)
