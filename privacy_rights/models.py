"""The person's rights that need rows of their own: the history of restrictions (append-only,
hash-chained) and the post-mortem directives (art. 85 of the Loi Informatique et Libertés,
every free text encrypted).

The restriction itself is a flag on the account (`accounts.User.restricted_at`, read by booking,
notifications and newsletter through `User.is_restricted`); this app writes it, with a row here
for each change.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrity.models import HashChained, chain_constraints
from integrity.registry import register_append_only
from privacy.fields import EncryptedTextField


@register_append_only
class RestrictionEvent(HashChained):
    """One restriction or lift of an account, never updated nor deleted.

    No free text here (an append-only row can be neither erased nor re-encrypted): the person's
    own words stay on the account (`restriction_reason`, encrypted, erasable); this row keeps
    what happened, when, on which ground and who did it. Only privacy_rights.services appends.
    """

    class Kind(models.TextChoices):
        RESTRICTED = "restricted", _("Limitation demandée")
        LIFTED = "lifted", _("Limitation levée")

    class Ground(models.TextChoices):
        # The cases of article 18(1) of the GDPR, as the person reads them.
        ACCURACY = "accuracy", _("Je conteste l’exactitude de mes données")
        UNLAWFUL = "unlawful", _("Je considère le traitement illicite mais ne veux pas l’effacement")
        LEGAL_CLAIMS = "legal_claims", _("J’ai besoin de mes données pour un litige")
        OBJECTION = "objection", _("Je me suis opposé·e à un traitement, en attente de vérification")
        OTHER = "other", _("Autre raison")
        # The DPO's, when lifting.
        VERIFIED = "verified", _("Vérification terminée")
        PERSON_ASKED = "person_asked", _("À la demande de la personne")

    chain_timestamp_field = "created_at"
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("personne concernée"),
    )
    kind = models.CharField(_("événement"), max_length=16, choices=Kind.choices)
    ground = models.CharField(_("motif"), max_length=16, choices=Ground.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fait par"),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("événement de limitation")
        verbose_name_plural = _("historique des limitations")
        ordering = ["-id"]
        permissions = [("lift_restriction", _("Peut lever la limitation d’un compte"))]
        constraints = [*chain_constraints()]
        triggers = [
            pgtrigger.Protect(
                name="privacy_rights_restrictionevent_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} — {self.kind}"


class PostMortemDirective(models.Model):
    """What the person wants done with their data after their death (art. 85 LIL), and whom to
    trust with it. One per person; editable and revocable (revoking deletes the row). Every free
    text is encrypted; the DPO reads it in the admin with the read kept in the access log."""

    class Scope(models.TextChoices):
        GENERAL = "general", _("Toutes mes données sur la plateforme")
        SPECIFIC = "specific", _("Certaines de mes données seulement")

    class Instruction(models.TextChoices):
        DELETE_ALL = "delete_all", _("Tout effacer")
        KEEP_FOR_CONTACT = "keep_for_contact", _("Conserver mes données pour ma personne de confiance")
        HAND_OVER = "hand_over", _("Transmettre mes données à ma personne de confiance")
        OTHER = "other", _("Autre instruction (précisée ci-dessous)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="post_mortem_directive",
        verbose_name=_("personne"),
    )
    scope = models.CharField(_("portée"), max_length=16, choices=Scope.choices, default=Scope.GENERAL)
    specific_data = EncryptedTextField(_("données concernées"), blank=True)
    instruction = models.CharField(_("instruction"), max_length=20, choices=Instruction.choices)
    instruction_details = EncryptedTextField(_("précisions"), blank=True)
    contact_name = EncryptedTextField(_("nom de la personne de confiance"), blank=True)
    contact_email = EncryptedTextField(_("e-mail de la personne de confiance"), blank=True)
    contact_relation = EncryptedTextField(_("lien avec vous"), blank=True)
    # The specific consent (art. 85: not buried in the terms), given again at each change.
    consent_given_at = models.DateTimeField(_("consentement donné le"))
    created_at = models.DateTimeField(_("créées le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiées le"), default=timezone.now)

    class Meta:
        verbose_name = _("directives post-mortem")
        verbose_name_plural = _("directives post-mortem")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"user {self.user_id}"

    @property
    def needs_contact(self) -> bool:
        return self.instruction in (self.Instruction.KEEP_FOR_CONTACT, self.Instruction.HAND_OVER)
