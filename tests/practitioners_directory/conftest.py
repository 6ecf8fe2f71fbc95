import pytest
from django.contrib.auth.models import Permission
from wagtail.models import Locale, Site

from accounts.factories import UserFactory
from practitioners_directory.models import DirectoryPage


@pytest.fixture
def site_root(db):
    Locale.objects.get_or_create(language_code="en")
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def directory(site_root):
    page = DirectoryPage(title="Trouver un psychologue", slug="annuaire")
    site_root.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def directory_url(directory):
    return directory.get_url()


@pytest.fixture
def reviewer(db):
    user = UserFactory(email="relectrice@example.fr", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="review_application"),
    )
    return user


@pytest.fixture
def editor_without_review(db):
    user = UserFactory(email="redacteur@example.fr", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
