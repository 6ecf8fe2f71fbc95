"""The embedded default (`make run`): SQLite shared by the web process and a task worker.

Publishing a version used to send its e-mails inside the editor's request and lock the SQLite
file ("database is locked"). Now the request only queues a task, the worker sends, and SQLite is
set up for two writers (WAL, write lock taken at BEGIN, writers wait for each other).
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL")


def run(args, database: Path, **extra_env):
    env = {k: v for k, v in os.environ.items() if k not in DEV_ONLY}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev", DATABASE_URL=f"sqlite:///{database}", **extra_env
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


PUBLISH = textwrap.dedent(
    """
    import django; django.setup()
    from datetime import timedelta
    from django.db import connection, transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult
    from accounts.factories import UserFactory
    from legal import services
    from legal.factories import make_version

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        print("journal", cursor.fetchone()[0])
    print("mode", connection.settings_dict["OPTIONS"]["transaction_mode"])
    print("timeout", connection.settings_dict["OPTIONS"]["timeout"])
    v1 = make_version("privacy_policy", 1, effective_at=timezone.now() - timedelta(days=9))
    person = UserFactory(email="quelqu.un@example.fr")
    services.record_acceptance(version=v1, context="signup", user=person)
    with transaction.atomic():
        make_version("privacy_policy", 2, effective_at=timezone.now(), requires_reacceptance=True)
    print("queued", DBTaskResult.objects.filter(task_path="legal.tasks.notify_version_published").count())
    """
)


def test_publishing_queues_the_e_mails_for_the_worker_beside_the_web_process(tmp_path):
    database = tmp_path / "db.sqlite3"
    assert run(["manage.py", "migrate", "--noinput"], database).returncode == 0

    published = run(["-c", PUBLISH], database)

    assert published.returncode == 0, published.stderr
    assert "journal wal" in published.stdout
    assert "mode IMMEDIATE" in published.stdout
    assert "timeout 20" in published.stdout
    assert "queued 1" in published.stdout
    assert "quelqu.un@example.fr" not in published.stdout  # nothing sent inside the publication
    worker = run(["manage.py", "db_worker", "--batch", "--no-startup-delay"], database)
    assert worker.returncode == 0, worker.stderr
    assert "To: quelqu.un@example.fr" in worker.stdout  # the console e-mail backend of `make run`
