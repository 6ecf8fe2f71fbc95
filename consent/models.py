"""Cookie consent: English texts for django-cookie-consent's groups and cookies, the gated code
(site settings) and the append-only consent receipts (the proof the library does not keep)."""

import pgtrigger
from cookie_consent.models import Cookie, CookieGroup
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from integrity.models import HashChained, chain_constraints
from integrity.registry import register_append_only


class CookieGroupText(models.Model):
    """English name and description of a cookie group (the library's own fields hold French)."""

    group = models.OneToOneField(
        CookieGroup, on_delete=models.CASCADE, related_name="consent_text", verbose_name=_("groupe")
    )
    name_en = models.CharField(_("nom (anglais)"), max_length=100, blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)

    class Meta:
        verbose_name = _("texte anglais d’un groupe de cookies")
        verbose_name_plural = _("textes anglais des groupes de cookies")

    def __str__(self) -> str:
        return self.name_en or str(self.group)


class CookieText(models.Model):
    """What the visitor reads about one cookie besides its name: purpose in English, lifetime."""

    cookie = models.OneToOneField(
        Cookie, on_delete=models.CASCADE, related_name="consent_text", verbose_name=_("cookie")
    )
    description_en = models.TextField(_("finalité (anglais)"), blank=True)
    lifetime_fr = models.CharField(_("durée de conservation"), max_length=100, blank=True)
    lifetime_en = models.CharField(_("durée de conservation (anglais)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("texte d’un cookie")
        verbose_name_plural = _("textes des cookies")

    def __str__(self) -> str:
        return str(self.cookie)


@register_setting(icon="code")
class GatedCodeSettings(BaseSiteSetting):
    """Third-party code that may only run for visitors who accepted its cookie group.

    It is never written into the pages: banner.js asks /cookies/code.js for it, which answers
    only for the groups the visitor's signed consent cookie accepts.
    """

    audience_group = models.ForeignKey(
        CookieGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("groupe de la mesure d’audience"),
    )
    audience_code = models.TextField(
        _("code de mesure d’audience"),
        blank=True,
        help_text=_(
            "JavaScript servi depuis notre domaine, sans balise <script>. La politique de sécurité du "
            "site n’autorise que les ressources de notre domaine : l’outil doit y être hébergé."
        ),
    )
    chat_group = models.ForeignKey(
        CookieGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("groupe du chat d’assistance"),
    )
    chat_code = models.TextField(
        _("code du chat d’assistance"),
        blank=True,
        help_text=_("JavaScript servi depuis notre domaine, sans balise <script>."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("audience_group"), FieldPanel("audience_code")], heading=_("Mesure d’audience")
        ),
        MultiFieldPanel([FieldPanel("chat_group"), FieldPanel("chat_code")], heading=_("Chat d’assistance")),
    ]

    class Meta:
        verbose_name = _("code soumis au consentement")

    def code_by_group(self) -> dict[int, str]:
        pairs = ((self.audience_group_id, self.audience_code), (self.chat_group_id, self.chat_code))
        return {group_id: code for group_id, code in pairs if group_id and code.strip()}


@register_append_only
class ConsentReceipt(HashChained):
    """One decision of one visitor: a ledger row, never updated nor deleted (PostgreSQL enforces it).

    `choices` is a snapshot, [{"group": varname, "accepted": bool, "version": group version}], so
    the proof survives a group being renamed or deleted later. Receipts are hash-chained
    (integrity.chain): only `consent.services.record_decision` inserts them.
    """

    chain_timestamp_field = "created_at"
    # Not content: Wagtail's reference index would add a row and a queued task per insert,
    # inside the transaction that holds the chain's lock.
    wagtail_reference_index_ignore = True

    class Decision(models.TextChoices):
        ACCEPT_ALL = "accept_all", _("Tout accepter")
        REFUSE_ALL = "refuse_all", _("Tout refuser")
        CUSTOM = "custom", _("Choix personnalisé")
        CHANGE = "change", _("Modification")
        WITHDRAWAL = "withdrawal", _("Retrait")

    class Source(models.TextChoices):
        BANNER = "banner", _("Bandeau")
        SETTINGS = "settings", _("Page de gestion des cookies")
        ENGINE = "engine", _("Adresses du moteur (/cookies/accept, /cookies/decline)")

    consent_id = models.CharField(_("identifiant de consentement"), max_length=64, db_index=True)
    decision = models.CharField(_("décision"), max_length=16, choices=Decision.choices)
    source = models.CharField(_("origine"), max_length=16, choices=Source.choices)
    choices = models.JSONField(_("choix par groupe"))
    policy_version = models.ForeignKey(
        "legal.PolicyVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version de la politique de cookies"),
    )
    policy_version_number = models.PositiveIntegerField(
        _("numéro de la politique de cookies"), null=True, blank=True
    )
    policy_acceptance = models.ForeignKey(
        "legal.Acceptance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ligne du registre des acceptations"),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    language = models.CharField(_("langue affichée"), max_length=8, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_receipts",
        verbose_name=_("utilisateur connecté"),
    )
    ip_network = models.CharField(_("réseau IP (tronqué)"), max_length=64, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("reçu de consentement")
        verbose_name_plural = _("reçus de consentement")
        ordering = ["-created_at", "-id"]
        constraints = chain_constraints()
        triggers = [
            pgtrigger.Protect(
                name="consent_receipt_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        from common.admin import readable

        return f"{self.consent_id} — {self.get_decision_display()} ({readable(self.created_at)})"

    @property
    def accepted_groups(self) -> list[str]:
        return [c["group"] for c in self.choices if c.get("accepted")]

    @property
    def refused_groups(self) -> list[str]:
        return [c["group"] for c in self.choices if not c.get("accepted")]
