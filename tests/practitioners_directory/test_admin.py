"""Editors work in the Wagtail admin: profiles (price typed in euros), taxonomy snippets."""

from django.urls import reverse

from accounts.factories import UserFactory

from .factories import make_practitioner, methodology


def test_editor_sees_the_price_in_euros_in_the_page_editor(client, directory):
    page = make_practitioner(directory, price_cents=6250)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    assert 'name="price_cents"' in response.content.decode()
    assert 'value="62.50"' in response.content.decode()


def test_taxonomy_snippets_are_listed_for_editors(client, db):
    methodology("EMDR", "emdr")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("wagtailsnippets_practitioners_directory_methodology:list"))

    assert response.status_code == 200
    assert "EMDR" in response.content.decode()


def test_price_typed_in_euros_is_stored_in_cents():
    from practitioners_directory.fields import EuroAmountFormField

    field = EuroAmountFormField()

    assert field.clean("62,50") == 6250
    assert field.clean("60") == 6000
    assert field.prepare_value(6250) == field.to_python("62.50")
