"""Per-session memory of what the signed-in person has accepted, so the gate needs no query.

The session keeps {uid, gen, acc: {document id: highest number accepted}, pr: practitioner?,
dismissed: ["doc:number", ...]}. `gen` is the fingerprint of the cached legal state: when
editors publish something that matters, the fingerprint changes and the next request
re-reads the person's acceptances once (one query), then goes back to zero queries.
"""

from . import selectors

SESSION_KEY = "legal_gate"


def refresh_stamp(request, user, state: dict | None = None) -> dict:
    state = state or selectors.legal_state()
    previous = request.session.get(SESSION_KEY) or {}
    stamp = {
        "uid": str(user.pk),
        "gen": state["gen"],
        "acc": selectors.accepted_numbers(user),
        "pr": bool(getattr(user, "is_practitioner", False)),
        "dismissed": previous.get("dismissed", []) if previous.get("uid") == str(user.pk) else [],
    }
    request.session[SESSION_KEY] = stamp
    return stamp


def note_acceptance(request, *, user, document_id: int, number: int) -> None:
    """Keep the session's memory in step after an acceptance (no query needed)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    stamp = session.get(SESSION_KEY)
    if not stamp or stamp.get("uid") != str(user.pk):
        return
    key = str(document_id)
    if stamp["acc"].get(key, 0) < number:
        stamp["acc"][key] = number
        session[SESSION_KEY] = stamp
        session.modified = True


def dismiss(request, *, document_id: int, number: int) -> None:
    stamp = request.session.get(SESSION_KEY)
    if not stamp:
        return
    key = f"{document_id}:{number}"
    if key not in stamp["dismissed"]:
        stamp["dismissed"].append(key)
        request.session[SESSION_KEY] = stamp
        request.session.modified = True


def is_dismissed(stamp: dict, doc: dict, info: dict) -> bool:
    return f"{doc['id']}:{info['number']}" in stamp.get("dismissed", [])
