"""The acknowledgement of a restriction and of its lift: a legal message (the answer to a rights
request, GDPR art. 12 and 19), so it goes whatever the restriction."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from common.i18n import content_language
from common.urls import absolute_url
from notifications.messages import Message


def restriction_notice(user, *, lifted: bool) -> Message:
    language = content_language(user.preferred_language)
    with translation.override(language):
        greeting = _("Bonjour %(name)s,") % {"name": user.first_name} if user.first_name else _("Bonjour,")
        if lifted:
            subject = _("La limitation de votre compte est levée")
            paragraphs = [
                _("Le délégué à la protection des données a levé la limitation de votre compte."),
                _("Vous pouvez de nouveau réserver des rendez-vous et recevoir nos e-mails selon vos choix."),
            ]
        else:
            subject = _("L’utilisation de votre compte est limitée")
            paragraphs = [
                _("Nous avons bien reçu votre demande de limitation : elle s’applique dès maintenant."),
                _(
                    "Tant qu’elle dure, vous ne pouvez pas réserver de rendez-vous et nous ne vous envoyons "
                    "que les e-mails obligatoires (confirmation ou annulation d’un rendez-vous, reçus, "
                    "réponses à vos demandes). Vos données sont conservées sans autre utilisation."
                ),
                _("Seul le délégué à la protection des données peut lever cette limitation."),
            ]
        return Message(
            to=user.email,
            language=language,
            subject=subject,
            greeting=greeting,
            paragraphs=paragraphs,
            action_label=_("Voir mes droits"),
            action_url=absolute_url(reverse("privacy_rights:index")),
        )


@task()
def send_restriction_notice(user_id: int, lifted: bool) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    restriction_notice(user, lifted=lifted).email().send()
    return True
