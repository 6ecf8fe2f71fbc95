"""Public legal pages, the re-acceptance page and the accept endpoint (thin: rules live elsewhere)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.http import safe_next_url
from common.i18n import content_language, default_language

from . import gate, selectors, services
from .diff import diff_texts
from .forms import AcceptForm
from .models import Acceptance, LegalDocument, PolicyVersion
from .rendering import render_version


def _home_url() -> str:
    return f"/{content_language()}/"


def _legal_entity(request):
    """The controller's identity from the home app's site settings, if filled in."""
    try:
        from home.models import LegalEntitySettings

        entity = LegalEntitySettings.for_request(request)
    except Exception:  # settings missing or site not configured: pages still render
        return None
    return entity if getattr(entity, "company_name", "") else None


def _refused(request, message: str, *, status: int = 400):
    return render(request, "legal/refused.html", {"message": message}, status=status)


def index(request):
    state = selectors.legal_state()
    documents = {d.pk: d for d in LegalDocument.objects.all()}
    entries = [
        (documents[e["id"]], e["current"], e["announced"])
        for e in state["documents"]
        if e["id"] in documents and (e["current"] or e["announced"])
    ]
    return render(request, "legal/index.html", {"entries": entries, "entity": _legal_entity(request)})


def _render_version_page(request, document: LegalDocument, version: PolicyVersion):
    entry = next((e for e in selectors.legal_state()["documents"] if e["id"] == document.pk), None) or {}
    current, announced = entry.get("current"), entry.get("announced")
    newer = [v for v in (current, announced) if v and v["number"] > version.number]
    previous = (
        PolicyVersion.objects.filter(
            document=document,
            live=True,
            number__lt=version.number,
            locale__language_code=selectors.authoritative_language(),
        )
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    context = {
        "document": document,
        "version": version,
        "rendered": render_version(version),
        "is_current": bool(current and current["number"] == version.number),
        "is_announced": bool(announced and announced["number"] == version.number),
        "newer_number": newer[-1]["number"] if newer else None,
        "current_number": current["number"] if current else None,
        "previous_number": previous,
        "entity": _legal_entity(request),
    }
    return render(request, "legal/version_detail.html", context)


def document_detail(request, slug):
    document = get_object_or_404(LegalDocument, slug=slug)
    entry = selectors.document_entry(document.kind) or {}
    info = entry.get("current") or entry.get("announced")
    if info is None:
        raise Http404(_("Ce document n’est pas encore publié."))
    version = selectors.public_version(document, info["number"])
    if version is None:
        raise Http404(_("Ce document n’est pas encore publié."))
    return _render_version_page(request, document, version)


def version_detail(request, slug, number):
    document = get_object_or_404(LegalDocument, slug=slug)
    version = selectors.public_version(document, number)
    if version is None:
        raise Http404(_("Cette version n’existe pas ou n’est pas publiée."))
    return _render_version_page(request, document, version)


def history(request, slug):
    document = get_object_or_404(LegalDocument, slug=slug)
    versions = selectors.public_versions(document)
    if not versions:
        raise Http404(_("Ce document n’est pas encore publié."))
    entry = selectors.document_entry(document.kind) or {}
    current = entry.get("current")
    return render(
        request,
        "legal/history.html",
        {
            "document": document,
            "versions": versions,
            "current_number": current["number"] if current else None,
        },
    )


def diff(request, slug):
    document = get_object_or_404(LegalDocument, slug=slug)
    versions = {v.number: v for v in selectors.public_versions(document)}
    if len(versions) < 2:
        return _refused(request, _("Ce document n’a qu’une version : il n’y a rien à comparer."))
    numbers = sorted(versions)
    try:
        new_number = int(request.GET.get("a") or numbers[-1])
        old_number = int(request.GET.get("de") or max((n for n in numbers if n < new_number), default=0))
    except ValueError:
        return _refused(request, _("Les numéros de version à comparer doivent être des nombres entiers."))
    if old_number not in versions or new_number not in versions:
        return _refused(request, _("Choisissez deux versions publiées de ce document."), status=404)
    if old_number == new_number:
        return _refused(request, _("Choisissez deux versions différentes."))
    old, new = versions[old_number], versions[new_number]
    if old.locale_id != new.locale_id:
        # One of them is not translated: compare both in French, the authoritative text.
        old = selectors.public_version(document, old_number, default_language())
        new = selectors.public_version(document, new_number, default_language())
    return render(
        request,
        "legal/diff.html",
        {
            "document": document,
            "old": old,
            "new": new,
            "numbers": numbers,
            "result": diff_texts(render_version(old).text, render_version(new).text),
        },
    )


@login_required
def reaccept(request):
    """What the gate sends people to: summary of changes, links to the text and the diff, accept."""
    gate.refresh_stamp(request, request.user)
    next_url = safe_next_url(request.GET.get("next"))
    pending = selectors.pending_versions_for(request.user)
    announced = selectors.announced_versions_for(request.user)
    if not pending and not announced:
        return HttpResponseRedirect(next_url or _home_url())
    accepted = selectors.accepted_numbers(request.user)
    items = []
    for version in [*pending, *announced]:
        highest = accepted.get(str(version.document_id))
        items.append(
            {
                "version": version,
                "is_pending": version in pending,
                "sha256": render_version(version).sha256,
                "diff_from": highest if highest and highest < version.number else None,
            }
        )
    context = {"items": items, "next": next_url or "", "has_pending": bool(pending)}
    return render(request, "legal/reaccept.html", context)


@require_POST
@login_required
def accept(request):
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _refused(request, _("La demande d’acceptation est incomplète ou mal formée."))
    versions = PolicyVersion.objects.select_related("document", "locale")
    version = versions.filter(pk=form.cleaned_data["version"]).first()
    if version is None:
        return _refused(request, _("Cette version n’existe pas."))
    try:
        services.record_acceptance(
            version=version,
            context=Acceptance.Context.REACCEPTANCE,
            request=request,
            user=request.user,
            shown_text_sha256=form.cleaned_data["text_sha256"],
        )
    except services.TextMismatch:
        return _refused(
            request, _("Le texte accepté ne correspond pas à celui de cette version : relisez-la.")
        )
    except services.AcceptanceRefused:
        return _refused(
            request,
            _(
                "Cette version n’est plus celle en vigueur (ou n’est pas publiée) : "
                "elle ne peut pas être acceptée. Consultez la version actuelle."
            ),
        )
    messages.success(
        request,
        _("Merci : vous avez accepté la version %(number)s du document « %(document)s ».")
        % {"number": version.number, "document": version.document.label},
    )
    next_url = safe_next_url(form.cleaned_data["next"])
    if selectors.pending_versions_for(request.user):
        target = reverse("legal:reaccept")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
    return HttpResponseRedirect(next_url or _home_url())


@login_required
def decline(request):
    return render(request, "legal/decline.html", {"entity": _legal_entity(request)})


@require_POST
@login_required
def dismiss_announcement(request):
    try:
        document_id, number = int(request.POST["document"]), int(request.POST["number"])
    except (KeyError, ValueError):
        return _refused(request, _("Annonce inconnue."))
    gate.dismiss(request, document_id=document_id, number=number)
    return HttpResponseRedirect(safe_next_url(request.POST.get("next")) or _home_url())
