"""Local development: DEBUG, embedded SQLite by default, e-mails printed to the console."""

from .base import *  # noqa: F403
from .base import FIELD_ENCRYPTION_KEYS, SECRET_KEY, env_list

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
