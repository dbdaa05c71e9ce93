"""Shared fixtures and plain `make_*` helpers for the registry's tests."""

import pytest
from django.core.management import call_command

from members.models import Country, Membership, Organization


def make_country(code="CM", name="Cameroon", continent="africa"):
    return Country.objects.create(code=code, name=name, continent=continent)


def make_organization(country=None, name="Parti Communiste du Togo", since=2016, until=None, **fields):
    """An organization with one membership period (none if `since` is False)."""
    country = country or Country.objects.first() or make_country()
    organization = Organization.objects.create(country=country, name=name, **fields)
    if since is not False:
        Membership.objects.create(organization=organization, since_year=since, until_year=until)
        # A new period is a change of its organization: read it back at its new version.
        organization.refresh_from_db()
    return organization


@pytest.fixture(autouse=True)
def static_files_without_collectstatic(settings):
    """Pages link plain static file names: the hashed names of production exist only
    after `collectstatic` (tests/test_deploy.py covers that storage)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seed(db):
    """The registry as the seed fixture leaves it: 63 organizations in 47 countries."""
    call_command("loaddata", "icor_members", verbosity=0)


@pytest.fixture
def country(db):
    return make_country()
