"""Wagtail admin: taxonomy snippets, and the review of applications (list, inspect, decisions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from common.admin import ReadableValuesMixin

from . import admin_views, services
from .forms import TransitionForm
from .models import APPLICATION_DOCUMENT_KINDS, Methodology, PractitionerApplication, SpokenLanguage, Theme


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications come from the public form and change only through review decisions:
    nobody adds or edits them in the admin; reviewers (custom permission) read them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "copy"):
            return False
        if action == "view":
            return user.has_perm(services.REVIEW_PERMISSION)
        return super().user_has_permission(user, action)


register_permission_policy(PractitionerApplication, ApplicationPermissionPolicy(PractitionerApplication))


class ApplicationInspectView(ReadableValuesMixin, InspectView):
    template_name = "practitioners_directory/admin/application_inspect.html"

    def get_motivation_display_value(self):
        # Encrypted at rest; the read is kept before the text is shown (services.read_motivation).
        if not self.request.user.has_perm(services.REVIEW_PERMISSION):
            return "—"
        return services.read_motivation(
            application=self.object, reader=self.request.user, request=self.request
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        status = PractitionerApplication.Status
        allowed = services.ALLOWED_TRANSITIONS.get(application.status, set())
        context.update(
            application=application,
            can_review=self.request.user.has_perm(services.REVIEW_PERMISSION),
            allowed_transitions=[s for s in status if s in allowed],
            transition_url=reverse("practitioner_applications:transition", args=[application.pk]),
            documents=[
                (
                    PractitionerApplication._meta.get_field(kind).verbose_name,
                    reverse("practitioner_applications:document", args=[application.pk, kind]),
                )
                for kind in APPLICATION_DOCUMENT_KINDS
                if getattr(application, kind)
            ],
            status_changes=application.status_changes.select_related("changed_by"),
        )
        return context


@require_POST
def transition_view(request, pk):
    """An editor's decision; the service checks the permission and the allowed path."""
    application = get_object_or_404(PractitionerApplication, pk=pk)
    inspect_url = reverse("practitioner_applications:inspect", args=[application.pk])
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Décision invalide."))
        return redirect(inspect_url)
    try:
        application = services.change_application_status(
            application_id=application.pk,
            to_status=form.cleaned_data["status"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except PermissionDenied:
        raise
    except services.TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(inspect_url)
    messages.success(
        request,
        _("Candidature de %(name)s : %(status)s. Le candidat a été prévenu par e-mail.")
        % {"name": application.full_name, "status": application.get_status_display()},
    )
    if application.profile_page_id:
        return redirect("wagtailadmin_pages:edit", application.profile_page_id)
    return redirect(inspect_url)


class ApplicationViewSet(ModelViewSet):
    model = PractitionerApplication
    name = "practitioner_applications"
    icon = "form"
    menu_label = gettext_lazy("Candidatures")
    menu_order = 210
    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_view_class = ApplicationInspectView
    inspect_view_fields = [
        "status",
        "first_name",
        "last_name",
        "gender",
        "email",
        "phone",
        "postal_code",
        "city",
        "professional_title",
        "rpps",
        "adeli",
        "methodologies",
        "motivation",
        "language",
        "submitted_at",
        "reviewer",
        "rejection_reason",
        "user",
        "profile_page",
    ]
    copy_view_enabled = False
    list_display = [
        "full_name",  # the first column links to the application (inspect view)
        "status",
        "city",
        DateColumn("submitted_at", label=gettext_lazy("Déposée le")),
    ]
    list_filter = ["status"]
    search_fields = ["first_name", "last_name", "email", "city"]
    ordering = ["-submitted_at"]
    form_fields = ["rejection_reason"]  # never served: the policy refuses "add" and "change"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("transition/<int:pk>/", transition_view, name="transition"),
            path("document/<int:pk>/<str:kind>/", admin_views.application_document, name="document"),
        ]


class MethodologyViewSet(SnippetViewSet):
    model = Methodology
    icon = "tag"
    menu_label = gettext_lazy("Approches")
    list_display = ["name", "name_en", "slug", "sort_order"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = gettext_lazy("Thématiques")
    list_display = ["name", "name_en", "slug", "sort_order"]


class SpokenLanguageViewSet(SnippetViewSet):
    model = SpokenLanguage
    icon = "globe"
    menu_label = gettext_lazy("Langues parlées")
    list_display = ["name", "name_en", "code", "sort_order"]


class DirectoryGroup(ViewSetGroup):
    menu_label = gettext_lazy("Annuaire")
    menu_icon = "group"
    menu_order = 200
    items = (ApplicationViewSet, MethodologyViewSet, ThemeViewSet, SpokenLanguageViewSet)


# register_snippet accepts a group and defers it until every model is loaded.
register_snippet(DirectoryGroup)


@hooks.register("register_log_actions")
def register_application_log_actions(actions):
    actions.register_action(
        services.MOTIVATION_READ_ACTION,
        gettext_lazy("Lecture de la motivation"),
        gettext_lazy("Motivation lue"),
    )
