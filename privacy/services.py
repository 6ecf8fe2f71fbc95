"""Writes. `log_access` is the ONLY code that writes the access log; `reveal` decides when to."""

import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from common.http import minimised_client_ip
from integrity import chain

from .models import AccessLogEntry

logger = logging.getLogger(__name__)


class ReasonRequired(PermissionDenied):
    """Someone who is not a party tried to read without giving a reason (a 403 if unhandled)."""


def _limit(value: str, model_field: str) -> str:
    return value[: AccessLogEntry._meta.get_field(model_field).max_length]


def log_access(*, actor, subject, what: str, obj_ref: str = "", why: str, request=None) -> AccessLogEntry:
    """Append that `actor` read `subject`'s data `what` (in object `obj_ref`) because `why`.

    `what` is a short stable code ("appointment.reason", "application.document"), `obj_ref`
    names the object ("booking.appointment:42"), `why` is the reason given (required: a read
    nobody can justify is not logged, it is refused by the caller). With `request`, the
    minimised client network is kept too. Call it before showing the data: a failed write
    must mean no read.
    """
    if actor is None or not getattr(actor, "pk", None):
        raise ValueError("log_access needs the signed-in user who reads (actor).")
    if subject is None or not getattr(subject, "pk", None):
        raise ValueError("log_access needs the person the data is about (subject).")
    if not what or not why or not str(why).strip():
        raise ValueError("log_access needs what was read and why.")
    # chain.append takes the chain's lock in the caller's transaction (or its own).
    row = chain.append(
        AccessLogEntry(
            actor_id=actor.pk,
            subject_id=subject.pk,
            what=_limit(what, "what"),
            obj_ref=_limit(obj_ref, "obj_ref"),
            why=_limit(str(why).strip(), "why"),
            ip_network=minimised_client_ip(request),
        )
    )
    logger.info("privacy: access %s by user %s to user %s (%s)", row.pk, actor.pk, subject.pk, what)
    return row


def is_party(reader, parties: Iterable) -> bool:
    """`reader` is one of `parties` (users; None entries are ignored), compared by primary key."""
    reader_pk = getattr(reader, "pk", None)
    return reader_pk is not None and any(p is not None and p.pk == reader_pk for p in parties)


def reveal(
    obj, field_name: str, *, reader, subject, parties: Iterable, why: str = "", request=None, what: str = ""
):
    """The value of `obj.<field_name>` for `reader`; logged unless `reader` is one of `parties`.

    The person the data is about (`subject`) and the parties of the record read it freely (for
    an appointment: its person and its practitioner). Anyone else signed in, staff included,
    must give `why`, and the read is appended to the access log before the value is returned;
    without `why` it raises ReasonRequired and nothing is revealed (nor for an anonymous
    reader, ever). Whether `reader` may see the record at all is the caller's check
    (a 404 for others): this function only keeps the trace.

        reason = reveal(
            appointment, "reason",
            reader=request.user, subject=appointment.person,
            parties=(appointment.person, appointment.practitioner.user),
            why=form.cleaned_data["why"], request=request,
        )

    `what` defaults to "<model>.<field>" ("appointment.reason"); the object reference is
    "<app>.<model>:<pk>".
    """
    if not is_party(reader, (subject, *parties)):
        if not getattr(reader, "is_authenticated", False):
            raise PermissionDenied
        if not why or not str(why).strip():
            raise ReasonRequired(f"user {reader.pk} is not a party: reading {field_name} needs a reason.")
        meta = obj._meta
        log_access(
            actor=reader,
            subject=subject,
            what=what or f"{meta.model_name}.{field_name}",
            obj_ref=f"{meta.label_lower}:{obj.pk}",
            why=why,
            request=request,
        )
    return getattr(obj, field_name)
