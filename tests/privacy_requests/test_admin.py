"""The DPO's register in the Wagtail admin: listing with filters and overdue rows, a letter
entered, the actions (export, erasure, extension, answer), the dashboard panel; others refused."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone

from privacy.models import AccessLogEntry
from privacy_requests import services
from privacy_requests.models import DataSubjectRequest, RequestEvent

BASE = "/admin/donnees/demandes/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_(person):
    """One open request of the person (in time), one overdue letter without an account."""
    open_one = services.record_request(
        kind="access", channel="privacy_centre", user=person, acknowledge=False
    )
    late = services.record_request(
        kind="rectification",
        channel="letter",
        requester_name="Bernard Lefort",
        requester_email="bernard@example.org",
        received_at=timezone.now() - timedelta(days=45),
        acknowledge=False,
    )
    return open_one, late


def test_the_dpo_lists_requests_with_the_overdue_one_highlighted(client, dpo, requests_):
    open_one, _late = requests_
    client.force_login(dpo)
    response = client.get(BASE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Demandes des personnes" in html
    assert f"{BASE}inspect/{open_one.pk}/" in html  # each row opens the request's page
    assert html.count("privacy-request--overdue") == 1
    assert "En retard" in html
    assert "Bernard Lefort" in html
    assert "privacy_requests/admin.css" in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?overdue=true", "Bernard Lefort", "Léa Durand"),
        ("?overdue=false", "Léa Durand", "Bernard Lefort"),
        ("?kind=access", "Léa Durand", "Bernard Lefort"),
        ("?status=received&kind=rectification", "Bernard Lefort", "Léa Durand"),
    ],
)
def test_the_listing_filters_by_type_status_and_overdue(client, dpo, requests_, query, shown, hidden):
    client.force_login(dpo)
    html = client.get(BASE + query).content.decode()
    assert shown in html
    assert hidden not in html


def test_the_menu_and_the_dashboard_panel_count_open_and_overdue_requests(client, dpo, requests_):
    client.force_login(dpo)
    html = client.get("/admin/").content.decode()
    assert "Demandes des personnes" in html
    assert "2 demandes en attente de réponse" in html
    assert "1 en retard" in html
    assert f"{BASE}?overdue=true" in html


def test_someone_without_the_permission_sees_no_panel_and_is_refused(client, editor, requests_):
    open_one, _late = requests_
    client.force_login(editor)
    assert "demandes en attente de réponse" not in client.get("/admin/").content.decode()
    assert client.get(BASE).status_code == 302  # Wagtail: permission denied → admin home
    assert client.get(f"{BASE}inspect/{open_one.pk}/").status_code == 302
    # The actions raise PermissionDenied, which Wagtail answers like its own views: to the admin home.
    for url, data in (
        (f"{BASE}export/{open_one.pk}/", {}),
        (f"{BASE}effacer/{open_one.pk}/", {}),
        (f"{BASE}prolonger/{open_one.pk}/", {"reason": "x"}),
        (f"{BASE}statut/{open_one.pk}/", {"status": "closed"}),
    ):
        response = client.post(url, data)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert AccessLogEntry.objects.count() == 0
    open_one.refresh_from_db()
    assert open_one.status == "received"
    assert open_one.extended_due_at is None


def test_nobody_deletes_a_request_not_even_a_superuser(client, requests_):
    from accounts.factories import SuperUserFactory

    open_one, _late = requests_
    client.force_login(SuperUserFactory())
    assert client.post(f"{BASE}delete/{open_one.pk}/").status_code == 302
    assert DataSubjectRequest.objects.filter(pk=open_one.pk).exists()


def test_the_dpo_enters_a_letter_and_the_account_is_found_by_its_address(
    client, dpo, person, django_capture_on_commit_callbacks
):
    client.force_login(dpo)
    received = timezone.localtime() - timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}new/",
            {
                "kind": "access",
                "channel": "letter",
                "received_at": received.strftime("%Y-%m-%d %H:%M"),
                "requester_name": "Léa Durand",
                "requester_email": "LEA.DURAND@example.fr",
                "language": "fr",
                "message": "Copie de mes données, s’il vous plaît.",
                "dpo_notes": "Pièce d’identité vérifiée.",
                "account_email": "",
            },
        )
    dsr = DataSubjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}inspect/{dsr.pk}/"
    assert dsr.user == person
    assert dsr.created_by == dpo
    assert dsr.channel == "letter"
    assert timezone.localtime(dsr.received_at).date() == received.date()
    assert dsr.due_at == received.date() + relativedelta(months=1)
    assert dsr.events.get().action == RequestEvent.Action.CREATED
    assert [m.to for m in mail.outbox] == [["LEA.DURAND@example.fr"]]
    assert "au plus tard le" in mail.outbox[0].body
    assert "Copie de mes données" not in mail.outbox[0].body  # the text is never repeated


def test_an_unknown_account_address_is_refused_with_a_message(client, dpo):
    client.force_login(dpo)
    response = client.post(
        f"{BASE}new/",
        {
            "kind": "access",
            "channel": "email",
            "received_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "requester_email": "inconnu@example.fr",
            "language": "fr",
            "account_email": "personne@example.fr",
        },
    )
    assert response.status_code == 200
    assert "Aucun compte n’utilise cette adresse." in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_the_dpo_downloads_the_export_and_the_read_is_logged(client, dpo, person, probe, requests_):
    open_one, _late = requests_
    client.force_login(dpo)
    page = client.get(f"{BASE}inspect/{open_one.pk}/").content.decode()
    assert "Télécharger l’export des données (ZIP)" in page

    response = client.post(f"{BASE}export/{open_one.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"donnees-demande-{open_one.pk}.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["subject"]["id"] == person.pk
    assert data["sections"]["test_prequests_probe"]["data"] == [{"probe": person.pk}]
    assert data["sections"]["privacy_requests"]["data"][0]["number"] == open_one.pk
    assert archive.read("files/test_prequests_probe/sonde.txt") == b"contenu"
    entry = AccessLogEntry.objects.get()
    assert (entry.actor, entry.subject) == (dpo, person)
    assert entry.why == f"Demande d’accès n° {open_one.pk}"
    assert entry.obj_ref == f"privacy_requests.datasubjectrequest:{open_one.pk}"
    open_one.refresh_from_db()
    assert open_one.status == "in_progress"
    assert open_one.events.filter(action="export", actor=dpo).exists()


def test_only_an_open_erasure_request_runs_the_erasure(client, dpo, person, probe, requests_):
    open_access, _late = requests_
    client.force_login(dpo)
    assert (
        "Effacer les données de la personne"
        not in client.get(f"{BASE}inspect/{open_access.pk}/").content.decode()
    )
    response = client.post(f"{BASE}effacer/{open_access.pk}/", follow=True)
    assert "Seule une demande d’effacement" in response.content.decode()
    assert probe == []
    with pytest.raises(services.RequestRefused):
        services.run_erasure(dsr=open_access, by=dpo)
    assert probe == []


def test_no_export_without_an_account(client, dpo, requests_):
    _open, late = requests_
    client.force_login(dpo)
    response = client.post(f"{BASE}export/{late.pk}/", follow=True)
    assert "n’est liée à aucun compte" in response.content.decode()
    assert AccessLogEntry.objects.count() == 0


def test_the_dpo_runs_the_erasure_after_confirming(
    client, dpo, person, probe, requests_, django_capture_on_commit_callbacks
):
    erasure = services.record_request(kind="erasure", channel="email", user=person, acknowledge=False)
    client.force_login(dpo)
    confirm = client.get(f"{BASE}effacer/{erasure.pk}/")
    text = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Sonde de test" in text
    assert "Vos paiements de test" in text
    assert "Obligation comptable" in text
    assert probe == []  # nothing erased by looking

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}effacer/{erasure.pk}/")

    assert response.status_code == 302
    assert probe == [person.pk]
    erasure.refresh_from_db()
    assert erasure.status == "answered"
    assert erasure.answered_at is not None
    assert (erasure.requester_name, erasure.requester_email) == ("", "")
    assert erasure.events.filter(action="erasure", actor=dpo).exists()
    report = mail.outbox[-1]
    assert report.to == ["lea.durand@example.fr"]
    assert "Vos paiements de test" in report.body


def test_the_dpo_extends_and_refuses_with_reasons(client, dpo, requests_, django_capture_on_commit_callbacks):
    open_one, _late = requests_
    client.force_login(dpo)
    client.post(f"{BASE}prolonger/{open_one.pk}/", {"reason": ""})
    assert DataSubjectRequest.objects.get(pk=open_one.pk).extended_due_at is None

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BASE}prolonger/{open_one.pk}/", {"reason": "Demande volumineuse."})
    assert DataSubjectRequest.objects.get(pk=open_one.pk).extended_due_at is not None
    assert "Demande volumineuse." in mail.outbox[-1].body

    response = client.post(f"{BASE}statut/{open_one.pk}/", {"status": "refused", "reason": ""}, follow=True)
    assert "Un refus doit être motivé" in response.content.decode()
    assert DataSubjectRequest.objects.get(pk=open_one.pk).status == "received"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{BASE}statut/{open_one.pk}/", {"status": "refused", "reason": "Demande manifestement infondée."}
        )
    open_one.refresh_from_db()
    assert open_one.status == "refused"
    assert "Demande manifestement infondée." in mail.outbox[-1].body
    assert "réclamation" in mail.outbox[-1].body

    client.post(f"{BASE}statut/{open_one.pk}/", {"status": "closed"})
    assert DataSubjectRequest.objects.get(pk=open_one.pk).status == "closed"
    response = client.post(f"{BASE}statut/{open_one.pk}/", {"status": "in_progress"}, follow=True)
    assert "ne peut pas passer" in response.content.decode()


def test_the_request_page_shows_the_history_and_the_late_warning(client, dpo, requests_):
    _open, late = requests_
    client.force_login(dpo)
    html = client.get(f"{BASE}inspect/{late.pk}/").content.decode()
    assert "En retard : la réponse était due au plus tard le" in html
    assert "Demande enregistrée" in html
    assert "aucun compte rattaché" in html


def test_editing_a_request_keeps_its_account_and_moves_the_deadline(client, dpo, person, requests_):
    open_one, late = requests_
    client.force_login(dpo)
    for dsr in (open_one, late):
        response = client.post(
            f"{BASE}edit/{dsr.pk}/",
            {
                "kind": dsr.kind,
                "channel": dsr.channel,
                "received_at": "2026-01-31 10:00",
                "requester_name": "",
                "requester_email": "",
                "language": "fr",
                "message": "",
                "dpo_notes": "Relancé par téléphone.",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    open_one.refresh_from_db()
    assert open_one.user == person  # linked once and for all
    assert open_one.dpo_notes == "Relancé par téléphone."
    assert str(open_one.due_at) == "2026-02-28"
    late.refresh_from_db()
    assert late.user is None
