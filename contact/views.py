"""The contact page's own view (ContactPage.serve): show the form, take a message."""

import uuid

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from wagtail.models import Site

from common import ratelimit
from common.http import minimised_client_ip
from common.i18n import content_language
from legal.services import AcceptanceRefused

from . import services
from .forms import ContactForm

RATE_LIMIT_ACTION = "contact_message"


def _sent(request, page, reference: str):
    messages.success(
        request,
        _(
            "Merci, votre message est bien parti (référence %(reference)s). Un e-mail de confirmation "
            "vous a été envoyé ; nous vous répondons en général sous deux jours ouvrés."
        )
        % {"reference": reference},
    )
    return HttpResponseRedirect(page.get_url(request=request))


def _render(request, page, form, *, status: int = 200, template: str = "contact/contact_page.html"):
    response = TemplateResponse(request, template, {"page": page, "self": page, "form": form}, status=status)
    add_never_cache_headers(response)
    return response


def contact_page(request, page):
    language = content_language(page.locale.language_code)
    user = request.user if request.user.is_authenticated else None
    if request.method != "POST":
        return _render(request, page, ContactForm(language=language, user=user))

    # Counted per network (/24, /48) like the ledger minimises addresses: a robot rotating
    # through one provider's addresses is counted once.
    if not ratelimit.allow(request, RATE_LIMIT_ACTION, key=minimised_client_ip(request) or "unknown"):
        return _render(request, page, None, status=429, template="contact/too_many.html")
    form = ContactForm(request.POST, language=language, user=user)
    if form.is_spam_trap:
        # What a person would see, so the robot learns nothing; nothing is stored or sent.
        return _sent(request, page, f"C-{uuid.uuid4().hex[:8].upper()}")
    if form.closed:
        form.add_error(None, _("Le formulaire est momentanément indisponible. Merci de réessayer plus tard."))
    if form.is_valid():
        site = Site.find_for_request(request)
        try:
            message = services.submit_message(form=form, request=request, site_id=site.pk if site else None)
        except AcceptanceRefused:
            form.add_error(
                "accept_privacy_policy",
                _(
                    "La politique de confidentialité vient d’être mise à jour : rechargez la page, "
                    "lisez la nouvelle version, puis cochez de nouveau la case."
                ),
            )
        else:
            return _sent(request, page, message.short_reference)
    return _render(request, page, form, status=400)
