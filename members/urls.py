"""Public, read-only pages of the registry, each one a `public_page` (see public/caching.py)."""

from django.urls import path

from .public import changes, dataset, exports, overview, views
from .public.caching import public_page

app_name = "members"

urlpatterns = [
    path("", public_page(overview.OverviewView.as_view()), name="overview"),
    path("about/", public_page(overview.AboutView.as_view()), name="about"),
    path("data/", public_page(dataset.dataset), name="data"),
    path("data/icor-registry.json", public_page(dataset.registry_json), name="data-json"),
    path(
        "organizations/",
        public_page(views.OrganizationListView.as_view()),
        name="organization-list",
    ),
    path("organizations.csv", public_page(exports.organization_csv), name="organization-csv"),
    path("organizations.json", public_page(exports.organization_json), name="organization-json"),
    path(
        "organizations/<slug:slug>/",
        public_page(views.OrganizationDetailView.as_view()),
        name="organization-detail",
    ),
    path(
        "organizations/<slug:slug>.json",
        public_page(views.organization_detail_json),
        name="organization-detail-json",
    ),
    path("countries/", public_page(views.CountryListView.as_view()), name="country-list"),
    path(
        "countries/<str:code>/",
        public_page(views.CountryDetailView.as_view()),
        name="country-detail",
    ),
    path("changes/", public_page(changes.change_list), name="change-list"),
    path("changes.atom", public_page(changes.ChangeFeed()), name="change-feed"),
]
