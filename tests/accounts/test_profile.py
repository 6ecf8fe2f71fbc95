import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.factories import UserFactory
from accounts.services import update_profile
from accounts.validators import PROFILE_PHOTO_MAX_BYTES

from .conftest import make_image_bytes

PROFILE_URL = "/fr/mon-compte/"


def profile_data(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Bernard",
        "gender": "other",
        "postal_code": "13001",
        "preferred_language": "fr",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_profile_requires_login(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_profile_shows_the_persons_data_and_account_links(logged_client, user):
    response = logged_client.get(PROFILE_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for value in (user.email, user.first_name, user.last_name, "Femme", "75011"):
        assert value in html
    assert reverse("account_change_password") in html
    assert reverse("account_email") in html
    assert f'action="{reverse("account_logout")}"' in html
    assert html.count("form-legend-required") == 1


@pytest.mark.django_db
def test_updating_the_profile_saves_the_fields(logged_client, user):
    response = logged_client.post(PROFILE_URL, profile_data())

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.last_name, user.gender, user.postal_code) == ("Bernard", "other", "13001")


@pytest.mark.django_db
def test_an_invalid_postal_code_is_refused_and_nothing_is_saved(logged_client, user):
    response = logged_client.post(PROFILE_URL, profile_data(postal_code="99999", last_name="Autre"))

    assert response.status_code == 200
    assert "Saisissez un code postal français" in response.content.decode()
    user.refresh_from_db()
    assert (user.last_name, user.postal_code) == ("Martin", "75011")
    # The "my data" block still shows what is saved, not the rejected input.
    assert response.context["profile_user"].last_name == "Martin"


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["first_name", "last_name", "gender", "postal_code"])
def test_profile_mandatory_fields_cannot_be_emptied(logged_client, user, field):
    response = logged_client.post(PROFILE_URL, profile_data(**{field: ""}))

    assert response.status_code == 200
    assert field in response.context["form"].errors


@pytest.mark.django_db
def test_choosing_english_switches_the_site_to_english(logged_client, user):
    response = logged_client.post(PROFILE_URL, profile_data(preferred_language="en"))

    assert response.status_code == 302
    assert response["Location"] == "/en/mon-compte/"
    assert response.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert user.preferred_language == "en"
    page = logged_client.get(response["Location"])
    assert '<html lang="en"' in page.content.decode()


@pytest.mark.django_db
def test_a_photo_is_stored_privately_and_served_to_its_owner(logged_client, user):
    upload = SimpleUploadedFile("moi.png", make_image_bytes("PNG"), content_type="image/png")

    response = logged_client.post(PROFILE_URL, {**profile_data(), "photo": upload})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.photo.name.startswith("profile-photos/")
    assert "moi" not in user.photo.name  # the original file name is not kept
    served = logged_client.get(reverse("accounts:photo", kwargs={"pk": user.pk}))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "private" in served["Cache-Control"]
    assert Image.open(io.BytesIO(served.content)).format == "PNG"


@pytest.mark.django_db
def test_the_content_type_comes_from_the_content_not_the_name(user):
    # A real JPEG uploaded under a ".png" name is stored and served as JPEG.
    upload = SimpleUploadedFile("photo.png", make_image_bytes("JPEG"), content_type="image/png")
    update_profile(user=user, data={}, photo=upload)
    assert user.photo.name.endswith(".jpg")


@pytest.mark.django_db
def test_a_photo_is_served_as_its_detected_type(client, user):
    update_profile(
        user=user,
        data={},
        photo=SimpleUploadedFile("a.webp", make_image_bytes("WEBP"), content_type="image/webp"),
    )
    client.force_login(user)

    served = client.get(reverse("accounts:photo", kwargs={"pk": user.pk}))

    assert served["Content-Type"] == "image/webp"


@pytest.mark.django_db
def test_the_photo_is_refused_to_another_user(client, user):
    update_profile(
        user=user, data={}, photo=SimpleUploadedFile("a.png", make_image_bytes(), content_type="image/png")
    )
    intruder = UserFactory()
    update_profile(
        user=intruder,
        data={},
        photo=SimpleUploadedFile("b.png", make_image_bytes(), content_type="image/png"),
    )
    client.force_login(intruder)

    response = client.get(reverse("accounts:photo", kwargs={"pk": user.pk}))

    assert response.status_code == 404
    assert client.get(reverse("accounts:photo", kwargs={"pk": intruder.pk})).status_code == 200


@pytest.mark.django_db
def test_the_photo_is_refused_to_anonymous_visitors(client, user):
    update_profile(
        user=user, data={}, photo=SimpleUploadedFile("a.png", make_image_bytes(), content_type="image/png")
    )

    response = client.get(reverse("accounts:photo", kwargs={"pk": user.pk}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_no_photo_means_404(logged_client, user):
    response = logged_client.get(reverse("accounts:photo", kwargs={"pk": user.pk}))

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_renamed_jpg_is_refused(logged_client, user):
    fake = SimpleUploadedFile("vacances.jpg", b"%PDF-1.4 not an image at all", content_type="image/jpeg")

    response = logged_client.post(PROFILE_URL, {**profile_data(), "photo": fake})

    assert response.status_code == 200
    assert "Ce fichier n’est pas une image lisible" in response.content.decode()
    user.refresh_from_db()
    assert not user.photo


@pytest.mark.django_db
def test_an_image_in_another_format_is_refused(logged_client, user):
    gif = SimpleUploadedFile("anim.jpg", make_image_bytes("GIF"), content_type="image/jpeg")

    response = logged_client.post(PROFILE_URL, {**profile_data(), "photo": gif})

    assert response.status_code == 200
    assert "Le format GIF n’est pas accepté" in response.content.decode()


@pytest.mark.django_db
def test_a_photo_over_5_mb_is_refused(logged_client, user):
    big = SimpleUploadedFile(
        "grande.png", make_image_bytes() + b"\0" * PROFILE_PHOTO_MAX_BYTES, content_type="image/png"
    )

    response = logged_client.post(PROFILE_URL, {**profile_data(), "photo": big})

    assert response.status_code == 200
    assert "la taille maximale est de 5 Mo" in response.content.decode()
    user.refresh_from_db()
    assert not user.photo


@pytest.mark.django_db
def test_the_service_refuses_a_non_image_even_without_the_form(user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        update_profile(user=user, data={}, photo=SimpleUploadedFile("x.jpg", b"not an image"))
    user.refresh_from_db()
    assert not user.photo


@pytest.mark.django_db(transaction=True)
def test_replacing_or_removing_a_photo_deletes_the_old_file(user):
    update_profile(user=user, data={}, photo=SimpleUploadedFile("a.png", make_image_bytes()))
    first = user.photo.name
    storage = user.photo.storage
    update_profile(user=user, data={}, photo=SimpleUploadedFile("b.png", make_image_bytes()))
    second = user.photo.name

    assert first != second
    assert not storage.exists(first)
    assert storage.exists(second)

    update_profile(user=user, data={"remove_photo": True})
    user.refresh_from_db()
    assert not user.photo
    assert not storage.exists(second)


@pytest.mark.django_db
def test_the_stored_photo_has_no_exif_metadata(user):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Appareil secret"  # camera maker
    Image.new("RGB", (20, 20)).save(buffer, format="JPEG", exif=exif.tobytes())
    update_profile(user=user, data={}, photo=SimpleUploadedFile("e.jpg", buffer.getvalue()))

    with user.photo.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert not stored.getexif()
