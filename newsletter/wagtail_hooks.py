"""Wagtail admin: issues (snippets), their test and real sending, the subscription log (read-only)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from common.admin import readable
from integrity.permissions import AppendOnlyPermissionPolicy

from . import admin_views, selectors
from .models import NewsletterIssue, SubscriptionEvent

register_permission_policy(SubscriptionEvent, AppendOnlyPermissionPolicy(SubscriptionEvent))


def _created_at(issue: NewsletterIssue) -> str:
    return readable(issue.created_at)


def _status(issue: NewsletterIssue) -> str:
    if not issue.is_sent:
        return _("Brouillon")
    progress = selectors.progress(issue)
    values = {"sent": progress.sent, "failed": progress.failed, "total": progress.total}
    if progress.finished:
        return _("Envoyée : %(sent)s sur %(total)s (%(failed)s échec(s))") % values
    return _("En cours : %(sent)s sur %(total)s (%(failed)s échec(s))") % values


class IssueEditView(EditView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Envoyer…"),
                url=reverse(admin_views.url_name("send"), args=[self.object.pk]),
                icon_name="mail",
                priority=5,
            )
        )
        return buttons


class NewsletterIssueViewSet(SnippetViewSet):
    model = NewsletterIssue
    icon = "mail"
    menu_label = _("Lettres")
    menu_name = "newsletter-issues"
    edit_view_class = IssueEditView
    copy_view_enabled = False
    list_display = [
        "subject",
        Column("locale", label=_("Langue"), accessor=lambda i: i.locale.language_code),
        Column("created_at", label=_("Créée le"), sort_key="created_at", accessor=_created_at),
        Column("status", label=_("Envoi"), accessor=_status),
    ]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return NewsletterIssue.objects.select_related("locale")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("send/<int:pk>/", admin_views.send, name="send"),
            path("test/<int:pk>/", admin_views.send_test, name="send_test"),
        ]


class SubscriptionEventViewSet(ModelViewSet):
    model = SubscriptionEvent
    icon = "list-ul"
    menu_label = _("Journal des abonnements")
    menu_name = "newsletter-log"
    name = "newsletter_log"
    url_prefix = "lettre-d-information/journal"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["kind"]  # required by ModelViewSet; the policy refuses every write
    search_fields = ["user__email"]
    search_backend_name = None
    list_filter = ["kind", "source", "language"]
    list_per_page = 50
    list_display = [
        Column("created_at", label=_("Date"), accessor=lambda e: readable(e.created_at)),
        Column("person", label=_("Personne"), accessor=lambda e: e.user.email),
        "kind",
        "source",
        "language",
        Column("acceptance", label=_("Preuve"), accessor=lambda e: e.acceptance_id or "—"),
    ]

    def get_queryset(self, request):
        return SubscriptionEvent.objects.select_related("user")


class NewsletterGroup(ViewSetGroup):
    menu_label = _("Lettre d’information")
    menu_icon = "mail"
    menu_order = 260
    items = (NewsletterIssueViewSet, SubscriptionEventViewSet)


register_snippet(NewsletterGroup)


@hooks.register("register_snippet_listing_buttons")
def send_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, NewsletterIssue):
        return
    if admin_views.can_send(user) or admin_views.can_edit(user):
        label = _("Progression de l’envoi") if snippet.is_sent else _("Tester / envoyer")
        yield ListingButton(
            label, reverse(admin_views.url_name("send"), args=[snippet.pk]), icon_name="mail", priority=5
        )


@hooks.register("before_edit_snippet")
def refuse_editing_sent_issues(request, instance):
    if isinstance(instance, NewsletterIssue) and instance.is_sent:
        messages.error(request, admin_views.sent_message(instance))
        return redirect(reverse(admin_views.url_name("send"), args=[instance.pk]))
    return None


@hooks.register("before_delete_snippet")
def refuse_deleting_sent_issues(request, instances):
    sent = [i for i in instances if isinstance(i, NewsletterIssue) and i.is_sent]
    if sent:
        messages.error(request, admin_views.sent_message(sent[0]))
        return redirect(reverse(admin_views.url_name("list")))
    return None
