"""Production: every secret and host from the environment; refuses to start without SECRET_KEY, a
shared cache (REDIS_URL), the keys of the encrypted fields (FIELD_ENCRYPTION_KEYS) or Stripe's
secret key and webhook signing secret (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    FIELD_ENCRYPTION_KEYS,
    SECRET_KEY,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    env_bool,
    use_connection_pool,
)

# A pool of 10 connections per process unless told otherwise (DB_POOL_MAX_SIZE=0: Django's
# per-request connections, DB_CONN_MAX_AGE). See base.use_connection_pool.
if "DB_POOL_MAX_SIZE" not in os.environ:
    use_connection_pool(DATABASES["default"], 10)

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start without it: "
        "export SECRET_KEY with a long random value (for example from "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )

if not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured(
        "REDIS_URL is not set. Production refuses to start without a cache shared by every process: "
        "with one cache per process, failed logins and form submissions are counted per process (the "
        "rate limits multiply by the number of workers) and a new legal version reaches some "
        "processes up to an hour late. Export REDIS_URL, for example redis://127.0.0.1:6379/0."
    )

if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS is not set. Production refuses to start without the keys of the encrypted "
        "fields (reasons for consulting and other sensitive texts): export FIELD_ENCRYPTION_KEYS with "
        "one or more Fernet keys, newest first, comma-separated; generate one with `python -c 'from "
        "cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`, "
        "keep it in the secrets store (not beside the database backups) and back it up: "
        "a lost key is lost data."
    )


def _is_dev_only_key(key: str) -> bool:
    import base64
    import binascii

    try:
        return base64.urlsafe_b64decode(key).startswith(b"dev-only")
    except (ValueError, binascii.Error):
        return False


if any(_is_dev_only_key(key) for key in FIELD_ENCRYPTION_KEYS):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS contains a dev-only key (published in the repository): generate a real one."
    )

if not STRIPE_SECRET_KEY or not STRIPE_WEBHOOK_SECRET:
    missing = " and ".join(
        name
        for name, value in (
            ("STRIPE_SECRET_KEY", STRIPE_SECRET_KEY),
            ("STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK_SECRET),
        )
        if not value
    )
    raise ImproperlyConfigured(
        f"{missing} not set. Production refuses to start without Stripe: consultations are paid "
        "through Stripe Checkout and the appointments are confirmed by its signed webhooks. Export "
        "STRIPE_SECRET_KEY (sk_live_... or rk_live_..., from the Stripe dashboard, Developers > API "
        "keys) and STRIPE_WEBHOOK_SECRET (whsec_..., the signing secret of the endpoint "
        "https://<site>/stripe/webhook/); STRIPE_CONNECT_WEBHOOK_SECRET too if the Connect endpoint "
        "(practitioners' account updates) has its own."
    )

if STRIPE_SECRET_KEY == "sk_test_standin" or STRIPE_WEBHOOK_SECRET == "whsec_standin":  # noqa: S105
    raise ImproperlyConfigured(
        "STRIPE_SECRET_KEY or STRIPE_WEBHOOK_SECRET is the local stand-in's public test value: "
        "use the real ones."
    )

# Never the local stand-in: the SDK talks to Stripe.
STRIPE_API_BASE = ""
BOOKING_REQUIRES_PAYMENT = True
# Ten minutes to start paying, then the Checkout Session's 30 minutes end with the hold.
BOOKING_HOLD_MINUTES = int(os.environ.get("BOOKING_HOLD_MINUTES", "40"))

DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Varnish in front (deploy/varnish/default.vcl): publishing, unpublishing, moving or deleting a page
# purges its URLs there (Wagtail's frontend cache, HTTPBackend: PURGE <path> with the page's Host,
# sent by the task worker). VARNISH_URL is Varnish's own address, never through another proxy.
VARNISH_URL = os.environ.get("VARNISH_URL", "")
if VARNISH_URL:
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": VARNISH_URL,
        }
    }
