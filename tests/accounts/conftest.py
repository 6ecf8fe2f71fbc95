import io

import pytest
from PIL import Image

from accounts.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def user(db):
    return UserFactory(email="camille.martin@example.fr", first_name="Camille", last_name="Martin")


@pytest.fixture
def other_user(db):
    return UserFactory(email="autre.personne@example.fr")


@pytest.fixture
def logged_client(client, user):
    client.force_login(user)
    return client


def make_image_bytes(image_format: str = "PNG", size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color=(200, 80, 40)).save(buffer, format=image_format)
    return buffer.getvalue()
