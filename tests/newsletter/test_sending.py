"""Sending an issue: confirmed subscribers of its language only, in batches, once per person,
with the one-click unsubscribe headers; counts of sent and failed."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.factories import UserFactory
from newsletter import selectors, services, tasks
from newsletter.messages import ONE_CLICK
from newsletter.models import Delivery

pytestmark = pytest.mark.django_db

HEADER_URL = re.compile(r"^<(https?://[^/]+)(/lettre-d-information/desinscription/[^/>]+/)>$")


@pytest.fixture
def editor(db):
    return UserFactory(email="redaction@example.fr", is_staff=True)


def _send(issue, editor, capture):
    with capture(execute=True):
        services.request_sending(issue=issue, user=editor)
    issue.refresh_from_db()
    return issue


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_only_confirmed_subscribers_in_the_issue_s_language_receive_it(
    issue, person, english_person, subscribed, subscribe, editor, django_capture_on_commit_callbacks
):
    subscribed(person)
    subscribed(english_person)
    pending = UserFactory(email="attente@example.fr")
    subscribe(pending)
    withdrawn = UserFactory(email="partie@example.fr")
    subscribed(withdrawn)
    services.withdraw(user=withdrawn, source="account")
    closed = UserFactory(email="fermee@example.fr")
    subscribed(closed)
    closed.is_active = False
    closed.save()
    UserFactory(email="jamais@example.fr")
    mail.outbox.clear()

    _send(issue, editor, django_capture_on_commit_callbacks)
    assert _recipients() == [person.email]
    [message] = mail.outbox
    assert message.subject == "Les nouveautés de l’hiver"
    html = message.alternatives[0][0]
    assert "<h2>Nouveau</h2>" in html
    assert 'href="https://example.org/aide"' in html
    assert "Déplacez un rendez-vous en ligne (https://example.org/aide)." in message.body
    assert "Bonjour Léa," in message.body


def test_the_english_issue_goes_to_english_speakers(
    english_issue, person, english_person, subscribed, editor, django_capture_on_commit_callbacks
):
    subscribed(person)
    subscribed(english_person)
    _send(english_issue, editor, django_capture_on_commit_callbacks)
    assert _recipients() == [english_person.email]


def test_every_mail_carries_its_own_one_click_unsubscribe_headers(
    issue, person, subscribed, editor, django_capture_on_commit_callbacks
):
    other = UserFactory(email="autre@example.fr")
    subscribed(person)
    subscribed(other)
    _send(issue, editor, django_capture_on_commit_callbacks)
    urls = {}
    for message in mail.outbox:
        assert message.extra_headers["List-Unsubscribe-Post"] == ONE_CLICK
        match = HEADER_URL.match(message.extra_headers["List-Unsubscribe"])
        assert match, message.extra_headers["List-Unsubscribe"]
        path = match.group(2)
        assert path in message.body  # the same link in the footer
        urls[message.to[0]] = path
        serialised = message.message().as_string()
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in serialised
    assert len(set(urls.values())) == 2

    # What a mail client does with the header: a POST, no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        urls[person.email], "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert selectors.state_of(person) == "withdrawn"
    assert selectors.is_subscribed(other)


@pytest.mark.parametrize("batch_size", [2, 100])
def test_batches_send_to_everyone_once_and_count(
    issue, subscribed, editor, settings, django_capture_on_commit_callbacks, batch_size
):
    settings.NEWSLETTER_BATCH_SIZE = batch_size
    people = [UserFactory(email=f"abonne{n}@example.fr") for n in range(5)]
    for someone in people:
        subscribed(someone)
    issue = _send(issue, editor, django_capture_on_commit_callbacks)
    assert _recipients() == sorted(p.email for p in people)
    progress = selectors.progress(issue)
    assert (progress.total, progress.sent, progress.failed, progress.finished) == (5, 5, 0, True)
    assert Delivery.objects.filter(issue=issue, status="sent").count() == 5

    # The task run again (a retry, a second worker): nobody gets it twice.
    tasks.send_issue_batch.call(issue_id=issue.pk)
    issue.sending_finished_at = None  # even one that read the issue before it was finished
    issue.save()
    tasks.send_issue_batch.call(issue_id=issue.pk)
    assert len(mail.outbox) == 5


def test_one_run_sends_one_batch_and_queues_the_next(issue, subscribed, editor, settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    for n in range(5):
        subscribed(UserFactory(email=f"abonne{n}@example.fr"))
    # A queue that keeps tasks instead of running them, as the database backend before a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services.request_sending(issue=issue, user=editor)
    assert tasks.send_issue_batch.call(issue_id=issue.pk) == {"sent": 2, "failed": 0}
    assert len(mail.outbox) == 2
    issue.refresh_from_db()
    progress = selectors.progress(issue)
    assert (progress.sent, progress.total, progress.finished) == (2, 5, False)
    queued = tasks.send_issue_batch.get_backend().results
    assert [r.kwargs for r in queued] == [{"issue_id": issue.pk}]


def test_a_person_already_delivered_is_skipped(
    issue, person, subscribed, editor, django_capture_on_commit_callbacks
):
    other = UserFactory(email="autre@example.fr")
    subscribed(person)
    subscribed(other)
    Delivery.objects.create(issue=issue, user=person, email=person.email, status="sent")
    assert services.claim_delivery(issue=issue, user=person) is None
    _send(issue, editor, django_capture_on_commit_callbacks)
    assert _recipients() == [other.email]


def test_a_refused_address_is_counted_as_failed_and_does_not_stop_the_others(
    issue, subscribed, editor, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.newsletter.mail_backends.RefusingBackend"
    subscribed(UserFactory(email="refuse@example.fr"))
    subscribed(UserFactory(email="accepte@example.fr"))
    issue = _send(issue, editor, django_capture_on_commit_callbacks)
    assert _recipients() == ["accepte@example.fr"]
    progress = selectors.progress(issue)
    assert (progress.sent, progress.failed, progress.total) == (1, 1, 2)
    failed = Delivery.objects.get(issue=issue, status="failed")
    assert "SMTPRecipientsRefused" in failed.error


def test_an_issue_cannot_be_sent_twice(issue, person, subscribed, editor, django_capture_on_commit_callbacks):
    subscribed(person)
    _send(issue, editor, django_capture_on_commit_callbacks)
    with pytest.raises(services.AlreadySent), django_capture_on_commit_callbacks(execute=True):
        services.request_sending(issue=issue, user=editor)
    assert len(mail.outbox) == 1


def test_after_a_one_click_withdrawal_the_next_issue_is_not_sent(
    client, issue, person, subscribed, editor, locales, django_capture_on_commit_callbacks
):
    from newsletter.models import NewsletterIssue

    other = UserFactory(email="autre@example.fr")
    subscribed(person)
    subscribed(other)
    _send(issue, editor, django_capture_on_commit_callbacks)
    link = next(m for m in mail.outbox if m.to == [person.email]).extra_headers["List-Unsubscribe"]
    path = HEADER_URL.match(link).group(2)
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    mail.outbox.clear()

    next_issue = NewsletterIssue.objects.create(
        subject="Printemps", body="<p>Du nouveau.</p>", locale=locales["fr"]
    )
    _send(next_issue, editor, django_capture_on_commit_callbacks)
    assert _recipients() == [other.email]
