"""Settings for the ICOR Registry, read from the environment (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

# "1" turns on debug pages; anything else (or unset) keeps them off.
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
# The fallback signing key, only good on a developer's machine: wsgi.py refuses to
# serve with it while DEBUG is off.
DEVELOPMENT_SECRET_KEY = "insecure-local-development-key"
# The secret used for signing; required in production.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# Comma-separated host names the site answers to.
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")


def env_flag(name, default):
    """An on/off environment variable: "1" is on, "0" is off, unset is `default`."""
    return os.environ.get(name, "1" if default else "0") == "1"


# "1": browsers reach the site over HTTPS only (directly or through a TLS proxy).
# Unset, it is on for a deployment (debug off and a secret key given) and off
# elsewhere (development, the test suite). Each setting below can be switched alone.
HTTPS = env_flag("DJANGO_HTTPS", not DEBUG and "DJANGO_SECRET_KEY" in os.environ)
# Redirect plain HTTP to HTTPS; "0" where the TLS proxy redirects itself.
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", HTTPS)
# Seconds browsers remember to use HTTPS only (Strict-Transport-Security); 0 sends none.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
# Whether that promise covers every subdomain too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
# Whether the header asks to be on the browsers' built-in HTTPS-only (preload) list.
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", HTTPS)
# Send the session and CSRF cookies over HTTPS only.
SESSION_COOKIE_SECURE = env_flag("DJANGO_SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_flag("DJANGO_CSRF_COOKIE_SECURE", HTTPS)
# "1" behind a TLS proxy that sets X-Forwarded-Proto (and strips it from clients):
# a request is secure when that header says https. Off, the header is ignored.
if env_flag("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Comma-separated origins (https://registry.example.org) trusted for admin form
# posts when the proxy changes the host or scheme the site sees.
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "members.apps.RegistryAdminConfig",  # django.contrib.admin, registry first
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_countries",  # its catalogues: country names in every language
    "django_filters",
    "simple_history",
    "members",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after the security headers, before sessions and the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp's, with the policy built once per process (icor_registry/middleware.py).
    "icor_registry.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: a public page's from its address (/de/...), the admin's from the
    # editor's browser. After sessions, before CommonMiddleware (icor_registry/middleware.py).
    "icor_registry.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's messages, run for the admin only: public pages neither add nor show any.
    "icor_registry.middleware.AdminMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user on each history entry written during a request; run
    # for requests that can write (not GET or HEAD).
    "icor_registry.middleware.WriteHistoryRequestMiddleware",
    # Last, so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses any login for an account and address that are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "icor_registry.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "icor_registry.wsgi.application"

# DATABASE_URL selects the database, e.g. postgres://user:pass@127.0.0.1:5432/icor;
# unset, the registry lives in a SQLite file in the project folder.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# Milliseconds PostgreSQL lets one statement run before cancelling it, so that no
# query runs away with a worker; 0 turns the limit off (e.g. for a long import).
DATABASE_STATEMENT_TIMEOUT = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "10000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(
        filter(None, [options.get("options"), f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}"])
    )
# Seconds a SQLite connection waits for another writer to finish before it gives up
# with "database is locked": writers queue behind each other instead of failing.
SQLITE_BUSY_TIMEOUT = float(os.environ.get("DJANGO_SQLITE_BUSY_TIMEOUT", "20"))
# Bytes of the SQLite file each connection reads through memory mapping (0: none). Pages
# then come from the operating system's file cache, shared by every process, without a
# copy per read: a list page that counts 100,000 organizations takes about a third less.
SQLITE_MMAP_BYTES = int(os.environ.get("DJANGO_SQLITE_MMAP_BYTES", str(2**30)))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        # A transaction (every transaction.atomic) takes the write lock when it begins,
        # waiting for it up to the busy timeout. A deferred one would read first and
        # then fail at once, without waiting, if another writer had committed meanwhile.
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
        # WAL: readers never wait for a writer and a writer never waits for readers.
        # synchronous=NORMAL is crash-safe with WAL (a killed process loses nothing it
        # committed; a power cut may lose the last commits but never corrupts the file).
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size={SQLITE_MMAP_BYTES}"
        ),
    })

# What public pages keep between requests, always under the registry's version (the
# public pages' ETag), so that an edit or a deploy makes every key new: "default" holds
# the list's facet counts (members/public/facets.py), "pages" the rendered answers to
# visitors who are not signed in (members/public/caching.py). Each server process keeps
# its own; any cache Django supports may stand in for either.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        # About 30 MB at most: most pages weigh 5–100 KB.
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
# Bytes of the largest answer the "pages" cache keeps.
REGISTRY_PAGE_CACHE_MAX_BYTES = 256 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The languages of the public pages and the admin. English is at the unprefixed
# addresses, every other one under its code (/de/organizations/); each is named in
# itself, as the language menu offers it (README, "Languages").
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("tr", "Türkçe"),
    ("ru", "Русский"),
    ("ar", "العربية"),
]
# The registry's own catalogues (locale/<language>/LC_MESSAGES/django.po and .mo).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Dates read as on the public pages ("28 November 2026"), in the admin too: per
# language, English's in icor_registry/formats/en/formats.py; a language without its
# own module there keeps Django's conventions for it.
FORMAT_MODULE_PATH = ["icor_registry.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `collectstatic` gathers files for serving in production.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Collected files get a content hash in their name and a gzip copy; WhiteNoise
# serves the hashed ones with a ten-year, immutable Cache-Control. "0" links the
# plain names instead, for a run without `collectstatic` (the scale benchmark).
STATIC_HASHED = env_flag("DJANGO_STATIC_HASHED", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_HASHED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security headers on every answer, public pages and admin alike.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only the site's own files, no inline script or style, no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# Failed admin logins: after this many for one account from one address, that
# account is locked out from that address for the cool-off time.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Reverse proxies in front of the site that append the client's address to
# X-Forwarded-For (1 for one nginx); 0 (default) takes the address of the connection.
# Set it to no more than the proxies there are: a larger number lets clients
# choose the address they are locked out by.
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
if TRUSTED_PROXIES:
    # The address the nearest trusted proxy saw: counted from the right of
    # X-Forwarded-For, so a client's own entries to the left are never taken.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES - 1
    IPWARE_STRICT = False

# The public list pages show this many organizations at a time.
REGISTRY_PAGE_SIZE = 100
# Where the about page asks readers to send corrections (shown as a mailto link).
REGISTRY_CORRECTIONS_EMAIL = os.environ.get("REGISTRY_CORRECTIONS_EMAIL", "corrections@example.org")

# `loaddata icor_members` finds the seed here.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Largest file (bytes) import_registry and the admin import accept; default 100 MB.
REGISTRY_IMPORT_MAX_BYTES = int(os.environ.get("REGISTRY_IMPORT_MAX_BYTES", 100 * 1024 * 1024))

# --- The admin import page's limits (members/admin/uploads.py) ---------------------
# Largest file in bytes the admin import previews, checked as it arrives; 2.5 MB fits its form.
REGISTRY_ADMIN_IMPORT_MAX_BYTES = int(os.environ.get("REGISTRY_ADMIN_IMPORT_MAX_BYTES", 2_621_440))
# Most records the admin import previews; a larger file goes through import_registry.
REGISTRY_ADMIN_IMPORT_MAX_RECORDS = int(os.environ.get("REGISTRY_ADMIN_IMPORT_MAX_RECORDS", 25_000))
