"""The suite's settings for a real `db_worker` started by a test (test_workers.py): the database
task backend, and e-mails written as files into WORKER_EMAIL_DIR (a worker process cannot share
the suite's in-memory outbox)."""

import os

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["WORKER_EMAIL_DIR"]
