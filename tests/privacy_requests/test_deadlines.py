"""Deadlines: one calendar month from the receipt (Paris day), three months once extended."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from privacy_requests import deadlines, services
from privacy_requests.models import DataSubjectRequest, RequestEvent

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 3, 15), date(2026, 4, 15)),
        (date(2026, 12, 31), date(2027, 1, 31)),
    ],
)
def test_one_calendar_month_ends_on_the_same_day_or_the_last_day_of_the_month(received, due):
    assert deadlines.due_date(received) == due


def test_the_extension_counts_three_months_from_the_receipt():
    assert deadlines.extended_due_date(date(2026, 1, 31)) == date(2026, 4, 30)
    assert deadlines.extended_due_date(date(2026, 11, 30)) == date(2027, 2, 28)


@time_machine.travel(datetime(2026, 1, 31, 23, 30, tzinfo=PARIS), tick=False)
def test_a_request_received_late_on_31_january_in_paris_is_due_on_28_february(person):
    dsr = services.record_request(kind="access", channel="privacy_centre", user=person)
    assert dsr.due_at == date(2026, 2, 28)
    assert dsr.deadline == date(2026, 2, 28)


@time_machine.travel(datetime(2026, 1, 31, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False)
def test_the_day_of_receipt_is_the_paris_day():
    # 23:30 UTC on 31 January is already 1 February in Paris.
    dsr = services.record_request(kind="access", channel="email", requester_email="x@example.fr")
    assert dsr.due_at == date(2026, 3, 1)


@time_machine.travel(datetime(2028, 1, 31, 10, 0, tzinfo=PARIS), tick=False)
def test_extension_once_with_its_reason_e_mailed_to_the_person(
    person, dpo, django_capture_on_commit_callbacks
):
    dsr = services.record_request(kind="portability", channel="privacy_centre", user=person)
    assert dsr.due_at == date(2028, 2, 29)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.extend(dsr=dsr, reason="Nous devons réunir des archives.\nMerci de votre patience.", by=dpo)

    dsr.refresh_from_db()
    assert dsr.extended_due_at == date(2028, 4, 30)
    assert dsr.deadline == date(2028, 4, 30)
    assert dsr.extension_reason.startswith("Nous devons réunir des archives.")
    assert [m.to for m in mail.outbox] == [["lea.durand@example.fr"]]
    body = mail.outbox[0].body
    assert "29 février 2028" in body
    assert "30 avril 2028" in body
    assert "Nous devons réunir des archives." in body
    assert "Merci de votre patience." in body
    assert "article 12.3 du RGPD" in body
    assert "délai de réponse prolongé" in mail.outbox[0].subject
    assert RequestEvent.objects.filter(request=dsr, action="extended", actor=dpo).exists()

    with pytest.raises(services.RequestRefused, match="qu’une fois"):
        services.extend(dsr=dsr, reason="Encore", by=dpo)
    assert DataSubjectRequest.objects.get(pk=dsr.pk).extended_due_at == date(2028, 4, 30)


def test_an_extension_needs_a_reason_and_an_open_request(person, dpo):
    dsr = services.record_request(kind="access", channel="privacy_centre", user=person)
    with pytest.raises(services.RequestRefused, match="motif"):
        services.extend(dsr=dsr, reason="  ", by=dpo)
    services.answer(dsr=dsr, by=dpo)
    with pytest.raises(services.RequestRefused, match="en attente"):
        services.extend(dsr=dsr, reason="Trop tard", by=dpo)
    assert DataSubjectRequest.objects.get(pk=dsr.pk).extended_due_at is None


def test_a_corrected_receipt_date_moves_the_deadline(person, dpo):
    dsr = services.record_request(kind="access", channel="letter", requester_email="a@example.fr")
    services.update_request(
        dsr=dsr, data={"received_at": datetime(2026, 1, 31, 9, tzinfo=PARIS)}, account=None, by=dpo
    )
    assert DataSubjectRequest.objects.get(pk=dsr.pk).due_at == date(2026, 2, 28)
