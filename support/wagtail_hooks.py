"""The support team's menu item and views, and the canned answers as a snippet."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, selectors
from .models import CannedAnswer


class AgentMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.can_answer(request.user)


@hooks.register("register_admin_urls")
def register_support_urls():
    return [
        path("assistance/", admin_views.conversation_list, name="support_conversations"),
        path("assistance/<int:pk>/", admin_views.conversation_detail, name="support_conversation"),
    ]


@hooks.register("register_admin_menu_item")
def support_menu_item():
    return AgentMenuItem(
        _("Chat d’assistance"),
        reverse("support_conversations"),
        name="support",
        icon_name="comment",
        order=250,
    )


class CannedAnswerViewSet(SnippetViewSet):
    model = CannedAnswer
    icon = "comment"
    menu_label = _("Réponses types")
    list_display = ["title", "language"]
    list_filter = ["language"]


register_snippet(CannedAnswerViewSet)
