"""What the video room holds about a person: while they are in a room, a presence row (their
socket, their tab, when they joined). Nothing of the call itself is stored (peer to peer)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, register
from privacy.values import choice

from .models import RoomPresence


def presences_of(user):
    person = Q(appointment__person=user, role=RoomPresence.Role.PERSON)
    practitioner = Q(appointment__practitioner__user=user, role=RoomPresence.Role.PRACTITIONER)
    return RoomPresence.objects.filter(person | practitioner).select_related("appointment")


def export_presences(user) -> list[dict]:
    return [
        {
            "appointment": str(presence.appointment.reference),
            **choice(presence, "role"),
            "joined_at": presence.joined_at,
            "last_seen": presence.last_seen,
        }
        for presence in presences_of(user).order_by("joined_at", "pk")
    ]


def erase_presences(user, context) -> None:
    RoomPresence.objects.filter(pk__in=list(presences_of(user).values_list("pk", flat=True))).delete()


register(
    Handler(
        key="video_rooms",
        label=_("Vos présences dans les salles de consultation"),
        export=export_presences,
        erase=erase_presences,
        models=("consultations.RoomPresence",),
        order=90,
    )
)
