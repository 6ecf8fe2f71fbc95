"""The practitioner's daily summary: opt-in, at 07:00 in their zone, the day's confirmed
appointments (time, person, first or follow-up, a link each; never the reason), nothing on an
empty day, once a day whatever the number of queued tasks, workers or cron runs."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from booking import services as booking_services
from notifications import services as notify
from notifications.models import DailySummary
from notifications.tasks import send_daily_summary
from tests.booking.conftest import at

from .test_messages import REASON, assert_no_reason, book, html_of
from .test_reminders import run_due

pytestmark = pytest.mark.django_db

SATURDAY, SUNDAY, MONDAY, TUESDAY = (date(2027, 1, d) for d in (9, 10, 11, 12))
# 07:00 in Paris (UTC+1 in January).
MONDAY_MORNING = datetime(2027, 1, 11, 6, 0, tzinfo=UTC)


def summaries_queued(backend):
    return sorted(
        (r.task.run_after, r.kwargs["day"]) for r in backend.results if r.task.name == send_daily_summary.name
    )


def summary_mails(account):
    return [
        m for m in mail.outbox if m.to == [account.email] and m.subject.startswith(("Votre agenda", "Your"))
    ]


def morning(backend, traveller, moment):
    """The worker at `moment`: the summary tasks due (the reminders stay queued)."""
    traveller.move_to(moment)
    due = [
        r for r in backend.results if r.task.name == send_daily_summary.name and r.task.run_after <= moment
    ]
    backend.results[:] = [r for r in backend.results if r not in due]
    return [r.task.call(*r.args, **r.kwargs) for r in due]


@pytest.fixture
def monday(practitioner, person, other_person, queue, frozen_now, django_capture_on_commit_callbacks):
    """Monday: Jules at 10:00 (first), Anna at 15:00 (follow-up), and a cancelled 11:00."""
    first = book(practitioner, person, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = booking_services.hold_slot(
            practitioner=practitioner, person=other_person, start=at(6), visit="follow_up", reason=REASON
        )
    cancelled = book(practitioner, other_person, django_capture_on_commit_callbacks, start=at(2))
    with django_capture_on_commit_callbacks(execute=True):
        booking_services.cancel_appointment(cancelled, by=other_person)
    run_due(queue, at(-100))  # the booking messages
    mail.outbox.clear()
    return first, follow_up, cancelled


def test_off_by_default_and_offered_to_practitioners_only(
    client, practitioner, practitioner_account, person, queue, frozen_now
):
    url = reverse("notifications:preferences")
    client.force_login(person)
    assert "daily_summary" not in client.get(url).content.decode()
    client.post(url, {"reminders": "on", "daily_summary": "on"})
    assert not notify.daily_summary_wanted(person)
    assert summaries_queued(queue) == []

    client.force_login(practitioner_account)
    page = client.get(url).content.decode()
    assert 'name="daily_summary"' in page
    assert "chaque matin à 07:00" in page
    assert not notify.daily_summary_wanted(practitioner_account)
    client.post(url, {"reminders": "on", "daily_summary": "on"})
    assert notify.daily_summary_wanted(practitioner_account)
    # Friday 11:00 in Paris: the first summary is Saturday's, at 07:00 Paris = 06:00 UTC.
    assert summaries_queued(queue) == [(datetime(2027, 1, 9, 6, 0, tzinfo=UTC), "2027-01-09")]
    client.post(url, {"reminders": "on"})
    assert not notify.daily_summary_wanted(practitioner_account)


def test_the_summary_lists_the_days_appointments_without_the_reason(
    monday, practitioner, practitioner_account, queue, frozen_now
):
    first, follow_up, cancelled = monday
    notify.set_daily_summary(practitioner_account, True)
    # Saturday and Sunday have no appointment: nothing is sent, each queues the next morning.
    assert morning(queue, frozen_now, datetime(2027, 1, 9, 6, 0, tzinfo=UTC)) == [False]
    assert morning(queue, frozen_now, datetime(2027, 1, 10, 6, 0, tzinfo=UTC)) == [False]
    assert summary_mails(practitioner_account) == []
    assert list(DailySummary.objects.order_by("day").values_list("day", "appointments", "sent_at")) == [
        (SATURDAY, 0, None),
        (SUNDAY, 0, None),
    ]
    assert summaries_queued(queue) == [(MONDAY_MORNING, "2027-01-11")]

    assert morning(queue, frozen_now, MONDAY_MORNING) == [True]
    [summary] = summary_mails(practitioner_account)
    assert summary.subject == "Votre agenda du lundi 11 janvier 2027 : 2 rendez-vous"
    assert "Voici vos 2 rendez-vous du lundi 11 janvier 2027 (heures de Europe/Paris) :" in summary.body
    assert "10:00 (50 min) — Jules Bernard, première consultation" in summary.body
    assert "15:00 (50 min) — Anna Petit, consultation de suivi" in summary.body
    assert summary.body.index("10:00 (50 min)") < summary.body.index("15:00 (50 min)")
    for appointment in (first, follow_up):
        assert f"/fr/rendez-vous/{appointment.reference}/" in summary.body
        assert f"/fr/rendez-vous/{appointment.reference}/" in html_of(summary)
    assert str(cancelled.reference) not in summary.body
    assert "11:00" not in summary.body
    assert "/fr/rendez-vous/agenda/?vue=jour&amp;jour=2027-01-11" in html_of(summary)
    assert reverse("notifications:preferences") in summary.body
    assert_no_reason([summary])
    row = DailySummary.objects.get(day=MONDAY)
    assert (row.appointments, row.recipient, row.sent_at) == (2, practitioner_account.email, MONDAY_MORNING)
    assert summaries_queued(queue) == [(MONDAY_MORNING + timedelta(days=1), "2027-01-12")]


def test_once_a_day_whatever_the_duplicate_tasks_and_the_cron_command(
    monday, practitioner, practitioner_account, queue, frozen_now
):
    notify.set_daily_summary(practitioner_account, True)
    notify.set_daily_summary(practitioner_account, False)
    notify.set_daily_summary(practitioner_account, True)  # two chains now
    notify.schedule_daily_summary(practitioner, MONDAY)
    notify.schedule_daily_summary(practitioner, MONDAY)
    assert morning(queue, frozen_now, datetime(2027, 1, 9, 6, 0, tzinfo=UTC)) == [False, False]
    # The loser of Saturday's claim queued nothing: one chain, plus the two extra Monday tasks.
    assert morning(queue, frozen_now, datetime(2027, 1, 10, 6, 0, tzinfo=UTC)) == [False]
    assert sorted(morning(queue, frozen_now, MONDAY_MORNING)) == [False, False, True]
    out = StringIO()
    call_command("send_daily_summaries", stdout=out)
    assert "sent: 0" in out.getvalue()
    assert len(summary_mails(practitioner_account)) == 1
    assert DailySummary.objects.filter(day=MONDAY).count() == 1
    assert summaries_queued(queue) == [(MONDAY_MORNING + timedelta(days=1), "2027-01-12")]
    # Tuesday has no appointment; Wednesday's morning is queued and nothing more.
    assert morning(queue, frozen_now, MONDAY_MORNING + timedelta(days=1)) == [False]
    assert len(summary_mails(practitioner_account)) == 1
    assert [day for _at, day in summaries_queued(queue)] == ["2027-01-13"]


def test_turned_off_the_queued_morning_sends_nothing_and_the_chain_stops(
    monday, practitioner_account, queue, frozen_now
):
    notify.set_daily_summary(practitioner_account, True)
    notify.set_daily_summary(practitioner_account, False)
    assert morning(queue, frozen_now, datetime(2027, 1, 9, 6, 0, tzinfo=UTC)) == [False]
    assert summaries_queued(queue) == []
    assert not DailySummary.objects.exists()
    call_command("send_daily_summaries", stdout=StringIO())
    assert summary_mails(practitioner_account) == []


def test_a_worker_down_for_days_skips_the_days_gone_and_sends_todays_late(
    monday, practitioner_account, queue, frozen_now
):
    notify.set_daily_summary(practitioner_account, True)
    late = MONDAY_MORNING + timedelta(hours=3)  # Monday 10:00 in Paris
    # Saturday's task runs on Monday: Saturday is over (nothing sent), Monday's is queued, due.
    assert morning(queue, frozen_now, late) == [False]
    assert summaries_queued(queue) == [(MONDAY_MORNING, "2027-01-11")]
    assert morning(queue, frozen_now, late) == [True]
    assert "2 rendez-vous" in summary_mails(practitioner_account)[0].subject


def test_in_the_practitioners_language_and_time_zone(
    monday, practitioner, practitioner_account, queue, frozen_now
):
    practitioner_account.preferred_language = "en"
    practitioner_account.save()
    practitioner.time_zone = "America/Montreal"
    practitioner.save()
    notify.set_daily_summary(practitioner_account, True)
    # 07:00 in Montreal (UTC-5) on Monday; Jules at 04:00 and Anna at 09:00 there.
    montreal_morning = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)
    queue.results[:] = [r for r in queue.results if r.task.name != send_daily_summary.name]
    notify.schedule_daily_summary(practitioner, MONDAY)
    assert summaries_queued(queue) == [(montreal_morning, "2027-01-11")]
    assert morning(queue, frozen_now, montreal_morning) == [True]
    [summary] = summary_mails(practitioner_account)
    assert summary.subject == "Your agenda for Monday 11 January 2027: 2 appointments"
    assert "04:00 (50 min) — Jules Bernard, first consultation" in summary.body
    assert "09:00 (50 min) — Anna Petit, follow-up consultation" in summary.body
    assert "/en/rendez-vous/" in summary.body


def test_the_cron_command_sends_what_no_task_did_and_queues_the_next_morning(
    monday, practitioner_account, queue, frozen_now
):
    notify.set_daily_summary(practitioner_account, True)
    queue.clear()  # the queue was lost (purged, restored from a backup)
    frozen_now.move_to(MONDAY_MORNING - timedelta(minutes=1))
    out = StringIO()
    call_command("send_daily_summaries", stdout=out)
    assert "sent: 0" in out.getvalue()  # not 07:00 yet
    frozen_now.move_to(MONDAY_MORNING + timedelta(hours=1))
    call_command("send_daily_summaries", stdout=out)
    assert "sent: 1" in out.getvalue()
    assert len(summary_mails(practitioner_account)) == 1
    assert summaries_queued(queue) == [(MONDAY_MORNING + timedelta(days=1), "2027-01-12")]


def test_notifications_due_lists_the_summaries(monday, practitioner, practitioner_account, queue, frozen_now):
    notify.set_daily_summary(practitioner_account, True)
    morning(queue, frozen_now, datetime(2027, 1, 9, 6, 0, tzinfo=UTC))  # Saturday: empty
    frozen_now.move_to(datetime(2027, 1, 9, 9, 0, tzinfo=UTC))
    out = StringIO()
    call_command("notifications_due", stdout=out)
    text = out.getvalue()
    assert f"empty    summary  at 2027-01-09 06:00Z  practitioner {practitioner.pk} (2027-01-09)" in text
    assert f"pending  summary  at 2027-01-10 06:00Z  practitioner {practitioner.pk} (2027-01-10)" in text
    # Monday 07:10 in Paris, no worker ran Sunday's and Monday's tasks: Monday's is late.
    frozen_now.move_to(MONDAY_MORNING + timedelta(minutes=10))
    out = StringIO()
    call_command("notifications_due", "--state", "late", stdout=out)
    assert (
        f"late     summary  at 2027-01-11 06:00Z  practitioner {practitioner.pk} (2027-01-11)"
        in out.getvalue()
    )
    morning(queue, frozen_now, MONDAY_MORNING + timedelta(minutes=10))  # Sunday's, then Monday's
    morning(queue, frozen_now, MONDAY_MORNING + timedelta(minutes=10))
    out = StringIO()
    call_command("notifications_due", stdout=out)
    assert "sent     summary  at 2027-01-11 06:00Z" in out.getvalue()
    assert "2 appointment(s)" in out.getvalue()
    assert REASON not in out.getvalue()
