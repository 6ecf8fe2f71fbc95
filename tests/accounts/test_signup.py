import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User

SIGNUP_URL = "/fr/compte/signup/"


def signup_data(**overrides):
    data = {
        "email": "alice.durand@example.fr",
        "password1": "Un-mot-de-passe-solide-42",
        "password2": "Un-mot-de-passe-solide-42",
        "first_name": "Alice",
        "last_name": "Durand",
        "gender": "female",
        "postal_code": "69003",
        "is_adult": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_signup_page_lists_fields_in_the_agreed_order(client):
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    names = list(response.context["form"].fields)
    assert names == [
        "email",
        "password1",
        "password2",
        "first_name",
        "last_name",
        "gender",
        "postal_code",
        "is_adult",
        "newsletter",  # optional, unticked (newsletter app)
    ]


@pytest.mark.django_db
def test_signup_page_uses_the_site_layout_and_explains_the_asterisk_once(client):
    html = client.get(SIGNUP_URL).content.decode()
    assert '<html lang="fr"' in html
    assert 'id="main"' in html  # the site's base.html, not allauth's bare layout
    assert html.count("form-legend-required") == 1
    assert "Les champs marqués d’un astérisque (*) sont obligatoires." in html
    # Each mandatory field carries the asterisk; the attestation checkbox comes after its box.
    assert html.count('<span class="required" aria-hidden="true">*</span>') == 8
    checkbox = html.index('name="is_adult"')
    assert html.index('for="id_is_adult"') > checkbox
    assert 'class="btn btn--primary"' in html


@pytest.mark.django_db
def test_an_adult_signs_up_confirms_the_email_and_is_logged_in(client):
    response = client.post(SIGNUP_URL, signup_data(email="Alice.Durand@Example.FR"))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "alice.durand@example.fr"  # stored lower-case
    assert (user.first_name, user.last_name, user.gender, user.postal_code) == (
        "Alice",
        "Durand",
        "female",
        "69003",
    )
    assert user.preferred_language == "fr"
    assert not EmailAddress.objects.get(user=user).verified

    # The verification page tells the person to check their inbox.
    page = client.get(response["Location"]).content.decode()
    assert "boîte de réception" in page

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice.durand@example.fr"]
    assert message.subject == "[Psyconsult] Confirmez votre adresse e-mail"
    assert "Pour confirmer qu’elle est bien la vôtre" in message.body
    link = re.search(r"https?://testserver(/fr/compte/confirm-email/[^\s]+/)", message.body)
    assert link, message.body

    confirm_page = client.get(link.group(1))
    assert confirm_page.status_code == 200
    assert "alice.durand@example.fr" in confirm_page.content.decode()
    confirmed = client.post(link.group(1))

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("accounts:profile")
    assert EmailAddress.objects.get(user=user).verified
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert profile.context["user"] == user


@pytest.mark.django_db
def test_an_unverified_account_cannot_log_in_before_confirming(client):
    client.post(SIGNUP_URL, signup_data())
    client.logout()
    mail.outbox.clear()

    response = client.post(
        "/fr/compte/login/",
        {"login": "alice.durand@example.fr", "password": "Un-mot-de-passe-solide-42"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    # Within allauth's cooldown the confirmation is not sent again (no mail flooding).
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_a_minor_without_the_attestation_is_refused_with_a_clear_message(client):
    response = client.post(SIGNUP_URL, signup_data(is_adult=None))

    assert response.status_code == 200
    assert not User.objects.exists()
    html = response.content.decode()
    assert "Ce service est réservé aux personnes majeures" in html
    assert 'class="alert alert--error" role="alert"' in html
    assert len(mail.outbox) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["email", "password1", "password2", "first_name", "last_name", "gender", "postal_code"]
)
def test_each_missing_mandatory_field_gets_its_own_error(client, field):
    response = client.post(SIGNUP_URL, signup_data(**{field: ""}))

    assert response.status_code == 200
    assert not User.objects.exists()
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    # The error is tied to its input for assistive technologies.
    assert f'id="id_{field}_error"' in html
    input_tag = re.search(rf'<(?:input|select)[^>]*name="{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in input_tag
    assert f"id_{field}_error" in input_tag


@pytest.mark.django_db
def test_an_invalid_postal_code_is_refused_with_its_message(client):
    response = client.post(SIGNUP_URL, signup_data(postal_code="00123"))

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "Saisissez un code postal français à 5 chiffres" in response.content.decode()


@pytest.mark.django_db
def test_an_invalid_gender_choice_is_refused(client):
    response = client.post(SIGNUP_URL, signup_data(gender="robot"))

    assert response.status_code == 200
    assert "gender" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signing_up_with_an_existing_address_creates_no_second_account(client, user):
    response = client.post(SIGNUP_URL, signup_data(email=user.email.upper()))

    # Enumeration is prevented: same answer as a new signup, but no account is created.
    assert response.status_code == 302
    assert User.objects.filter(email=user.email).count() == 1
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_signup_in_english_keeps_allauth_strings_in_english(client):
    response = client.get("/en/compte/signup/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Sign Up" in html
    french = client.get(SIGNUP_URL).content.decode()
    assert "Création de compte" in french
    assert "Sign Up" not in french
