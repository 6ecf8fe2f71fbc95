"""A 404 of the admin stays a 404; a public path without its language prefix still gets one."""

from accounts.factories import SuperUserFactory


def test_an_admin_404_is_not_redirected_to_the_public_site(client, db):
    client.force_login(SuperUserFactory())

    response = client.get("/admin/pages/999999/edit/")

    assert response.status_code == 404
    assert response["Content-Language"] == "fr"


def test_a_public_path_without_its_language_prefix_is_still_redirected(client, db):
    response = client.get("/informations-legales/")

    assert response.status_code == 302
    assert response["Location"] == "/fr/informations-legales/"
