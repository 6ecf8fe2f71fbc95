"""Wagtail admin views for issues: send a test to oneself, send to the subscribers, progress."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.permissions import policy_registry

from common.admin import readable

from . import selectors, services, tasks
from .models import NewsletterIssue

SEND_PERMISSION = "newsletter.send_newsletterissue"


def url_name(name: str) -> str:
    return f"wagtailsnippets_newsletter_newsletterissue:{name}"


def can_send(user) -> bool:
    return user.has_perm(SEND_PERMISSION)


def can_edit(user) -> bool:
    return policy_registry.get_by_type(NewsletterIssue).user_has_permission(user, "change")


def sent_message(issue: NewsletterIssue) -> str:
    return _(
        "La lettre « %(subject)s » a déjà été envoyée (demande du %(date)s) : elle ne peut être ni "
        "envoyée une seconde fois, ni modifiée. Pour un nouveau message, créez une nouvelle lettre."
    ) % {"subject": issue.subject, "date": readable(issue.send_requested_at)}


def _issue(pk: int) -> NewsletterIssue:
    return get_object_or_404(NewsletterIssue.objects.select_related("locale", "send_requested_by"), pk=pk)


@require_POST
def send_test(request, pk: int):
    if not can_edit(request.user):
        raise PermissionDenied
    issue = _issue(pk)
    tasks.send_test.enqueue(issue_id=issue.pk, user_id=request.user.pk)
    messages.success(
        request,
        _("Un exemplaire de test de « %(subject)s » part vers %(email)s.")
        % {"subject": issue.subject, "email": request.user.email},
    )
    return redirect(reverse(url_name("send"), args=[issue.pk]))


@require_http_methods(["GET", "POST"])
def send(request, pk: int):
    """GET: what sending would do, or the progress of the sending. POST: send (once)."""
    if not (can_send(request.user) or can_edit(request.user)):
        raise PermissionDenied
    issue = _issue(pk)
    if request.method == "POST":
        if not can_send(request.user):
            raise PermissionDenied
        try:
            services.request_sending(issue=issue, user=request.user)
        except services.AlreadySent:
            messages.error(request, sent_message(issue))
        else:
            messages.success(
                request,
                _("Envoi de « %(subject)s » lancé : suivez la progression ci-dessous.")
                % {"subject": issue.subject},
            )
        return redirect(reverse(url_name("send"), args=[issue.pk]))
    language = issue.locale.language_code
    return TemplateResponse(
        request,
        "newsletter/admin/send.html",
        {
            "issue": issue,
            "page_title": _("Envoyer la lettre d’information"),
            "page_subtitle": issue.subject,
            "header_icon": "mail",
            "language": issue.locale.get_display_name(),
            "subscribers": selectors.confirmed_subscribers(language).count(),
            "progress": selectors.progress(issue) if issue.is_sent else None,
            "can_send": can_send(request.user),
            "can_edit": can_edit(request.user),
            "send_url": reverse(url_name("send"), args=[issue.pk]),
            "test_url": reverse(url_name("send_test"), args=[issue.pk]),
            "edit_url": reverse(url_name("edit"), args=[issue.pk]),
            "list_url": reverse(url_name("list")),
        },
    )
