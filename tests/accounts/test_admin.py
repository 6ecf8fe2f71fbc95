import pytest
from django.urls import reverse

from accounts.factories import SuperUserFactory, UserFactory
from accounts.models import User


@pytest.fixture
def admin_client(client, db):
    admin = SuperUserFactory(email="admin@example.fr")
    client.force_login(admin)
    return client


def wagtail_user_form_data(**overrides):
    data = {
        "email": "Nouvelle.Editrice@Example.FR",
        "first_name": "Nina",
        "last_name": "Leroy",
        "gender": "female",
        "postal_code": "33000",
        "preferred_language": "fr",
        "role": "user",
        "password1": "Un-mot-de-passe-solide-42",
        "password2": "Un-mot-de-passe-solide-42",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_wagtail_admin_login_stays_at_admin_login(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert b"wagtail" in response.content.lower()


@pytest.mark.django_db
def test_wagtail_user_creation_form_shows_the_profile_fields(admin_client):
    response = admin_client.get(reverse("wagtailusers_users:add"))

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("email", "first_name", "last_name", "gender", "postal_code", "preferred_language", "role"):
        assert f'name="{name}"' in html
    assert 'name="username"' not in html


@pytest.mark.django_db
def test_an_admin_creates_a_user_through_the_wagtail_admin(admin_client):
    response = admin_client.post(reverse("wagtailusers_users:add"), wagtail_user_form_data())

    assert response.status_code == 302, response.context["form"].errors
    created = User.objects.get(email="nouvelle.editrice@example.fr")
    assert (created.first_name, created.gender, created.postal_code) == ("Nina", "female", "33000")
    assert created.check_password("Un-mot-de-passe-solide-42")


@pytest.mark.django_db
def test_wagtail_admin_refuses_a_duplicate_address_differing_only_in_case(admin_client):
    UserFactory(email="deja@example.fr")

    response = admin_client.post(
        reverse("wagtailusers_users:add"), wagtail_user_form_data(email="DEJA@example.fr")
    )

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.filter(email="deja@example.fr").count() == 1


@pytest.mark.django_db
def test_an_admin_edits_a_users_profile_fields_in_wagtail(admin_client):
    person = UserFactory()
    url = reverse("wagtailusers_users:edit", args=[person.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="postal_code"' in page.content.decode()

    response = admin_client.post(
        url,
        wagtail_user_form_data(
            email=person.email, password1="", password2="", postal_code="59000", is_active="on"
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert person.postal_code == "59000"


@pytest.mark.django_db
def test_wagtail_user_list_works_without_username(admin_client):
    UserFactory(email="liste@example.fr")

    response = admin_client.get(reverse("wagtailusers_users:index"))

    assert response.status_code == 200
    assert "liste@example.fr" in response.content.decode()


@pytest.mark.django_db
def test_django_admin_lists_adds_and_edits_users_by_email(admin_client):
    UserFactory(email="django.admin@example.fr")
    changelist = admin_client.get("/django-admin/accounts/user/?q=django.admin")
    assert changelist.status_code == 200
    assert "django.admin@example.fr" in changelist.content.decode()

    add = admin_client.post(
        "/django-admin/accounts/user/add/",
        {
            "email": "Ajout@Example.fr",
            "first_name": "Paul",
            "last_name": "Roux",
            "usable_password": "true",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
        },
    )
    assert add.status_code == 302
    created = User.objects.get(email="ajout@example.fr")

    change = admin_client.get(f"/django-admin/accounts/user/{created.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    assert 'name="postal_code"' in html
    assert 'name="username"' not in html
