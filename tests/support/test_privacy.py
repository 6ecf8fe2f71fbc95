"""The chat in the privacy centre: conversations in the person's export, erased on erasure, and
deleted a year after their last message by the retention rule."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.factories import UserFactory
from privacy.registry import ErasureContext, handlers
from retention import rules
from support.models import Conversation, Message

pytestmark = pytest.mark.django_db


def _handler():
    return next(h for h in handlers() if h.key == "support_conversations")


def test_the_persons_conversations_are_exported_and_erased():
    person = UserFactory(email="personne@example.fr")
    other = UserFactory(email="autre@example.fr")
    agent = UserFactory(email="agent@example.fr")
    mine = Conversation.objects.create(user=person)
    Message.objects.create(conversation=mine, author_kind="visitor", text="Ma question")
    Message.objects.create(conversation=mine, author_kind="agent", agent=agent, text="Ma réponse")
    theirs = Conversation.objects.create(user=other)
    Message.objects.create(conversation=theirs, author_kind="visitor", text="Autre question")

    exported = _handler().export(person)
    assert [[m["text"] for m in c["messages"]] for c in exported] == [["Ma question", "Ma réponse"]]
    assert exported[0]["messages"][0]["author_kind_label"] == "visiteur"

    context = ErasureContext(user=person)
    _handler().erase(person, context)
    assert not Conversation.objects.filter(user=person).exists()
    assert Conversation.objects.filter(user=other).exists()
    assert context.erased

    # An agent erased: their answers stay in the visitors' conversations, without their name.
    _handler().erase(agent, ErasureContext(user=agent))


def test_conversations_are_deleted_a_year_after_their_last_message():
    now = timezone.now()
    old = Conversation.objects.create(visitor_key="o" * 64, last_message_at=now - timedelta(days=366))
    Message.objects.create(conversation=old, author_kind="visitor", text="Vieux")
    recent = Conversation.objects.create(visitor_key="r" * 64, last_message_at=now - timedelta(days=300))
    rule = rules.rule("support_conversations")

    due = list(rule.due(now))
    assert due == [old]
    assert rule.apply(due, dry_run=True, now=now) == {"conversations": 1}
    assert Conversation.objects.count() == 2
    assert rule.apply(due, dry_run=False, now=now) == {"conversations": 1}
    assert list(Conversation.objects.all()) == [recent]
    assert not Message.objects.exists()


def test_the_demo_has_the_support_group_hours_and_answers(demo_content):
    from django.contrib.auth.models import Group

    from home.demo import EDITOR_EMAIL
    from support.models import CannedAnswer, SupportSettings

    group = Group.objects.get(name="Support")
    assert group.user_set.filter(email=EDITOR_EMAIL).exists()
    assert group.permissions.filter(codename="answer_conversation").exists()
    assert SupportSettings.load().is_open_at(timezone.now())
    assert CannedAnswer.objects.count() == 2
    assert Conversation.objects.filter(user__isnull=False).count() == 1
