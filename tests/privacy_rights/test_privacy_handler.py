"""privacy_rights' handlers in the registry: exported, erased, and what is kept and why."""

import pytest

from privacy import export, registry
from privacy.registry import ErasureContext
from privacy_rights import services
from privacy_rights.models import PostMortemDirective, RestrictionEvent

pytestmark = pytest.mark.django_db


def handler(key):
    return next(h for h in registry.handlers() if h.key == key)


@pytest.fixture
def rich(person, other_person):
    data = {
        "scope": "general",
        "instruction": "hand_over",
        "contact_name": "Alice",
        "contact_email": "a@example.fr",
    }
    services.save_directives(user=person, data=data, consent=True)
    services.save_directives(user=other_person, data={**data, "contact_name": "Bob"}, consent=True)
    services.restrict_account(user=person, ground="legal_claims", reason="Litige en cours")
    person.refresh_from_db()
    return person


def test_the_export_holds_my_directives_and_restriction_and_nothing_of_another(rich):
    data = export.build_export(rich)["sections"]

    (directive,) = data["post_mortem_directives"]["data"]
    assert directive["trusted_contact"]["name"] == "Alice"
    restriction = data["restriction"]["data"]
    assert restriction["reason"] == "Litige en cours"
    assert [(e["kind"], e["ground"], e["by_the_person"]) for e in restriction["history"]] == [
        ("restricted", "legal_claims", True)
    ]
    assert "Bob" not in export.export_json(rich)


def test_erasure_deletes_the_directives_and_the_reason_and_keeps_the_dated_events(rich, other_person):
    context = ErasureContext(user=rich)
    for key in ("post_mortem_directives", "restriction"):
        handler(key).erase(rich, context)

    assert not PostMortemDirective.objects.filter(user=rich).exists()
    assert PostMortemDirective.objects.filter(user=other_person).exists()
    rich.refresh_from_db()
    assert rich.restriction_reason == ""
    assert RestrictionEvent.objects.filter(user=rich).count() == 1
    assert len(context.erased) == 2
    (kept,) = handler("restriction").kept(rich)
    assert "5.2" in kept.basis
