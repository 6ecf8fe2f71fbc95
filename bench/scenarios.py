"""Benchmark scenarios. Later features append theirs to SCENARIOS.

A scenario is a path fetched under load. `baseline` is always measured in the same run so
figures are reported as a ratio, which is what stays comparable from one machine to another.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from bench import stripe_events


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    description: str = ""
    # Sign in as this demo user first, through the login form, and accept what the
    # re-acceptance page asks for through its forms (bench.browser): the gate is then passed.
    login_email: str | None = None
    login_password: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: bytes | None = None
    # Optional `manage.py` commands run before the server starts (e.g. extra demo data).
    setup: tuple[tuple[str, ...], ...] = ()
    # Optional: builds each request's body and extra headers (e.g. a freshly signed webhook).
    make_request: Callable[[], tuple[bytes, dict[str, str]]] | None = None
    # Optional: another scenario's name; its throughput is printed as a second ratio.
    compare_to: str | None = None


BASELINE = Scenario("baseline", "/healthz/", "trivial view: no database, no template")

EDITOR = "editeur@psyconsult.example"
DEMO_USER = "utilisateur@psyconsult.example"
DEMO_PASSWORD = "psyconsult-demo-2026"  # noqa: S105 - the published demo login (home/demo.py)
THOUSAND_PRACTITIONERS = (("load_demo_content", "--practitioners", "1000"),)
# A hard reload's header: the app's page cache renders the page again (pagecache.middleware).
UNCACHED = {"Cache-Control": "no-cache"}
PLAIN_PAGE = (("bench_plain_page",),)

SCENARIOS: list[Scenario] = [
    # Anonymous pages are served from the app's page cache (pagecache) after the first request;
    # the *_uncached scenarios render every request (a hard reload's Cache-Control: no-cache).
    Scenario("home_fr", "/fr/", "Wagtail home page (French), anonymous, app page cache"),
    Scenario(
        "home_fr_uncached",
        "/fr/",
        "home page, anonymous, rendered every time",
        headers=UNCACHED,
        setup=PLAIN_PAGE,
        compare_to="plain_page",
    ),
    # The floor a Wagtail page reaches here: a content page with a title only, base template.
    Scenario(
        "plain_page",
        "/fr/page-simple-bench/",
        "content page with only a title, rendered every time",
        headers=UNCACHED,
        setup=PLAIN_PAGE,
    ),
    Scenario("home_en", "/en/", "Wagtail home page (English), anonymous"),
    # Re-acceptance gate: the same pages signed in, every version accepted (steady state).
    # A person who uses the service (most signed-in traffic); an editor also gets Wagtail's
    # userbar ("Modifier cette page"), an admin component rendered on every page they view.
    Scenario(
        "home_fr_signed_in",
        "/fr/",
        "home page, signed in (a person using the service), gate passed",
        login_email=DEMO_USER,
        login_password=DEMO_PASSWORD,
    ),
    Scenario(
        "home_fr_signed_in_editor",
        "/fr/",
        "home page, signed in as an editor (Wagtail userbar), gate passed",
        login_email=EDITOR,
        login_password=DEMO_PASSWORD,
    ),
    Scenario("legal_index_anon", "/fr/informations-legales/", "legal documents index, anonymous"),
    Scenario(
        "legal_index_signed_in",
        "/fr/informations-legales/",
        "legal index, signed in, gate passed",
        login_email=EDITOR,
        login_password=DEMO_PASSWORD,
    ),
    # Practitioners directory with 1,000 generated profiles.
    Scenario(
        "directory_fr", "/fr/annuaire/", "directory, first page, app page cache", setup=THOUSAND_PRACTITIONERS
    ),
    Scenario(
        "directory_fr_uncached",
        "/fr/annuaire/",
        "directory, first page, rendered every time",
        headers=UNCACHED,
        setup=THOUSAND_PRACTITIONERS,
    ),
    Scenario(
        "directory_filtered",
        "/fr/annuaire/?approche=tcc&lieu=69&prix_max=80",
        "directory, methodology + département + price filters",
        setup=THOUSAND_PRACTITIONERS,
    ),
    Scenario(
        "directory_search",
        "/fr/annuaire/?q=lyon&approche=tcc",
        "directory, full-text search + filter",
        setup=THOUSAND_PRACTITIONERS,
    ),
    # The demo practitioner's profile with its week of free slots ({demo_profile} is resolved
    # from the database by bench/run.py).
    Scenario("profile_week", "{demo_profile}", "practitioner profile with a week of free slots"),
    # A first visit's "Tout refuser" through banner.js: a new consent id, a receipt, a row in
    # legal's acceptance ledger for the cookie policy, the signed cookie. Same-origin by header
    # (the endpoint's cross-site protection), so no CSRF token is needed.
    Scenario(
        "consent_refuse_all",
        "/cookies/choix/",
        "cookie banner decision (POST, JSON answer, receipt written)",
        method="POST",
        body=b"choice=refuse_all&next=%2Ffr%2F&source=banner",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Sec-Fetch-Site": "same-origin",
        },
    ),
    # Stripe's webhook (payments.webhooks): signed events per second. A new event each time
    # (signature, event row under its unique index, commit), and one event replayed (signature,
    # the duplicate found). Types stored without calling Stripe back: the bench never calls it.
    Scenario(
        "stripe_webhook_new_events",
        "/stripe/webhook/",
        "signed Stripe events, a new one per request (verified, stored once)",
        method="POST",
        make_request=stripe_events.new_event,
    ),
    Scenario(
        "stripe_webhook_replays",
        "/stripe/webhook/",
        "one signed Stripe event delivered again and again (verified, found duplicate)",
        method="POST",
        make_request=stripe_events.replayed_event,
    ),
]
