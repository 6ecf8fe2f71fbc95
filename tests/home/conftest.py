import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail keeps the site root paths in the cache; pages differ from one test to the next.
    cache.clear()
    yield
    cache.clear()
