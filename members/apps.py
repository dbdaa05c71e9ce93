"""The registry app, and the admin app configured to use the registry's admin site.

Both live here because INSTALLED_APPS imports them before any app is ready; the site
itself (`members.admin.site`) is imported only when the admin first needs it.
"""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MembersConfig(AppConfig):
    # The app's config when INSTALLED_APPS names "members": this module holds two.
    default = True
    name = "members"
    verbose_name = "Registry"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)


class RegistryAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the registry's site as `admin.site`."""

    default = False
    # A callable that returns the site, not its class: see `registry_site` for why.
    default_site = "members.admin.site.registry_site"
