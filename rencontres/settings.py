"""Settings for Rencontres: twelve-factor, every variable optional (see README, "Configuration")."""

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RENCONTRES_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def _secret_key():
    """A stable development key kept under var/, so sessions survive restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])
# The API's rate limits read REMOTE_ADDR, already the visitor's (TrustedProxyMiddleware).
NINJA_NUM_PROXIES = 0
# Requests per organiser's API token (django-ninja's syntax, e.g. "600/m").
API_RATE_PER_TOKEN = os.environ.get("API_RATE_PER_TOKEN", "600/m")
# Webhooks may not reach loopback or private addresses, except in tests.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)
# Front servers whose X-Forwarded-For is believed (addresses or networks); empty: none.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "django_htmx",
    "django_tasks_db",
    # django-ninja: only for its bundled Swagger UI files (the API docs load nothing else).
    "ninja",
    "rencontres.core",
    "rencontres.editions",
    "rencontres.registration",
    "rencontres.program",
    "rencontres.networking",
    "rencontres.comms",
    "rencontres.messaging",
    "rencontres.audit",
    "rencontres.onsite",
    "rencontres.cockpit",
    "rencontres.api",
    "rencontres.partners",
    "rencontres.imports",
    "rencontres.privacy",
    "rencontres.recognition",
    "rencontres.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rencontres.organisers",
]

MIDDLEWARE = [
    "rencontres.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "rencontres.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "rencontres.core.middleware.BackOfficeInFrenchMiddleware",
    "rencontres.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rencontres.accounts.middleware.StaffSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rencontres.urls"
WSGI_APPLICATION = "rencontres.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # The nonce for the admin's own inline scripts and styles (Django 6.1's
                # admin templates print it with {% csp_nonce_attr %}).
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rencontres.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers: take the write lock at BEGIN (no "database is locked" upgrade
    # failures), let readers run beside the writer (WAL), and wait rather than fail.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so that threads (live server, concurrency tests) share it.
    # One per process, so that concurrent test runs on one machine do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        # Shared between the processes of gunicorn and the worker, so invalidation and
        # rate limits hold across them.
        "BACKEND": "rencontres.core.cache.FileCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Rendered fragments, in each process's memory: session cards, keyed by the page
    # cache's generation (an edit anywhere makes them all stale at once), and the parts of
    # the layout that no content changes (menus, footer), keyed by language and page.
    "fragments": {
        "BACKEND": "rencontres.core.cache.FragmentCache",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Staff accounts (README, "Security"): django-axes counts failed logins first.
# django-axes first (it refuses locked-out logins); then Django's own, and the roles per
# organiser's team (rencontres/organisers/backends.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "rencontres.organisers.backends.TeamBackend",
]
# Five failures for one account from one address lock it there for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rencontres.accounts.views.locked_out"
# Axes' own log lines carry the username and IP address: ours (accounts.signals) do not.
AXES_VERBOSE = False
# Locked logins expire by themselves; `manage.py axes_reset_username NAME` unlocks one sooner.
# Not in the admin: its lists show addresses and its action checks no permission.
AXES_ENABLE_ADMIN = False
AXES_CLIENT_IP_CALLABLE = "rencontres.accounts.signals.client_address"
# Two-factor authentication (django-otp, TOTP): always for superusers and full organisers;
# for every staff account when this is on (the desk's too).
STAFF_TWO_FACTOR_REQUIRED = env_bool("STAFF_TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Rencontres")
# The admin lists authenticators (to delete a lost one) without their keys or QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A staff session ends after this long without activity (seconds).
STAFF_SESSION_IDLE_TIMEOUT = int(os.environ.get("STAFF_SESSION_IDLE_TIMEOUT", str(60 * 60)))

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Project-wide overrides of Django's own French (see rencontres/locale/).
LOCALE_PATHS = [BASE_DIR / "rencontres" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr", "en"), "fr": ("en",)}

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder otherwise
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Hashed, compressed files once `collectstatic` has run (production); straight from the
# apps otherwise, so that `manage.py runserver` works with DEBUG off too. `collectstatic`
# itself must write the manifest even on a fresh deployment, where none exists yet.
_manifest = (STATIC_ROOT / "staticfiles.json").exists() or "collectstatic" in sys.argv
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _manifest
# Source maps (5 MB of them, from the API docs' Swagger UI and ReDoc) are read only by a
# browser's developer tools: compressing them took half of each `collectstatic`.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

_smtp_host = os.environ.get("EMAIL_HOST", "")
if _smtp_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp_host,
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": 20,
            },
        }
    }
else:
    # No server configured: each mail becomes an .eml file a newcomer can open.
    MAILERS = {
        "default": {
            "BACKEND": "rencontres.core.mail.EmlFileBackend",
            "OPTIONS": {"path": str(VAR_DIR / "mail")},
        }
    }
# After this many seconds a mail left "sending" by a worker that died is sent by another.
MAIL_SENDING_TIMEOUT = int(os.environ.get("MAIL_SENDING_TIMEOUT", "300"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rencontres <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Long jobs (B2B scheduler runs and publication) have their own queue and worker, so that a
# ten-minute solve never delays a confirmation mail.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "long"],
    }
}

# Security headers on every response (README, "Security").
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing inline and nothing from another site: scripts and styles are static files. The
# nonce only appears where a template asks for it (the admin's own inline constants).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    # The venue's map, loaded only when the visitor clicks "Show the map".
    "frame-src": ["https://www.openstreetmap.org"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# No page uses these; the scanner page alone allows the camera (core.middleware).
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}
# Behind TLS (SITE_URL in https): cookies only over HTTPS, HSTS, and the proxy's header says
# which requests came in over HTTPS (the proxy must set it and strip it from clients).
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # The directive alone changes nothing until the domain's owner submits it to the list.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # /healthz answers probes that reach the app over plain HTTP inside the host.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
