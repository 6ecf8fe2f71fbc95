"""A group's code reaches the browser only when that group is accepted; pages never carry it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.consent.helpers import choose

AUDIENCE = b"psyconsultAudience"
CHAT = b"psyconsultChat"


def code(client, query=""):
    response = client.get("/cookies/code.js" + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-store" in response["Cache-Control"]
    return response.content


def test_no_code_before_any_choice(client, site_ready):
    body = code(client)

    assert AUDIENCE not in body
    assert CHAT not in body


def test_refusing_everything_serves_no_code(client, site_ready):
    choose(client, "refuse_all")

    body = code(client)
    assert AUDIENCE not in body
    assert CHAT not in body


def test_only_the_accepted_groups_code_is_served(client, site_ready):
    choose(client, "custom", ["mesure_audience"])

    body = code(client)
    assert AUDIENCE in body
    assert CHAT not in body


def test_banner_js_can_ask_for_the_groups_it_has_not_loaded_yet(client, site_ready):
    choose(client, "accept_all")

    assert code(client, "?g=chat_assistance").count(b"psyconsult") == 1
    assert CHAT in code(client, "?g=chat_assistance")
    assert code(client, "?g=inconnu") == "/* aucun code autorisé */\n".encode()


def test_withdrawal_stops_the_code(client, site_ready):
    choose(client, "accept_all")
    assert CHAT in code(client)

    choose(client, "custom", ["mesure_audience"])

    assert CHAT not in code(client)
    assert AUDIENCE in code(client)


def test_pages_never_contain_the_gated_code(client, site_ready):
    choose(client, "accept_all")

    for path in ("/fr/", "/fr/cookies/", "/cookies/"):
        html = client.get(path).content
        assert AUDIENCE not in html
        assert CHAT not in html


def test_banner_costs_no_query_in_the_steady_state(client, site_ready):
    from django.template import engines

    template = engines["django"].from_string("{% include 'includes/cookie_banner.html' %}")
    request = client.get("/fr/").wsgi_request  # warms the caches
    with CaptureQueriesContext(connection) as queries:
        html = template.render({"request": request})

    assert 'id="cc"' in html
    assert len(queries.captured_queries) == 0
