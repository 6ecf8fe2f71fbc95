from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes")
    # Two AppConfig classes live in this module: "accounts" in INSTALLED_APPS picks this one.
    default = True


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know the e-mail login and the profile fields.

    Listed in INSTALLED_APPS instead of "wagtail.users" (Wagtail's documented way to swap
    the user viewset); it keeps the "wagtailusers" label, so nothing else changes.
    """

    user_viewset = "accounts.wagtail_viewsets.UserViewSet"
