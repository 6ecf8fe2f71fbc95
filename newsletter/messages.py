"""The newsletter's e-mails, in the look of notifications' messages (same templates).

Every issue carries, per recipient, a signed unsubscribe link in its footer and in the
`List-Unsubscribe` / `List-Unsubscribe-Post` headers (RFC 8058 one-click unsubscribe).
"""

import html
import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from common.i18n import content_language
from common.urls import absolute_url
from notifications.messages import Message

from . import tokens

ONE_CLICK = "List-Unsubscribe=One-Click"
_RELATIVE_HREF = re.compile(r'href="(/[^"]*)"')
_LINK = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_BLOCK_END = re.compile(r"</(p|h2|h3|li|ol|ul)>|<br\s*/?>|<hr\s*/?>")


@dataclass
class IssueMessage(Message):
    body_html: str = ""
    body_text: str = ""
    template: str = "newsletter/email/issue"


def _greeting(user) -> str:
    return _("Bonjour %(name)s,") % {"name": user.first_name} if user.first_name else _("Bonjour,")


def unsubscribe_url(user) -> str:
    """Outside the language prefix: the page speaks the person's language (views.unsubscribe)."""
    return absolute_url(reverse("newsletter_unsubscribe", args=[tokens.unsubscribe_token(user_id=user.pk)]))


def confirmation_url(event, language: str) -> str:
    token = tokens.confirmation_token(user_id=event.user_id, event_id=event.pk)
    with translation.override(language):
        return absolute_url(reverse("newsletter:confirm", args=[token]))


def confirmation_message(event) -> Message:
    user = event.user
    language = content_language(user.preferred_language)
    days = tokens.confirmation_max_age().days
    with translation.override(language):
        return Message(
            to=user.email,
            language=language,
            subject=_("Confirmez votre inscription à la lettre d’information"),
            greeting=_greeting(user),
            paragraphs=[
                _("Vous avez demandé à recevoir la lettre d’information de Psyconsult."),
                _(
                    "Pour confirmer votre inscription, ouvrez le lien ci-dessous puis validez : tant que "
                    "vous n’avez pas confirmé, vous ne recevrez rien."
                ),
                _("Ce lien est valable %(days)s jours.") % {"days": days},
            ],
            action_label=_("Confirmer mon inscription"),
            action_url=confirmation_url(event, language),
            footer=[_("Vous n’êtes pas à l’origine de cette demande ? Ignorez simplement cet e-mail.")],
        )


def body_html(issue) -> str:
    """The rich text as e-mail HTML: internal links expanded, every link absolute."""
    expanded = expand_db_html(issue.body)
    return _RELATIVE_HREF.sub(lambda m: f'href="{absolute_url(m.group(1))}"', expanded)


def body_text(rich_html: str) -> str:
    """A plain-text version of the same HTML: links as "text (address)", one block per line."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", rich_html)
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(strip_tags(text))
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def issue_message(issue, *, recipient, test: bool = False, preview: bool = False) -> IssueMessage:
    """`issue` for `recipient`, with their own unsubscribe link (a placeholder in a preview)."""
    language = issue.locale.language_code
    rich = body_html(issue)
    with translation.override(language):
        link = "#" if preview else unsubscribe_url(recipient)
        subject = " ".join(issue.subject.split())
        if test:
            subject = _("[Test] %(subject)s") % {"subject": subject}
        message = IssueMessage(
            to=recipient.email,
            language=language,
            subject=subject,
            greeting=_greeting(recipient),
            paragraphs=[],
            body_html=mark_safe(rich),  # noqa: S308 - editors' rich text, sanitised by Wagtail's editor
            body_text=body_text(rich),
            footer=[
                _("Vous recevez cette lettre parce que vous vous y êtes abonné·e sur Psyconsult."),
                _("Se désabonner en un clic : %(url)s") % {"url": link},
            ],
        )
    if not preview:
        message.headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": ONE_CLICK}
    return message
