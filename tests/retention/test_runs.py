"""A run of every rule: the report saved (counts, no names), the proof periods reported and never
deleted, `--dry-run` changing nothing (rows and files), the command's progress bar and summary,
the daily task that queues the next day once."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django_tasks import task_backends

from accounts.models import User
from booking.models import Appointment
from consent.models import ConsentReceipt
from contact.models import ContactMessage
from legal.factories import ensure_documents, ensure_locales, make_version
from legal.models import Acceptance
from practitioners_directory.models import PractitionerApplication
from retention import services, tasks
from retention.models import RetentionRun, RetentionWarning
from retention.selectors import years_before
from tests.contact.test_admin import make_message
from tests.practitioners_directory.factories import make_application

from .conftest import NOW, appointment, cookie_decision, inactive

pytestmark = pytest.mark.django_db


@pytest.fixture
def cookies(db):
    from consent import demo

    ensure_locales()
    ensure_documents()
    make_version("cookie_policy", 1, effective_at=NOW - timedelta(days=9 * 365))
    demo.ensure_groups()


def test_proof_periods_are_reported_and_nothing_is_deleted(now, cookies):
    # Past: 5 years of proof after a consent that lasts at most 13 months.
    old = cookie_decision(years_before(NOW, 5) - timedelta(days=400))
    recent = cookie_decision(years_before(NOW, 5) - timedelta(days=380))
    receipts, acceptances = ConsentReceipt.objects.count(), Acceptance.objects.count()

    run = services.run_rules(dry_run=False)

    assert run.counts["cookie_receipts"] == {
        "due": 1,
        "past_period": 1,
        "newest_id": old.receipt.pk,
        "errors": 0,
    }
    assert run.counts["anonymous_acceptances"]["past_period"] == 1
    assert (ConsentReceipt.objects.count(), Acceptance.objects.count()) == (receipts, acceptances)
    assert recent.receipt.pk != old.receipt.pk


def _state():
    """Rows of every table (but the run reports), the files in the private storage, and the values
    the rules would change."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model is not RetentionRun and not model._meta.proxy
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, reason FROM booking_appointment ORDER BY id")
        reasons = cursor.fetchall()
    users = list(User.objects.order_by("pk").values_list("email", "last_name", "is_active", "password"))
    return counts, reasons, users


def _private_files():
    storage = storages["private"]
    names = []

    def walk(path):
        directories, files = storage.listdir(path)
        for name in files:
            full = f"{path}/{name}" if path else name
            names.append((full, storage.size(full)))
        for directory in directories:
            walk(f"{path}/{directory}" if path else directory)

    walk("")
    return sorted(names)


@pytest.fixture
def everything_due(now, cookies, practice, privacy, subjects, erased):
    """Something due for every rule."""
    inactive(years=4)  # to warn
    to_anonymise = inactive(years=5)
    RetentionWarning.objects.create(
        user=to_anonymise,
        inactive_since=to_anonymise.last_login,
        warned_at=NOW - timedelta(days=40),
        anonymise_after=NOW - timedelta(days=10),
    )
    application = make_application(status=PractitionerApplication.Status.REJECTED)
    PractitionerApplication.objects.filter(pk=application.pk).update(
        status_changed_at=NOW - timedelta(days=400)
    )
    message = make_message(privacy, subjects["account"])
    ContactMessage.objects.filter(pk=message.pk).update(created_at=NOW - timedelta(days=400))
    appointment(
        practice,
        inactive(years=0),
        start=NOW - timedelta(days=6 * 365),
        status=Appointment.Status.COMPLETED,
        reason="Anxiété",
    )
    cookie_decision(NOW - timedelta(days=7 * 365))
    from audience.models import PageViewDay, Visit

    PageViewDay.objects.create(day=(NOW - timedelta(days=800)).date(), path="/fr/", views=3)
    old = NOW - timedelta(days=400)
    Visit.objects.create(visitor_id="v" * 22, started_at=old, last_seen_at=old, entry_path="/fr/")
    mail.outbox.clear()
    return application


def test_a_dry_run_changes_no_row_and_no_file_and_saves_its_report(
    everything_due, erased, django_capture_on_commit_callbacks
):
    documents = [everything_due.diploma.name, everything_due.insurance.name]
    before = (_state(), _private_files())
    assert set(documents) <= {name for name, _size in before[1]}

    run = services.run_rules(dry_run=True)

    assert (_state(), _private_files()) == before
    assert mail.outbox == []
    assert erased == []
    assert run.dry_run
    assert run.finished_at
    assert run.errors == []
    assert {key: counts["due"] for key, counts in run.counts.items()} == {
        "inactive_warning": 1,
        "inactive_anonymisation": 1,
        "rejected_applications": 1,
        "contact_messages": 1,
        "support_conversations": 0,  # tests/support cover the rule
        "audience": 2,  # two tables: the daily pages, the visits
        "appointment_reasons": 1,
        "cookie_receipts": 1,
        "anonymous_acceptances": 1,
    }
    assert run.counts["rejected_applications"] == {"due": 1, "applications": 1, "files": 2, "errors": 0}

    # The same world, for real: every rule acts.
    with django_capture_on_commit_callbacks(execute=True):  # documents go once committed
        real = services.run_rules(dry_run=False)
    assert not real.dry_run
    assert real.counts["inactive_warning"]["warned"] == 1
    assert real.counts["inactive_anonymisation"]["anonymised"] == 1
    assert real.counts["contact_messages"]["messages"] == 1
    assert real.counts["appointment_reasons"]["reasons"] == 1
    assert real.counts["audience"] == {"due": 2, "aggregates": 1, "visits": 1, "errors": 0}
    assert not any(storages["private"].exists(name) for name in documents)
    assert len(erased) == 1
    assert RetentionRun.objects.count() == 2


