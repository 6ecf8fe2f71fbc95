"""The support chat: conversations between a visitor (or a signed-in person) and the support
team, their messages (encrypted at rest), canned answers, opening hours and agents' presence."""

from datetime import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from privacy.fields import EncryptedTextField

PARIS = ZoneInfo("Europe/Paris")
ANSWER_PERMISSION = "support.answer_conversation"
MAX_MESSAGE_CHARACTERS = 2000


class Conversation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("ouverte")
        CLOSED = "closed", _("close")

    # SHA-256 of the visitor's `psy_chat` cookie (the cookie itself is never stored): an
    # anonymous visitor finds their conversation again, a stolen database gives no cookie.
    visitor_key = models.CharField(_("clé du visiteur"), max_length=64, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_conversations",
        verbose_name=_("compte"),
    )
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    last_message_at = models.DateTimeField(_("dernier message le"), default=timezone.now, db_index=True)
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default="fr")

    class Meta:
        verbose_name = _("conversation d’assistance")
        verbose_name_plural = _("conversations d’assistance")
        ordering = ["-last_message_at", "-pk"]
        permissions = [("answer_conversation", _("Peut répondre aux conversations du chat d’assistance"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(visitor_key=""),
                name="support_conversation_has_someone",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Message(models.Model):
    class AuthorKind(models.TextChoices):
        VISITOR = "visitor", _("visiteur")
        AGENT = "agent", _("assistance")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    author_kind = models.CharField(_("auteur"), max_length=8, choices=AuthorKind.choices)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    text = EncryptedTextField(_("texte"))
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    read_by_agent_at = models.DateTimeField(_("lu par l’assistance le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message d’assistance")
        verbose_name_plural = _("messages d’assistance")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.pk}"


class CannedAnswer(models.Model):
    title = models.CharField(_("titre"), max_length=120)
    text = models.TextField(_("texte"), max_length=MAX_MESSAGE_CHARACTERS)
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default="fr")

    panels = [FieldPanel("title"), FieldPanel("language"), FieldPanel("text")]

    class Meta:
        verbose_name = _("réponse type")
        verbose_name_plural = _("réponses types")
        ordering = ["language", "title"]

    def __str__(self) -> str:
        return self.title


class AgentPresence(models.Model):
    """One open agent socket; seen in the last minute = an agent is online."""

    channel_name = models.CharField(max_length=200, unique=True)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.channel_name


@register_setting(icon="comment")
class SupportSettings(BaseGenericSetting):
    """When the chat is staffed (Europe/Paris). Outside these hours the chat offers the contact form."""

    monday = models.BooleanField(_("lundi"), default=True)
    tuesday = models.BooleanField(_("mardi"), default=True)
    wednesday = models.BooleanField(_("mercredi"), default=True)
    thursday = models.BooleanField(_("jeudi"), default=True)
    friday = models.BooleanField(_("vendredi"), default=True)
    saturday = models.BooleanField(_("samedi"), default=False)
    sunday = models.BooleanField(_("dimanche"), default=False)
    opens_at = models.TimeField(_("ouverture"), default=time(9, 0))
    closes_at = models.TimeField(
        _("fermeture"),
        default=time(18, 0),
        help_text=_("00:00 signifie minuit (jusqu’à la fin de la journée)."),
    )

    DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

    panels = [
        MultiFieldPanel([FieldRowPanel([FieldPanel(day) for day in DAYS])], heading=_("Jours d’ouverture")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Horaires (heure de Paris)"),
        ),
    ]

    class Meta:
        verbose_name = _("horaires du chat d’assistance")

    def is_open_at(self, moment) -> bool:
        local = moment.astimezone(PARIS)
        if not getattr(self, self.DAYS[local.weekday()]):
            return False
        now = local.time()
        if now < self.opens_at:
            return False
        return self.closes_at == time(0, 0) or now < self.closes_at
