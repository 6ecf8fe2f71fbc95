"""The messages in the Wagtail admin: who sees them, the read is logged, editors set the status."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.factories import UserFactory
from contact.models import ContactMessage
from legal.models import Acceptance
from legal.services import record_acceptance
from privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db
LIST = reverse("contact_messages:index")


def make_message(privacy, subject, *, user=None, **fields) -> ContactMessage:
    message = ContactMessage(
        name=fields.pop("name", "Julie Marchand"),
        email=fields.pop("email", "julie@example.fr"),
        subject=subject,
        message=fields.pop("message", "J'ai du mal à dormir depuis mon dernier rendez-vous."),
        user=user,
        **fields,
    )
    message.acceptance, _created = record_acceptance(
        version=privacy["fr"],
        context=Acceptance.Context.CONTACT_FORM,
        user=user,
        consent_id=None if user else message.consent_id,
    )
    message.save()
    return message


def inspect_url(message) -> str:
    return reverse("contact_messages:inspect", args=[message.pk])


def test_editors_with_the_permission_see_the_list_without_the_text(client, privacy, subjects, message_reader):
    make_message(privacy, subjects["account"])
    make_message(privacy, subjects["payment"], name="Daniel Hughes", email="daniel@example.com")
    client.force_login(message_reader)

    response = client.get(LIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Julie Marchand" in html
    assert "Daniel Hughes" in html
    assert "dormir" not in html  # the text is only on the message's own page


def test_the_list_filters_by_status_and_subject_and_searches_names_and_addresses(
    client, privacy, subjects, message_reader
):
    make_message(privacy, subjects["account"], status=ContactMessage.Status.CLOSED)
    make_message(privacy, subjects["payment"], name="Daniel Hughes", email="daniel@example.com")
    client.force_login(message_reader)

    def names(**query) -> set[str]:
        html = client.get(LIST, query).content.decode()
        return {name for name in ("Julie Marchand", "Daniel Hughes") if name in html}

    assert names(status="closed") == {"Julie Marchand"}
    assert names(subject=str(subjects["payment"].pk)) == {"Daniel Hughes"}
    assert names(q="daniel@example") == {"Daniel Hughes"}
    assert names(q="Marchand") == {"Julie Marchand"}


def test_others_do_not_see_the_messages(client, privacy, subjects):
    message = make_message(privacy, subjects["account"])
    editor = UserFactory(email="redacteur@example.fr", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    # Wagtail's answer to a missing permission: back to the admin's home, with a message.
    for url in (LIST, inspect_url(message)):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    status = client.post(reverse("contact_messages:status", args=[message.pk]), {"status": "closed"})
    assert status.status_code == 404
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.NEW
    # Without the admin at all: the login page, nothing else.
    client.force_login(UserFactory(email="visiteur@example.fr"))
    assert client.get(inspect_url(message)).status_code == 302


def test_reading_a_message_of_an_anonymous_sender_is_kept_in_its_history(
    client, privacy, subjects, message_reader
):
    message = make_message(privacy, subjects["account"])
    client.force_login(message_reader)

    response = client.get(inspect_url(message))

    assert response.status_code == 200
    assert "J&#x27;ai du mal à dormir depuis mon dernier rendez-vous." in response.content.decode()
    entry = ModelLogEntry.objects.get(action="contact.message_read")
    assert entry.user == message_reader
    assert entry.object_id == str(message.pk)
    assert entry.data == {"why": "Réponse au message de contact"}


def test_reading_a_message_of_a_signed_in_sender_goes_to_the_access_log(
    client, privacy, subjects, message_reader
):
    sender = UserFactory(email="nina@example.fr")
    message = make_message(privacy, subjects["account"], user=sender)
    client.force_login(message_reader)

    assert client.get(inspect_url(message)).status_code == 200

    entry = AccessLogEntry.objects.get()
    assert (entry.actor, entry.subject) == (message_reader, sender)
    assert entry.what == "contactmessage.message"
    assert entry.obj_ref == f"contact.contactmessage:{message.pk}"


def test_an_editor_changes_the_status_and_only_the_status(client, privacy, subjects, message_reader):
    message = make_message(privacy, subjects["account"])
    client.force_login(message_reader)

    response = client.post(
        reverse("contact_messages:status", args=[message.pk]), {"status": "answered", "name": "Autre nom"}
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.ANSWERED
    assert message.name == "Julie Marchand"
    # No generic edit, add or delete view for anyone (Wagtail sends them back to the admin home).
    for url in (
        reverse("contact_messages:edit", args=[message.pk]),
        reverse("contact_messages:add"),
        reverse("contact_messages:delete", args=[message.pk]),
    ):
        assert client.get(url)["Location"] == "/admin/"
    assert client.post(reverse("contact_messages:delete", args=[message.pk]))["Location"] == "/admin/"
    assert ContactMessage.objects.filter(pk=message.pk).exists()


def test_a_reader_without_the_change_permission_cannot_change_the_status(client, privacy, subjects):
    message = make_message(privacy, subjects["account"])
    reader = UserFactory(email="lecteur@example.fr", is_staff=True)
    reader.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_contactmessage"])
    )
    client.force_login(reader)

    page = client.get(inspect_url(message)).content.decode()
    assert "Enregistrer le statut" not in page
    response = client.post(reverse("contact_messages:status", args=[message.pk]), {"status": "closed"})

    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's refusal
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.NEW


def test_an_invalid_status_is_refused_with_a_message(client, privacy, subjects, message_reader):
    message = make_message(privacy, subjects["account"])
    client.force_login(message_reader)

    response = client.post(
        reverse("contact_messages:status", args=[message.pk]), {"status": "spam"}, follow=True
    )

    assert "Statut invalide." in response.content.decode()
    message.refresh_from_db()
    assert message.status == ContactMessage.Status.NEW


def test_an_unknown_message_is_a_404(client, message_reader):
    client.force_login(message_reader)

    assert client.get(reverse("contact_messages:inspect", args=[999999])).status_code == 404
    assert (
        client.post(reverse("contact_messages:status", args=[999999]), {"status": "closed"}).status_code
        == 404
    )


def test_subjects_are_snippets_editors_order(client, subjects):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    html = client.get(reverse("wagtailsnippets_contact_contactsubject:list")).content.decode()

    assert html.index("Mon compte") < html.index("Un paiement")


def make_old(message, days: int) -> None:
    ContactMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_the_french_admin_pages_of_the_demo_messages_show_no_raw_value(client, demo_content):
    from accounts.factories import SuperUserFactory
    from tests.test_translations import RAW_VALUES, _visible_text

    client.force_login(SuperUserFactory(email="admin.contact@example.fr"))
    urls = [LIST, reverse("wagtailsnippets_contact_contactsubject:list")]
    urls += [inspect_url(message) for message in ContactMessage.objects.all()]

    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        assert [m.group(0) for m in RAW_VALUES.finditer(text)] == [], url
