"""Retention tests: a fixed "now" (time-machine), people inactive for a given time, a privacy
handler that records who `erase_person` was called for."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from accounts.factories import UserFactory
from accounts.models import User
from booking.models import Appointment
from practitioners_directory.models import Practitioner
from privacy import registry
from retention.selectors import years_before
from tests.booking.conftest import directory  # noqa: F401
from tests.contact.conftest import privacy, subjects  # noqa: F401

# A Thursday in June; Paris is UTC+2.
NOW = datetime(2034, 6, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def inactive(*, years: int = 0, days: int = 0, never_signed_in: bool = False, **fields) -> User:
    """Someone whose last sign-in (or signup, if never) was `years` years and `days` days ago."""
    user = UserFactory(**fields)
    moment = years_before(NOW, years) - timedelta(days=days)
    if never_signed_in:
        User.objects.filter(pk=user.pk).update(last_login=None, date_joined=moment)
    else:
        User.objects.filter(pk=user.pk).update(last_login=moment, date_joined=moment - timedelta(days=30))
    user.refresh_from_db()
    return user


def appointment(
    practitioner, person, *, start, status=Appointment.Status.CONFIRMED, reason=""
) -> Appointment:
    return Appointment.objects.create(
        practitioner=practitioner,
        person=person,
        start=start,
        end=start + timedelta(minutes=50),
        blocked_start=start,
        blocked_end=start + timedelta(minutes=60),
        status=status,
        visit=Appointment.Visit.FIRST,
        price_cents=6000,
        reason=reason,
    )


@pytest.fixture
def practice(db):
    """A practitioner without a published profile (so not excluded for that reason)."""
    account = UserFactory(email="psy.retention@example.fr", role="practitioner")
    return Practitioner.objects.create(display_name="Dr Retention", user=account)


@pytest.fixture
def erased():
    """Who `privacy.erasure.erase_person` ran for: a tiny handler, removed after the test."""
    calls: list[int] = []
    handler = registry.Handler(
        key="test-retention-probe",
        label="probe",
        export=lambda user: None,
        erase=lambda user, context: calls.append(user.pk),
        order=1,
    )
    registry.register(handler)
    yield calls
    registry._handlers.pop(handler.key, None)


def cookie_decision(when: datetime):
    """A visitor's refusal in the banner at `when` (a receipt and an anonymous ledger row)."""
    from consent import services

    with time_machine.travel(when, tick=False):
        request = RequestFactory().post("/cookies/choix/", REMOTE_ADDR="198.51.100.7")
        request.user = AnonymousUser()
        return services.record_decision(request=request, accepted=[], source="banner")
