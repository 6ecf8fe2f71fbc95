from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import selectors, views


@hooks.register("register_admin_urls")
def register_proof_url():
    return [path("integrite/", views.proof, name="integrity_proof")]


class ProofMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(selectors.visible_chains(request.user))


@hooks.register("register_reports_menu_item")
def register_proof_menu_item():
    return ProofMenuItem(
        views.PAGE_TITLE, reverse("integrity_proof"), name="integrity-proof", icon_name="lock", order=900
    )
