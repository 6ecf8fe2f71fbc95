"""The support team's views in the Wagtail admin: open conversations with their unread counts,
one conversation with its messages, answers (canned or not) and closing. Agents need
`support.answer_conversation`; anyone else gets a 403 on the list and a 404 on a conversation.
The page follows the conversation over /ws/support/agent/ (static/support/agent.js); the forms
work without it."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .models import MAX_MESSAGE_CHARACTERS, Conversation


def _agent(request):
    if not selectors.can_answer(request.user):
        raise PermissionDenied
    return request.user


def conversation_list(request):
    agent = _agent(request)
    conversations = selectors.conversations_for_agent(agent)
    return render(
        request,
        "support/admin/conversations.html",
        {
            "conversations": conversations,
            "page_title": _("Chat d’assistance"),
            "header_icon": "comment",
            "is_open": selectors.is_open(),
        },
    )


def _account_url(request, user) -> str:
    User = get_user_model()
    if user is None or not request.user.has_perm(f"{User._meta.app_label}.change_{User._meta.model_name}"):
        return ""
    from django.urls import reverse

    return reverse("wagtailusers_users:edit", args=[user.pk])


@require_http_methods(["GET", "POST"])
def conversation_detail(request, pk: int):
    if not selectors.can_answer(request.user):
        raise Http404
    try:
        conversation = selectors.conversation_for_agent(request.user, pk)
    except Conversation.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        return _act(request, conversation)
    services.mark_read(agent=request.user, conversation=conversation)
    return render(
        request,
        "support/admin/conversation.html",
        {
            "conversation": conversation,
            "conversation_messages": selectors.messages_of(conversation),
            "canned_answers": selectors.canned_answers(),
            "account_url": _account_url(request, conversation.user),
            "max_characters": MAX_MESSAGE_CHARACTERS,
            "page_title": _("Conversation n° %(number)s") % {"number": conversation.pk},
            "header_icon": "comment",
        },
    )


def _act(request, conversation):
    if request.POST.get("action") == "close":
        services.close_conversation(agent=request.user, conversation=conversation)
        messages.success(request, _("La conversation est close."))
        return redirect("support_conversations")
    try:
        services.post_agent_message(
            agent=request.user, conversation=conversation, text=request.POST.get("text")
        )
    except services.ConversationClosed:
        messages.error(request, _("Cette conversation est close : la réponse n’a pas été envoyée."))
    except ValueError:
        messages.error(
            request,
            _("Écrivez une réponse de %(max)s caractères au plus.") % {"max": MAX_MESSAGE_CHARACTERS},
        )
    return redirect("support_conversation", pk=conversation.pk)
