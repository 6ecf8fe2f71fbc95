"""Writes: a request recorded, its statuses, the extension, the export and the erasure run for it,
and the person's own erasure from the privacy centre. Every change appends a RequestEvent."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy import erasure, export
from privacy.services import log_access

from . import deadlines, emails
from .models import DataSubjectRequest, RequestEvent

logger = logging.getLogger(__name__)

VIEW_PERMISSION = "privacy_requests.view_datasubjectrequest"
ADD_PERMISSION = "privacy_requests.add_datasubjectrequest"
CHANGE_PERMISSION = "privacy_requests.change_datasubjectrequest"

Status = DataSubjectRequest.Status
# Where a request may go from each status (an answer, a refusal or a closure is final but for
# closing an answered request).
TRANSITIONS = {
    Status.RECEIVED: {Status.IN_PROGRESS, Status.ANSWERED, Status.REFUSED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.ANSWERED, Status.REFUSED, Status.CLOSED},
    Status.ANSWERED: {Status.CLOSED},
    Status.REFUSED: {Status.CLOSED},
    Status.CLOSED: set(),
}
# The reason written in the access log when the DPO downloads someone's export (stored in French,
# like every reason in the log).
EXPORT_REASONS = {
    DataSubjectRequest.Kind.ACCESS: "Demande d’accès n° {number}",
    DataSubjectRequest.Kind.PORTABILITY: "Demande de portabilité n° {number}",
}
EXPORT_REASON = "Demande n° {number}"


class RequestRefused(ValueError):
    """What was asked cannot be done to this request; the message says why, for the DPO."""


def _event(dsr, action, *, by, from_status=""):
    return RequestEvent.objects.create(
        request=dsr,
        action=action,
        actor=by if getattr(by, "pk", None) else None,
        from_status=from_status,
        to_status=dsr.status,
    )


def _queue_email(dsr, kind: str) -> None:
    from .tasks import send_request_email

    if dsr.requester_email:
        transaction.on_commit(lambda: send_request_email.enqueue(dsr.pk, kind))


@transaction.atomic
def record_request(
    *,
    kind: str,
    channel: str,
    user=None,
    requester_name: str = "",
    requester_email: str = "",
    language: str = "",
    message: str = "",
    received_at=None,
    created_by=None,
    status: str = Status.RECEIVED,
    dpo_notes: str = "",
    acknowledge: bool = True,
) -> DataSubjectRequest:
    """A request as received (from the centre, or a letter or an e-mail the DPO enters); its
    deadline is one month from `received_at`. The person is told the deadline by e-mail."""
    if kind not in DataSubjectRequest.Kind.values:
        raise RequestRefused(_("Type de demande inconnu."))
    received_at = received_at or timezone.now()
    if user is not None:
        requester_name = requester_name or user.get_full_name()
        requester_email = requester_email or user.email
        language = language or user.preferred_language
    dsr = DataSubjectRequest.objects.create(
        kind=kind,
        channel=channel,
        status=status,
        user=user,
        requester_name=requester_name,
        requester_email=requester_email,
        language=language or "fr",
        message=message,
        received_at=received_at,
        due_at=deadlines.due_date(received_at),
        dpo_notes=dpo_notes,
        created_by=created_by,
    )
    _event(dsr, RequestEvent.Action.CREATED, by=created_by or user)
    if acknowledge:
        _queue_email(dsr, "acknowledgement")
    logger.info("privacy_requests: request %s (%s) received by %s", dsr.pk, kind, channel)
    return dsr


EDITABLE = (
    "kind",
    "channel",
    "received_at",
    "requester_name",
    "requester_email",
    "language",
    "message",
    "dpo_notes",
)


@transaction.atomic
def update_request(*, dsr: DataSubjectRequest, data: dict, account=None, by) -> DataSubjectRequest:
    """The DPO corrects what was entered; a corrected receipt date moves the deadlines with it."""
    for name in EDITABLE:
        if name in data:
            setattr(dsr, name, data[name])
    dsr.user = account
    dsr.due_at = deadlines.due_date(dsr.received_at)
    if dsr.extended_due_at is not None:
        dsr.extended_due_at = deadlines.extended_due_date(dsr.received_at)
    dsr.save()
    return dsr


def _change_status(dsr, status: str, *, by, action=RequestEvent.Action.STATUS) -> DataSubjectRequest:
    if status not in TRANSITIONS[dsr.status]:
        raise RequestRefused(
            _("Une demande « %(current)s » ne peut pas passer au statut « %(wanted)s ».")
            % {"current": dsr.get_status_display(), "wanted": Status(status).label}
        )
    previous = dsr.status
    dsr.status = status
    fields = ["status"]
    if status in (Status.ANSWERED, Status.REFUSED):
        dsr.answered_at = timezone.now()
        fields.append("answered_at")
    if status == Status.REFUSED:
        fields.append("refusal_reason")
    dsr.save(update_fields=fields)
    _event(dsr, action, by=by, from_status=previous)
    return dsr


@transaction.atomic
def start(*, dsr: DataSubjectRequest, by) -> DataSubjectRequest:
    return _change_status(dsr, Status.IN_PROGRESS, by=by)


@transaction.atomic
def answer(*, dsr: DataSubjectRequest, by) -> DataSubjectRequest:
    return _change_status(dsr, Status.ANSWERED, by=by)


@transaction.atomic
def close(*, dsr: DataSubjectRequest, by) -> DataSubjectRequest:
    return _change_status(dsr, Status.CLOSED, by=by)


@transaction.atomic
def refuse(*, dsr: DataSubjectRequest, reason: str, by) -> DataSubjectRequest:
    """Refused with its reason (article 12.4), which is e-mailed with the right to complain."""
    reason = (reason or "").strip()
    if not reason:
        raise RequestRefused(_("Un refus doit être motivé : indiquez le motif."))
    dsr.refusal_reason = reason
    _change_status(dsr, Status.REFUSED, by=by)
    _queue_email(dsr, "refusal")
    return dsr


@transaction.atomic
def extend(*, dsr: DataSubjectRequest, reason: str, by) -> DataSubjectRequest:
    """Two more months, once, for an open request (article 12.3); the reason goes to the person."""
    reason = (reason or "").strip()
    if not reason:
        raise RequestRefused(_("Indiquez le motif de la prolongation : il est envoyé à la personne."))
    if not dsr.is_open:
        raise RequestRefused(_("Seule une demande en attente de réponse peut être prolongée."))
    if dsr.extended_due_at is not None:
        raise RequestRefused(
            _("Le délai de cette demande a déjà été prolongé : il ne peut l’être qu’une fois.")
        )
    dsr.extended_due_at = deadlines.extended_due_date(dsr.received_at)
    dsr.extension_reason = reason
    dsr.save(update_fields=["extended_due_at", "extension_reason"])
    _event(dsr, RequestEvent.Action.EXTENDED, by=by, from_status=dsr.status)
    _queue_email(dsr, "extension")
    return dsr


def require_account(dsr: DataSubjectRequest):
    if dsr.user_id is None:
        raise RequestRefused(
            _("Cette demande n’est liée à aucun compte : rattachez-la au compte de la personne d’abord.")
        )
    return dsr.user


@transaction.atomic
def run_export(*, dsr: DataSubjectRequest, by, request=None) -> bytes:
    """The person's archive (privacy.export.build_archive) for the DPO to send: the read is in the
    access log first (no trace, no archive), and an open request goes "in progress"."""
    person = require_account(dsr)
    reason = EXPORT_REASONS.get(dsr.kind, EXPORT_REASON).format(number=dsr.pk)
    log_access(
        actor=by,
        subject=person,
        what="privacy.export",
        obj_ref=f"privacy_requests.datasubjectrequest:{dsr.pk}",
        why=reason,
        request=request,
    )
    if dsr.status == Status.RECEIVED:
        _change_status(dsr, Status.IN_PROGRESS, by=by)
    _event(dsr, RequestEvent.Action.EXPORT, by=by, from_status=dsr.status)
    return export.build_archive(person)


def _erase(dsr: DataSubjectRequest, person, *, by):
    """Erase `person` for `dsr`, mark it answered and send the report, to the address the account
    had: captured now, because the erasure overwrites it. Sent after the commit, directly rather
    than by a task, so that no copy of the address or the report stays in the task table."""
    to, name, language = person.email, person.first_name, person.preferred_language
    context = erasure.erase_person(person, requested_by=by)
    dsr.refresh_from_db()  # the handlers blanked its name and e-mail
    if dsr.is_open:
        _change_status(dsr, Status.ANSWERED, by=by, action=RequestEvent.Action.ERASURE)
    else:
        _event(dsr, RequestEvent.Action.ERASURE, by=by, from_status=dsr.status)
    mail = emails.erasure_report(
        to=to,
        name=name,
        language=language,
        erased_at=dsr.answered_at or timezone.now(),
        erased=context.erased,
        kept=context.kept,
    )
    transaction.on_commit(lambda: _send_report(mail, dsr.pk))
    return context


def _send_report(mail, request_id: int) -> None:
    try:
        mail.send()
    except Exception:  # the erasure is done and committed: the DPO sees the failure in the logs
        logger.exception("privacy_requests: erasure report of request %s could not be sent", request_id)


@transaction.atomic
def run_erasure(*, dsr: DataSubjectRequest, by):
    """The DPO erases the person of an erasure request (after a confirmation step in the admin)."""
    person = require_account(dsr)
    if dsr.kind != DataSubjectRequest.Kind.ERASURE:
        raise RequestRefused(_("Seule une demande d’effacement peut lancer l’effacement."))
    if person.pk == getattr(by, "pk", None):
        raise RequestRefused(_("Vous ne pouvez pas effacer votre propre compte depuis l’administration."))
    if not dsr.is_open:
        raise RequestRefused(_("Cette demande a déjà reçu une réponse."))
    return _erase(dsr, person, by=by)


@transaction.atomic
def erase_own_account(*, user):
    """The person erases their own account from the privacy centre (re-authenticated by the
    view): the request is recorded, answered at once, and the report e-mailed."""
    dsr = record_request(
        kind=DataSubjectRequest.Kind.ERASURE,
        channel=DataSubjectRequest.Channel.CENTRE,
        user=user,
        acknowledge=False,
    )
    context = _erase(dsr, user, by=user)
    return dsr, context
