"""Settings for the test suite: the project's own, with every value a test depends on
fixed here, whatever the shell exports. Only the database still comes from
DATABASE_URL, so that the same suite runs on SQLite and on PostgreSQL."""

from icor_registry.settings import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-suite-signing-key-not-for-any-deployment"
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]

# Plain HTTP, as the test client and the live server speak it.
HTTPS = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CSRF_TRUSTED_ORIGINS = []
for name in ("SECURE_PROXY_SSL_HEADER", "AXES_IPWARE_META_PRECEDENCE_ORDER",
             "AXES_IPWARE_PROXY_COUNT", "IPWARE_STRICT"):
    globals().pop(name, None)
TRUSTED_PROXIES = 0

# Passwords hashed in microseconds: tests sign users in, they do not test PBKDF2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Pages link plain static file names: the hashed names of production exist only after
# `collectstatic` (tests/test_deploy.py covers that storage).
STATIC_HASHED = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)  # noqa: F405
REGISTRY_PAGE_SIZE = 100
REGISTRY_CORRECTIONS_EMAIL = "corrections@example.org"
REGISTRY_IMPORT_MAX_BYTES = 100 * 1024 * 1024
REGISTRY_ADMIN_IMPORT_MAX_BYTES = 2_621_440
REGISTRY_ADMIN_IMPORT_MAX_RECORDS = 25_000
