"""The demo editor publishes: a page edit goes live at once, and a practitioner's profile change
waiting in the moderation workflow is approved by them and goes live."""

import pytest
from django.urls import reverse
from wagtail.models import Task, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts.models import User
from home.demo import EDITOR_EMAIL
from home.models import ContentPage
from practitioners_directory import selectors, services
from practitioners_directory.demo import DEMO_PRACTITIONER_EMAIL
from practitioners_directory.models import PractitionerPage

FRENCH_NAME = "Validation par les modérateurs"


@pytest.fixture
def editor_client(client, demo_content):
    client.force_login(User.objects.get(email=EDITOR_EMAIL))
    return client


def test_the_default_moderation_workflow_has_a_french_name(db):
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert Task.objects.filter(name=FRENCH_NAME).exists()
    assert Workflow.objects.filter(name=FRENCH_NAME, active=True).exists()


def test_demo_editor_publishes_a_page_edit_directly(editor_client):
    page = ContentPage.objects.live().filter(locale__language_code="fr").first()
    form = {
        "title": page.title,
        "slug": page.slug,
        "intro": "Une introduction revue par l’équipe éditoriale.",
        "body": streamfield([]),
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    if page.show_in_menus:
        form["show_in_menus"] = "on"

    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), nested_form_data(form))

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.intro == "Une introduction revue par l’équipe éditoriale."
    assert not page.has_unpublished_changes
    assert not WorkflowState.objects.filter(object_id=str(page.pk), status="in_progress").exists()


def test_demo_editor_approves_a_practitioners_profile_change_which_goes_live(editor_client):
    practitioner = User.objects.get(email=DEMO_PRACTITIONER_EMAIL)
    profile = selectors.profile_for_user(practitioner)
    draft = profile.get_latest_revision_as_object()
    draft.short_bio = "Thérapies brèves, en ligne le soir et le samedi."
    services.submit_profile_changes(page=draft, user=practitioner)
    state = WorkflowState.objects.get(object_id=str(profile.pk), status="in_progress")
    assert PractitionerPage.objects.get(pk=profile.pk).short_bio != draft.short_bio

    # The editor sees the task, named in French, with its approval on the profile's edit page
    # and on their dashboard ("awaiting your review").
    edit_page = editor_client.get(reverse("wagtailadmin_pages:edit", args=[profile.pk])).content.decode()
    assert FRENCH_NAME in edit_page
    assert "Moderators approval" not in edit_page
    assert 'data-workflow-action-name="approve"' in edit_page
    task_state = state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[profile.pk, "approve", task_state.pk])
    assert (
        f'data-workflow-action-url="{approve}"'
        in editor_client.get(reverse("wagtailadmin_home")).content.decode()
    )

    response = editor_client.post(approve)

    assert response.status_code in (200, 302)
    live = PractitionerPage.objects.get(pk=profile.pk)
    assert live.short_bio == "Thérapies brèves, en ligne le soir et le samedi."
    assert not live.has_unpublished_changes
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
