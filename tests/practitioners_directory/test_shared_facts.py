"""A practitioner's language-independent facts exist once: publishing a translation shares them."""

import pytest

from practitioners_directory.models import Practitioner, PractitionerPage

from .factories import make_practitioner

pytestmark = pytest.mark.django_db


def test_publishing_the_english_price_changes_the_french_page_and_the_practitioner(directory, locales):
    french = make_practitioner(directory, price_cents=8500)
    english = french.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    assert english.practitioner_id == french.practitioner_id

    english.price_cents = 9000
    english.consultation_minutes = 45
    english.save_revision().publish()

    french.refresh_from_db()
    practitioner = Practitioner.objects.get(pk=french.practitioner_id)
    assert (french.price_cents, french.consultation_minutes) == (9000, 45)
    assert (practitioner.price_cents, practitioner.consultation_minutes) == (9000, 45)
    assert Practitioner.objects.count() == 1


def test_each_profile_has_its_own_practitioner(directory):
    first = make_practitioner(directory)
    second = make_practitioner(directory)
    assert first.practitioner_id != second.practitioner_id
    assert PractitionerPage.objects.filter(practitioner__isnull=True).count() == 0


def test_an_account_belongs_to_one_practitioner_only(directory, django_user_model):
    account = django_user_model.objects.create_user("psy@example.fr", "x", role="practitioner")
    first = make_practitioner(directory, user=account)
    second = make_practitioner(directory, user=account)
    assert Practitioner.objects.get(pk=first.practitioner_id).user == account
    assert Practitioner.objects.get(pk=second.practitioner_id).user is None
