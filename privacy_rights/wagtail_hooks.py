"""Admin menu items under *Données personnelles* (privacy's menu group, hook
"register_privacy_menu_item") and the DPO's URLs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, services


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def register_rights_urls():
    return [
        path("donnees/limitations/", admin_views.restrictions, name="privacy_rights_restrictions"),
        path("donnees/limitations/<int:user_id>/lever/", admin_views.lift, name="privacy_rights_lift"),
        path("donnees/directives/", admin_views.directives, name="privacy_rights_directives"),
        path("donnees/directives/<int:pk>/", admin_views.directive, name="privacy_rights_directive"),
    ]


@hooks.register("register_privacy_menu_item")
def restrictions_menu_item():
    return PermissionMenuItem(
        _("Comptes limités"),
        reverse("privacy_rights_restrictions"),
        name="privacy-rights-restrictions",
        icon_name="lock",
        order=20,
        permission=services.LIFT_PERMISSION,
    )


@hooks.register("register_privacy_menu_item")
def directives_menu_item():
    return PermissionMenuItem(
        _("Directives post-mortem"),
        reverse("privacy_rights_directives"),
        name="privacy-rights-directives",
        icon_name="doc-full",
        order=30,
        permission=services.READ_DIRECTIVES_PERMISSION,
    )
