"""Wagtail admin: the access log, read-only, for the data-protection officer."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from common.admin import ReadableValuesMixin
from integrity.permissions import AppendOnlyPermissionPolicy
from integrity.views import ProofLinkIndexView

from .models import AccessLogEntry

register_permission_policy(AccessLogEntry, AppendOnlyPermissionPolicy(AccessLogEntry))


class AccessLogFilterSet(WagtailFilterSet):
    subject_email = django_filters.CharFilter(
        label=_("E-mail de la personne concernée"), field_name="subject__email", lookup_expr="iexact"
    )
    actor_email = django_filters.CharFilter(
        label=_("E-mail du lecteur"), field_name="actor__email", lookup_expr="iexact"
    )
    what = django_filters.CharFilter(label=_("Donnée consultée"), lookup_expr="istartswith")
    accessed_at = django_filters.DateFromToRangeFilter(
        label=_("Date de consultation"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AccessLogEntry
        fields = []


class AccessLogInspectView(ReadableValuesMixin, InspectView):
    def get_actor_display_value(self):
        return _person(self.object.actor)

    def get_subject_display_value(self):
        return _person(self.object.subject)


def _person(user) -> str:
    """The name and the e-mail address: the name alone is ambiguous, the address alone unfriendly."""
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


class AccessLogViewSet(ModelViewSet):
    model = AccessLogEntry
    index_view_class = ProofLinkIndexView
    icon = "view"
    menu_label = _("Journal des consultations")
    menu_name = "privacy-access-log"
    name = "privacy_access_log"
    url_prefix = "donnees/consultations"
    inspect_view_enabled = True
    inspect_view_class = AccessLogInspectView
    copy_view_enabled = False
    # Required by ModelViewSet; the permission policy refuses add/change/delete to everyone.
    form_fields = ["why"]
    filterset_class = AccessLogFilterSet
    search_fields = ["subject__email", "actor__email", "what", "obj_ref", "why"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        # A field name first (not a Column): Wagtail makes it the title column, linked to the
        # inspect view (a DateColumn there would leave the rows without a link).
        "accessed_at",
        Column("actor", label=_("Lecteur"), accessor=lambda e: e.actor.email),
        Column("subject", label=_("Personne concernée"), accessor=lambda e: e.subject.email),
        Column("what", label=_("Donnée")),
        Column("obj_ref", label=_("Objet"), accessor=lambda e: e.obj_ref or "—"),
        Column("why", label=_("Motif")),
    ]
    inspect_view_fields = [
        "accessed_at",
        "actor",
        "subject",
        "what",
        "obj_ref",
        "why",
        "ip_network",
        "chain_previous",
        "chain_hash",
    ]

    def get_queryset(self, request):
        return AccessLogEntry.objects.select_related("actor", "subject")


class PrivacyGroup(ViewSetGroup):
    menu_label = _("Données personnelles")
    menu_icon = "user"
    menu_order = 270
    items = (AccessLogViewSet,)
    # Other apps put their views in this menu without privacy importing them: a viewset with
    # this `menu_hook` (privacy_requests' register, privacy_rights' restricted accounts and
    # post-mortem directives, retention's run reports).
    submenu_hook = "register_privacy_menu_item"


@hooks.register("register_admin_viewset")
def register_privacy_admin():
    return PrivacyGroup()
