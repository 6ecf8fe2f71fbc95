"""What a restriction of processing (GDPR art. 18) stops, told to booking through its registries.

The flag itself is `accounts.User.is_restricted`, which notifications and newsletter read directly
(accounts is below them): reminders, daily summaries, newsletter issues and confirmations stop;
the legal messages (confirmation, move and cancellation of an appointment, receipts and refunds)
still go.
"""

from django.utils.translation import gettext_lazy as _

BOOKING_REFUSED = _(
    "L’utilisation de votre compte est limitée à votre demande : vous ne pouvez pas réserver de "
    "rendez-vous tant que le délégué à la protection des données n’a pas levé cette limitation. "
    "Vos rendez-vous déjà pris sont maintenus."
)


def booking_refusal(person):
    """booking.bookability person check: a restricted account books nothing."""
    return BOOKING_REFUSED if getattr(person, "is_restricted", False) else None


def practitioners_not_restricted(practitioners) -> set[int]:
    """booking.bookability predicate: a practitioner whose account is restricted takes no new
    appointment (one query for a whole page of the directory)."""
    from practitioners_directory.models import Practitioner

    ids = {p.pk for p in practitioners}
    if not ids:
        return set()
    restricted = set(
        Practitioner.objects.filter(pk__in=ids, user__restricted_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return ids - restricted
