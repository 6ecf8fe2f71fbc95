"""Every allauth page we use renders inside the site's layout, with our form rendering."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.factories import UserFactory


def assert_site_page(response, *, title_fragment=None):
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="main"' in html, "not rendered in the site's base.html"
    assert "account-page" in html, "not rendered through our allauth layout"
    assert "<h1>" in html
    if title_fragment:
        assert title_fragment in re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    return html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("account_login", "Connexion"),
        ("account_signup", "Création de compte"),
        ("account_reset_password", "Réinitialisation du mot de passe"),
        ("account_reset_password_done", "Réinitialisation du mot de passe"),
        ("account_email_verification_sent", None),
    ],
)
def test_anonymous_account_pages_use_the_site_layout(client, url_name, title):
    assert_site_page(client.get(reverse(url_name)), title_fragment=title)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_logout", "account_change_password", "account_email"])
def test_logged_in_account_pages_use_the_site_layout(logged_client, url_name):
    html = assert_site_page(logged_client.get(reverse(url_name)))
    assert 'class="btn btn--primary"' in html


@pytest.mark.django_db
def test_password_change_form_uses_the_shared_field_rendering(logged_client):
    html = logged_client.get(reverse("account_change_password")).content.decode()

    assert html.count("form-legend-required") == 1
    assert 'for="id_oldpassword"' in html


@pytest.mark.django_db
def test_set_password_page_for_an_account_without_password(client):
    person = UserFactory()
    person.set_unusable_password()
    person.save()
    client.force_login(person)

    assert_site_page(client.get(reverse("account_set_password")))


@pytest.mark.django_db
def test_email_management_lists_the_address_with_its_status(logged_client, user):
    html = assert_site_page(logged_client.get(reverse("account_email")))

    assert user.email in html
    assert "Vérifiée" in html


@pytest.mark.django_db
def test_an_invalid_confirmation_link_explains_what_to_do(client):
    html = assert_site_page(client.get("/fr/compte/confirm-email/cle-invalide/"))

    assert "Ce lien de confirmation a expiré ou n’est pas valide" in html


@pytest.mark.django_db
def test_password_reset_by_email_end_to_end(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.startswith("Bonjour,")
    link = re.search(r"https?://testserver(/fr/compte/password/reset/key/[^\s]+/)", body).group(1)

    form_page = client.get(link, follow=True)
    html = assert_site_page(form_page)
    assert 'name="password1"' in html
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        action, {"password1": "Nouveau-mot-de-passe-77", "password2": "Nouveau-mot-de-passe-77"}
    )
    assert done.status_code == 302
    assert_site_page(client.get(done["Location"]))
    user.refresh_from_db()
    assert user.check_password("Nouveau-mot-de-passe-77")


@pytest.mark.django_db
def test_a_used_reset_link_shows_the_bad_token_page(client):
    html = assert_site_page(client.get("/fr/compte/password/reset/key/1-mauvaise-cle/", follow=True))

    assert "Ce lien n’est plus valide" in html


@pytest.mark.django_db
def test_verified_email_required_page_renders(rf, user):
    from django.template.loader import render_to_string

    EmailAddress.objects.filter(user=user).update(verified=False)
    request = rf.get("/fr/")
    request.user = user
    html = render_to_string("account/verified_email_required.html", request=request)

    assert "confirmer votre adresse e-mail" in html
