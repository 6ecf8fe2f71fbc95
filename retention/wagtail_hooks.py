"""Wagtail admin: the reports of the retention runs (read-only, for the DPO, under "Données
personnelles"), and a read-only page of the rules for whoever may view the settings (editors);
the DPO changes them in Paramètres > Durées de conservation."""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import register_permission_policy

from common.admin import ReadableValuesMixin
from integrity.permissions import AppendOnlyPermissionPolicy

from .models import LEGAL_BASIS, RetentionRun, RetentionSettings
from .rules import RULES, report_rows
from .selectors import current_settings

# Written by the rules only: nobody adds, edits or deletes a report in the admin.
register_permission_policy(RetentionRun, AppendOnlyPermissionPolicy(RetentionRun))

RULES_TITLE = gettext_lazy("Règles de conservation")
VIEW_SETTINGS = "retention.view_retentionsettings"
CHANGE_SETTINGS = "retention.change_retentionsettings"

COUNT_LABELS = {
    "due": gettext_lazy("à traiter"),
    "warned": gettext_lazy("avertissements"),
    "anonymised": gettext_lazy("anonymisations"),
    "cancelled_signed_in": gettext_lazy("annulations (connexion)"),
    "cancelled_excluded": gettext_lazy("annulations (compte exclu)"),
    "applications": gettext_lazy("candidatures"),
    "files": gettext_lazy("pièces"),
    "messages": gettext_lazy("messages"),
    "reasons": gettext_lazy("motifs"),
    "aggregates": gettext_lazy("totaux journaliers"),
    "visits": gettext_lazy("visites"),
    "past_period": gettext_lazy("au-delà de la durée de preuve"),
    "newest_id": gettext_lazy("id le plus récent concerné"),
    "errors": gettext_lazy("erreurs"),
}


def rule_label(key: str) -> str:
    return next((str(rule.label) for rule in RULES if rule.key == key), key)


def summary(run: RetentionRun) -> str:
    if run.finished_at is None:
        return _("en cours ou interrompue")
    done = sum(counts.get("due", 0) for counts in run.counts.values())
    return _("%(due)s élément(s) à traiter, %(errors)s erreur(s)") % {"due": done, "errors": len(run.errors)}


class RunIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(VIEW_SETTINGS):
            buttons.append(HeaderButton(RULES_TITLE, url=reverse("retention_rules"), icon_name="history"))
        return buttons


class RunInspectView(ReadableValuesMixin, InspectView):
    def get_counts_display_value(self):
        rows = []
        for key, label, counts in report_rows(self.object.counts):
            details = ", ".join(
                f"{COUNT_LABELS.get(name, name)} : {value}" for name, value in counts if name != "due"
            )
            rows.append((label, self.object.counts[key].get("due", 0), details or "—"))
        if not rows:
            return "—"
        body = format_html_join("", '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>', rows)
        return format_html(
            '<table class="listing"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Règle"),
            _("À traiter"),
            _("Simulation : ce qui aurait été fait") if self.object.dry_run else _("Fait"),
            body,
        )

    def get_errors_display_value(self):
        if not self.object.errors:
            return _("Aucune")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {} : {}</li>",
                (
                    (rule_label(e.get("rule", "")), e.get("item") or "—", e.get("error", ""))
                    for e in self.object.errors
                ),
            ),
        )


class RetentionRunViewSet(ModelViewSet):
    model = RetentionRun
    index_view_class = RunIndexView
    inspect_view_class = RunInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    icon = "history"
    menu_label = gettext_lazy("Conservation : exécutions")
    menu_name = "retention-runs"
    menu_order = 900
    # Under "Données personnelles" (privacy's menu group reads this hook).
    menu_hook = "register_privacy_menu_item"
    name = "retention_runs"
    url_prefix = "donnees/conservation"
    # Required by ModelViewSet; the permission policy refuses add/change/delete to everyone.
    form_fields = ["dry_run"]
    list_filter = ["dry_run", "trigger"]
    list_per_page = 50
    list_display = [
        "started_at",
        DateColumn("finished_at", label=gettext_lazy("Terminé le")),
        Column(
            "dry_run",
            label=gettext_lazy("Simulation"),
            accessor=lambda run: _("oui") if run.dry_run else _("non"),
        ),
        Column("trigger", label=gettext_lazy("Origine"), accessor="get_trigger_display"),
        Column("summary", label=gettext_lazy("Résultat"), accessor=summary),
    ]
    inspect_view_fields = ["started_at", "finished_at", "dry_run", "trigger", "day", "counts", "errors"]


@hooks.register("register_admin_viewset")
def register_retention_runs():
    return RetentionRunViewSet()


def rules_page(request):
    """The durations in force and why, read-only; the DPO gets a button to the settings form."""
    if not request.user.has_perm(VIEW_SETTINGS):
        raise PermissionDenied
    config = current_settings()
    rows = [
        {
            "label": RetentionSettings._meta.get_field(name).verbose_name,
            "value": getattr(config, name),
            "help": RetentionSettings._meta.get_field(name).help_text,
            "basis": basis,
        }
        for name, basis in LEGAL_BASIS.items()
    ]
    can_change = request.user.has_perm(CHANGE_SETTINGS)
    return TemplateResponse(
        request,
        "retention/admin/rules.html",
        {
            "page_title": RULES_TITLE,
            "header_icon": "history",
            "rows": rows,
            "edit_url": reverse("wagtailsettings:edit", args=["retention", "retentionsettings"])
            if can_change
            else "",
        },
    )


@hooks.register("register_admin_urls")
def register_rules_url():
    return [path("conservation/regles/", rules_page, name="retention_rules")]


class RulesMenuItem(MenuItem):
    """For those who may read the rules but not change them (the DPO has the settings' own item)."""

    def is_shown(self, request):
        return request.user.has_perm(VIEW_SETTINGS) and not request.user.has_perm(CHANGE_SETTINGS)


@hooks.register("register_settings_menu_item")
def register_rules_menu_item():
    return RulesMenuItem(
        RULES_TITLE, reverse("retention_rules"), name="retention-rules", icon_name="history", order=900
    )


@hooks.register("register_permissions")
def register_view_permission():
    # Wagtail's group editor lists the settings' "change" permission only; "view" is the editors'.
    return Permission.objects.filter(content_type__app_label="retention", codename="view_retentionsettings")
