"""Wagtail admin: cookie groups and cookies (French and English texts), the read-only receipts
with their evidence export (CSV, XLSX), and the weekly accept/refuse chart."""

import django_filters
from cookie_consent.models import Cookie, CookieGroup
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from common.admin import ReadableValuesMixin, readable
from integrity.permissions import AppendOnlyPermissionPolicy
from integrity.views import ProofLinkIndexView, proof_buttons
from legal.exports import EvidenceExportMixin, ExportColumn, as_json

from . import stats, views_proofs
from .forms import CookieForm, CookieGroupForm
from .models import ConsentReceipt

register_permission_policy(ConsentReceipt, AppendOnlyPermissionPolicy(ConsentReceipt))


def _group_version(group) -> str:
    from django.utils.dateparse import parse_datetime

    version = group.get_version()
    return readable(parse_datetime(version) if version else None)


class ReceiptInspectView(ReadableValuesMixin, InspectView):
    @cached_property
    def header_buttons(self):
        return proof_buttons("consent_receipts", self.object.pk)

    def get_choices_display_value(self):
        """One line per group: accepted or refused, and the group's version (a date)."""
        from django.utils.dateparse import parse_datetime

        lines = []
        for choice in self.object.choices:
            version = parse_datetime(choice.get("version") or "")
            lines.append(
                _("%(group)s : %(decision)s (version du %(version)s)")
                % {
                    "group": choice["group"],
                    "decision": _("accepté") if choice.get("accepted") else _("refusé"),
                    "version": readable(version),
                }
            )
        return "; ".join(lines)


class CookieGroupViewSet(ModelViewSet):
    model = CookieGroup
    name = "consent_groups"
    url_prefix = "cookies/groupes"
    icon = "folder-open-inverse"
    menu_label = _("Groupes de cookies")
    copy_view_enabled = False
    list_display = [
        "varname",
        Column("name", label=pgettext_lazy("cookie", "Nom")),
        Column(
            "is_required",
            label=_("Indispensable"),
            accessor=lambda g: _("oui") if g.is_required else _("non"),
        ),
        Column("cookies", label=_("Cookies"), accessor=lambda g: g.cookie_set.count()),
        # A group's version is the date its newest cookie was added.
        Column("version", label=_("Version"), accessor=_group_version),
    ]
    search_fields = ["varname", "name"]
    search_backend_name = None
    ordering = ["ordering", "varname"]

    def get_form_class(self, for_update=False):
        return CookieGroupForm


