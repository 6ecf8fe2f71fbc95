"""Wagtail admin: the "Audience" menu and report, the dashboard panel, the permission in the
group editor."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views, selectors


class AudienceMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("audience/", admin_views.report, name="audience_report")]


@hooks.register("register_admin_menu_item")
def register_report_menu_item():
    return AudienceMenuItem(
        admin_views.TITLE, reverse("audience_report"), name="audience", icon_name="table", order=850
    )


class AudiencePanel(Component):
    """Dashboard: page views today and over the last 7 days."""

    name = "audience"
    template_name = "audience/admin/dashboard_panel.html"
    order = 120

    def get_context_data(self, parent_context):
        return {**selectors.dashboard_figures(), "report_url": reverse("audience_report")}


@hooks.register("construct_homepage_panels")
def add_audience_panel(request, panels):
    if request.user.has_perm(admin_views.PERMISSION):
        panels.append(AudiencePanel())


@hooks.register("register_permissions")
def register_view_permission():
    return Permission.objects.filter(content_type__app_label="audience", codename="view_audience")
