"""The support team's admin views: permission-checked, unread counts, answers, closing."""

import pytest

from accounts.factories import UserFactory
from support.models import CannedAnswer, Conversation, Message

from .conftest import make_agent

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(db):
    person = UserFactory(email="personne@example.fr")
    conversation = Conversation.objects.create(user=person)
    for text in ("Bonjour", "Je ne peux pas payer"):
        Message.objects.create(conversation=conversation, author_kind="visitor", text=text)
    return conversation


def test_agents_see_open_conversations_with_unread_counts(client, conversation):
    client.force_login(make_agent())
    Conversation.objects.create(visitor_key="c" * 64, status="closed")
    response = client.get("/admin/assistance/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-unread="{conversation.pk}"><strong>2</strong>' in html
    assert "personne@example.fr" in html
    assert html.count('href="/admin/assistance/') == 1  # the closed one is not listed


def test_the_conversation_shows_messages_marks_them_read_and_takes_an_answer(client, conversation):
    agent = make_agent()
    client.force_login(agent)
    CannedAnswer.objects.create(title="Bonjour", text="Bonjour, que puis-je faire ?")
    page = client.get(f"/admin/assistance/{conversation.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Je ne peux pas payer" in html
    assert 'data-canned="Bonjour, que puis-je faire ?"' in html
    assert not conversation.messages.filter(read_by_agent_at__isnull=True).exists()

    sent = client.post(f"/admin/assistance/{conversation.pk}/", {"text": "Quel moyen de paiement ?"})
    assert sent.status_code == 302
    answer = conversation.messages.get(author_kind="agent")
    assert (answer.text, answer.agent) == ("Quel moyen de paiement ?", agent)

    empty = client.post(f"/admin/assistance/{conversation.pk}/", {"text": "  "}, follow=True)
    assert empty.status_code == 200
    assert conversation.messages.count() == 3

    client.post(f"/admin/assistance/{conversation.pk}/", {"action": "close"})
    conversation.refresh_from_db()
    assert conversation.status == "closed"
    client.post(f"/admin/assistance/{conversation.pk}/", {"text": "Encore ?"})
    assert conversation.messages.count() == 3


def test_the_account_is_linked_for_an_agent_who_may_edit_users(client, conversation):
    admin = UserFactory(email="admin@example.fr", is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get(f"/admin/assistance/{conversation.pk}/").content.decode()
    assert f'<a href="/admin/users/edit/{conversation.user.pk}/">personne@example.fr</a>' in html
    # An agent who may not edit accounts sees the address, without the link.
    client.force_login(make_agent())
    html = client.get(f"/admin/assistance/{conversation.pk}/").content.decode()
    assert "personne@example.fr" in html
    assert "/admin/users/edit/" not in html


def test_people_without_the_permission_get_nothing(client, conversation):
    editor = UserFactory(email="editeur@example.fr", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/assistance/").status_code in (302, 403)
    assert client.get(f"/admin/assistance/{conversation.pk}/").status_code == 404
    assert client.post(f"/admin/assistance/{conversation.pk}/", {"text": "Hop"}).status_code == 404
    assert conversation.messages.count() == 2
    assert "/admin/assistance/" not in client.get("/admin/").content.decode()


def test_an_unknown_conversation_is_a_404(client, conversation):
    client.force_login(make_agent())
    assert client.get("/admin/assistance/999999/").status_code == 404
