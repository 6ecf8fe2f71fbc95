"""Test settings: fast hashing, in-memory mail, immediate tasks, DATABASE_URL or SQLite."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
# DEV-ONLY key, public in this repository: base64 of "dev-only key for the test suite!".
FIELD_ENCRYPTION_KEYS = ["ZGV2LW9ubHkga2V5IGZvciB0aGUgdGVzdCBzdWl0ZSE="]
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# No Stripe unless a test asks for it: the payments tests point the SDK at an in-process
# stand-in (tests/payments/conftest.py) and turn BOOKING_REQUIRES_PAYMENT on.
STRIPE_SECRET_KEY = ""
STRIPE_WEBHOOK_SECRET = ""
STRIPE_CONNECT_WEBHOOK_SECRET = ""
STRIPE_API_BASE = ""
BOOKING_REQUIRES_PAYMENT = False

# A test-only app with encrypted columns for the key-rotation tests (tests/privacy/probe).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.privacy.probe"]  # noqa: F405

# The ASGI server the video-room browser tests start serves static files from the app folders,
# never from a `staticfiles/` left by an earlier collectstatic (WhiteNoise prefers STATIC_ROOT:
# a stale chat.js was served there once).
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = Path(tempfile.gettempdir()) / "psyconsult-tests-static-root"  # stays empty
STATIC_ROOT.mkdir(exist_ok=True)
