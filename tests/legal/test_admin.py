"""Wagtail admin: frozen published versions, protected deletion, next version, counts, ledger export."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.factories import SuperUserFactory, UserFactory
from legal import services
from legal.factories import make_version
from legal.models import PolicyVersion

SNIPPETS = "/admin/snippets/legal/policyversion/"
LEDGER = "/admin/juridique/registre/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(SuperUserFactory(email="editrice@example.fr"))
    return client


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_editing_a_published_version_is_refused_with_a_clear_message(admin_client, privacy_v1):
    response = admin_client.get(f"{SNIPPETS}edit/{privacy_v1.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{SNIPPETS}inspect/{privacy_v1.pk}/"
    assert any("figée" in m for m in _messages(response))


def test_posting_an_edit_of_a_published_version_changes_nothing(admin_client, privacy_v1):
    response = admin_client.post(f"{SNIPPETS}edit/{privacy_v1.pk}/", {"title": "Changé en douce"})
    assert response.status_code == 302
    privacy_v1.refresh_from_db()
    assert privacy_v1.title != "Changé en douce"
    assert privacy_v1.latest_revision.content["title"] != "Changé en douce"


def test_a_draft_can_still_be_edited(admin_client, documents):
    draft = make_version("privacy_policy", 1, publish=False)
    assert admin_client.get(f"{SNIPPETS}edit/{draft.pk}/").status_code == 200


def test_a_version_someone_accepted_cannot_be_deleted_in_the_admin(admin_client, privacy_v1, user):
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    response = admin_client.post(f"{SNIPPETS}delete/{privacy_v1.pk}/")
    assert response.status_code == 302
    assert PolicyVersion.objects.filter(pk=privacy_v1.pk).exists()
    assert any("Suppression impossible" in m for m in _messages(response))


def test_a_draft_nobody_accepted_can_be_deleted(admin_client, documents):
    draft = make_version("privacy_policy", 1, publish=False)
    admin_client.post(f"{SNIPPETS}delete/{draft.pk}/")
    assert not PolicyVersion.objects.filter(pk=draft.pk).exists()


def test_create_next_version_makes_a_draft_copy_numbered_one_more(admin_client, privacy_v1):
    assert admin_client.get(f"{SNIPPETS}next/{privacy_v1.pk}/").status_code == 200
    response = admin_client.post(f"{SNIPPETS}next/{privacy_v1.pk}/")
    draft = PolicyVersion.objects.get(document=privacy_v1.document, number=2)
    assert response["Location"] == f"{SNIPPETS}edit/{draft.pk}/"
    assert not draft.live
    assert draft.body.get_prep_value()[0]["value"] == privacy_v1.body.get_prep_value()[0]["value"]
    assert draft.locale_id == privacy_v1.locale_id
    assert admin_client.get(f"{SNIPPETS}edit/{draft.pk}/").status_code == 200


def test_create_next_version_needs_permission(client, privacy_v1):
    client.force_login(UserFactory(is_staff=True))
    response = client.post(f"{SNIPPETS}next/{privacy_v1.pk}/")
    assert response.status_code in (302, 403)
    assert not PolicyVersion.objects.filter(number=2).exists()


def test_listing_shows_accepted_and_pending_counts(admin_client, privacy_v1, user):
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    UserFactory()  # concerned, has not accepted
    from legal.selectors import acceptance_counts

    counts = acceptance_counts(privacy_v1)
    assert counts == {"accepted": 1, "pending": 2}  # the other user and the editor
    response = admin_client.get(SNIPPETS)
    assert response.status_code == 200
    assert "Acceptée par" in response.content.decode()


def test_ledger_is_browsable_filterable_by_person_and_has_no_add_or_edit(admin_client, privacy_v1, user):
    other = UserFactory(email="autre@example.fr")
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    services.record_acceptance(version=privacy_v1, context="signup", user=other)
    response = admin_client.get(LEDGER + "?email=lea.durand@example.fr")
    html = response.content.decode()
    assert response.status_code == 200
    assert "lea.durand@example.fr" in html
    assert "autre@example.fr" not in html
    assert f"{LEDGER}new/" not in html
    assert admin_client.get(f"{LEDGER}new/").status_code == 302  # permission denied → admin home
    row_pk = user.legal_acceptances.get().pk
    assert admin_client.get(f"{LEDGER}edit/{row_pk}/").status_code == 302
    assert admin_client.post(f"{LEDGER}delete/{row_pk}/").status_code == 302
    assert user.legal_acceptances.count() == 1
    assert admin_client.get(f"{LEDGER}inspect/{row_pk}/").status_code == 200


def test_ledger_exports_csv_and_xlsx(admin_client, privacy_v1, user):
    row, _ = services.record_acceptance(version=privacy_v1, context="signup", user=user)
    csv_response = admin_client.get(LEDGER + "?export=csv")
    assert csv_response.status_code == 200
    content = b"".join(csv_response.streaming_content).decode()
    assert row.text_sha256 in content
    assert "lea.durand@example.fr" in content
    assert "registre-acceptations" in csv_response["Content-Disposition"]
    xlsx = admin_client.get(LEDGER + "?export=xlsx")
    assert xlsx.status_code == 200
    assert "spreadsheetml" in xlsx["Content-Type"]


def test_announced_version_counts_pending_people(privacy_v1, user):
    from legal.selectors import acceptance_counts

    announced = make_version(
        "privacy_policy", 2, effective_at=timezone.now() + timedelta(days=3), requires_reacceptance=True
    )
    assert acceptance_counts(announced)["pending"] == 1
