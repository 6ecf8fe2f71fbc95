"""Writes. `record_decision` is the only code that writes consent receipts (hash-chained)."""

import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from common.http import client_ip, minimise_ip
from common.i18n import content_language
from integrity import chain
from legal import selectors as legal_selectors
from legal import services as legal_services
from legal.models import Acceptance

from . import cookie, selectors
from .cookie import REFUSED, ConsentCookie
from .models import ConsentReceipt
from .signals import decision_applied

logger = logging.getLogger(__name__)

USER_AGENT_MAX_LENGTH = 255


class UnknownGroup(ValueError):
    """A submitted varname is not an optional cookie group."""


@dataclass(frozen=True)
class DecisionResult:
    receipt: ConsentReceipt
    cookie: ConsentCookie
    refused: list[str]  # optional groups refused now (their cookies get deleted)
    withdrawn: list[str]  # among them, those that had been accepted


def new_consent_id() -> str:
    return secrets.token_urlsafe(16)


def _classify(*, accepted: set[str], all_groups: list[str], previous: ConsentCookie | None, withdrawn) -> str:
    D = ConsentReceipt.Decision
    if withdrawn:
        return D.WITHDRAWAL
    if all_groups and accepted == set(all_groups):
        return D.ACCEPT_ALL
    if not accepted:
        return D.REFUSE_ALL
    return D.CHANGE if previous is not None else D.CUSTOM


def _record_policy_acceptance(consent_id: str, request) -> Acceptance | None:
    """The cookie policy text in force when the choice was made, in legal's ledger (idempotent)."""
    version = legal_selectors.current_version_for_kind(selectors.COOKIE_POLICY)
    if version is None:
        return None
    try:
        row, _created = legal_services.record_acceptance(
            version=version,
            context=Acceptance.Context.COOKIE_BANNER,
            request=request,
            consent_id=consent_id,
        )
    except legal_services.AcceptanceRefused:  # the state changed under our feet: keep the receipt
        logger.warning("consent: cookie policy version %s not acceptable", version.pk)
        return None
    return row


def record_decision(*, request, accepted, source: str) -> DecisionResult:
    """Record the visitor's choice for every optional group: the ones in `accepted` are accepted,
    the others refused. Raises UnknownGroup for a varname that is not an optional group.

    The consent id is kept from a valid cookie (even an expired decision: the same browser keeps
    its identity across renewals) or drawn at random.
    """
    groups = selectors.optional_groups()
    accepted = set(accepted)
    unknown = accepted - set(groups)
    if unknown:
        raise UnknownGroup(", ".join(sorted(unknown)))
    if source not in ConsentReceipt.Source.values:
        raise ValueError(f"Unknown source: {source!r}")

    now = timezone.now()
    previous = cookie.read(request)
    consent_id = previous.consent_id if previous else new_consent_id()
    previously_accepted = {v for v in groups if previous and previous.accepted(v)}
    versions = {varname: group.get_version() for varname, group in groups.items()}
    refused = [v for v in groups if v not in accepted]
    withdrawn = [v for v in refused if v in previously_accepted]
    policy = selectors.cookie_policy()
    meta = request.META

    with transaction.atomic():
        acceptance = _record_policy_acceptance(consent_id, request)
        receipt = ConsentReceipt(
            consent_id=consent_id,
            decision=_classify(
                accepted=accepted, all_groups=list(groups), previous=previous, withdrawn=withdrawn
            ),
            source=source,
            choices=[{"group": v, "accepted": v in accepted, "version": versions[v]} for v in groups],
            policy_version_id=acceptance.version_id if acceptance else None,
            policy_version_number=policy.number,
            policy_acceptance=acceptance,
            created_at=now,
            language=content_language(),
            user=request.user if getattr(request, "user", None) and request.user.is_authenticated else None,
            ip_network=minimise_ip(client_ip(request)),
            user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH],
        )
        chain.append(receipt)
    value = ConsentCookie(
        consent_id=consent_id,
        decided_at=now,
        policy_number=policy.number or 0,
        groups={v: (versions[v] if v in accepted else REFUSED) for v in groups},
    )
    logger.info("consent: receipt %s (%s) for %s", receipt.pk, receipt.decision, consent_id)
    return DecisionResult(receipt=receipt, cookie=value, refused=refused, withdrawn=withdrawn)


def apply_to_response(response, result: DecisionResult, *, request) -> None:
    """Store the new choice in the browser and expire the refused groups' cookies on our domain."""
    cookie.set_on(response, result.cookie, request=request)
    groups = selectors.optional_groups()
    for varname in result.refused:
        group = groups[varname]
        if not group.is_deletable:
            continue
        for known in group.cookie_set.all():
            for name in _present_names(known.name, request.COOKIES):
                response.delete_cookie(name, path=known.path or "/", domain=known.domain or None)
    decision_applied.send(sender=apply_to_response, request=request, response=response, result=result)


def _present_names(pattern: str, present) -> list[str]:
    """Cookie names matching `pattern`; a trailing "*" stands for any suffix (e.g. "_pk_id*",
    Matomo adds the site id and a hash to its names)."""
    if pattern.endswith("*"):
        prefix = pattern[:-1]
        return [name for name in present if name.startswith(prefix)]
    return [pattern] if pattern in present else []
