"""make run: a draft issue, the editor may send it, the demo user can subscribe (double opt-in)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from newsletter import selectors, services
from newsletter.demo import DEMO_SUBJECT
from newsletter.models import NewsletterIssue
from tests.newsletter.conftest import confirmation_path

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_draft_issue_the_editor_may_send(demo_content):
    issue = NewsletterIssue.objects.get(subject=DEMO_SUBJECT)
    assert issue.locale.language_code == "fr"
    assert not issue.is_sent
    editor = get_user_model().objects.get(email="editeur@psyconsult.example")
    assert editor.has_perm("newsletter.send_newsletterissue")
    dpo = get_user_model().objects.get(email="dpd@psyconsult.example")
    assert dpo.has_perm("newsletter.view_subscriptionevent")
    assert not dpo.has_perm("newsletter.send_newsletterissue")


def test_the_demo_user_can_subscribe(demo_content, client, django_capture_on_commit_callbacks):
    user = get_user_model().objects.get(email="utilisateur@psyconsult.example")
    with django_capture_on_commit_callbacks(execute=True):
        event = services.request_subscription(user=user, source="account")
    assert len(mail.outbox) == 1
    version = services.policy_for_consent(user)
    assert version.number == 2  # the demo's privacy policy in force
    response = client.post(confirmation_path(event), {"version": version.pk})
    assert response.status_code == 200
    assert selectors.is_subscribed(user)
