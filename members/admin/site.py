"""The admin site: the registry's records first on the editors' index page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The order editors reach for them: organizations daily, periods often, countries rarely.
REGISTRY_ORDER = ["Organization", "Membership", "Country"]


class RegistryAdminSite(admin.AdminSite):
    site_header = _("ICOR Registry")
    site_title = _("ICOR Registry")
    index_title = _("Records")

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            if app["app_label"] == "members":
                app["models"].sort(key=lambda model: REGISTRY_ORDER.index(model["object_name"]))
        return sorted(apps, key=lambda app: app["app_label"] != "members")


site = RegistryAdminSite()


def registry_site():
    """The registry's admin site, which Django's `admin.site` stands for
    (`RegistryAdminConfig.default_site`: a callable returning the site).

    Always this one instance: to set up `admin.site`, Django imports this module,
    hence this package, whose ModelAdmins register on `admin.site` while it is being
    set up. A new site made after that would have lost them.
    """
    return site
