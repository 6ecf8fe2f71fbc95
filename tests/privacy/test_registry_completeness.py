"""Every model that points to the user, or holds a person's e-mail address, is claimed by a
privacy handler: a new app that forgets its `privacy.py` fails here, not in front of the DPO."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from privacy import registry

# Models that hold an e-mail address that is not a person's (the legal entity's own addresses).
NOT_PERSONAL_EMAILS = {"home.LegalEntitySettings"}


def _claimed() -> dict[str, str]:
    claimed = {}
    for handler in registry.handlers():
        for label in handler.models:
            assert label not in claimed, f"{label} is claimed by {claimed[label]} and {handler.key}"
            claimed[label] = handler.key
    return claimed


def _models_pointing_to_the_user() -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = {user_model._meta.label}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            # Declared on this model (a page subclass inherits Page's owner: Page answers for it).
            if (
                field.is_relation
                and field.concrete
                and field.related_model is user_model
                and field.model is model
            ):
                found.add(model._meta.label)
    return found


def _models_holding_emails() -> set[str]:
    return {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.EmailField) and field.model is model
    } - NOT_PERSONAL_EMAILS


def test_every_model_pointing_to_the_user_is_claimed_by_a_handler():
    missing = sorted(_models_pointing_to_the_user() - set(_claimed()))
    assert missing == [], f"no privacy handler claims: {missing}"


def test_every_model_holding_an_email_address_is_claimed_by_a_handler():
    missing = sorted(_models_holding_emails() - set(_claimed()))
    assert missing == [], f"no privacy handler claims: {missing}"


def test_claimed_models_exist():
    for label in _claimed():
        apps.get_model(label)  # LookupError for a typo


@pytest.mark.parametrize(
    "key",
    [
        "account",
        "appointments",
        "payments",
        "acceptances",
        "cookie_receipts",
        "newsletter",
        "contact_messages",
        "notifications",
        "applications",
        "access_log",
        "data_exports",
    ],
)
def test_sections_are_registered(key):
    assert key in {handler.key for handler in registry.handlers()}


def test_the_account_is_erased_last():
    assert registry.handlers()[-1].key == "account"
