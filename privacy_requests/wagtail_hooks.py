"""Wagtail admin, menu "Données personnelles" > "Demandes des personnes": the DPO's register of
data-subject requests (filters, overdue rows highlighted), a request entered from a letter or an
e-mail, and on each request the actions: run the export, run the erasure, extend, answer or
close. A dashboard panel counts the open and overdue requests."""

from functools import cached_property

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from common.admin import ReadableValuesMixin, readable
from privacy.erasure import erasure_plan

from . import selectors, services
from .forms import AdminRequestForm, ExtendForm, StatusForm
from .models import DataSubjectRequest

NAME = "privacy_requests_admin"


class RequestPermissionPolicy(ModelPermissionPolicy):
    """A request is proof of having answered: nobody deletes one (superusers neither)."""

    def user_has_permission(self, user, action):
        if action in ("delete", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(DataSubjectRequest, RequestPermissionPolicy(DataSubjectRequest))


class RequestFilterSet(WagtailFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Type de demande"), choices=DataSubjectRequest.Kind.choices
    )
    status = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Statut"), choices=DataSubjectRequest.Status.choices
    )
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("En retard"), method="filter_overdue", widget=django_filters.widgets.BooleanWidget
    )
    received_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Reçue le"), widget=DateRangePickerWidget
    )

    class Meta:
        model = DataSubjectRequest
        fields = ["kind", "status", "channel"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_overdue=value)


class RequestTable(Table):
    def get_row_classname(self, instance):
        return "privacy-request--overdue" if getattr(instance, "is_overdue", False) else ""


def _deadline(dsr):
    text = readable(dsr.deadline)
    if getattr(dsr, "is_overdue", False):
        return format_html(
            '{} <span class="w-status w-status--label privacy-request__late">{}</span>', text, _("En retard")
        )
    return text


class RequestIndexView(IndexView):
    table_class = RequestTable

    def get_base_queryset(self):
        return selectors.with_overdue(DataSubjectRequest.objects.select_related("user"))

    @cached_property
    def columns(self):
        # The title links to the request's page (inspect), where the actions are.
        title = self._get_title_column_class(TitleColumn)(
            "number", label=gettext_lazy("Demande"), accessor=str, get_url=self.get_inspect_url, sort_key="id"
        )
        return [title, *super().columns[1:]]


class RequestCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.record_request(
            kind=data["kind"],
            channel=data["channel"],
            user=self.form.account,
            requester_name=data["requester_name"],
            requester_email=data["requester_email"],
            language=data["language"],
            message=data["message"],
            received_at=data["received_at"],
            created_by=self.request.user,
            dpo_notes=data["dpo_notes"],
        )

    def get_success_url(self):
        return reverse(f"{NAME}:inspect", args=[self.object.pk])


class RequestEditView(EditView):
    def save_instance(self):
        return services.update_request(
            dsr=self.object, data=self.form.cleaned_data, account=self.form.account, by=self.request.user
        )

    def get_success_url(self):
        return reverse(f"{NAME}:inspect", args=[self.object.pk])


class RequestInspectView(ReadableValuesMixin, InspectView):
    template_name = "privacy_requests/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dsr = self.object
        can_change = self.request.user.has_perm(services.CHANGE_PERMISSION)
        context.update(
            dsr=dsr,
            is_overdue=selectors.is_overdue(dsr),
            events=dsr.events.select_related("actor"),
            can_change=can_change,
            extend_form=ExtendForm() if can_change and dsr.is_open and not dsr.extended_due_at else None,
            status_form=StatusForm() if can_change and services.TRANSITIONS[dsr.status] else None,
            urls={
                action: reverse(f"{NAME}:{action}", args=[dsr.pk])
                for action in ("export", "erase", "extend", "status")
            },
        )
        return context

    def get_user_display_value(self):
        user = self.object.user
        return f"{user.get_full_name() or '—'} ({user.email})" if user else _("aucun compte rattaché")

    def get_deadline_display_value(self):
        return readable(self.object.deadline)

    def get_field_label(self, field_name, field):
        if field_name == "deadline":
            return _("Échéance")
        return super().get_field_label(field_name, field)


def _change_allowed(request, pk):
    if not request.user.has_perm(services.CHANGE_PERMISSION):
        raise PermissionDenied
    return get_object_or_404(DataSubjectRequest.objects.select_related("user"), pk=pk)


def _back(dsr):
    return redirect(reverse(f"{NAME}:inspect", args=[dsr.pk]))


@require_POST
def export_view(request, pk):
    """The person's ZIP for the DPO to send them; the read is logged in the access log first."""
    dsr = _change_allowed(request, pk)
    try:
        archive = services.run_export(dsr=dsr, by=request.user, request=request)
    except services.RequestRefused as refusal:
        messages.error(request, str(refusal))
        return _back(dsr)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="donnees-demande-{dsr.pk}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def erase_view(request, pk):
    """A confirmation page (what will be erased and kept), then the erasure on POST."""
    dsr = _change_allowed(request, pk)
    try:
        person = services.require_account(dsr)
        if dsr.kind != DataSubjectRequest.Kind.ERASURE or not dsr.is_open:
            raise services.RequestRefused(
                _("Seule une demande d’effacement en attente peut lancer l’effacement.")
            )
    except services.RequestRefused as refusal:
        messages.error(request, str(refusal))
        return _back(dsr)
    if request.method == "POST":
        try:
            services.run_erasure(dsr=dsr, by=request.user)
        except services.RequestRefused as refusal:
            messages.error(request, str(refusal))
            return _back(dsr)
        messages.success(
            request,
            _("Les données de la personne sont effacées ; la demande n° %(number)s est répondue.")
            % {"number": dsr.pk},
        )
        return _back(dsr)
    erased, kept = erasure_plan(person)
    return TemplateResponse(
        request,
        "privacy_requests/admin/confirm_erasure.html",
        {
            "dsr": dsr,
            "erased": erased,
            "kept": kept,
            "page_title": _("Effacer les données de la personne"),
            "page_subtitle": str(dsr),
            "header_icon": "bin",
            "action_url": reverse(f"{NAME}:erase", args=[dsr.pk]),
            "cancel_url": reverse(f"{NAME}:inspect", args=[dsr.pk]),
        },
    )


