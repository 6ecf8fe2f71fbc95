"""robots.txt: the public site is open to crawlers, the admin and private areas are not."""

from urllib.robotparser import RobotFileParser

import pytest

pytestmark = pytest.mark.django_db


def parse(body: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(body.splitlines())
    return parser


def test_robots_txt_allows_the_public_site_and_disallows_admin_and_private_areas(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    robots = parse(response.content.decode())
    for public in ("/", "/fr/", "/en/", "/fr/candidature/", "/fr/informations-legales/", "/sitemap.xml"):
        assert robots.can_fetch("*", public), public
    for private in (
        "/admin/",
        "/admin/pages/",
        "/django-admin/",
        "/fr/compte/login/",
        "/en/compte/signup/",
        "/fr/mon-compte/",
        "/en/mon-compte/",
        "/cookies/code.js",
        "/fr/cookies/",
        "/en/cookies/",
    ):
        assert not robots.can_fetch("*", private), private


def test_robots_txt_points_to_the_absolute_sitemap_of_the_host_asked(client):
    response = client.get("/robots.txt", HTTP_HOST="www.psyconsult.example")

    assert "Sitemap: http://www.psyconsult.example/sitemap.xml" in response.content.decode().splitlines()


def test_robots_txt_is_cacheable_and_sets_no_cookie(client):
    response = client.get("/robots.txt")

    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=" in cache_control
    assert not response.cookies
