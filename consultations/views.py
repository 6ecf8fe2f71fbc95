"""The room page: a waiting page before the window, the room while it is open, a closed page after."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from booking import zones
from common.headers import CAMERA_AND_MICROPHONE_HERE

from . import selectors, turn

# The waiting page reloads itself (no JavaScript needed) at most this far apart.
MAX_REFRESH_SECONDS = 60


def strings(is_practitioner: bool) -> dict[str, str]:
    """What the room's script says, translated here (the script has no catalogue of its own)."""
    return {
        "preparing": _("Préparation de votre caméra et de votre micro…"),
        "noMedia": _(
            "Impossible d’accéder à votre caméra ou à votre micro : autorisez-les dans votre navigateur, "
            "puis rechargez la page."
        ),
        "ready": _("Vérifiez votre image et votre son, puis rejoignez la consultation."),
        "joining": _("Connexion à la salle…"),
        "waitingPeer": _("En attente de votre patient…")
        if is_practitioner
        else _("En attente de votre praticien…"),
        "connecting": _("Connexion en cours…"),
        "connected": _("Connecté"),
        "reconnecting": _("Connexion perdue, reconnexion…"),
        "busy": _("Vous êtes déjà dans cette consultation depuis un autre onglet ou un autre appareil."),
        "replaced": _("La consultation continue dans un autre onglet ou sur un autre appareil."),
        "closed": _("La salle est fermée : la consultation est terminée."),
        "you": _("Vous"),
        "camera": _("Caméra"),
        "mic": _("Micro"),
        "peer": "",
    }


def _websocket_url(request, appointment) -> str:
    scheme = "wss" if request.is_secure() else "ws"
    return f"{scheme}://{request.get_host()}/ws/consultations/{appointment.reference}/"


@never_cache
@login_required
def room(request, reference):
    appointment = selectors.room_for(request.user, reference)
    now = timezone.now()
    room_state = selectors.state(appointment, now)
    opens_at, closes_at = selectors.window(appointment)
    is_practitioner = selectors.role_of(appointment, request.user) == "practitioner"
    context = {
        "appointment": appointment,
        "zone": zones.viewer_zone(request),
        "is_practitioner": is_practitioner,
        "peer_name": appointment.person.get_full_name()
        if is_practitioner
        else appointment.practitioner.display_name,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "back_url": reverse("booking:agenda" if is_practitioner else "booking:my_appointments"),
    }
    if room_state == selectors.RoomState.WAITING:
        seconds_left = int((opens_at - now).total_seconds())
        context |= {
            "seconds_left": seconds_left,
            "refresh_seconds": max(1, min(MAX_REFRESH_SECONDS, seconds_left)),
        }
        return render(request, "consultations/waiting.html", context)
    if room_state == selectors.RoomState.CLOSED:
        return render(request, "consultations/closed.html", context)

    websocket_url = _websocket_url(request, appointment)
    context["strings"] = strings(is_practitioner) | {"peer": context["peer_name"]}
    context["config"] = {
        "websocketUrl": websocket_url,
        "iceServers": turn.ice_servers(expires_at=closes_at, subject=str(appointment.reference)),
        "iceTransportPolicy": settings.CONSULTATION_ICE_TRANSPORT_POLICY,
        "role": "practitioner" if is_practitioner else "person",
        "closesAt": closes_at.isoformat(),
        "leaveUrl": context["back_url"],
    }
    response = render(request, "consultations/room.html", context)
    # Camera and microphone for this page only (common.headers denies them everywhere else).
    response["Permissions-Policy"] = CAMERA_AND_MICROPHONE_HERE
    # This page may open one WebSocket: its own room's (django-csp reads this attribute).
    response._csp_update = {"connect-src": [websocket_url]}
    return response


@never_cache
@login_required
def presence(request):
    """For the practitioner's agenda: which of their appointments have the person in the room."""
    return JsonResponse({"waiting": selectors.waiting_references(request.user)})
