"""Wagtail admin: who may list, preview, test and send an issue; sending once; progress."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from accounts.factories import UserFactory
from newsletter import services
from newsletter.models import NewsletterIssue

pytestmark = pytest.mark.django_db

BASE = "/admin/snippets/newsletter/newsletterissue/"
LOG = "/admin/lettre-d-information/journal/"


def _editor(email, *codenames):
    group = Group.objects.create(name=f"groupe {email}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(content_type__app_label="newsletter", codename=codename))
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def writer(db):
    """Writes and tests issues, cannot send them."""
    return _editor(
        "redactrice@example.fr", "add_newsletterissue", "change_newsletterissue", "view_newsletterissue"
    )


@pytest.fixture
def sender(db):
    return _editor(
        "envoi@example.fr",
        "add_newsletterissue",
        "change_newsletterissue",
        "view_newsletterissue",
        "send_newsletterissue",
    )


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def _refused(response) -> bool:
    """Wagtail turns a PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def _contentstate(text):
    block = {
        "key": "a1b2c",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def test_the_listing_shows_issues_with_their_sending_state(client, sender, issue):
    client.force_login(sender)
    html = client.get(BASE).content.decode()
    assert "Les nouveautés de l’hiver" in html
    assert "Brouillon" in html
    assert f"{BASE}send/{issue.pk}/" in html


def test_someone_without_newsletter_permissions_cannot_list_test_or_send(client, issue, person, subscribed):
    subscribed(person)
    outsider = _editor("autre-service@example.fr")
    client.force_login(outsider)
    assert _refused(client.get(BASE))
    assert _refused(client.get(f"{BASE}send/{issue.pk}/"))
    assert _refused(client.post(f"{BASE}test/{issue.pk}/"))
    assert _refused(client.post(f"{BASE}send/{issue.pk}/"))
    issue.refresh_from_db()
    assert not issue.is_sent
    assert mail.outbox == []


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, issue):
    response = client.get(f"{BASE}send/{issue.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_preview_renders_the_e_mail(client, writer, issue):
    client.force_login(writer)
    url = f"{BASE}preview/{issue.pk}/"
    posted = client.post(url, {"subject": "Objet en aperçu", "body": _contentstate("Texte de l’aperçu")})
    assert posted.json()["is_valid"]
    html = client.get(url).content.decode()
    assert "Objet en aperçu" in html
    assert "Texte de l’aperçu" in html
    assert "Se désabonner en un clic" in html


def test_a_writer_sends_a_test_to_themselves_only(client, writer, issue, person, subscribed):
    subscribed(person)
    client.force_login(writer)
    response = client.post(f"{BASE}test/{issue.pk}/")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [writer.email]
    assert message.subject == "[Test] Les nouveautés de l’hiver"
    issue.refresh_from_db()
    assert not issue.is_sent


def test_a_writer_without_the_send_permission_cannot_send(client, writer, issue, person, subscribed):
    subscribed(person)
    client.force_login(writer)
    page = client.get(f"{BASE}send/{issue.pk}/").content.decode()
    assert "Envoyer aux abonnés" not in page
    assert _refused(client.post(f"{BASE}send/{issue.pk}/"))
    issue.refresh_from_db()
    assert not issue.is_sent
    assert mail.outbox == []


def test_sending_shows_the_progress_and_a_second_send_is_refused_clearly(
    client, sender, issue, person, subscribed, django_capture_on_commit_callbacks
):
    subscribed(person)
    subscribed(UserFactory(email="autre@example.fr"))
    client.force_login(sender)
    page = client.get(f"{BASE}send/{issue.pk}/").content.decode()
    assert "2 personnes abonnées" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}send/{issue.pk}/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    progress = client.get(f"{BASE}send/{issue.pk}/").content.decode()
    assert 'data-sent="2" data-failed="0" data-total="2"' in progress
    assert "Envoi terminé" in progress
    assert "Envoyée : 2 sur 2" in client.get(BASE).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"{BASE}send/{issue.pk}/")
    assert any("déjà été envoyée" in m for m in _messages(again))
    assert len(mail.outbox) == 2


def test_the_progress_of_an_issue_being_sent(client, sender, issue, person, subscribed):
    subscribed(person)
    client.force_login(sender)
    services.request_sending(issue=issue, user=sender)  # queued, the worker has not run yet
    page = client.get(f"{BASE}send/{issue.pk}/").content.decode()
    assert "Envoi en cours" in page
    assert 'data-sent="0" data-failed="0" data-total="1"' in page
    assert "En cours : 0 sur 1" in client.get(BASE).content.decode()


def test_a_sent_issue_can_be_neither_edited_nor_deleted(client, sender, issue):
    services.request_sending(issue=issue, user=sender)
    client.force_login(sender)
    edit = client.get(f"{BASE}edit/{issue.pk}/")
    assert edit.status_code == 302
    assert any("déjà été envoyée" in m for m in _messages(edit))
    client.post(f"{BASE}edit/{issue.pk}/", {"subject": "Changé", "body": _contentstate("x")})
    issue.refresh_from_db()
    assert issue.subject == "Les nouveautés de l’hiver"


def test_an_unknown_issue_is_a_404(client, sender):
    client.force_login(sender)
    assert client.get(f"{BASE}send/999999/").status_code == 404
    assert client.post(f"{BASE}test/999999/").status_code == 404


def test_the_subscription_log_is_read_only_for_its_viewers(client, person, subscribed):
    subscribed(person)
    dpo = UserFactory(email="dpd@example.fr", is_staff=True)
    group = Group.objects.create(name="DPD test")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_subscriptionevent"),
    )
    dpo.groups.add(group)
    client.force_login(dpo)
    html = client.get(LOG).content.decode()
    assert person.email in html
    assert "Inscription confirmée" in html
    assert _refused(client.get(f"{LOG}new/")) or client.get(f"{LOG}new/").status_code == 404


def test_the_editor_can_add_an_issue_in_a_language(client, sender, locales):
    client.force_login(sender)
    response = client.post(
        f"{BASE}add/?locale=en", {"subject": "Spring news", "body": _contentstate("Hello"), "locale": "en"}
    )
    assert response.status_code == 302
    created = NewsletterIssue.objects.get(subject="Spring news")
    assert created.locale.language_code == "en"
