import pytest


@pytest.fixture
def home_page(home_page):
    """Wagtail creates a site's settings row on the first page view; that save (a settings
    change) makes the page rendered meanwhile stale. In production the rows exist."""
    from wagtail.models import Site

    from home.models import LegalEntitySettings

    for site in Site.objects.all():
        LegalEntitySettings.for_site(site)
    return home_page