@require_POST
def extend_view(request, pk):
    dsr = _change_allowed(request, pk)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez le motif de la prolongation : il est envoyé à la personne."))
        return _back(dsr)
    try:
        services.extend(dsr=dsr, reason=form.cleaned_data["reason"], by=request.user)
    except services.RequestRefused as refusal:
        messages.error(request, str(refusal))
        return _back(dsr)
    messages.success(
        request,
        _("Délai prolongé jusqu’au %(date)s ; la personne en est informée par e-mail.")
        % {"date": readable(dsr.extended_due_at)},
    )
    return _back(dsr)


@require_POST
def status_view(request, pk):
    dsr = _change_allowed(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back(dsr)
    status, reason = form.cleaned_data["status"], form.cleaned_data["reason"]
    Status = DataSubjectRequest.Status
    try:
        if status == Status.REFUSED:
            services.refuse(dsr=dsr, reason=reason, by=request.user)
        elif status == Status.ANSWERED:
            services.answer(dsr=dsr, by=request.user)
        elif status == Status.CLOSED:
            services.close(dsr=dsr, by=request.user)
        else:
            services.start(dsr=dsr, by=request.user)
    except services.RequestRefused as refusal:
        messages.error(request, str(refusal))
        return _back(dsr)
    messages.success(
        request, _("%(request)s : %(status)s.") % {"request": dsr, "status": dsr.get_status_display()}
    )
    return _back(dsr)


class RequestViewSet(ModelViewSet):
    model = DataSubjectRequest
    name = NAME
    url_prefix = "donnees/demandes"
    icon = "mail"
    menu_label = gettext_lazy("Demandes des personnes")
    menu_name = "privacy-requests"
    # In the "Données personnelles" menu (privacy.wagtail_hooks.PrivacyGroup), after the access log.
    menu_hook = "register_privacy_menu_item"
    menu_order = 20
    index_view_class = RequestIndexView
    add_view_class = RequestCreateView
    edit_view_class = RequestEditView
    inspect_view_enabled = True
    inspect_view_class = RequestInspectView
    copy_view_enabled = False
    filterset_class = RequestFilterSet
    search_fields = ["requester_name", "requester_email", "user__email"]
    search_backend_name = None
    ordering = ["-received_at"]
    list_per_page = 50
    list_display = [
        "kind",  # replaced by the title column (RequestIndexView.columns)
        Column(
            "person",
            label=gettext_lazy("Personne"),
            accessor=lambda d: d.requester_name or d.requester_email or "—",
        ),
        Column("channel", label=gettext_lazy("Canal"), accessor="get_channel_display"),
        Column(
            "received_at",
            label=gettext_lazy("Reçue le"),
            sort_key="received_at",
            accessor=lambda d: readable(d.received_at),
        ),
        Column("deadline", label=gettext_lazy("Échéance"), sort_key="due_at", accessor=_deadline),
        Column("status", label=gettext_lazy("Statut"), accessor="get_status_display"),
    ]
    inspect_view_fields = [
        "kind",
        "status",
        "channel",
        "user",
        "requester_name",
        "requester_email",
        "language",
        "received_at",
        "due_at",
        "extended_due_at",
        "deadline",
        "extension_reason",
        "answered_at",
        "refusal_reason",
        "message",
        "dpo_notes",
        "created_by",
    ]

    def get_form_class(self, for_update=False):
        return AdminRequestForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("export/<int:pk>/", export_view, name="export"),
            path("effacer/<int:pk>/", erase_view, name="erase"),
            path("prolonger/<int:pk>/", extend_view, name="extend"),
            path("statut/<int:pk>/", status_view, name="status"),
        ]


@hooks.register("register_admin_viewset")
def register_requests_admin():
    return RequestViewSet()


class RequestsPanel(Component):
    """Dashboard: how many requests wait for an answer, and how many are late."""

    name = "privacy_requests"
    template_name = "privacy_requests/admin/dashboard_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        counts = selectors.counts()
        index = reverse(f"{NAME}:index")
        open_query = "&".join(f"status={s}" for s in DataSubjectRequest.OPEN_STATUSES)
        return {
            **counts,
            "open_url": f"{index}?{open_query}",
            "overdue_url": f"{index}?overdue=true",
        }


@hooks.register("construct_homepage_panels")
def add_requests_panel(request, panels):
    if request.user.has_perm(services.VIEW_PERMISSION):
        panels.append(RequestsPanel())


@hooks.register("insert_global_admin_css")
def requests_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("privacy_requests/admin.css"))
