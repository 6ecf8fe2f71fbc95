"""What the retention app holds about a person: the inactivity warnings sent to them (dates only)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, Kept, register

from .models import RetentionWarning


def export(user) -> list[dict]:
    return [
        {
            "warned_at": timezone.localtime(w.warned_at).isoformat(),
            "inactive_since": timezone.localtime(w.inactive_since).isoformat(),
            "anonymise_after": timezone.localtime(w.anonymise_after).isoformat(),
            "outcome": w.outcome,
        }
        for w in RetentionWarning.objects.filter(user=user).order_by("warned_at")
    ]


def kept(user) -> list[Kept]:
    if not RetentionWarning.objects.filter(user=user).exists():
        return []
    return [
        Kept(
            label=str(_("Les dates des avertissements d’inactivité envoyés")),
            basis=str(_("Preuve que l’anonymisation automatique a été annoncée (article 5.2 du RGPD)")),
            until=str(_("Autant que le compte anonymisé, qui ne vous identifie plus")),
        )
    ]


# No erase: the rows hold dates and the account's id only, which identify nobody once the account
# is a tombstone.
register(
    Handler(
        key="retention",
        label=_("Avertissements d’inactivité"),
        export=export,
        kept=kept,
        models=("retention.RetentionWarning",),
        order=900,
    )
)
