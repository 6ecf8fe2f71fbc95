"""The two e-mails of a message, in the look of the platform's messages (notifications.messages).

The forward goes to the support address, in French, with Reply-To the sender: answering it
answers them. The acknowledgement goes to the sender, in the language they wrote in, with the
reference and the subject but never the text: the address was typed in a form and is not
verified, so a mistyped one would send someone's health details to a stranger, and a copy would
sit in mailboxes outside the platform's control.
"""

from email.utils import formataddr

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from common.i18n import default_language
from common.urls import absolute_url
from notifications.messages import Message

from .models import ContactMessage


def _received(message: ContactMessage) -> str:
    return date_format(localtime(message.created_at), "DATETIME_FORMAT")


def forward(message: ContactMessage, *, to: str):
    language = default_language()
    with translation.override(language):
        paragraphs = [
            _("De : %(name)s <%(email)s>") % {"name": message.name, "email": message.email},
            _("Sujet : %(subject)s") % {"subject": message.subject.label_in(language)},
            _("Langue : %(language)s") % {"language": message.get_language_display()},
            _("Reçu le : %(date)s") % {"date": _received(message)},
        ]
        if message.user_id:
            paragraphs.append(_("Envoyé depuis le compte %(email)s.") % {"email": message.user.email})
        paragraphs.append(_("Message :"))
        paragraphs += [line for line in message.message.splitlines() if line.strip()]
        paragraphs.append(_("Répondez à cet e-mail pour répondre directement à l’expéditeur."))
        built = Message(
            to=to,
            language=language,
            subject=_("[Contact %(reference)s] %(subject)s")
            % {"reference": message.short_reference, "subject": message.subject.label_in(language)},
            greeting=_("Nouveau message reçu par le formulaire de contact."),
            paragraphs=paragraphs,
            action_label=_("Voir le message dans l’administration"),
            action_url=absolute_url(reverse("contact_messages:inspect", args=[message.pk])),
        )
    mail = built.email()
    # Quoted as needed: a name such as « Marchand, Julie » stays one address.
    mail.reply_to = [formataddr((message.name, message.email))]
    return mail


def acknowledgement(message: ContactMessage):
    language = message.language
    with translation.override(language):
        greeting = _("Bonjour %(name)s,") % {"name": message.name}
        built = Message(
            to=message.email,
            language=language,
            subject=_("Nous avons bien reçu votre message (%(reference)s)")
            % {"reference": message.short_reference},
            greeting=greeting,
            paragraphs=[
                _("Nous avons bien reçu votre message du %(date)s, au sujet « %(subject)s ».")
                % {"date": _received(message), "subject": message.subject.label_in(language)},
                _("Sa référence est %(reference)s : rappelez-la si vous nous écrivez de nouveau.")
                % {"reference": message.short_reference},
                _("Nous vous répondons à cette adresse, en général sous deux jours ouvrés."),
                _(
                    "Pour protéger vos informations, en particulier celles qui touchent à votre "
                    "santé, cet e-mail ne reprend pas le texte de votre message."
                ),
                _(
                    "En cas d’urgence, n’attendez pas notre réponse : appelez le 15 ou le 112, "
                    "ou le 3114 si vous pensez au suicide."
                ),
            ],
        )
    return built.email()
