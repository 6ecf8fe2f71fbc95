"""This app's privacy handler: the person's requests in their export; on erasure the requests stay
(proof of having answered) without their name, e-mail or texts, and other people's are untouched."""

import pytest

from privacy import erasure, export, registry
from privacy_requests import services
from privacy_requests.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(person, other_person, dpo):
    mine = services.record_request(
        kind="access", channel="privacy_centre", user=person, message="Mon texte", acknowledge=False
    )
    services.extend(dsr=mine, reason="Motif pour Léa", by=dpo)
    theirs = services.record_request(
        kind="objection", channel="privacy_centre", user=other_person, message="Son texte", acknowledge=False
    )
    return mine, theirs


def test_the_handler_is_registered_and_claims_the_models():
    handler = {h.key: h for h in registry.handlers()}["privacy_requests"]
    assert set(handler.models) == {"privacy_requests.DataSubjectRequest", "privacy_requests.RequestEvent"}


def test_the_export_holds_the_persons_requests_and_nobody_elses(person, both):
    mine, _theirs = both
    data = export.build_export(person)["sections"]["privacy_requests"]["data"]
    assert [row["number"] for row in data] == [mine.pk]
    row = data[0]
    assert row["kind"] == "access"
    assert row["message"] == "Mon texte"
    assert row["email"] == "lea.durand@example.fr"
    assert row["extension_reason"] == "Motif pour Léa"
    assert [step["action"] for step in row["history"]] == ["created", "extended"]
    assert "Son texte" not in export.export_json(person)


def test_erasure_keeps_the_requests_but_not_who_made_them(person, both):
    mine, theirs = both
    context = erasure.erase_person(person)
    mine.refresh_from_db()
    assert (mine.kind, mine.status, mine.due_at) == ("access", "received", mine.due_at)
    blanked = [
        getattr(mine, name) for name in ("requester_name", "requester_email", "message", "extension_reason")
    ]
    assert blanked == ["", "", "", ""]
    assert mine.events.count() == 2
    assert mine.extended_due_at is not None
    theirs = DataSubjectRequest.objects.get(pk=theirs.pk)
    assert (theirs.requester_email, theirs.message) == ("marc.petit@example.fr", "Son texte")
    assert any("demandes" in str(item.label) for item in context.kept)
