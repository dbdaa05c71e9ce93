"""Public, read-only pages of the registry."""

from django.urls import path

from . import overview, views

app_name = "members"

urlpatterns = [
    path("", overview.OverviewView.as_view(), name="overview"),
    path("about/", overview.AboutView.as_view(), name="about"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations.csv", views.organization_csv, name="organization-csv"),
    path("organizations.json", views.organization_json, name="organization-json"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "organizations/<slug:slug>.json",
        views.organization_detail_json,
        name="organization-detail-json",
    ),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country-detail"),
]
