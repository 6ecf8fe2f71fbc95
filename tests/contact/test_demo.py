"""The demo's contact page, subjects and messages; the contact page of earlier demos gives way."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page

from contact.models import ContactMessage, ContactPage, ContactSubject
from home.demo import demo_translation_key
from home.demo_support import EDITORS_GROUP
from home.models import ContentPage, HomePage
from legal.models import Acceptance

pytestmark = pytest.mark.django_db
PRICING = {"fr": "tarifs-et-remboursement", "en": "fees-and-reimbursement"}


def load() -> None:
    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())


def cta_pages(language) -> list[int]:
    page = ContentPage.objects.get(slug=PRICING[language])
    return [block.value["link"]["page"].pk for block in page.body if block.block_type == "cta"]


def test_the_demo_has_a_contact_page_with_its_form_in_both_languages(client, demo_content):
    for language in ("fr", "en"):
        page = ContactPage.objects.get(locale__language_code=language)
        assert page.live
        assert page.url == f"/{language}/contact/"
        html = client.get(page.url).content.decode()
        assert 'name="accept_privacy_policy"' in html
        # The fees page's "contact us" leads to it.
        assert cta_pages(language) == [page.pk]
    assert ContactSubject.objects.filter(name="Mon compte", name_en="My account").exists()


def test_the_demo_messages_are_in_the_admin_with_their_acceptance(client, demo_content):
    messages = ContactMessage.objects.order_by("created_at")

    assert {m.language for m in messages} == {"fr", "en"}
    for message in messages:
        assert message.acceptance.context == Acceptance.Context.CONTACT_FORM
        assert message.acceptance.consent_id == message.consent_id
        assert message.acceptance.language == message.language
    editors = Group.objects.get(name=EDITORS_GROUP)
    assert editors.permissions.filter(codename="change_contactmessage").exists()


def earlier_demo_state() -> dict[str, int]:
    """The site as earlier demos left it: "Contact" a plain content page, linked from the fees
    page (built on the session's demo world)."""
    ContactPage.objects.all().delete()
    earlier = {}
    for language in ("fr", "en"):
        home = HomePage.objects.get(locale__language_code=language)
        page = ContentPage(
            title="Contact",
            slug="contact",
            intro="Écrivez-nous.",
            show_in_menus=True,
            translation_key=demo_translation_key("contact"),
            locale=home.locale,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        pricing = ContentPage.objects.get(slug=PRICING[language])
        raw = list(pricing.body.raw_data)
        for block in raw:
            if block["type"] == "cta":
                block["value"]["link"]["page"] = page.pk
        pricing.body = json.dumps(raw)
        pricing.save_revision().publish()
        earlier[language] = page.pk
    return earlier


def test_the_plain_contact_page_of_earlier_demos_gives_way_to_the_form_at_the_same_address(
    client, demo_content
):
    earlier = earlier_demo_state()

    load()

    assert not Page.objects.filter(pk__in=earlier.values()).exists()
    for language in ("fr", "en"):
        page = ContactPage.objects.get(locale__language_code=language)
        assert page.url == f"/{language}/contact/"
        assert cta_pages(language) == [page.pk]
        assert client.get(f"/{language}/contact/").status_code == 200
    pages = list(Page.objects.order_by("path").values_list("path", "slug"))

    load()

    assert list(Page.objects.order_by("path").values_list("path", "slug")) == pages
