"""Reviewing applications: allowed transitions, reasons, e-mails, approval, admin screens."""

import threading

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import User
from practitioners_directory.models import ApplicationStatusChange, PractitionerApplication, PractitionerPage
from practitioners_directory.services import TransitionRefused, change_application_status

from .factories import make_application, methodology

Status = PractitionerApplication.Status


@pytest.fixture
def application(db):
    return make_application(methodologies=[methodology("EMDR", "emdr")])


def move(application, to_status, by, reason=""):
    return change_application_status(application_id=application.pk, to_status=to_status, by=by, reason=reason)


def test_review_path_and_an_email_at_each_change(
    application, reviewer, directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        move(application, Status.IN_REVIEW, reviewer)
        move(application, Status.REJECTED, reviewer, reason="Numéro RPPS introuvable.")

    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.rejection_reason == "Numéro RPPS introuvable."
    assert application.reviewer == reviewer
    assert [(c.from_status, c.to_status) for c in application.status_changes.all()] == [
        ("submitted", "in_review"),
        ("in_review", "rejected"),
    ]
    assert [m.to for m in mail.outbox] == [[application.email], [application.email]]
    assert "en cours d’examen" in mail.outbox[0].subject
    assert "Numéro RPPS introuvable." in mail.outbox[1].body


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.SUBMITTED, Status.APPROVED),
        (Status.SUBMITTED, Status.REJECTED),
        (Status.APPROVED, Status.IN_REVIEW),
        (Status.REJECTED, Status.APPROVED),
        (Status.IN_REVIEW, Status.SUBMITTED),
    ],
)
def test_transitions_outside_the_review_path_are_refused(application, reviewer, directory, start, target):
    PractitionerApplication.objects.filter(pk=application.pk).update(status=start)

    with pytest.raises(TransitionRefused) as refusal:
        move(application, target, reviewer, reason="motif")

    assert "Impossible de passer" in refusal.value.message
    application.refresh_from_db()
    assert application.status == start
    assert not ApplicationStatusChange.objects.exists()


def test_rejection_requires_a_reason(application, reviewer):
    move(application, Status.IN_REVIEW, reviewer)

    with pytest.raises(TransitionRefused, match="motif du refus"):
        move(application, Status.REJECTED, reviewer, reason="   ")

    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_only_reviewers_may_change_a_status(application, editor_without_review):
    with pytest.raises(PermissionDenied):
        move(application, Status.IN_REVIEW, editor_without_review)


def test_approval_creates_the_account_the_invitation_and_a_draft_profile(
    application, reviewer, directory, django_capture_on_commit_callbacks
):
    PractitionerApplication.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        move(application, Status.APPROVED, reviewer)

    application.refresh_from_db()
    user = application.user
    assert user.email == application.email
    assert user.role == User.Role.PRACTITIONER
    assert user.preferred_language == "en"
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()

    page = application.profile_page
    assert isinstance(page, PractitionerPage)
    assert not page.live
    assert page.get_parent().specific == directory
    assert page.user == user
    assert (page.first_name, page.last_name, page.rpps, page.city) == (
        "Nina",
        "Roussel",
        "10001234567",
        "Bordeaux",
    )
    assert [m.slug for m in page.methodologies.all()] == ["emdr"]
    assert page.get_latest_revision() is not None

    # The e-mail is in the applicant's language: its link is the English password page.
    invitation = mail.outbox[-1]
    assert invitation.to == [application.email]
    assert "/en/compte/password/reset/key/" in invitation.body


def test_approval_links_an_existing_account_instead_of_duplicating_it(application, reviewer, directory):
    existing = UserFactory(email=application.email.upper())
    PractitionerApplication.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)

    move(application, Status.APPROVED, reviewer)

    existing.refresh_from_db()
    assert existing.role == User.Role.PRACTITIONER
    assert User.objects.filter(email__iexact=application.email).count() == 1
    assert PractitionerPage.objects.get(user=existing).live is False


def test_approval_is_refused_when_no_directory_exists(application, reviewer):
    PractitionerApplication.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)

    with pytest.raises(TransitionRefused, match="Annuaire"):
        move(application, Status.APPROVED, reviewer)

    assert not User.objects.filter(email=application.email).exists()


# PostgreSQL only: SQLite locks the whole table instead of the row (select_for_update).
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_decisions_apply_only_once(reviewer, directory):
    application = make_application()
    PractitionerApplication.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)
    outcomes = []
    barrier = threading.Barrier(2)

    def decide(target, reason):
        try:
            barrier.wait()
            move(application, target, reviewer, reason=reason)
            outcomes.append(target)
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=decide, args=(Status.APPROVED, "")),
        threading.Thread(target=decide, args=(Status.REJECTED, "Dossier incomplet.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 2
    assert outcomes.count("refused") == 1
    assert ApplicationStatusChange.objects.filter(application=application).count() == 1


# --- Admin screens ------------------------------------------------------------------------------


def test_reviewer_lists_applications_filtered_by_status(client, reviewer):
    make_application(last_name="Deposee")
    make_application(last_name="Refusee", status=Status.REJECTED)
    client.force_login(reviewer)

    everything = client.get(reverse("practitioner_applications:index"))
    rejected = client.get(reverse("practitioner_applications:index"), {"status": "rejected"})

    assert everything.status_code == 200
    assert "Deposee" in everything.content.decode()
    assert "Refusee" in everything.content.decode()
    assert "Refusee" in rejected.content.decode()
    assert "Deposee" not in rejected.content.decode()


def test_each_application_in_the_list_opens_its_file(client, reviewer):
    application = make_application(last_name="Ouvrable")
    client.force_login(reviewer)

    html = client.get(reverse("practitioner_applications:index"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert reverse("practitioner_applications:inspect", args=[application.pk]) in html
    assert "Full name" not in html


def test_inspect_view_offers_documents_and_decisions(client, reviewer, application):
    client.force_login(reviewer)

    response = client.get(reverse("practitioner_applications:inspect", args=[application.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("practitioner_applications:document", args=[application.pk, "diploma"]) in content
    assert "Passer en cours d’examen" in content


def test_editor_without_permission_cannot_open_the_review_screens(client, editor_without_review, application):
    client.force_login(editor_without_review)

    index = client.get(reverse("practitioner_applications:index"))
    inspect = client.get(reverse("practitioner_applications:inspect", args=[application.pk]))
    decide = client.post(
        reverse("practitioner_applications:transition", args=[application.pk]), {"status": "in_review"}
    )

    assert index.status_code in (302, 403)
    assert inspect.status_code in (302, 403)
    assert decide.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_admin_decision_refused_with_a_message(client, reviewer, application):
    client.force_login(reviewer)

    response = client.post(
        reverse("practitioner_applications:transition", args=[application.pk]),
        {"status": "approved"},
        follow=True,
    )

    assert "Impossible de passer" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_admin_approval_opens_the_draft_profile(client, reviewer, application, directory):
    PractitionerApplication.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)
    client.force_login(reviewer)

    response = client.post(
        reverse("practitioner_applications:transition", args=[application.pk]), {"status": "approved"}
    )

    application.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[application.profile_page_id])
