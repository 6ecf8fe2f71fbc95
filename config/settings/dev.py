"""Local development: DEBUG, embedded SQLite by default, e-mails printed to the console."""

import os

from .base import *  # noqa: F403
from .base import (
    FIELD_ENCRYPTION_KEYS,
    SECRET_KEY,
    STRIPE_REDIRECT_ORIGINS,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    env_bool,
    env_list,
)

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"
# DEV-ONLY key, public in this repository: base64 of "dev-only fernet key, not secret!".
# Production settings refuse any key that decodes to "dev-only...".
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["ZGV2LW9ubHkgZmVybmV0IGtleSwgbm90IHNlY3JldCE="]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

# Mails (e.g. the signup verification link) are printed in the terminal running the site.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Payments: without real test keys in the environment, the local Stripe stand-in that
# scripts/run_dev.sh starts beside the server (devtools/stripe_standin, never api.stripe.com).
# Its key and webhook secret are public test values, known to the stand-in.
STRIPE_STANDIN_URL = os.environ.get("STRIPE_STANDIN_URL", "http://127.0.0.1:12111")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "" if STRIPE_SECRET_KEY else STRIPE_STANDIN_URL)
STRIPE_SECRET_KEY = STRIPE_SECRET_KEY or "sk_test_standin"  # the stand-in's public test key
STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET or "whsec_standin"  # and its public test secret
STRIPE_REDIRECT_ORIGINS = [STRIPE_API_BASE] if STRIPE_API_BASE else STRIPE_REDIRECT_ORIGINS
BOOKING_REQUIRES_PAYMENT = env_bool("BOOKING_REQUIRES_PAYMENT", True)
# Ten minutes to start paying, then the Checkout Session's 30 minutes end with the hold.
BOOKING_HOLD_MINUTES = int(os.environ.get("BOOKING_HOLD_MINUTES", "40"))
