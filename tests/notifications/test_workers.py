"""Two real `db_worker` processes against the test database: a due reminder queued several times
(a retried task, a double scheduling) goes out once, whichever worker runs which copy."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from booking import selectors, services
from booking.models import Appointment
from notifications.models import SentNotification
from notifications.tasks import send_reminder

from .test_messages import REASON

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
COPIES = 6
TIMEOUT = 25  # seconds, for the workers to start and to finish


def database_url() -> str:
    """The test database (test_<name>, or its xdist copy) that this test's rows are in."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(name: str, mail_dir: Path, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.notifications.worker_settings",
        DATABASE_URL=database_url(),
        WORKER_EMAIL_DIR=str(mail_dir),
    )
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"]
    with log.open("w") as output:
        return subprocess.Popen(
            [*command, "--worker-id", name], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def wait_for(condition, what: str, logs):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} after {TIMEOUT} s:\n" + "\n".join(log.read_text() for log in logs))
        time.sleep(0.1)


def test_two_workers_send_a_due_reminder_once(practitioner, person, settings, tmp_path):
    # Booked at the real time (the workers cannot share a frozen clock): the first free slot.
    today = timezone.localdate(timezone.now(), practitioner.zone)
    slot = selectors.free_slots(practitioner, today, today + timedelta(days=14))[0]
    appointment = services.hold_slot(
        practitioner=practitioner, person=person, start=slot.start, visit="first", reason=REASON
    )
    assert appointment.status == Appointment.Status.CONFIRMED
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [start_worker(f"worker-{i}", mail_dir, log) for i, log in enumerate(logs, 1)]
    try:
        wait_for(
            lambda: all("Starting worker" in log.read_text() for log in logs), "workers not started", logs
        )
        # The 24 h reminder, due now, queued several times at once: both workers find copies.
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        with transaction.atomic():
            for _ in range(COPIES):
                send_reminder.enqueue(
                    appointment_id=appointment.pk,
                    hours=24,
                    start=appointment.start.isoformat(),
                    sequence=appointment.sequence,
                )
        results = DBTaskResult.objects.filter(task_path=send_reminder.module_path)
        wait_for(lambda: not results.exclude(status="SUCCESSFUL").exists(), "reminders not all run", logs)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=10)

    assert sorted(results.values_list("return_value", flat=True)) == [False] * (COPIES - 1) + [True]
    assert SentNotification.objects.filter(appointment=appointment, kind="reminder_24h").count() == 1
    sent = [message_from_bytes(path.read_bytes(), policy=policy.default) for path in mail_dir.iterdir()]
    assert [m["To"] for m in sent] == [person.email]
    assert sent[0]["Subject"].strip().startswith("Rappel : rendez-vous avec Léa Moreau")
    ran = {worker for ids in results.values_list("worker_ids", flat=True) for worker in ids}
    assert ran <= {"worker-1", "worker-2"}
