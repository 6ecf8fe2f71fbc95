"""Post-mortem directives (art. 85 LIL): a specific consent, encrypted at rest, editable and
revocable by the person; the DPO reads them with a reason, kept in the access log."""

import pytest

from privacy.models import AccessLogEntry
from privacy_rights.models import PostMortemDirective
from tests.privacy.conftest import raw_column

from .conftest import RIGHTS

pytestmark = pytest.mark.django_db

DIRECTIVES = RIGHTS + "directives/"
SECRET = "Transmettre mes comptes rendus à ma sœur"


def filled(**changes):
    data = {
        "scope": "general",
        "instruction": "hand_over",
        "instruction_details": SECRET,
        "contact_name": "Alice Lefèvre",
        "contact_email": "alice.lefevre@example.fr",
        "contact_relation": "sœur",
        "consent": "on",
    }
    return {**data, **changes}


def test_saved_with_the_specific_consent_and_encrypted_at_rest(person_client, person):
    response = person_client.post(DIRECTIVES, filled())

    assert response.status_code == 302
    directive = PostMortemDirective.objects.get(user=person)
    assert directive.contact_email == "alice.lefevre@example.fr"
    assert directive.consent_given_at is not None
    for column in ("instruction_details", "contact_name", "contact_email", "contact_relation"):
        stored = raw_column(PostMortemDirective, directive.pk, column)
        assert stored.startswith("gAAAA")
        assert "Alice" not in stored
        assert "sœur" not in stored
    assert "Consentement donné le" in person_client.get(DIRECTIVES).content.decode()


def test_without_the_consent_nothing_is_saved(person_client, person):
    data = filled()
    del data["consent"]
    response = person_client.post(DIRECTIVES, data)

    assert response.status_code == 400
    assert "Cochez la case de consentement" in response.content.decode()
    assert not PostMortemDirective.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact_name": ""}, "contact_name"),
        ({"contact_email": "pas-une-adresse"}, "contact_email"),
        ({"instruction": "other", "instruction_details": ""}, "instruction_details"),
        ({"scope": "specific"}, "specific_data"),
        ({"instruction": "bury_it"}, "instruction"),
        ({"contact_relation": "x" * 101}, "contact_relation"),
    ],
)
def test_bad_input_is_400_with_the_field_named(person_client, changes, field):
    response = person_client.post(DIRECTIVES, filled(**changes))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not PostMortemDirective.objects.exists()


def test_delete_all_needs_no_trusted_contact(person_client, person):
    data = filled(instruction="delete_all", contact_name="", contact_email="", contact_relation="")
    assert person_client.post(DIRECTIVES, data).status_code == 302
    assert PostMortemDirective.objects.get(user=person).instruction == "delete_all"


def test_edited_then_revoked(person_client, person):
    person_client.post(DIRECTIVES, filled())
    person_client.post(DIRECTIVES, filled(contact_relation="amie", instruction="keep_for_contact"))
    directive = PostMortemDirective.objects.get(user=person)
    assert (directive.instruction, directive.contact_relation) == ("keep_for_contact", "amie")

    person_client.post(DIRECTIVES, {"action": "revoke"})

    assert not PostMortemDirective.objects.exists()


def test_each_person_sees_only_their_own(client, person, other_person):
    client.force_login(person)
    client.post(DIRECTIVES, filled())
    client.force_login(other_person)

    html = client.get(DIRECTIVES).content.decode()

    assert "Alice" not in html
    assert SECRET not in html


def test_the_dpo_reads_them_with_a_reason_kept_in_the_access_log(client, dpo, person_client, person):
    person_client.post(DIRECTIVES, filled())
    directive = PostMortemDirective.objects.get()
    url = f"/admin/donnees/directives/{directive.pk}/"
    client.force_login(dpo)

    assert SECRET not in client.get(url).content.decode()
    refused = client.post(url, {"why": "  "})
    assert refused.status_code == 400
    assert SECRET not in refused.content.decode()
    assert not AccessLogEntry.objects.exists()

    shown = client.post(url, {"why": "Décès signalé par la personne de confiance"})

    assert SECRET in shown.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.actor_id, entry.subject_id, entry.what) == (dpo.pk, person.pk, "postmortemdirective")
    assert entry.why == "Décès signalé par la personne de confiance"


def test_others_in_the_admin_cannot_read_them(client, editor, person_client):
    person_client.post(DIRECTIVES, filled())
    directive = PostMortemDirective.objects.get()
    client.force_login(editor)

    for response in (
        client.get("/admin/donnees/directives/"),
        client.post(f"/admin/donnees/directives/{directive.pk}/", {"why": "curiosité"}),
    ):
        assert response.status_code == 302
        assert SECRET not in response.content.decode()
    assert not AccessLogEntry.objects.exists()
