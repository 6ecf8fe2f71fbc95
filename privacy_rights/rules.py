"""What a restriction of processing (GDPR art. 18) stops, told to booking through its registries.

The flag itself is `accounts.User.is_restricted`, which notifications and newsletter read directly
(accounts is below them): reminders, daily summaries, newsletter issues and confirmations stop;
the legal messages (confirmation, move and cancellation of an appointment, receipts and refunds)
still go.

A practitioner who restricts their own account books nothing as a person; their profile stays
bookable (their activity rests on the practitioners' terms, not on consent: stopping it is
for them to do in their profile and availability, or for the DPO to settle).
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
