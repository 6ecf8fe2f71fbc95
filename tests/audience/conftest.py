import pytest
from django.core.cache import cache

from audience import buffer
from consent import demo as consent_demo

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"
)
PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
COLLECT = "/audience/collect/"


@pytest.fixture(autouse=True)
def _empty_buffer():
    """Hits other tests' browsers sent wait in this process's list: not ours to count."""
    buffer.hits().clear()
    yield
    buffer.hits().clear()


@pytest.fixture
def groups(db):
    """The demo cookie groups (mesure_audience lists psy_visit)."""
    consent_demo.ensure_groups()
    cache.clear()


def beacon(client, path="/fr/", *, ua=BROWSER_UA, **data):
    payload = {"p": path, **data}
    return client.post(COLLECT, payload, HTTP_USER_AGENT=ua)


def choose(client, choice, groups=()):
    return client.post("/cookies/choix/", {"choice": choice, "groups": list(groups), "next": "/fr/"})
