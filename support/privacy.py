"""What the support chat holds about a person: the conversations they had signed in (with every
message, theirs and the team's). Erasure deletes them; as an agent, their name leaves the answers
they wrote (the answers stay in the visitors' conversations)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, register
from privacy.values import choice

from .models import AgentPresence, Conversation, Message


def export_conversations(user) -> list[dict]:
    conversations = (
        Conversation.objects.filter(user=user).prefetch_related("messages").order_by("created_at", "pk")
    )
    return [
        {
            "created_at": conversation.created_at,
            "last_message_at": conversation.last_message_at,
            **choice(conversation, "status"),
            **choice(conversation, "language"),
            "messages": [
                {"created_at": message.created_at, **choice(message, "author_kind"), "text": message.text}
                for message in conversation.messages.all()
            ],
        }
        for conversation in conversations
    ]


def erase_conversations(user, context) -> None:
    deleted, _per_model = Conversation.objects.filter(user=user).delete()
    Message.objects.filter(agent=user).update(agent=None)
    AgentPresence.objects.filter(agent=user).delete()
    if deleted:
        context.erased.append(str(_("Vos conversations avec le chat d’assistance")))


register(
    Handler(
        key="support_conversations",
        label=_("Vos conversations avec l’assistance"),
        export=export_conversations,
        erase=erase_conversations,
        models=("support.Conversation", "support.Message", "support.AgentPresence"),
        order=510,
    )
)
