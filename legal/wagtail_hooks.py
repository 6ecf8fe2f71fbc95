"""Wagtail admin: legal versions (snippets, frozen once published) and the read-only ledger."""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView
from wagtail.snippets.views.snippets import SnippetViewSet

from common.admin import ReadableValuesMixin, readable
from integrity.permissions import AppendOnlyPermissionPolicy
from integrity.views import ProofLinkIndexView, proof_buttons

from . import admin_views, selectors
from .exports import EvidenceExportMixin, ExportColumn
from .models import Acceptance, PolicyVersion

register_permission_policy(Acceptance, AppendOnlyPermissionPolicy(Acceptance))


# --- Versions --------------------------------------------------------------------------------


def _effective_date(version):
    return readable(version.effective_at)


def _accepted_count(version):
    return selectors.acceptance_counts(version)["accepted"]


def _pending_count(version):
    counts = selectors.acceptance_counts(version)
    return counts["pending"] if counts["pending"] is not None else "—"


class VersionInspectView(ReadableValuesMixin, SnippetInspectView):
    pass


class LedgerInspectView(ReadableValuesMixin, InspectView):
    @cached_property
    def header_buttons(self):
        return proof_buttons("legal_ledger", self.object.pk)


class PolicyVersionViewSet(SnippetViewSet):
    model = PolicyVersion
    icon = "doc-full"
    menu_label = _("Versions")
    menu_name = "legal-versions"
    inspect_view_enabled = True
    inspect_view_class = VersionInspectView
    inspect_view_fields = [
        "document",
        "number",
        "locale",
        "title",
        "effective_at",
        "requires_reacceptance",
        "summary_of_changes",
        "live",
        "first_published_at",
        "last_published_at",
        "created_at",
        "latest_revision",
    ]
    copy_view_enabled = False  # "Créer la version suivante" replaces the generic copy
    list_display = [
        "title",
        "document",
        Column("number", label=_("Version"), sort_key="number"),
        Column("locale", label=_("Langue"), accessor=lambda v: v.locale.language_code),
        # A legal date is read as a date ("15 janvier 2025"), not as "il y a 1 année".
        Column("effective_at", label=_("En vigueur le"), sort_key="effective_at", accessor=_effective_date),
        Column(
            "requires_reacceptance",
            label=_("Acceptation requise"),
            accessor=lambda v: _("oui") if v.requires_reacceptance else _("non"),
        ),
        Column("accepted", label=_("Acceptée par"), accessor=_accepted_count),
        Column("pending", label=_("En attente"), accessor=_pending_count),
    ]
    list_filter = ["document", "requires_reacceptance", "live"]
    ordering = ["document__sort_order", "-number"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("next/<int:pk>/", admin_views.create_next_version, name="next_version"),
        ]


class AcceptanceFilterSet(WagtailFilterSet):
    email = django_filters.CharFilter(
        label=_("E-mail de la personne"), field_name="user__email", lookup_expr="iexact"
    )
    user = django_filters.NumberFilter(label=_("Identifiant utilisateur"), field_name="user_id")
    consent_id = django_filters.CharFilter(label=_("Identifiant de consentement"))
    accepted_at = django_filters.DateFromToRangeFilter(
        label=_("Date d’acceptation"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Acceptance
        fields = ["document", "context", "language", "version_number"]


class AcceptanceIndexView(EvidenceExportMixin, ProofLinkIndexView):
    export_columns = (
        ExportColumn("id", _("Identifiant")),
        ExportColumn("accepted_at", _("Accepté le (UTC)")),
        ExportColumn("user_id", _("Utilisateur")),
        ExportColumn("user__email", _("E-mail")),
        ExportColumn("consent_id", _("Identifiant de consentement")),
        ExportColumn("document__kind", _("Document")),
        ExportColumn("version_number", _("Numéro de version")),
        ExportColumn("version_id", _("Version (identifiant)")),
        ExportColumn("language", _("Langue affichée")),
        ExportColumn("context", _("Contexte")),
        ExportColumn("text_sha256", _("Empreinte SHA-256 du texte affiché")),
        ExportColumn("user_agent", _("Navigateur")),
        ExportColumn("ip_network", _("Réseau IP (tronqué)")),
    )


class AcceptanceViewSet(ModelViewSet):
    model = Acceptance
    index_view_class = AcceptanceIndexView
    icon = "list-ul"
    menu_label = _("Registre des acceptations")
    menu_name = "legal-ledger"
    name = "legal_ledger"
    url_prefix = "juridique/registre"
    inspect_view_enabled = True
    inspect_view_class = LedgerInspectView
    copy_view_enabled = False
    # Required by ModelViewSet; the permission policy refuses add/change/delete to everyone.
    form_fields = ["context"]
    filterset_class = AcceptanceFilterSet
    search_fields = ["user__email", "consent_id", "text_sha256"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        # A plain field name first: Wagtail links it to the row's inspect page (a date, localised).
        "accepted_at",
        Column("person", label=_("Personne"), accessor=lambda a: a.user.email if a.user_id else a.consent_id),
        "document",
        Column("version_number", label=_("Version")),
        "language",
        "context",
        Column("text_sha256", label=_("Empreinte"), accessor=lambda a: a.text_sha256[:12] + "…"),
        "ip_network",
    ]
    export_filename = "registre-acceptations"
    inspect_view_fields = [
        "accepted_at",
        "user",
        "consent_id",
        "document",
        "version",
        "version_number",
        "context",
        "language",
        "text_sha256",
        "user_agent",
        "ip_network",
        "chain_previous",
        "chain_hash",
    ]

    def get_queryset(self, request):
        return Acceptance.objects.select_related("user", "document", "version")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("preuve/<int:pk>/", admin_views.acceptance_proof_print, name="proof_print"),
            path("preuve/<int:pk>/preuve.json", admin_views.acceptance_proof_json, name="proof_json"),
        ]


class LegalGroup(ViewSetGroup):
    menu_label = _("Juridique")
    menu_icon = "doc-full"
    menu_order = 250
    items = (PolicyVersionViewSet, AcceptanceViewSet)


register_snippet(LegalGroup)


# --- Frozen once published; never delete what someone accepted -------------------------------


@hooks.register("before_edit_snippet")
def refuse_editing_published_versions(request, instance):
    if isinstance(instance, PolicyVersion) and instance.is_frozen:
        messages.error(request, admin_views.frozen_message(instance))
        return redirect(reverse(_version_url("inspect"), args=[instance.pk]))
    return None


@hooks.register("before_delete_snippet")
def refuse_deleting_accepted_versions(request, instances):
    accepted = [i for i in instances if isinstance(i, PolicyVersion) and i.acceptances.exists()]
    if accepted:
        messages.error(request, admin_views.protected_message(accepted))
        return redirect(reverse(_version_url("list")))
    return None


@hooks.register("register_snippet_listing_buttons")
def next_version_button(snippet, user, next_url=None):
    if isinstance(snippet, PolicyVersion) and user.has_perm("legal.add_policyversion"):
        yield ListingButton(
            _("Créer la version suivante"),
            reverse(_version_url("next_version"), args=[snippet.pk]),
            icon_name="plus",
            priority=5,
        )


def _version_url(name: str) -> str:
    return f"wagtailsnippets_legal_policyversion:{name}"
