"""Project-wide fixtures: the shared test world, the Wagtail site tree, users, browsers, and the
PostgreSQL-only marker. How the world is built once and restored: tests/world.py."""

import os
import shutil

import pytest
from django.db import connection

from tests import world
from tests.world import WORLD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
NEEDS_POSTGRES = "needs PostgreSQL (set DATABASE_URL)"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    on_postgres = connection.vendor == "postgresql"
    chromium_missing = not shutil.which(CHROMIUM)
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: serialized_rollback is not needed (and would reload the migrated "
                "world over the current one): every transactional test gets the world restored "
                "after it (tests/world.py)."
            )
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason=NEEDS_POSTGRES))
        if "browser" in item.keywords and chromium_missing:
            item.add_marker(pytest.mark.skip(reason=f"needs Debian's Chromium at {CHROMIUM}"))
    # Stable sort: keeps pytest-django's order inside each group (see tests/world.py).
    items.sort(key=world.sort_key)


def pytest_terminal_summary(terminalreporter):
    # From the reports (not from collection): with pytest-xdist the workers collect, not us.
    skipped = [
        report.nodeid
        for report in terminalreporter.stats.get("skipped", [])
        if NEEDS_POSTGRES in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.section("skipped because they need PostgreSQL")
        for nodeid in skipped:
            terminalreporter.write_line(nodeid)
        terminalreporter.write_line("Run with DATABASE_URL=postgres://... to include them.")


# --- The shared world (tests/world.py) -----------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, then the capture of the migrated ("base") world, and every
    transactional test made to restore the world after itself instead of leaving it flushed."""
    from django.db import connections
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        WORLD.capture("base", list(connections))
    original = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = world.restore_after_transactional_test
    yield
    TransactionTestCase._fixture_teardown = original


@pytest.fixture
def _world(request, django_db_setup, django_db_blocker):
    """The world this test needs (base or demo) is in the database before its transaction starts."""
    from django.core.cache import cache
    from django.db import connections

    wanted = world.wanted_world(request.fixturenames)
    if WORLD.current == wanted:
        return
    aliases = list(connections)
    with django_db_blocker.unblock():
        if wanted == "demo" and "demo" not in WORLD.captures:
            _load_demo_content()
            WORLD.current = "demo"
            WORLD.capture("demo", aliases)
        else:
            WORLD.restore(wanted, aliases)
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language (French): a test that activates English
    and fails before deactivating it must not change the language of the next test on its worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def _django_db_helper(_world, _django_db_helper):
    """pytest-django's per-test transaction (or transactional set-up), once `_world` is in place:
    the arguments are set up in order, so the world is switched before the transaction begins."""
    return _django_db_helper


def _load_demo_content():
    import io

    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def demo_content(db):
    """Everything `manage.py load_demo_content` creates: loaded once per session (tests/world.py);
    each test's changes are rolled back (or, for transactional tests, the demo is restored)."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts from an empty cache: allauth's rate-limit counters, Wagtail's site root
    paths and the legal gate's current versions live there; the stored anonymous pages and the
    fragments (with this process's copy) too."""
    from django.core.cache import cache, caches

    from pagecache.fragments import local_tier

    def clear():
        cache.clear()
        caches["pages"].clear()
        local_tier.clear()

    clear()
    yield
    clear()


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


# --- Browser tests: Debian's Chromium driven by Playwright ----------------------------------------

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The video room: a fake camera and microphone, granted without asking.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


class _Chromium:
    """One Chromium for each run of consecutive browser tests (they are sorted together).

    Playwright's sync API keeps an event loop running in this thread, which makes Django refuse ORM
    calls from it unless DJANGO_ALLOW_ASYNC_UNSAFE is set: the flag lives exactly as long as the
    browser, and the browser stops before the next test that is not a browser test.
    """

    def __init__(self):
        self._playwright = None
        self.browser = None

    def get(self):
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            self._playwright = sync_playwright().start()
            self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self.browser

    def stop(self):
        if self.browser is not None:
            self.browser.close()
            self._playwright.stop()
            self.browser = self._playwright = None
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


_CHROMIUM = _Chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield  # the test's fixtures (its browser contexts among them) are torn down first
    if nextitem is None or "browser" not in nextitem.keywords:
        _CHROMIUM.stop()
    return result


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright; the contexts a test opens are closed after it."""
    chromium = _CHROMIUM.get()
    yield chromium
    for context in chromium.contexts:
        context.close()


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


# --- Signed-in browsers (sign-in itself is tested by accounts) -------------------------------------


def session_cookie(user) -> str:
    """The value of a fresh session cookie of `user`."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def signed_in_context(browser, base_url: str, user, *, locale: str = "fr-FR", **context_options):
    """A browser context on `base_url` carrying a session of `user`."""
    from django.conf import settings

    context = browser.new_context(base_url=base_url, locale=locale, **context_options)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie(user), "url": base_url}]
    )
    return context
