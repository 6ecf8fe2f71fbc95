"""Audience measurement, first-party.

Daily counters (`*Day`) are anonymous aggregates anyone's page view moves, consent or not (the
CNIL's exemption): no identifier, no address, nothing per person. `Visit` exists only for
visitors who accepted the "mesure_audience" cookie group: it is keyed by the random id of their
`psy_visit` cookie and deleted when they withdraw.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

PATH_MAX_LENGTH = 200
HOST_MAX_LENGTH = 100


class Device(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    TABLET = "tablet", _("Tablette")
    DESKTOP = "desktop", _("Ordinateur")


class Stage(models.IntegerChoices):
    """The booking funnel, in order: a visit that reaches a stage has passed the earlier ones."""

    NONE = 0, _("Aucune étape")
    SEARCH = 1, _("Recherche dans l’annuaire")
    PROFILE = 2, _("Fiche d’un praticien")
    BOOKING = 3, _("Début de réservation")
    CONFIRMED = 4, _("Réservation confirmée")


class PageViewDay(models.Model):
    day = models.DateField(_("jour"))
    path = models.CharField(_("page"), max_length=PATH_MAX_LENGTH)
    views = models.PositiveIntegerField(_("pages vues"), default=0)

    class Meta:
        verbose_name = _("pages vues d’un jour")
        verbose_name_plural = _("pages vues par jour")
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="audience_pageview_day_path")]
        # The report's permission; nobody adds or edits counters in the admin.
        default_permissions = ()
        permissions = [("view_audience", _("Peut consulter la mesure d’audience"))]

    def __str__(self) -> str:
        return f"{self.day} {self.path}"


class ReferrerDay(models.Model):
    day = models.DateField(_("jour"))
    host = models.CharField(_("site d’origine"), max_length=HOST_MAX_LENGTH)
    views = models.PositiveIntegerField(_("pages vues"), default=0)

    class Meta:
        verbose_name = _("site d’origine d’un jour")
        verbose_name_plural = _("sites d’origine par jour")
        constraints = [models.UniqueConstraint(fields=["day", "host"], name="audience_referrer_day_host")]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.day} {self.host}"


class DeviceDay(models.Model):
    day = models.DateField(_("jour"))
    device = models.CharField(_("type d’appareil"), max_length=10, choices=Device.choices)
    views = models.PositiveIntegerField(_("pages vues"), default=0)

    class Meta:
        verbose_name = _("appareils d’un jour")
        verbose_name_plural = _("appareils par jour")
        constraints = [models.UniqueConstraint(fields=["day", "device"], name="audience_device_day_device")]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.day} {self.device}"


class LanguageDay(models.Model):
    day = models.DateField(_("jour"))
    language = models.CharField(_("langue"), max_length=8)
    views = models.PositiveIntegerField(_("pages vues"), default=0)

    class Meta:
        verbose_name = _("langues d’un jour")
        verbose_name_plural = _("langues par jour")
        constraints = [
            models.UniqueConstraint(fields=["day", "language"], name="audience_language_day_language")
        ]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.day} {self.language}"


class FunnelDay(models.Model):
    """Visits (with consent) that reached a stage of the booking funnel that day: a count only,
    kept when a visitor withdraws (it no longer points to anyone)."""

    day = models.DateField(_("jour"))
    stage = models.PositiveSmallIntegerField(_("étape"), choices=Stage.choices)
    visits = models.PositiveIntegerField(_("visites"), default=0)

    class Meta:
        verbose_name = _("étape du parcours d’un jour")
        verbose_name_plural = _("étapes du parcours par jour")
        constraints = [models.UniqueConstraint(fields=["day", "stage"], name="audience_funnel_day_stage")]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.day} {self.stage}"


class Visit(models.Model):
    """One visit (pages seen with less than 30 minutes between them) of a visitor who accepted
    audience measurement. `visitor_id` is the random value of their `psy_visit` cookie."""

    visitor_id = models.CharField(_("identifiant de visiteur"), max_length=43, db_index=True)
    started_at = models.DateTimeField(_("début"), db_index=True)
    last_seen_at = models.DateTimeField(_("dernière page"))
    entry_path = models.CharField(_("page d’entrée"), max_length=PATH_MAX_LENGTH)
    pages = models.PositiveIntegerField(_("pages vues"), default=1)
    stage = models.PositiveSmallIntegerField(_("étape atteinte"), choices=Stage.choices, default=Stage.NONE)

    class Meta:
        verbose_name = _("visite")
        verbose_name_plural = _("visites")
        default_permissions = ()
        indexes = [models.Index(fields=["visitor_id", "-last_seen_at"], name="audience_visit_last")]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.entry_path}"
