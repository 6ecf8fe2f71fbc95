"""Wagtail admin: the "Preuve d'intégrité" page (head hash of each chain) and a link to it from
the listings of chained records."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets import HeaderButton

from . import selectors

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
