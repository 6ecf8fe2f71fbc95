"""Demo: the DPO handles data-subject requests: one open (from the demo user's privacy centre)
and one overdue (a letter received six weeks before the load), and may add, view and change them."""

from datetime import timedelta

from django.utils import timezone

from home.demo_support import DPO_GROUP, grant

from . import services
from .models import DataSubjectRequest

LETTER_EMAIL = "bernard.lefort@example.org"


def grant_dpo() -> None:
    grant(
        DPO_GROUP,
        [
            (DataSubjectRequest, "view_datasubjectrequest"),
            (DataSubjectRequest, "add_datasubjectrequest"),
            (DataSubjectRequest, "change_datasubjectrequest"),
        ],
    )


def ensure_requests(stdout) -> None:
    from accounts.models import User
    from booking.demo import DEMO_USER_EMAIL

    Kind, Channel = DataSubjectRequest.Kind, DataSubjectRequest.Channel
    user = User.objects.filter(email=DEMO_USER_EMAIL).first()
    if user is not None and not DataSubjectRequest.objects.filter(user=user, kind=Kind.ACCESS).exists():
        dsr = services.record_request(
            kind=Kind.ACCESS,
            channel=Channel.CENTRE,
            user=user,
            message="Je souhaite savoir quelles données vous conservez sur mes rendez-vous.",
            received_at=timezone.now() - timedelta(days=3),
            acknowledge=False,
        )
        stdout.write(f"  privacy_requests : demande ouverte n° {dsr.pk} créée")
    if not DataSubjectRequest.objects.filter(requester_email=LETTER_EMAIL).exists():
        dsr = services.record_request(
            kind=Kind.RECTIFICATION,
            channel=Channel.LETTER,
            requester_name="Bernard Lefort",
            requester_email=LETTER_EMAIL,
            message="Courrier reçu : demande de correction de l’adresse postale sur une note d’honoraires.",
            received_at=timezone.now() - timedelta(days=45),
            acknowledge=False,
        )
        stdout.write(f"  privacy_requests : demande en retard n° {dsr.pk} créée")


def load(*, stdout, options) -> None:
    grant_dpo()
    ensure_requests(stdout)
