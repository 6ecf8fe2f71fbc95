"""Overdue: open and past its deadline (the extended one if any); the last day is still in time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from privacy_requests import selectors, services
from privacy_requests.models import DataSubjectRequest, RequestEvent

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def _received(day: date, **extra):
    return services.record_request(
        kind="access",
        channel="email",
        requester_email="x@example.fr",
        received_at=datetime(day.year, day.month, day.day, 10, tzinfo=PARIS),
        acknowledge=False,
        **extra,
    )


@time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=PARIS), tick=False)
def test_open_requests_past_their_deadline_are_overdue_and_no_others(dpo):
    late = _received(date(2026, 1, 31))  # due 28 Feb: late on 1 March
    last_day = _received(date(2026, 2, 1))  # due 1 March: today, still in time
    answered_late = _received(date(2026, 1, 15))
    services.answer(dsr=answered_late, by=dpo)
    in_progress_late = _received(date(2026, 1, 20))
    services.start(dsr=in_progress_late, by=dpo)
    extended = _received(date(2026, 1, 10))
    services.extend(dsr=extended, reason="Complexe", by=dpo)  # until 10 April

    overdue = set(selectors.overdue_requests().values_list("pk", flat=True))
    assert overdue == {late.pk, in_progress_late.pk}
    flags = dict(selectors.with_overdue().values_list("pk", "is_overdue"))
    assert flags == {
        late.pk: True,
        last_day.pk: False,
        answered_late.pk: False,
        in_progress_late.pk: True,
        extended.pk: False,
    }
    assert selectors.is_overdue(late)
    assert not selectors.is_overdue(extended)
    assert selectors.counts() == {"open": 4, "overdue": 2}

    with time_machine.travel(datetime(2026, 4, 11, 9, tzinfo=PARIS), tick=False):
        assert selectors.is_overdue(extended)


def test_statuses_go_forward_and_every_change_is_in_the_history(person, dpo):
    dsr = services.record_request(kind="objection", channel="privacy_centre", user=person)
    services.start(dsr=dsr, by=dpo)
    with pytest.raises(services.RequestRefused):
        services.refuse(dsr=dsr, reason="", by=dpo)
    services.refuse(dsr=dsr, reason="Traitement nécessaire au contrat.", by=dpo)
    services.close(dsr=dsr, by=dpo)
    with pytest.raises(services.RequestRefused):
        services.start(dsr=dsr, by=dpo)
    dsr.refresh_from_db()
    assert dsr.status == DataSubjectRequest.Status.CLOSED
    assert dsr.answered_at is not None
    steps = list(RequestEvent.objects.filter(request=dsr).values_list("action", "from_status", "to_status"))
    assert steps == [
        ("created", "", "received"),
        ("status", "received", "in_progress"),
        ("status", "in_progress", "refused"),
        ("status", "refused", "closed"),
    ]


@pytest.mark.postgres
def test_the_history_is_append_only_in_the_database(person):
    from django.db import InternalError, ProgrammingError, transaction

    dsr = services.record_request(kind="access", channel="privacy_centre", user=person)
    event = dsr.events.get()
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        RequestEvent.objects.filter(pk=event.pk).update(to_status="closed")
