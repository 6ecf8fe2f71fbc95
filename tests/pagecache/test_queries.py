"""Leaner pages on a miss and for signed-in people: the chrome (menu, publisher details, contact
link, legal links) comes from the cache; only the page's own content is read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

RENDER = {"HTTP_CACHE_CONTROL": "no-cache"}  # render again, as on a miss


def count(client, path) -> tuple[int, list[str]]:
    client.get(path, **RENDER)  # warm: the chrome's fragments, Wagtail's site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **RENDER)
    assert response.status_code == 200
    return len(queries), [q["sql"][:160] for q in queries]


@pytest.mark.parametrize(("path", "most"), [("/fr/", 6), ("/fr/annuaire/", 20)])
def test_anonymous_pages_rendered_on_a_miss(client, demo_content, path, most):
    n, sql = count(client, path)
    print(path, n, *sql, sep="\n")
    assert n <= most
