"""Who is in a video room right now: one row per party (person, practitioner) of an appointment.

The row lives in the database, not in one process's memory, so that the two parties may be
served by different app processes and the practitioner's agenda can show who is waiting. The
unique (appointment, role) pair is what keeps a room to two participants. A process that dies
leaves its row behind: `last_seen` (refreshed by the browser's heartbeat) tells a live
participant from a stale row.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from booking.models import Appointment


class RoomPresence(models.Model):
    class Role(models.TextChoices):
        PERSON = "person", _("personne")
        PRACTITIONER = "practitioner", _("praticien")

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="room_presences", verbose_name=_("rendez-vous")
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    # The Channels channel of the socket, and the page that opened it (a reconnection of the same
    # page takes its own place back; another tab has to ask to).
    channel_name = models.CharField(_("canal"), max_length=200)
    client_id = models.CharField(_("onglet"), max_length=64)
    joined_at = models.DateTimeField(_("entré le"), default=timezone.now)
    last_seen = models.DateTimeField(_("vu le"), default=timezone.now)

    class Meta:
        verbose_name = _("présence dans une salle")
        verbose_name_plural = _("présences dans les salles")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "role"], name="consultations_one_socket_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.role}"
