"""Project-wide fixtures: the Wagtail site tree, users, and the PostgreSQL-only marker."""

import os
import shutil

import pytest
from django.db import connection

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
_skipped_for_postgres: list[str] = []


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    on_postgres = connection.vendor == "postgresql"
    chromium_missing = not shutil.which(CHROMIUM)
    for item in items:
        # Every transactional test restores the migrated state (content types, the legal
        # documents created by a data migration) instead of letting a flush re-create content
        # types under new ids, which would break the next serialized restore.
        if _is_transactional(item):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)
        if "postgres" in item.keywords and not on_postgres:
            _skipped_for_postgres.append(item.nodeid)
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if "browser" in item.keywords and chromium_missing:
            item.add_marker(pytest.mark.skip(reason=f"needs Debian's Chromium at {CHROMIUM}"))


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_postgres:
        terminalreporter.section("skipped because they need PostgreSQL")
        for nodeid in _skipped_for_postgres:
            terminalreporter.write_line(nodeid)
        terminalreporter.write_line("Run with DATABASE_URL=postgres://... to include them.")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts from an empty cache: allauth's rate-limit counters, Wagtail's site root
    paths and the legal gate's current versions live there."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- Public site (home app): locales, the home page tree, the demo content -----------------------


@pytest.fixture
def locales(db):
    """The two content locales: {"fr": Locale, "en": Locale}."""
    from wagtail.models import Locale

    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("fr", "en")}


@pytest.fixture
def home_page(locales):
    """A published French HomePage, root of the default site, with a published English translation.

    The English home is `home_page.get_translation(locales["en"])` (or the `home_page_en` fixture).
    """
    from django.core.cache import cache
    from wagtail.models import Page, Site

    from home.models import HomePage

    root = Page.get_first_root_node()
    fr_home = HomePage(title="Accueil", slug="accueil", locale=locales["fr"])
    root.add_child(instance=fr_home)
    fr_home.save_revision().publish()
    en_home = HomePage(
        title="Home", slug="home-en", locale=locales["en"], translation_key=fr_home.translation_key
    )
    root.add_child(instance=en_home)
    en_home.save_revision().publish()

    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80)
    site.root_page = fr_home
    site.is_default_site = True
    site.save()
    cache.clear()  # Wagtail caches the site root paths
    return HomePage.objects.get(pk=fr_home.pk)


@pytest.fixture
def home_page_en(home_page, locales):
    return home_page.get_translation(locales["en"])


@pytest.fixture
def demo_content(db):
    """Everything `manage.py load_demo_content` creates (quietly)."""
    import io

    from django.core.cache import cache
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())
    cache.clear()


# --- Browser tests: Debian's Chromium driven by Playwright ----------------------------------------

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    """Debian's Chromium driven by Playwright, closed after the test (for several contexts)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test still uses the ORM.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page_factory(browser):
    """`new_page(locale="fr-FR", **context_options)`: a page in a fresh browser context, e.g.
    `new_page(locale="en-GB")` or `new_page(java_script_enabled=False)`. Console errors (CSP
    violations among them) are collected on `page.console_errors`."""

    def new_page(*, locale: str = "fr-FR", **context_options):
        page = browser.new_context(locale=locale, **context_options).new_page()
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        return page

    return new_page


@pytest.fixture
def browser_page(browser_page_factory):
    """A fresh page of a French visitor (`/` follows Accept-Language); see `browser_page_factory`."""
    return browser_page_factory()


def axe_violations(page) -> list[tuple[str, list]]:
    """Run axe-core (shipped inside axe-playwright-python) on the page; [] means none."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], [node["target"] for node in v["nodes"]]) for v in violations]
