"""Settings shared by every environment; values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Daphne's runserver (HTTP and WebSockets over ASGI) replaces Django's and whitenoise's.
    "daphne",
    # Project apps first so their templates override the libraries'.
    "accounts",
    "home",
    # Append-only registry, hash chains, database roles: below every app that keeps proof.
    "integrity",
    # Encrypted fields, access log, data-subject rights: below every app that holds personal data.
    "privacy",
    "legal",
    "practitioners_directory",
    "booking",
    "consent",
    # First-party audience measurement: daily counts for all, visits with the visitor's consent.
    "audience",
    # Stripe Checkout and Connect: knows booking (confirms, refunds), booking does not know it.
    "payments",
    # E-mails about appointments and their reminders: listens to booking's signals.
    "notifications",
    # The video room of a confirmed appointment: page, WebSocket signalling, TURN credentials.
    "consultations",
    "channels",
    # The newsletter: double opt-in, one-click withdrawal, issues sent in batches.
    "newsletter",
    # The contact form: messages stored encrypted, forwarded to the support address.
    "contact",
    # The support chat (WebSockets, stored conversations, agents in the admin): knows contact.
    "support",
    # Anonymous pages stored whole and served before any database work (pagecache.middleware).
    "pagecache",
    # Data-subject requests: the DPO's register and deadlines, the person's erasure flow.
    "privacy_requests",
    # The person's rights in the privacy centre: objection, restriction, post-mortem directives.
    "privacy_rights",
    # Retention rules (durations the DPO sets), their daily run and its reports: knows every app.
    "retention",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's "wagtail.users" app with a user viewset that knows the e-mail login user.
    "accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Background tasks: the database backend's tables exist everywhere; production uses them.
    "django_tasks",
    "django_tasks_db",
    # PostgreSQL triggers: the acceptance ledger is append-only at the database level.
    "pgtrigger",
    # Cookie groups, cookies and the consent engine (the consent app adds the proof).
    "cookie_consent",
    # Accounts
    "allauth",
    "allauth.account",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: an anonymous hit is answered before sessions, auth or any query (the stored response
    # already carries every header the middlewares below add).
    "pagecache.middleware.PageCacheMiddleware",
    # What a request reads several times (the legal state) is read once (common.request_memo).
    "common.request_memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Camera and microphone for nobody, but the video room page (consultations.views).
    "common.headers.PermissionsPolicyMiddleware",
    # The audience beacon and pixel answer here: they need nothing of what follows.
    "audience.middleware.BeaconMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.SiteCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Signs out people idle for SESSION_IDLE_TIMEOUT_MINUTES (before the gate can redirect them).
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    # After auth, sessions and messages: sends people to re-accept updated legal documents.
    "legal.middleware.ReacceptanceGateMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# HTTP and WebSockets (the video room's signalling): `daphne config.asgi:application`.
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded SQLite file for a quick local run.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}


# PostgreSQL: a connection pool in each process (psycopg_pool) when DB_POOL_MAX_SIZE is set, as
# production does by default. Served by Daphne (ASGI), each request runs in a thread of its own,
# and Django's persistent connections (DB_CONN_MAX_AGE) stay open per thread until PostgreSQL
# refuses new ones (seen: HTTP 500 under load); the pool keeps at most that many per process and
# makes a request wait (DB_POOL_TIMEOUT seconds) rather than fail.
def use_connection_pool(database: dict, max_size: int) -> None:
    if database["ENGINE"] != "django.db.backends.postgresql" or max_size <= 0:
        return
    database["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": max_size,
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
    }


use_connection_pool(DATABASES["default"], int(os.environ.get("DB_POOL_MAX_SIZE", "0")))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has a web process and a task worker writing to one file: WAL lets
    # readers go on during a write, IMMEDIATE takes the write lock at BEGIN (no failed upgrade
    # from a read lock) and a writer waits up to 20 s for the other instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Anonymous page cache (pagecache): seconds a stored page is served (and the max-age a front
# cache gets); invalidated on every change before that (pagecache.signals).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Wagtail keeps image renditions in their own cache so they never evict the site lookups,
# the legal gate's current versions or the rate-limit counters kept in "default".
# Production sets REDIS_URL: one cache shared by every worker (see the README).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "default",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # Whole anonymous pages and their generation number (pagecache): their own space, so that
    # pages never evict the rate-limit counters or the legal state.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
if os.environ.get("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "common.cache.ReusingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": alias,
        }
        for alias in CACHES
    }

# Channels: the two parties of a room may be served by different processes, so production
# shares the layer in Redis; the embedded default (one process) keeps it in memory.
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "prefix": "psyconsult-channels"},
        }
    }

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Psyconsult] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed logins are limited per IP and per account (allauth counts them in the cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # Our own forms (common.ratelimit): an application carries two 10 MB files.
    "practitioner_application": os.environ.get("APPLICATION_RATE_LIMIT", "5/h/ip,20/d/ip"),
    # The contact form, counted per client network (/24, /48): see contact.views.
    "contact_message": os.environ.get("CONTACT_RATE_LIMIT", "5/h/key"),
    # The privacy centre (privacy_requests.views): password re-entries before an erasure, per
    # account; requests sent from the centre, per account.
    "privacy_reauthenticate": "5/5m/key",
    "privacy_request": "10/d/key",
}

# Encrypted model fields (privacy.fields): Fernet keys, newest first, comma-separated in the
# environment. The newest encrypts, every key listed decrypts; `manage.py rotate_field_keys`
# re-encrypts with the newest before an old key is removed (README). Production refuses to start
# without them; dev and test settings have their own dev-only keys.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")

# Reverse proxies in front of the app (Varnish, a load balancer): the client's address is read
# from X-Forwarded-For through them only (common.http.client_ip). Their networks, or their number.
TRUSTED_PROXY_NETWORKS = env_list("TRUSTED_PROXY_NETWORKS")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Internationalisation: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# locale/: our catalogues (makemessages); locale_overrides/: French for third-party strings.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
# One date format per language, everywhere (config/formats/en: "1 December 2026, 14:30").
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Personal files (profile photos, application documents) never sit under MEDIA_ROOT:
# they are served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Psyconsult <ne-pas-repondre@psyconsult.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background tasks (django-tasks): queued in the database, run by `manage.py db_worker` (which
# `make run` starts beside the web server). Tests run them at once (config.settings.test).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "Psyconsult"
# Absolute links in e-mails: SITE_BASE_URL if set, else the default Wagtail site's address
# (common.urls); Wagtail's own admin e-mails read WAGTAILADMIN_BASE_URL.
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar from gravatar.com: nothing is loaded from another host (and the CSP would block it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Security defaults shared by every environment.
SESSION_COOKIE_HTTPONLY = True
# Signed-in people are signed out after this many minutes without a request (0: never).
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_SAMESITE = "Lax"
# SESSIONS_CACHED=true: sessions read from the cache (Redis in production) and written to the
# database too (cached_db), a query less on every signed-in request. Signing someone out
# everywhere goes through the store, so the cached copy goes too (accounts.privacy).
if env_bool("SESSIONS_CACHED", False):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy for the public site: nothing is loaded from another host.
# config.csp relaxes it for the Wagtail admin, whose editor needs inline scripts and styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # One line per background task at INFO drowns `load_demo_content` and the tests' output.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The SDK logs every API call at INFO.
        "stripe": {"level": "WARNING"},
    },
}

PLATFORM_NAME = "Psyconsult"

# Contact form (contact app): a submission sooner than this after the page was shown is a
# robot's; messages are deleted this many days after they were received: the DPO's setting
# (retention app, Paramètres > Durées de conservation), whose starting value is
# CONTACT_RETENTION_DAYS (also used as such while the setting was never saved).
CONTACT_MIN_FILL_SECONDS = int(os.environ.get("CONTACT_MIN_FILL_SECONDS", "3"))
CONTACT_RETENTION_DAYS = int(os.environ.get("CONTACT_RETENTION_DAYS", "365"))
CONTACT_RETENTION_DAYS_SOURCE = "retention.selectors.contact_message_days"
# Support chat conversations are deleted a year after their last message (retention rule
# "support_conversations"); the `psy_chat` cookie lasts as long (at most 13 months is allowed).
SUPPORT_RETENTION_DAYS = int(os.environ.get("SUPPORT_RETENTION_DAYS", "365"))
# Visitor messages in the chat, per person or anonymous visitor: (count, seconds) windows. A person
# typing never reaches them; a script flooding the agents' queue does.
SUPPORT_MESSAGE_RATE = ((10, 60), (100, 24 * 3600))
# The privacy centre's downloads (portability): kept encrypted, downloadable this many days.
PERSONAL_DATA_EXPORT_DAYS = int(os.environ.get("PERSONAL_DATA_EXPORT_DAYS", "7"))

# Cookie consent (django-cookie-consent + the consent app). CNIL: a refusal is remembered about
# six months, a consent lasts at most thirteen months; the consent cookie's max-age follows.
CONSENT_REFUSAL_RENEWAL_DAYS = 182
CONSENT_MAX_AGE_DAYS = 395
COOKIE_CONSENT_NAME = "cookie_consent"
COOKIE_CONSENT_MAX_AGE = CONSENT_MAX_AGE_DAYS * 24 * 3600
# banner.js reads the choice to decide whether to show the banner (the server checks its signature).
COOKIE_CONSENT_HTTPONLY = False
COOKIE_CONSENT_SAMESITE = "Lax"
# consent.cookie also marks it Secure on every HTTPS request.
COOKIE_CONSENT_SECURE = False
# The library's LogItem has no visitor; consent.ConsentReceipt is the proof.
COOKIE_CONSENT_LOG_ENABLED = False
COOKIE_CONSENT_SUCCESS_URL = "/"
# Cookie choices stay possible for someone the legal gate holds (withdrawal at any time).
# Stripe's webhooks carry no session, but nothing must ever redirect them.
# "Mes données" (privacy centre): reading, downloading or erasing one's data never waits for a
# re-acceptance. Paths with their language prefix (the gate compares raw paths).
PRIVACY_CENTRE_PATH = "mon-compte/mes-donnees/"
LEGAL_GATE_EXEMPT_PREFIXES = (
    "/cookies/",
    "/audience/",
    "/stripe/",
    "/lettre-d-information/desinscription/",
    *(f"/{code}/{PRIVACY_CENTRE_PATH}" for code, _name in LANGUAGES),
)
LEGAL_GATE_EXEMPT_URL_NAMES = ("consent:settings",)

# Booking: how long a slot is held while the person pays (Stripe Checkout needs at least 30
# minutes), and whether a held slot waits for a payment before it is confirmed.
BOOKING_HOLD_MINUTES = int(os.environ.get("BOOKING_HOLD_MINUTES", "30"))
# Reminders before an appointment, in hours before its start (deferred tasks, see notifications).
APPOINTMENT_REMINDER_HOURS = (24, 1)

# Newsletter: recipients per task (each batch queues the next), and how long a confirmation
# link stays valid (double opt-in).
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "100"))
NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS = int(os.environ.get("NEWSLETTER_CONFIRMATION_MAX_AGE_DAYS", "7"))
BOOKING_REQUIRES_PAYMENT = os.environ.get("BOOKING_REQUIRES_PAYMENT", "false").lower() in {"1", "true", "yes"}

# Payments (Stripe Checkout + Connect Express). Production requires the secret key and the
# webhook signing secret (config.settings.production); the Connect endpoint (events of the
# practitioners' accounts) may have its own secret. STRIPE_API_BASE points the SDK at the local
# stand-in (devtools/stripe_standin) in dev and tests; production never sets it.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_CONNECT_WEBHOOK_SECRET = os.environ.get("STRIPE_CONNECT_WEBHOOK_SECRET", "")
STRIPE_API_BASE = ""
# Where the browser is sent to pay or to onboard (the CSP's form-action allows them).
STRIPE_REDIRECT_ORIGINS = ["https://checkout.stripe.com", "https://connect.stripe.com"]

# Video consultations (consultations app): the room of a confirmed appointment opens this many
# minutes before its start and closes this many minutes after its end.
CONSULTATION_ROOM_OPENS_MINUTES_BEFORE = int(os.environ.get("CONSULTATION_ROOM_OPENS_MINUTES_BEFORE", "10"))
CONSULTATION_ROOM_CLOSES_MINUTES_AFTER = int(os.environ.get("CONSULTATION_ROOM_CLOSES_MINUTES_AFTER", "15"))
# ICE servers given to the two parties. Without any, peers on the same network still connect
# (host candidates). TURN (coturn, README) takes time-limited credentials: the TURN REST scheme
# with TURN_SHARED_SECRET, the same value as coturn's static-auth-secret.
STUN_URLS = env_list("STUN_URLS")
TURN_URLS = env_list("TURN_URLS")
TURN_SHARED_SECRET = os.environ.get("TURN_SHARED_SECRET", "")
# "relay" sends all media through TURN: neither party learns the other's IP address (at the
# cost of the TURN server's bandwidth). "all" lets the browsers connect directly when they can.
CONSULTATION_ICE_TRANSPORT_POLICY = os.environ.get("CONSULTATION_ICE_TRANSPORT_POLICY", "all")

# Audience measurement (audience app): the buffered hits are written every N hits and at least
# every so many seconds when hits keep coming (audience.buffer).
AUDIENCE_FLUSH_EVERY = int(os.environ.get("AUDIENCE_FLUSH_EVERY", "50"))
AUDIENCE_FLUSH_SECONDS = int(os.environ.get("AUDIENCE_FLUSH_SECONDS", "300"))
