"""What the privacy centre holds about a person: who read their sensitive data (the access log)
and the downloads of their data they asked for."""

from django.utils.translation import gettext_lazy as _

from .models import AccessLogEntry, PersonalDataExport
from .registry import Handler, Kept, register
from .selectors import access_log_for
from .values import choice


def reader_label(actor) -> str:
    """Who read, as the person is told: the name, and that it was someone of the staff."""
    name = actor.get_full_name() or _("un membre de l’équipe")
    return str(_("%(name)s (équipe de la plateforme)") % {"name": name}) if actor.is_staff else str(name)


def export_access_log(user) -> list[dict]:
    return [
        {
            "accessed_at": entry.accessed_at,
            "reader": reader_label(entry.actor),
            "what": entry.what,
            "object": entry.obj_ref,
            "why": entry.why,
        }
        for entry in access_log_for(user)
    ]


def access_log_kept(user) -> list[Kept]:
    subject = AccessLogEntry.objects.filter(subject_id=user.pk).exists()
    actor = AccessLogEntry.objects.filter(actor_id=user.pk).exists()
    if not (subject or actor):
        return []
    return [
        Kept(
            label=_(
                "Le journal des consultations de données (qui a lu quoi, quand et pourquoi, réseau IP "
                "tronqué) où figure votre compte"
            ),
            basis=_("Sécurité et responsabilité du traitement (articles 5.2 et 32 du RGPD)"),
            until=_("6 ans après la consultation"),
        )
    ]


register(
    Handler(
        key="access_log",
        label=_("Qui a consulté vos données"),
        export=export_access_log,
        kept=access_log_kept,
        models=("privacy.AccessLogEntry",),
        order=800,
    )
)


def export_downloads(user) -> list[dict]:
    return [
        {
            "reference": str(export.reference),
            **choice(export, "status"),
            "requested_at": export.requested_at,
            "expires_at": export.expires_at,
        }
        for export in PersonalDataExport.objects.filter(user=user).order_by("requested_at", "pk")
    ]


def erase_downloads(user, context) -> None:
    from .portability import delete_exports_of

    if delete_exports_of(user):
        context.erased.append(str(_("Vos téléchargements de données")))


register(
    Handler(
        key="data_exports",
        label=_("Vos téléchargements de données"),
        export=export_downloads,
        erase=erase_downloads,
        models=("privacy.PersonalDataExport",),
        order=810,
    )
)
