"""Wagtail admin views for legal versions: "create the next version", refusals with a clear message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.permissions import policy_registry

from integrity.selectors import can_view
from integrity.views import proof_download, proof_page

from . import proofs, services
from .models import Acceptance, PolicyVersion


def frozen_message(version: PolicyVersion) -> str:
    return _(
        "La version %(number)s de « %(document)s » est publiée : elle est figée et ne peut plus être "
        "modifiée, pour que chacun puisse prouver ce qu’il a accepté. Pour corriger ou changer le "
        "texte, utilisez « Créer la version suivante »."
    ) % {"number": version.number, "document": version.document}


def protected_message(versions) -> str:
    return _(
        "Suppression impossible : %(versions)s a déjà été acceptée par au moins une personne. "
        "Le registre des acceptations doit pouvoir prouver quel texte a été accepté."
    ) % {"versions": ", ".join(str(v) for v in versions)}


def create_next_version(request, pk):
    version = get_object_or_404(PolicyVersion.objects.select_related("document", "locale"), pk=pk)
    if not policy_registry.get_by_type(PolicyVersion).user_has_permission(request.user, "add"):
        raise PermissionDenied
    if request.method == "POST":
        draft = services.create_next_version(version=version, user=request.user)
        messages.success(
            request,
            _(
                "Brouillon de la version %(number)s créé : modifiez le texte, le résumé et la date, "
                "puis publiez."
            )
            % {"number": draft.number},
        )
        return redirect(AdminURLFinder(request.user).get_edit_url(draft))
    return TemplateResponse(
        request,
        "legal/admin/confirm_next_version.html",
        {
            "version": version,
            "page_title": _("Créer la version suivante"),
            "page_subtitle": str(version),
            "header_icon": "doc-full",
            "action_url": reverse("wagtailsnippets_legal_policyversion:next_version", args=[version.pk]),
            "cancel_url": request.META.get("HTTP_REFERER")
            or reverse("wagtailsnippets_legal_policyversion:list"),
        },
    )


# --- Proof bundles of ledger rows (legal.proofs), for whoever may view the ledger --------------


def _ledger_row(request, pk) -> Acceptance:
    if not can_view(request.user, Acceptance):
        raise PermissionDenied
    return get_object_or_404(Acceptance, pk=pk)


def acceptance_proof_json(request, pk):
    return proof_download(proofs.acceptance_bundle(_ledger_row(request, pk)))


def acceptance_proof_print(request, pk):
    acceptance = _ledger_row(request, pk)
    data = proofs.acceptance_bundle(acceptance)
    return proof_page(
        request,
        proofs.printable(acceptance, data),
        json_url=reverse("legal_ledger:proof_json", args=[pk]),
        back_url=reverse("legal_ledger:inspect", args=[pk]),
        back_label=_("Retour au registre des acceptations"),
    )
