"""Full path in Chromium: an editor publishes a new version in Wagtail, a user is gated, accepts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.factories import SuperUserFactory, UserFactory
from legal import services
from legal.factories import ensure_documents, ensure_locales, make_version
from legal.models import Acceptance, PolicyVersion
from legal.rendering import render_version
from tests.conftest import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logged_in_context(browser, live_server, user):
    """A browser context carrying a session of `user` (login itself is tested by accounts)."""
    # A French browser: the admin and the site follow Accept-Language outside /fr/ and /en/.
    return signed_in_context(browser, live_server.url, user, locale="fr-FR")


def test_editor_publishes_a_new_version_and_the_user_is_gated_then_accepts(live_server, browser):
    ensure_locales()
    ensure_documents()
    v1 = make_version(
        "privacy_policy", 1, effective_at=timezone.now() - timedelta(days=90), requires_reacceptance=True
    )
    person = UserFactory(email="gated@example.fr")
    services.record_acceptance(version=v1, context="signup", user=person)
    editor = SuperUserFactory(email="editrice@example.fr")

    # The editor creates the next version in the Wagtail admin and publishes it.
    admin = _logged_in_context(browser, live_server, editor).new_page()
    admin.goto(f"/admin/snippets/legal/policyversion/next/{v1.pk}/")
    admin.get_by_role("button", name="Créer le brouillon").click()
    admin.wait_for_url("**/admin/snippets/legal/policyversion/edit/**")
    admin.fill("#id_summary_of_changes", "Nous précisons la durée de conservation.")
    admin.check("#id_requires_reacceptance")
    effective = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    admin.fill("#id_effective_at", effective)
    admin.locator("footer .w-dropdown-button .w-dropdown__toggle").first.click()
    admin.locator('button[name="action-publish"]').click()
    admin.wait_for_url("**/admin/snippets/legal/policyversion/**")
    v2 = PolicyVersion.objects.get(document=v1.document, number=2)
    assert v2.live
    assert v2.requires_reacceptance

    # The signed-in user's next page leads to the re-acceptance page, then back after accepting.
    page = _logged_in_context(browser, live_server, person).new_page()
    page.goto("/fr/mon-compte/")
    assert "/fr/informations-legales/mise-a-jour/" in page.url
    assert page.get_by_text("Nous précisons la durée de conservation.").is_visible()
    page.get_by_role("button", name="J’accepte la version 2").click()
    page.wait_for_url("**/fr/mon-compte/")

    row = Acceptance.objects.get(user=person, version_number=2)
    assert row.context == "reacceptance"
    assert row.text_sha256 == render_version(v2).sha256

    # The old version stays reachable at its permanent URL.
    response = page.goto("/fr/informations-legales/politique-de-confidentialite/v1/")
    assert response.status == 200
