"""The e-mails to the person, in the look of the platform's messages (notifications.messages):
the acknowledgement with the deadline, the extension with its reason, a refusal with its reason
and the right to complain, and the erasure report (what was removed, what was kept and why).

The text of the request is never repeated: it may hold health details, and the address of a
letter or an e-mail the DPO typed is not verified by the platform.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Site

from common.i18n import content_language
from common.urls import absolute_url
from home.models import LegalEntitySettings
from notifications.messages import Message
from privacy.registry import Kept

from .models import DataSubjectRequest


@dataclass
class ErasureReportMessage(Message):
    erased: list[str] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    template: str = "privacy_requests/email/erasure_report"


def legal_entity() -> LegalEntitySettings | None:
    site = Site.objects.filter(is_default_site=True).first()
    return LegalEntitySettings.for_site(site) if site else None


def _day(value) -> str:
    return date_format(value, "j F Y")


def _greeting(name: str) -> str:
    return _("Bonjour %(name)s,") % {"name": name} if name else _("Bonjour,")


def _footer() -> list[str]:
    entity = legal_entity()
    if entity is None or not entity.dpo_email:
        return []
    return [
        _("Une question sur vos données ? Écrivez à notre délégué à la protection des données : %(email)s")
        % {"email": entity.dpo_email}
    ]


def _requests_link(dsr: DataSubjectRequest) -> tuple[str, str]:
    if dsr.user_id is None:
        return "", ""
    return _("Voir mes demandes"), absolute_url(reverse("privacy_requests:list"))


def _number(dsr: DataSubjectRequest) -> dict:
    return {"number": dsr.pk, "kind": dsr.get_kind_display().lower()}


def _build(dsr: DataSubjectRequest, subject: str, paragraphs: list[str]) -> Message:
    label, url = _requests_link(dsr)
    message = Message(
        to=dsr.requester_email,
        language=content_language(dsr.language),
        subject=" ".join(subject.split()),
        greeting=_greeting(dsr.requester_name),
        paragraphs=paragraphs,
        action_label=label,
        action_url=url,
        footer=_footer(),
    )
    return message


def acknowledgement(dsr: DataSubjectRequest):
    with translation.override(content_language(dsr.language)):
        values = {
            **_number(dsr),
            "received": _day(timezone.localdate(dsr.received_at)),
            "due": _day(dsr.due_at),
        }
        return _build(
            dsr,
            _("Nous avons bien reçu votre demande n° %(number)s") % values,
            [
                _("Nous avons bien reçu le %(received)s votre demande n° %(number)s (%(kind)s).") % values,
                _("Nous vous répondrons au plus tard le %(due)s.") % values,
                _(
                    "Si la demande est complexe ou si nous en recevons beaucoup, ce délai peut être "
                    "prolongé de deux mois : nous vous en dirions alors la raison avant le %(due)s."
                )
                % values,
            ],
        ).email()


def extension(dsr: DataSubjectRequest):
    with translation.override(content_language(dsr.language)):
        values = {**_number(dsr), "due": _day(dsr.due_at), "extended": _day(dsr.extended_due_at)}
        return _build(
            dsr,
            _("Votre demande n° %(number)s : délai de réponse prolongé") % values,
            [
                _(
                    "Le délai de réponse à votre demande n° %(number)s (%(kind)s), initialement fixé au "
                    "%(due)s, est prolongé jusqu’au %(extended)s, comme le permet l’article 12.3 du RGPD."
                )
                % values,
                _("Motif de la prolongation :"),
                *[line for line in dsr.extension_reason.splitlines() if line.strip()],
            ],
        ).email()


def refusal(dsr: DataSubjectRequest):
    entity = legal_entity()
    with translation.override(content_language(dsr.language)):
        values = {
            **_number(dsr),
            "authority": entity.supervisory_authority_name if entity else "CNIL",
            "url": entity.supervisory_authority_url if entity else "https://www.cnil.fr/",
        }
        return _build(
            dsr,
            _("Votre demande n° %(number)s") % values,
            [
                _("Nous ne pouvons pas donner suite à votre demande n° %(number)s (%(kind)s).") % values,
                _("Motif :"),
                *[line for line in dsr.refusal_reason.splitlines() if line.strip()],
                _(
                    "Vous pouvez introduire une réclamation auprès de l’autorité de contrôle, "
                    "%(authority)s (%(url)s), ou former un recours en justice."
                )
                % values,
            ],
        ).email()


def erasure_report(*, to: str, name: str, language: str, erased_at, erased: list[str], kept: list[Kept]):
    """Built before nothing of the person is left: the address and name are passed in, captured
    before the erasure."""
    language = content_language(language)
    with translation.override(language):
        message = ErasureReportMessage(
            to=to,
            language=language,
            subject=_("Vos données ont été effacées"),
            greeting=_greeting(name),
            paragraphs=[
                _(
                    "Comme vous l’avez demandé, votre compte a été effacé le %(date)s. Cette opération "
                    "est irréversible : vous ne pouvez plus vous connecter avec cette adresse."
                )
                % {"date": date_format(timezone.localtime(erased_at), "j F Y à H:i")},
            ],
            erased=[str(item) for item in erased],
            kept=list(kept),
            footer=_footer(),
        )
        return message.email()
