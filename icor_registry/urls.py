from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # The admin speaks the editor's browser's language (icor_registry/middleware.py).
    path("admin/", admin.site.urls),
    # The public pages in English at their own addresses, in every other language of
    # settings.LANGUAGES under its code: /organizations/, /de/organizations/.
    *i18n_patterns(path("", include("members.urls")), prefix_default_language=False),
]
