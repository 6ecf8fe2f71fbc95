import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.factories import UserFactory
from contact.forms import started_token
from contact.models import ContactPage, ContactSubject
from home.models import LegalEntitySettings
from legal.factories import ensure_documents, ensure_locales, make_version
from legal.rendering import render_version
from legal.selectors import invalidate_legal_state

SUPPORT = "support@psyconsult.example"


@pytest.fixture
def privacy(db):
    """The privacy policy in force, version 1, in French and English."""
    ensure_locales()
    ensure_documents()
    past = timezone.now() - timedelta(days=30)
    fr = make_version("privacy_policy", 1, effective_at=past)
    en = make_version("privacy_policy", 1, language="en", translation_of=fr, effective_at=past)
    invalidate_legal_state()
    return {"fr": fr, "en": en}


@pytest.fixture
def subjects(db):
    return {
        "account": ContactSubject.objects.create(name="Mon compte", name_en="My account", sort_order=1),
        "payment": ContactSubject.objects.create(name="Un paiement", name_en="A payment", sort_order=2),
    }


@pytest.fixture
def contact_pages(home_page, home_page_en, privacy, subjects):
    """The contact page in both languages, and the support address in the legal-entity settings."""
    from wagtail.models import Site

    fr = ContactPage(title="Contact", slug="contact", intro="Écrivez-nous.")
    home_page.add_child(instance=fr)
    fr.save_revision().publish()
    en = ContactPage(
        title="Contact",
        slug="contact",
        intro="Write to us.",
        locale=home_page_en.locale,
        translation_key=fr.translation_key,
    )
    home_page_en.add_child(instance=en)
    en.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    LegalEntitySettings.objects.update_or_create(
        site=site,
        defaults={
            "company_name": "Psyconsult SAS",
            "registered_address": "Paris",
            "contact_email": SUPPORT,
            "dpo_email": "dpo@psyconsult.example",
        },
    )
    return {"fr": fr, "en": en}


def form_data(privacy_version, subject, **overrides) -> dict:
    """What a person's browser posts, ten seconds after the page was shown."""
    data = {
        "name": "Julie Marchand",
        "email": "julie@example.fr",
        "subject": str(subject.pk),
        "message": "Bonjour,\nje n'arrive pas à me connecter.",
        "accept_privacy_policy": "on",
        "privacy_version": str(privacy_version.pk),
        "privacy_sha256": render_version(privacy_version).sha256,
        "started": started_token(time.time() - 10),
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def message_reader(db):
    """An editor who may read the messages and set their status."""
    user = UserFactory(email="support@example.fr", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_contactmessage", "change_contactmessage"]
        )
    )
    return user
