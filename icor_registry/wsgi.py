"""WSGI entry point: `gunicorn icor_registry.wsgi` (see gunicorn.conf.py)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icor_registry.settings")

application = get_wsgi_application()

# Sessions and the admin's forms are signed with the secret key: a server that
# anyone could sign for must not start. Debug pages (make run) may use the fallback.
if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY to a long random string before serving the registry "
        "with DJANGO_DEBUG off (see .env.example)."
    )
