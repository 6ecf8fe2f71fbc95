"""Wagtail admin, menu "Paiements": the payments (filters, CSV/XLSX export, history), refunds
(a failed one shows Stripe's error and can be retried), the monthly revenue chart, the
practitioners' Stripe accounts, the events received, and the commission setting.

Nothing here writes a payment by hand: statuses change through the services, which follow
Stripe; the only action is "retry a failed refund".
"""

from functools import cached_property

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.registry import SettingMenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from common.admin import ReadableValuesMixin, readable
from legal.exports import EvidenceExportMixin, ExportColumn
from practitioners_directory.models import Practitioner

from . import refunds, selectors
from .models import ConnectedAccount, Payment, PaymentSettings, Refund, StripeEvent
from .templatetags.payments_tags import money

VIEW_PAYMENTS = "payments.view_payment"
RETRY_REFUNDS = "payments.change_refund"
CHART_WIDTH = 320


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewable with the view permission; never written through the admin (superusers too)."""

    WRITE_ACTIONS = {"add", "change", "delete", "copy", "lock", "unlock", "publish"}

    def user_has_permission(self, user, action):
        if action in self.WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (Payment, Refund, ConnectedAccount, StripeEvent):
    register_permission_policy(_model, ReadOnlyPolicy(_model))


def _euros(cents):
    return None if cents is None else cents / 100


def _label(choices):
    labels = dict(choices)
    return lambda value: None if value is None else str(labels.get(value, value))


# --- Payments ------------------------------------------------------------------------------------


class PaymentFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Statut"), choices=Payment.Status.choices)
    practitioner = django_filters.ModelChoiceFilter(
        label=_("Praticien"),
        queryset=Practitioner.objects.filter(payments__isnull=False).distinct().order_by("display_name"),
    )
    paid_at = django_filters.DateFromToRangeFilter(label=_("Payé le"), widget=DateRangePickerWidget)
    with_error = django_filters.BooleanFilter(
        label=_("Avec une erreur"), method="filter_with_error", widget=django_filters.widgets.BooleanWidget
    )

    class Meta:
        model = Payment
        fields = ["status", "practitioner", "paid_at"]

    def filter_with_error(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(last_error="") if value else queryset.filter(last_error="")


class PaymentIndexView(EvidenceExportMixin, IndexView):
    export_columns = (
        ExportColumn("reference", _("Référence"), lambda value: None if value is None else str(value)),
        ExportColumn("created_at", _("Créé le (UTC)")),
        ExportColumn("paid_at", _("Payé le (UTC)")),
        ExportColumn("status", _("Statut"), _label(Payment.Status.choices)),
        ExportColumn("practitioner_id", _("Praticien (identifiant)")),
        ExportColumn("practitioner__display_name", _("Praticien")),
        ExportColumn("person_id", _("Patient (identifiant)")),
        ExportColumn("person__email", _("E-mail du patient")),
        ExportColumn(
            "appointment__reference", _("Rendez-vous"), lambda value: None if value is None else str(value)
        ),
        ExportColumn("appointment__start", _("Début du rendez-vous (UTC)")),
        ExportColumn("amount_cents", _("Montant (€)"), _euros),
        ExportColumn("fee_cents", _("Frais de la plateforme (€)"), _euros),
        ExportColumn("refunded_cents", _("Remboursé (€)"), _euros),
        ExportColumn("fee_refunded_cents", _("Frais remboursés (€)"), _euros),
        ExportColumn(
            "commission_percent", _("Commission (%)"), lambda value: None if value is None else float(value)
        ),
        ExportColumn("destination_account", _("Compte Stripe du praticien")),
        ExportColumn("checkout_session_id", _("Session Checkout")),
        ExportColumn("payment_intent_id", _("PaymentIntent")),
        ExportColumn("charge_id", _("Charge")),
        ExportColumn("dispute_id", _("Litige")),
        ExportColumn("last_error", _("Dernière erreur")),
    )

    def get_base_queryset(self):
        return Payment.objects.select_related("practitioner", "person", "appointment")

    @cached_property
    def columns(self):
        title = self._get_title_column("created_at", accessor=lambda p: readable(p.created_at))
        return [title, *super().columns[1:]]


class PaymentInspectView(ReadableValuesMixin, InspectView):
    PSEUDO_FIELDS = {
        "amounts": _("montants"),
        "history": _("historique"),
        "refund_list": _("remboursements"),
    }

    def get_field_label(self, field_name, field):
        if field_name in self.PSEUDO_FIELDS:
            return str(self.PSEUDO_FIELDS[field_name]).capitalize()
        return super().get_field_label(field_name, field)

    def get_amounts_display_value(self):
        p = self.object
        return _("%(amount)s payés, %(fee)s de frais (%(percent)s %%), %(refunded)s remboursés") % {
            "amount": money(p.amount_cents),
            "fee": money(p.fee_cents),
            "percent": p.commission_percent,
            "refunded": money(p.refunded_cents),
        }

    def get_history_display_value(self):
        return format_html_join(
            "",
            "<div>{} : {} → {} {}</div>",
            (
                (readable(h.at), h.get_from_status_display() or "—", h.get_to_status_display(), h.note)
                for h in self.object.history.all()
            ),
        )

    def get_refund_list_display_value(self):
        rows = list(self.object.refunds.all())
        if not rows:
            return "—"
        return format_html_join(
            "",
            "<div>{} — {} — {} {}</div>",
            (
                (
                    readable(r.created_at),
                    money(r.amount_cents),
                    r.get_status_display(),
                    r.error or r.get_reason_display(),
                )
                for r in rows
            ),
        )


class PaymentViewSet(ModelViewSet):
    model = Payment
    name = "payments_admin"
    url_prefix = "paiements/liste"
    icon = "tick-inverse"
    menu_label = _("Paiements")
    menu_name = "payments-list"
    index_view_class = PaymentIndexView
    inspect_view_enabled = True
    inspect_view_class = PaymentInspectView
    copy_view_enabled = False
    form_fields = ["status"]  # required by ModelViewSet; the policy refuses every write
    filterset_class = PaymentFilterSet
    search_fields = [
        "practitioner__display_name",
        "person__email",
        "checkout_session_id",
        "payment_intent_id",
    ]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    export_filename = "paiements"
    list_display = [
        "created_at",  # replaced by the title column (PaymentIndexView.columns)
        "practitioner",
        Column("person", label=_("Patient"), accessor="person"),
        Column("amount", label=_("Montant"), accessor=lambda p: money(p.amount_cents)),
        Column("fee", label=_("Frais"), accessor=lambda p: money(p.fee_cents)),
        Column(
            "refunded",
            label=_("Remboursé"),
            accessor=lambda p: money(p.refunded_cents) if p.refunded_cents else "—",
        ),
        "status",
        Column("error", label=_("Erreur"), accessor=lambda p: p.last_error[:80] or "—"),
    ]
    inspect_view_fields = [
        "reference",
        "status",
        "appointment",
        "practitioner",
        "person",
        "amounts",
        "destination_account",
        "checkout_session_id",
        "payment_intent_id",
        "charge_id",
        "dispute_id",
        "last_error",
        "created_at",
        "paid_at",
        "refund_list",
        "history",
    ]

    def get_queryset(self, request):
        return Payment.objects.select_related("practitioner", "person", "appointment")


# --- Refunds (a failed one can be retried) -----------------------------------------------------------


def _retry_link(refund):
    if refund.status != Refund.Status.FAILED:
        return "—"
    return format_html(
        '<a href="{}">{}</a>', reverse("payments_refund_retry", args=[refund.pk]), _("Relancer")
    )


class RefundFilterSet(WagtailFilterSet):
    class Meta:
        model = Refund
        fields = ["status", "reason"]


class RefundViewSet(ModelViewSet):
    model = Refund
    name = "payments_refunds"
    url_prefix = "paiements/remboursements"
    icon = "undo"
    menu_label = _("Remboursements")
    menu_name = "payments-refunds"
    copy_view_enabled = False
    form_fields = ["reason"]
    filterset_class = RefundFilterSet
    search_fields = ["payment__person__email", "stripe_refund_id"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    list_display = [
        DateColumn("created_at", label=_("Demandé le")),
        Column("payment", label=_("Paiement"), accessor="payment"),
        Column("amount", label=_("Montant"), accessor=lambda r: money(r.amount_cents)),
        "reason",
        "status",
        Column("error", label=_("Erreur Stripe"), accessor=lambda r: r.error or "—"),
        Column("retry", label=_("Action"), accessor=_retry_link),
    ]

    def get_queryset(self, request):
        return Refund.objects.select_related("payment", "payment__practitioner")


@require_http_methods(["GET", "POST"])
def retry_refund(request, pk):
    if not request.user.has_perm(RETRY_REFUNDS):
        raise PermissionDenied
    refund = get_object_or_404(Refund.objects.select_related("payment"), pk=pk)
    if request.method == "POST":
        refund = refunds.retry(refund)
        if refund.status == Refund.Status.FAILED:
            messages.error(
                request, _("Le remboursement a de nouveau échoué : %(error)s") % {"error": refund.error}
            )
        else:
            messages.success(
                request, _("Remboursement relancé : %(status)s.") % {"status": refund.get_status_display()}
            )
        return redirect("payments_refunds:index")
    return render(
        request,
        "payments/admin/retry_refund.html",
        {"refund": refund, "page_title": _("Relancer le remboursement"), "header_icon": "undo"},
    )


@hooks.register("register_admin_urls")
def payments_admin_urls():
    return [path("paiements/remboursements/<int:pk>/relancer/", retry_refund, name="payments_refund_retry")]


# --- Monthly revenue ---------------------------------------------------------------------------------


def revenue_chart(request):
    if not request.user.has_perm(VIEW_PAYMENTS):
        raise PermissionDenied
    months = selectors.monthly_revenue(months=12)
    top = max((m["gross"] for m in months), default=0) or 1
    for month in months:
        month["kept_px"] = round(CHART_WIDTH * month["kept"] / top)
        month["refunded_px"] = round(CHART_WIDTH * month["refunded"] / top)
        month["fees_px"] = round(CHART_WIDTH * month["fees"] / top)
    totals = {key: sum(m[key] for m in months) for key in ("count", "gross", "refunded", "kept", "fees")}
    return render(
        request,
        "payments/admin/revenue.html",
        {
            "months": months,
            "totals": totals,
            "chart_width": CHART_WIDTH,
            "page_title": _("Chiffre d’affaires par mois"),
            "header_icon": "table",
        },
    )


class RevenueViewSet(ViewSet):
    name = "payments_revenue"
    url_prefix = "paiements/chiffre-affaires"
    icon = "table"
    menu_label = _("Chiffre d’affaires par mois")

    def get_urlpatterns(self):
        return [path("", revenue_chart, name="index")]

    @property
    def menu_item_class(self):
        def is_shown(_self, request):
            return request.user.has_perm(VIEW_PAYMENTS)

        return type("RevenueMenuItem", (MenuItem,), {"is_shown": is_shown})


# --- Accounts and events ---------------------------------------------------------------------------------


class ConnectedAccountViewSet(ModelViewSet):
    model = ConnectedAccount
    name = "payments_accounts"
    url_prefix = "paiements/comptes"
    icon = "user"
    menu_label = _("Comptes Stripe des praticiens")
    menu_name = "payments-accounts"
    copy_view_enabled = False
    form_fields = ["charges_enabled"]
    list_filter = ["charges_enabled", "payouts_enabled", "details_submitted"]
    search_fields = ["practitioner__display_name", "stripe_account_id"]
    search_backend_name = None
    ordering = ["practitioner__display_name"]
    list_per_page = 50
    list_display = [
        "practitioner",
        "stripe_account_id",
        "details_submitted",
        "charges_enabled",
        "payouts_enabled",
        DateColumn("synced_at", label=_("Mis à jour le")),
    ]

    def get_queryset(self, request):
        return ConnectedAccount.objects.select_related("practitioner")


class StripeEventViewSet(ModelViewSet):
    model = StripeEvent
    name = "payments_events"
    url_prefix = "paiements/evenements"
    icon = "list-ul"
    menu_label = _("Événements Stripe")
    menu_name = "payments-events"
    copy_view_enabled = False
    form_fields = ["note"]
    list_filter = ["type", "outcome"]
    search_fields = ["event_id", "object_id"]
    search_backend_name = None
    ordering = ["-received_at"]
    list_per_page = 50
    list_display = [
        DateColumn("received_at", label=_("Reçu le")),
        "type",
        "object_id",
        "outcome",
        "note",
        "event_id",
    ]


class PaymentsGroup(ViewSetGroup):
    menu_label = _("Paiements")
    menu_icon = "tick-inverse"
    menu_name = "payments"
    menu_order = 230
    items = (PaymentViewSet, RefundViewSet, RevenueViewSet, ConnectedAccountViewSet, StripeEventViewSet)

    def get_submenu_items(self):
        # The commission (Paramètres > Paiements) is reachable from here too.
        settings_item = SettingMenuItem(PaymentSettings, icon="cog", name="payments-settings")
        settings_item.order = len(self.registerables) + 1
        return [*super().get_submenu_items(), settings_item]


@hooks.register("register_admin_viewset")
def register_payments_admin():
    return PaymentsGroup()
