"""A practitioner's own edits wait for a moderator; the live profile changes only on approval."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from accounts.factories import UserFactory
from accounts.models import User
from practitioners_directory.models import PractitionerPage

from .factories import make_practitioner, methodology

URL = "/fr/mon-compte/profil-praticien/"


@pytest.fixture
def practitioner(db):
    return UserFactory(email="lea.moreau@example.fr", role=User.Role.PRACTITIONER)


@pytest.fixture
def profile(directory, practitioner):
    return make_practitioner(
        directory, first_name="Léa", last_name="Moreau", user=practitioner, price_cents=6000, city="Lyon"
    )


@pytest.fixture
def moderator(db):
    user = UserFactory(email="moderatrice@example.fr", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def form_data(profile, **overrides):
    data = {
        "professional_title": profile.professional_title,
        "postal_code": profile.postal_code,
        "city": profile.city,
        "consultation_minutes": "50",
        "price_cents": "60",
        "accepts_new_patients": "on",
        "short_bio": profile.short_bio,
        "presentation": "Premier paragraphe.\n\nSecond <b>paragraphe</b>.",
    }
    data.update(overrides)
    return data


def test_practitioner_edit_waits_for_moderation_then_goes_live(client, profile, practitioner, moderator):
    emdr = methodology("EMDR", "emdr")
    client.force_login(practitioner)

    response = client.post(
        URL,
        form_data(
            profile,
            city="Villeurbanne",
            postal_code="69100",
            price_cents="72,50",
            methodologies=[str(emdr.pk)],
        ),
    )

    assert response.status_code == 302
    live = PractitionerPage.objects.get(pk=profile.pk)
    assert (live.city, live.price_cents) == ("Lyon", 6000)
    assert list(live.methodologies.all()) == []
    assert "Lyon" in client.get(live.get_url()).content.decode()
    state = WorkflowState.objects.get(object_id=str(profile.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.requested_by == practitioner
    draft = live.get_latest_revision_as_object()
    assert (draft.city, draft.department, draft.price_cents) == ("Villeurbanne", "69", 7250)
    assert draft.presentation == "<p>Premier paragraphe.</p><p>Second &lt;b&gt;paragraphe&lt;/b&gt;.</p>"

    # The moderator approves the task in Wagtail: the revision is published.
    task_state = state.current_task_state.specific
    task_state.task.specific.on_action(task_state, moderator, "approve")

    live.refresh_from_db()
    assert (live.city, live.postal_code, live.department, live.price_cents) == (
        "Villeurbanne",
        "69100",
        "69",
        7250,
    )
    assert [m.slug for m in live.methodologies.all()] == ["emdr"]
    assert not live.has_unpublished_changes


def test_a_new_submission_replaces_the_one_waiting(client, profile, practitioner):
    client.force_login(practitioner)
    client.post(URL, form_data(profile, city="Bron", postal_code="69500"))
    client.post(URL, form_data(profile, city="Caluire", postal_code="69300"))

    states = WorkflowState.objects.filter(object_id=str(profile.pk))
    assert states.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    assert states.filter(status=WorkflowState.STATUS_CANCELLED).count() == 1
    in_progress = states.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert TaskState.objects.get(workflow_state=in_progress).revision.as_object().city == "Caluire"

    page = client.get(URL)
    assert "en attente de validation" in page.content.decode()
    assert page.context["form"]["city"].value() == "Caluire"


def test_identity_and_numbers_cannot_be_changed_by_the_practitioner(client, profile, practitioner):
    client.force_login(practitioner)

    client.post(URL, form_data(profile, last_name="Autre", rpps="10000000099", first_name="X"))

    draft = PractitionerPage.objects.get(pk=profile.pk).get_latest_revision_as_object()
    assert (draft.first_name, draft.last_name, draft.rpps) == ("Léa", "Moreau", profile.rpps)


def test_invalid_edit_is_rejected_with_messages_and_nothing_is_submitted(client, profile, practitioner):
    client.force_login(practitioner)

    response = client.post(URL, form_data(profile, postal_code="ABCDE", price_cents="-5", short_bio=""))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"postal_code", "price_cents", "short_bio"} <= set(errors)
    assert not WorkflowState.objects.filter(object_id=str(profile.pk)).exists()


def test_someone_without_a_profile_cannot_edit_any(client, profile):
    client.force_login(UserFactory(role=User.Role.PRACTITIONER))

    response = client.post(URL, form_data(profile, city="Piraterie"))

    assert response.status_code == 404
    assert PractitionerPage.objects.get(pk=profile.pk).get_latest_revision() is None


def test_anonymous_visitor_is_sent_to_login(client, profile):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