def test_the_command_shows_a_progress_bar_per_rule_and_the_report(everything_due):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()

    assert text.startswith("Simulation : rien ne sera modifié.")
    assert "Candidatures refusées et leurs pièces" in text
    assert "[" + "." * 30 + "] 0/1" in text
    assert "[" + "#" * 30 + "] 1/1" in text
    assert "Motifs de consultation" in text
    run = RetentionRun.objects.get()
    assert f"Simulation n° {run.pk} enregistrée" in text
    assert "rejected_applications: due=1, applications=1, files=2, errors=0" in text
    assert "Aucune erreur." in text
    assert run.dry_run


def test_the_command_without_dry_run_applies(everything_due):
    call_command("apply_retention", stdout=io.StringIO())
    run = RetentionRun.objects.get()
    assert not run.dry_run
    assert run.trigger == RetentionRun.Trigger.COMMAND
    assert not ContactMessage.objects.exists()


@pytest.fixture
def queue(settings):
    """A backend that keeps deferred tasks instead of running them (the worker is the test)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    yield backend
    backend.clear()


def queued(backend):
    return sorted(
        (r.task.run_after, r.kwargs["day"])
        for r in backend.results
        if r.task.name == tasks.apply_retention_daily.name
    )


def run_queued(backend, moment):
    """The worker at `moment`: the daily tasks due."""
    due = [
        r
        for r in backend.results
        if r.task.name == tasks.apply_retention_daily.name and r.task.run_after <= moment
    ]
    backend.results[:] = [r for r in backend.results if r not in due]
    return [r.task.call(*r.args, **r.kwargs) for r in due]


def test_the_daily_run_claims_its_day_once_and_queues_the_next(now, queue):
    today = date(2034, 6, 1)
    tomorrow_run = datetime(2034, 6, 2, 3, 30, tzinfo=services.run_at(today).tzinfo)

    assert tasks.apply_retention_daily.call(day=today.isoformat()) is not None
    assert queued(queue) == [(tomorrow_run, "2034-06-02")]
    run = RetentionRun.objects.get()
    assert (run.day, run.trigger, run.dry_run) == (today, RetentionRun.Trigger.DAILY, False)
    assert "inactive_warning" in run.counts
    # A duplicate task, a second worker or the cron command: the day is taken, nothing runs.
    assert tasks.apply_retention_daily.call(day=today.isoformat()) is None
    out = io.StringIO()
    call_command("apply_retention", "--daily", stdout=out)
    assert "déjà été appliquées aujourd’hui" in out.getvalue()
    assert RetentionRun.objects.count() == 1

    # The next morning: however many tasks were queued for it, one run, and one chain goes on.
    now.move_to(tomorrow_run)
    results = run_queued(queue, tomorrow_run)
    assert len([r for r in results if r is not None]) == 1
    assert list(RetentionRun.objects.filter(day="2034-06-02").values_list("trigger", flat=True)) == ["daily"]
    assert [day for _at, day in queued(queue)] == ["2034-06-03"]


def test_a_chain_starts_after_migrate_and_from_the_cron_command(now, queue):
    services.ensure_daily_chain_after_migrate(using="default")
    assert [day for _at, day in queued(queue)] == ["2034-06-02"]  # 03:30 today is past

    queue.clear()
    call_command("apply_retention", "--daily", stdout=io.StringIO())
    assert RetentionRun.objects.get().day == date(2034, 6, 1)
    assert "2034-06-02" in [day for _at, day in queued(queue)]


def test_with_the_database_backend_a_waiting_task_is_not_queued_twice(now, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert services.ensure_daily_chain() is True
    assert services.ensure_daily_chain() is False  # e.g. the next `migrate`
    row = DBTaskResult.objects.get(task_path=tasks.apply_retention_daily.module_path)
    assert row.args_kwargs["kwargs"] == {"day": "2034-06-02"}


def test_without_a_deferring_backend_nothing_is_queued(now):
    # The test settings' immediate backend cannot defer: it would run the chain at once, forever.
    assert services.ensure_daily_chain() is False
    assert services.schedule_daily_run() is False
