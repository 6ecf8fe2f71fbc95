"""Who downloads which proof: the person their own rows (others get a 404, anonymous visitors the
login page), the DPO any row from the Wagtail admin if they may view that register."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.factories import SuperUserFactory, UserFactory
from consent.models import ConsentReceipt
from legal import services
from legal.factories import make_version
from legal.models import Acceptance
from tests.consent.helpers import choose

BASE = "/fr/mon-compte/mes-donnees/preuves/"


def _urls(acceptance, receipt) -> list[str]:
    return [
        f"{BASE}acceptations/{acceptance.pk}/",
        f"{BASE}acceptations/{acceptance.pk}/preuve.json",
        f"{BASE}cookies/{receipt.pk}/",
        f"{BASE}cookies/{receipt.pk}/preuve.json",
    ]


@pytest.fixture
def owned(client, privacy_v1, user, site_ready):
    """Léa's signup acceptance and a cookie receipt made while she was signed in."""
    acceptance, _ = services.record_acceptance(version=privacy_v1, context="signup", user=user)
    client.force_login(user)
    choose(client, "refuse_all")
    client.logout()
    client.cookies.clear()
    return acceptance, ConsentReceipt.objects.get()


def test_the_owner_gets_the_list_the_printable_pages_and_the_bundles(client, owned, user):
    acceptance, receipt = owned
    client.force_login(user)
    html = client.get(BASE).content.decode()
    for url in _urls(acceptance, receipt):
        assert f'href="{url}"' in html
    cookie_policy_row = receipt.policy_acceptance
    assert f'href="{BASE}acceptations/{cookie_policy_row.pk}/"' in html  # theirs by the consent id

    for url in _urls(acceptance, receipt):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"]
    bundle = client.get(f"{BASE}acceptations/{acceptance.pk}/preuve.json")
    assert bundle["Content-Type"] == "application/json; charset=utf-8"
    assert f'filename="preuve-legal-acceptance-{acceptance.pk}.json"' in bundle["Content-Disposition"]
    assert json.loads(bundle.content)["records"][0]["hash"] == acceptance.chain_hash


def test_someone_else_gets_a_404_and_an_empty_list(client, owned):
    acceptance, receipt = owned
    client.force_login(UserFactory(email="autre@example.fr"))
    for url in _urls(acceptance, receipt):
        assert client.get(url).status_code == 404, url
    html = client.get(BASE).content.decode()
    assert acceptance.text_sha256 not in html
    assert receipt.consent_id not in html
    assert "Aucune acceptation enregistrée." in html


