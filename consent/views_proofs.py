"""The person's proofs of consent under /<lang>/mon-compte/mes-donnees/preuves/: their ledger
rows and cookie receipts, each as a JSON bundle and a printable page (another person's row is a
404), and the DPO's downloads of any receipt from the Wagtail admin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from integrity.selectors import can_view
from integrity.views import proof_download, proof_page
from legal import proofs as legal_proofs

from . import proofs, selectors
from .models import ConsentReceipt


def _own(request):
    consent_ids = selectors.consent_ids_of(request.user, request)
    return (
        selectors.acceptances_of(request.user, consent_ids),
        selectors.receipts_of(request.user, consent_ids),
    )


@login_required
@require_GET
def proof_list(request):
    acceptances, receipts = _own(request)
    response = render(
        request,
        "consent/proofs/list.html",
        {
            "acceptances": acceptances.order_by("-accepted_at", "-pk"),
            "receipts": receipts.order_by("-created_at", "-pk"),
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _back():
    return reverse("proofs:list"), _("Retour à mes preuves de consentement")


@login_required
@require_GET
def acceptance_json(request, pk):
    acceptance = get_object_or_404(_own(request)[0], pk=pk)
    return proof_download(legal_proofs.acceptance_bundle(acceptance))


@login_required
@require_GET
def acceptance_print(request, pk):
    acceptance = get_object_or_404(_own(request)[0], pk=pk)
    data = legal_proofs.acceptance_bundle(acceptance)
    back_url, back_label = _back()
    return proof_page(
        request,
        legal_proofs.printable(acceptance, data),
        json_url=reverse("proofs:acceptance_json", args=[pk]),
        back_url=back_url,
        back_label=back_label,
    )


@login_required
@require_GET
def receipt_json(request, pk):
    receipt = get_object_or_404(_own(request)[1], pk=pk)
    return proof_download(proofs.receipt_bundle(receipt))


@login_required
@require_GET
def receipt_print(request, pk):
    receipt = get_object_or_404(_own(request)[1], pk=pk)
    data = proofs.receipt_bundle(receipt)
    back_url, back_label = _back()
    return proof_page(
        request,
        proofs.printable(receipt, data),
        json_url=reverse("proofs:receipt_json", args=[pk]),
        back_url=back_url,
        back_label=back_label,
    )


# --- The DPO's downloads in the Wagtail admin (whoever may view the receipts) -------------------


def _admin_receipt(request, pk) -> ConsentReceipt:
    if not can_view(request.user, ConsentReceipt):
        raise PermissionDenied
    return get_object_or_404(ConsentReceipt, pk=pk)


def admin_receipt_json(request, pk):
    return proof_download(proofs.receipt_bundle(_admin_receipt(request, pk)))


def admin_receipt_print(request, pk):
    receipt = _admin_receipt(request, pk)
    data = proofs.receipt_bundle(receipt)
    return proof_page(
        request,
        proofs.printable(receipt, data),
        json_url=reverse("consent_receipts:proof_json", args=[pk]),
        back_url=reverse("consent_receipts:inspect", args=[pk]),
        back_label=_("Retour aux reçus de consentement"),
    )
