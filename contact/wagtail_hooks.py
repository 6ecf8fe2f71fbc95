"""Wagtail admin: the messages (list, read, status) and the subjects offered on the form."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from common.admin import ReadableValuesMixin, readable

from . import services
from .forms import StatusForm
from .models import ContactMessage, ContactSubject


class ContactMessagePermissionPolicy(ModelPermissionPolicy):
    """Messages come from the public form and leave by the retention purge: nobody adds, edits
    or deletes one in the admin. Editors with the view permission read them; with the change
    permission they also set the status (services.change_status checks it)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "copy", "delete"):
            return False
        if action == "view":
            return user.has_perm(services.VIEW_PERMISSION) or user.has_perm(services.CHANGE_PERMISSION)
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ContactMessage, ContactMessagePermissionPolicy(ContactMessage))


class ContactMessageInspectView(ReadableValuesMixin, InspectView):
    template_name = "contact/admin/message_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        message = self.object
        can_change = self.request.user.has_perm(services.CHANGE_PERMISSION)
        context.update(
            contact_message=message,
            # Read (and logged) here, once, for this page.
            message_text=services.read_message_text(
                message=message, reader=self.request.user, request=self.request
            ),
            can_change_status=can_change,
            status_form=StatusForm(initial={"status": message.status}) if can_change else None,
            status_url=reverse("contact_messages:status", args=[message.pk]),
        )
        return context

    def get_reference_display_value(self):
        return self.object.short_reference

    def get_subject_display_value(self):
        return self.object.subject.name

    def get_acceptance_display_value(self):
        acceptance = self.object.acceptance
        return _("Politique de confidentialité, version %(number)s (%(language)s), acceptée le %(date)s") % {
            "number": acceptance.version_number,
            "language": acceptance.language,
            "date": readable(acceptance.accepted_at),
        }


@require_POST
def status_view(request, pk):
    """An editor sets the status; the service checks the permission (others get a 403)."""
    if not request.user.has_perm(services.VIEW_PERMISSION) and not request.user.has_perm(
        services.CHANGE_PERMISSION
    ):
        raise Http404
    message = get_object_or_404(ContactMessage, pk=pk)
    inspect_url = reverse("contact_messages:inspect", args=[message.pk])
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Statut invalide."))
        return redirect(inspect_url)
    services.change_status(message=message, status=form.cleaned_data["status"], by=request.user)
    messages.success(
        request,
        _("%(message)s : %(status)s.") % {"message": message, "status": message.get_status_display()},
    )
    return redirect(inspect_url)


class ContactMessageViewSet(ModelViewSet):
    model = ContactMessage
    name = "contact_messages"
    url_prefix = "contact/messages"
    icon = "mail"
    menu_label = gettext_lazy("Messages")
    menu_name = "contact-messages"
    inspect_view_enabled = True
    inspect_view_class = ContactMessageInspectView
    copy_view_enabled = False
    inspect_view_fields = [
        "reference",
        "status",
        "created_at",
        "name",
        "email",
        "subject",
        "language",
        "user",
        "acceptance",
        "forwarded_at",
        "acknowledged_at",
    ]
    list_display = [
        "name",  # the first column links to the message (inspect view)
        Column("email", label=gettext_lazy("E-mail")),
        Column("subject", label=gettext_lazy("Sujet"), accessor=lambda m: m.subject.name),
        Column("status", label=gettext_lazy("Statut"), accessor="get_status_display"),
        DateColumn("created_at", label=gettext_lazy("Reçu le")),
    ]
    list_filter = ["status", "subject"]
    search_fields = ["name", "email"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    form_fields = ["status"]  # never served: the policy refuses "add" and "change"

    def get_queryset(self, request):
        return ContactMessage.objects.select_related("subject")

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("status/<int:pk>/", status_view, name="status")]


class ContactSubjectViewSet(SnippetViewSet):
    model = ContactSubject
    icon = "list-ul"
    menu_label = gettext_lazy("Sujets")
    list_display = [
        "name",
        "name_en",
        "sort_order",
        # "oui"/"non": Wagtail's BooleanColumn titles its icons "True"/"False".
        Column(
            "active", label=gettext_lazy("Proposé sur le formulaire"), accessor=lambda s: readable(s.active)
        ),
    ]


class ContactGroup(ViewSetGroup):
    menu_label = gettext_lazy("Contact")
    menu_icon = "mail"
    menu_order = 260
    items = (ContactMessageViewSet, ContactSubjectViewSet)


register_snippet(ContactGroup)


@hooks.register("register_log_actions")
def register_contact_log_actions(actions):
    actions.register_action(
        services.READ_ACTION, gettext_lazy("Lecture du message"), gettext_lazy("Message lu")
    )