def test_anonymous_visitors_are_sent_to_the_login_page(client, owned):
    for url in [BASE, *_urls(*owned)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/fr/compte/login/?next=")


def test_an_unknown_row_is_a_404(client, owned, user):
    client.force_login(user)
    assert client.get(f"{BASE}acceptations/999999/").status_code == 404
    assert client.get(f"{BASE}cookies/999999/preuve.json").status_code == 404


def test_a_receipt_made_before_signing_in_is_theirs_through_the_consent_id(client, site_ready, user):
    choose(client, "accept_all", ["mesure_audience", "chat_assistance"])  # anonymous, same browser
    anonymous = ConsentReceipt.objects.get()
    client.force_login(user)
    assert client.get(f"{BASE}cookies/{anonymous.pk}/").status_code == 200  # the browser's cookie
    choose(client, "refuse_all")  # now linked to the account, same consent id
    client.cookies.clear()
    client.force_login(user)  # another browser: the account's consent ids still cover both
    assert client.get(f"{BASE}cookies/{anonymous.pk}/preuve.json").status_code == 200
    assert anonymous.consent_id in client.get(BASE).content.decode()


def test_a_person_held_by_the_legal_gate_still_reaches_their_proofs(client, owned, user, privacy_v1):
    acceptance, _receipt = owned
    make_version(
        "privacy_policy", 2, effective_at=timezone.now() - timedelta(hours=1), requires_reacceptance=True
    )
    client.force_login(user)
    assert "/informations-legales/mise-a-jour/" in client.get("/fr/mon-compte/")["Location"]
    assert client.get(BASE).status_code == 200
    assert client.get(f"{BASE}acceptations/{acceptance.pk}/").status_code == 200


def test_the_printable_page_shows_the_text_hashes_and_readable_dates(client, owned, user):
    acceptance, receipt = owned
    client.force_login(user)
    html = client.get(f"{BASE}acceptations/{acceptance.pk}/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    visible = re.sub(r"<[^>]+>", " ", main)
    assert acceptance.version.title in visible
    assert "Texte de la version 1 (fr)." in visible
    for digest in (acceptance.text_sha256, acceptance.chain_hash, acceptance.chain_previous):
        assert digest in visible
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", visible)  # no raw ISO on paper
    assert re.search(r"\d{1,2} \w+ \d{4} à \d\d:\d\d:\d\d \(CES?T\)", visible)
    assert "Inscription (signup)" in visible

    html = client.get(f"{BASE}cookies/{receipt.pk}/").content.decode()
    visible = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
    assert "mesure_audience : refusé (version du " in visible
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", visible)


# --- The DPO in the Wagtail admin ------------------------------------------------------------


def _staff_with(*codenames):
    person = UserFactory(is_staff=True)
    group = Group.objects.create(name="DPO " + "-".join(codenames))
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(codename__in=codenames),
    )
    person.groups.add(group)
    return person


def _admin_urls(acceptance, receipt) -> dict[str, list[str]]:
    return {
        "acceptance": [
            f"/admin/juridique/registre/preuve/{acceptance.pk}/",
            f"/admin/juridique/registre/preuve/{acceptance.pk}/preuve.json",
        ],
        "receipt": [
            f"/admin/cookies/recus/preuve/{receipt.pk}/",
            f"/admin/cookies/recus/preuve/{receipt.pk}/preuve.json",
        ],
    }


def test_the_inspect_views_offer_both_downloads(client, owned):
    acceptance, receipt = owned
    client.force_login(SuperUserFactory())
    urls = _admin_urls(acceptance, receipt)
    for inspect, (printable, download) in (
        (f"/admin/juridique/registre/inspect/{acceptance.pk}/", urls["acceptance"]),
        (f"/admin/cookies/recus/inspect/{receipt.pk}/", urls["receipt"]),
    ):
        html = client.get(inspect).content.decode()
        assert f'href="{download}"' in html
        assert f'href="{printable}"' in html
        assert "Télécharger la preuve (JSON)" in html
        assert "Version imprimable" in html


def test_the_dpo_downloads_any_row(client, owned):
    _acceptance, receipt = owned
    client.force_login(SuperUserFactory())
    for url in [*_admin_urls(*owned)["acceptance"], *_admin_urls(*owned)["receipt"]]:
        assert client.get(url).status_code == 200, url
    data = json.loads(client.get(_admin_urls(*owned)["receipt"][1]).content)
    assert data["records"][0]["hash"] == receipt.chain_hash


def test_viewing_the_ledger_allows_its_proofs_and_only_them(client, owned):
    urls = _admin_urls(*owned)
    client.force_login(_staff_with("view_acceptance"))
    for url in urls["acceptance"]:
        assert client.get(url).status_code == 200, url
    for url in urls["receipt"]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert owned[1].chain_hash not in response.content.decode()


def test_staff_who_may_view_neither_register_get_nothing(client, owned):
    client.force_login(_staff_with())
    for urls in _admin_urls(*owned).values():
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert "chain" not in response.content.decode()


def test_an_unknown_row_in_the_admin_is_a_404(client, owned):
    client.force_login(SuperUserFactory())
    assert client.get("/admin/juridique/registre/preuve/999999/preuve.json").status_code == 404
    assert client.get("/admin/cookies/recus/preuve/999999/").status_code == 404
    assert Acceptance.objects.count() == 2