class CookieViewSet(ModelViewSet):
    model = Cookie
    name = "consent_cookies"
    url_prefix = "cookies/cookies"
    icon = "tag"
    menu_label = _("Cookies")
    copy_view_enabled = False
    list_display = ["name", "cookiegroup", "domain", "path", DateColumn("created", label=_("Ajouté le"))]
    list_filter = ["cookiegroup"]
    search_fields = ["name", "domain"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return CookieForm


class ReceiptFilterSet(WagtailFilterSet):
    consent_id = django_filters.CharFilter(label=_("Identifiant de consentement"))
    email = django_filters.CharFilter(
        label=_("E-mail de l’utilisateur"), field_name="user__email", lookup_expr="iexact"
    )
    group = django_filters.CharFilter(label=_("Groupe (nom technique)"), method="filter_group")
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = ConsentReceipt
        fields = ["decision", "source", "policy_version_number", "language"]

    def filter_group(self, queryset, name, value):
        if connections[queryset.db].vendor == "postgresql":
            return queryset.filter(choices__contains=[{"group": value}])
        # SQLite (local runs) has no JSON containment lookup: its json_each() does the same in
        # SQL (matching in Python would build an IN list past SQLite's limit of variables).
        table = queryset.model._meta.db_table
        has_group = RawSQL(  # noqa: S611 - the value is a parameter, the table name is ours
            f'EXISTS (SELECT 1 FROM json_each("{table}"."choices") AS c '  # noqa: S608
            "WHERE json_extract(c.value, '$.group') = %s)",
            [value],
            output_field=BooleanField(),
        )
        return queryset.alias(has_group=has_group).filter(has_group=True)


def _choices_summary(receipt) -> str:
    return ", ".join(f"{c['group']} {'✓' if c['accepted'] else '✗'}" for c in receipt.choices)


class ReceiptIndexView(EvidenceExportMixin, ProofLinkIndexView):
    export_columns = (
        ExportColumn("id", _("Identifiant")),
        ExportColumn("created_at", _("Date (UTC)")),
        ExportColumn("consent_id", _("Identifiant de consentement")),
        ExportColumn("decision", _("Décision")),
        ExportColumn("source", _("Origine")),
        # The snapshot itself, exactly as stored: the proof of each group's choice and version.
        ExportColumn("choices", _("Choix par groupe (JSON)"), convert=as_json),
        ExportColumn("policy_version_number", _("Numéro de la politique de cookies")),
        ExportColumn("policy_version_id", _("Version de la politique de cookies (identifiant)")),
        ExportColumn("policy_acceptance_id", _("Ligne du registre des acceptations")),
        ExportColumn("language", _("Langue affichée")),
        ExportColumn("user_id", _("Utilisateur")),
        ExportColumn("user__email", _("E-mail")),
        ExportColumn("ip_network", _("Réseau IP (tronqué)")),
        ExportColumn("user_agent", _("Navigateur")),
    )


class ReceiptViewSet(ModelViewSet):
    model = ConsentReceipt
    index_view_class = ReceiptIndexView
    name = "consent_receipts"
    url_prefix = "cookies/recus"
    icon = "list-ul"
    menu_label = _("Reçus de consentement")
    inspect_view_enabled = True
    inspect_view_class = ReceiptInspectView
    copy_view_enabled = False
    form_fields = ["decision"]  # required by ModelViewSet; the policy refuses every write
    filterset_class = ReceiptFilterSet
    search_fields = ["consent_id", "user__email"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        # A plain field name first: Wagtail links it to the row's inspect page (a date, localised).
        "created_at",
        Column("consent_id", label=_("Identifiant")),
        "decision",
        Column("choices", label=_("Choix"), accessor=_choices_summary),
        Column("policy_version_number", label=_("Politique v.")),
        Column("user", label=_("Utilisateur"), accessor=lambda r: r.user.email if r.user_id else "—"),
        "ip_network",
    ]
    export_filename = "recus-consentement-cookies"
    inspect_view_fields = [
        "created_at",
        "consent_id",
        "decision",
        "source",
        "choices",
        "policy_version",
        "policy_version_number",
        "policy_acceptance",
        "language",
        "user",
        "ip_network",
        "user_agent",
        "chain_previous",
        "chain_hash",
    ]

    def get_queryset(self, request):
        return ConsentReceipt.objects.select_related("user")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("preuve/<int:pk>/", views_proofs.admin_receipt_print, name="proof_print"),
            path("preuve/<int:pk>/preuve.json", views_proofs.admin_receipt_json, name="proof_json"),
        ]


def weekly_chart(request):
    if not request.user.has_perm("consent.view_consentreceipt"):
        raise PermissionDenied
    weeks = 12
    return render(
        request,
        "consent/admin/weekly.html",
        {
            "groups": stats.weekly_counts(weeks=weeks),
            "weeks": weeks,
            "bar_width": stats.BAR_WIDTH,
            "page_title": _("Choix par semaine"),
            "header_icon": "table",
        },
    )


class WeeklyChartViewSet(ViewSet):
    name = "consent_weekly"
    url_prefix = "cookies/semaines"
    icon = "table"
    menu_label = _("Choix par semaine")

    def get_urlpatterns(self):
        return [path("", weekly_chart, name="index")]

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        def is_shown(_self, request):
            return request.user.has_perm("consent.view_consentreceipt")

        return type("WeeklyChartMenuItem", (MenuItem,), {"is_shown": is_shown})


class CookieConsentGroup(ViewSetGroup):
    menu_label = _("Cookies")
    menu_icon = "tag"
    menu_order = 260
    items = (CookieGroupViewSet, CookieViewSet, ReceiptViewSet, WeeklyChartViewSet)


@hooks.register("register_admin_viewset")
def register_cookie_consent_admin():
    return CookieConsentGroup()
