"""Rules an editor's version must follow before it can be saved (the model's clean() asks here)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from common.i18n import default_language


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def effective_date_error(version) -> str | None:
    """Versions of a document take effect in the order of their numbers, so that "the version in
    force" (the highest number whose date has passed) never goes back to an older text; a
    translation takes effect with the French version it translates. A message, or None."""
    from .models import PolicyVersion

    if version.document_id is None or version.effective_at is None or version.number is None:
        return None
    lead_language = default_language()
    published = PolicyVersion.objects.filter(document_id=version.document_id, live=True).exclude(
        pk=version.pk
    )
    if version.locale_id and version.locale.language_code != lead_language:
        lead = (
            published.filter(number=version.number, locale__language_code=lead_language)
            .only("effective_at")
            .first()
        )
        if lead is not None and lead.effective_at != version.effective_at:
            return _(
                "Une traduction prend effet en même temps que la version française qu’elle traduit : "
                "indiquez la même date d’entrée en vigueur, le %(date)s."
            ) % {"date": _date(lead.effective_at)}
        return None
    latest_earlier = (
        published.filter(number__lt=version.number, locale__language_code=lead_language)
        .order_by("-effective_at")
        .only("number", "effective_at")
        .first()
    )
    if latest_earlier is not None and latest_earlier.effective_at > version.effective_at:
        in_force = latest_earlier.effective_at <= timezone.now()
        message = (
            _(
                "La version %(number)s de ce document est en vigueur depuis le %(date)s : une version "
                "suivante ne peut pas prendre effet avant elle. Choisissez le %(date)s ou plus tard."
            )
            if in_force
            else _(
                "La version %(number)s de ce document est annoncée pour le %(date)s : une version "
                "suivante ne peut pas prendre effet avant elle. Choisissez le %(date)s ou plus tard."
            )
        )
        return message % {"number": latest_earlier.number, "date": _date(latest_earlier.effective_at)}
    return None
