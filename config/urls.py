from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from newsletter import views as newsletter_views
from payments import views as payments_views
from practitioners_directory.sitemaps import AllLanguagesSitemap

# Paths outside the language prefix: admin, health and technical endpoints.
urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # django-cookie-consent's engine (accept, decline, status) and the banner's endpoints.
    path("cookies/", include("consent.engine_urls")),
    # The support chat's cookie (after consent); the conversation itself goes over /ws/support/.
    path("support/", include("support.urls")),
    # First-party audience measurement: the beacon's endpoint and the pixel (audience.views).
    path("audience/", include("audience.urls")),
    path("healthz/", home_views.healthz, name="healthz"),
    # Stripe's signed events: no language, no session, no CSRF token (payments.webhooks).
    path("stripe/webhook/", payments_views.webhook, name="stripe_webhook"),
    # The newsletter's one-click unsubscribe (RFC 8058): a signed link per recipient, no language
    # prefix (the page speaks the person's language), no CSRF token, exempt from the legal gate.
    path(
        "lettre-d-information/desinscription/<str:token>/",
        newsletter_views.unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything a visitor reads lives under /fr/ or /en/ (French is the default).
urlpatterns += i18n_patterns(
    path("compte/", include("allauth.urls")),
    path("mon-compte/notifications/", include("notifications.urls")),
    # The privacy centre ("Mes données"): exempt from the legal gate (settings.PRIVACY_CENTRE_PATH).
    path(settings.PRIVACY_CENTRE_PATH, include("privacy.urls")),
    path("", include("newsletter.urls")),
    # Before "mon-compte/": the privacy centre's pages (exempt from the legal gate).
    # Proofs of consent (ledger rows, cookie receipts) of the signed-in person.
    path("mon-compte/mes-donnees/preuves/", include("consent.urls_proofs")),
    path("mon-compte/mes-donnees/demandes/", include("privacy_requests.urls")),
    path("mon-compte/mes-donnees/droits/", include("privacy_rights.urls")),
    path("mon-compte/", include("accounts.urls")),
    path("informations-legales/", include("legal.urls")),
    path("cookies/", include("consent.urls")),
    path("rendez-vous/", include("booking.urls")),
    path("consultation/", include("consultations.urls")),
    path("paiements/", include("payments.urls")),
    path("", include("practitioners_directory.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
