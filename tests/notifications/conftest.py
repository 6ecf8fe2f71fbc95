import pytest
from django_tasks import task_backends

from tests.booking.conftest import (  # noqa: F401
    directory,
    frozen_now,
    other_person,
    person,
    practitioner,
    practitioner_account,
)
from tests.payments.conftest import connected, local_stripe, stripe_local  # noqa: F401


@pytest.fixture
def queue(settings):
    """A backend that keeps tasks (with their run_after) instead of running them: the worker is
    `run_due` (test_reminders), which runs what is due at the (frozen) current time."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    yield backend
    backend.clear()
