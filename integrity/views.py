"""Wagtail admin: the "Preuve d'intégrité" page (head hash of each chain) and a link to it from
the listings of chained records."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets import HeaderButton

from . import proofs, selectors

PAGE_TITLE = gettext_lazy("Preuve d’intégrité")


def _mail_body(heads) -> str:
    lines = [_("Têtes des chaînes d’empreintes relevées le %(date)s :") % {"date": _now_text()}, ""]
    for head in heads:
        lines.append(f"{head.label} ({head.table})")
        if head.row_id is None:
            lines.append("  " + _("aucune ligne"))
        else:
            when = {"id": head.row_id, "date": _date_text(head.row_at)}
            lines.append("  " + _("ligne id=%(id)s du %(date)s") % when)
            lines.append(f"  {head.row_hash}")
            lines.append(f"  manage.py verify_ledger --anchor {head.anchor}")
        lines.append("")
    return "\n".join(lines)


def _date_text(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


def _now_text() -> str:
    return _date_text(timezone.now())


def proof(request):
    models = selectors.visible_chains(request.user)
    if not models:
        raise PermissionDenied
    heads = selectors.chain_heads(models)
    subject = _("Preuve d’intégrité des registres : %(date)s") % {"date": _now_text()}
    return TemplateResponse(
        request,
        "integrity/admin/proof.html",
        {
            "heads": heads,
            "page_title": PAGE_TITLE,
            "header_icon": "lock",
            "mailto": f"mailto:?subject={quote(subject)}&body={quote(_mail_body(heads))}",
        },
    )


class ProofLinkIndexView(IndexView):
    """A listing of chained records with a "Preuve d'intégrité" button in its header."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(PAGE_TITLE, url=reverse("integrity_proof"), icon_name="lock"),
        ]


# --- Proof bundles (integrity.proofs): the download and the printable page, for every app ------


def _private(response):
    """A person's proof: never stored by a shared cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def proof_download(data: dict) -> HttpResponse:
    response = HttpResponse(
        proofs.to_json(data).encode("utf-8"), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{proofs.filename(data)}"'
    return _private(response)


def proof_page(request, context: dict, *, json_url: str, back_url: str, back_label: str) -> TemplateResponse:
    """The printable page (integrity/proof.html) from an adapter's `printable()` context."""
    return _private(
        TemplateResponse(
            request,
            "integrity/proof.html",
            {**context, "json_url": json_url, "back_url": back_url, "back_label": back_label},
        )
    )


def proof_buttons(namespace: str, pk) -> list[HeaderButton]:
    """The inspect view's buttons of a chained record whose viewset serves `proof_json` and
    `proof_print` (the view checks the permission; the inspect view already needs it)."""
    return [
        HeaderButton(
            _("Télécharger la preuve (JSON)"),
            url=reverse(f"{namespace}:proof_json", args=[pk]),
            icon_name="download",
        ),
        HeaderButton(
            _("Version imprimable"), url=reverse(f"{namespace}:proof_print", args=[pk]), icon_name="doc-full"
        ),
    ]
