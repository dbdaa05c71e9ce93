"""Shared fixtures and plain `make_*` helpers for the registry's tests."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from members import derived, history
from members.models import Country, Membership, Organization

# The tables the seed fills: the records and their edit history.
SEED_MODELS = (
    Country, Organization, Membership,
    Country.history.model, Organization.history.model, Membership.history.model,
)
# The rows `loaddata icor_members` left, read once per test run (see `seed`).
seed_rows = {}


@pytest.fixture(autouse=True)
def clean_slate():
    """Each test starts with nothing cached (tests roll their writes back, so two tests
    can leave the same history ids, the version public pages are cached under) and
    in English."""
    for alias in settings.CACHES:
        caches[alias].clear()
    # A request in another language leaves that language active in the thread.
    translation.activate(settings.LANGUAGE_CODE)


def make_country(code="CM", name="Cameroon", continent="africa"):
    return Country.objects.create(code=code, name=name, continent=continent)


def make_organization(country=None, name="Parti Communiste du Togo", since=2016, until=None, **fields):
    """An organization with one membership period (none if `since` is False)."""
    country = country or Country.objects.first() or make_country()
    organization = Organization.objects.create(country=country, name=name, **fields)
    if since is not False:
        Membership.objects.create(organization=organization, since_year=since, until_year=until)
    return organization


def add_organizations(number, countries, since=lambda i: 2010 + i % 10):
    """`number` more organizations, each with an open period starting `since(i)`, spread
    over `countries`, written in bulk as code writes them: with history, then the
    derived columns."""
    organizations = []
    for i in range(number):
        organization = Organization(
            name=f"Synthetic Party {i}", slug=f"synthetic-party-{i}",
            country=countries[i % len(countries)],
        )
        derived.fill_text(organization)
        organizations.append(organization)
    organizations = history.create(Organization, organizations, "test")
    history.create(Membership, [
        Membership(organization=organization, since_year=since(i))
        for i, organization in enumerate(organizations)
    ], "test")
    for batch in derived.batches([organization.pk for organization in organizations]):
        derived.write_latest_period(Organization.objects.filter(pk__in=batch))
    return organizations


def load_seed():
    """Put the registry as the seed fixture leaves it into the test database.

    The first call runs `loaddata icor_members` and keeps the rows it left; every later
    one writes the same rows (ids, history, timestamps) back in a few bulk inserts,
    instead of a load's thousand queries.
    """
    if not seed_rows:
        call_command("loaddata", "icor_members.json", verbosity=0)
        seed_rows.update({model: list(model._base_manager.values()) for model in SEED_MODELS})
        return
    for model in SEED_MODELS:
        model._base_manager.bulk_create([model(**row) for row in seed_rows[model]])
        # An insert stamps auto_now fields with the time of now: put the loaded times back.
        stamped = [f.name for f in model._meta.concrete_fields
                   if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        times = {}
        for row in seed_rows[model] if stamped else ():
            times.setdefault(tuple(row[name] for name in stamped), []).append(row["id"])
        for values, pks in times.items():
            model._base_manager.filter(pk__in=pks).update(**dict(zip(stamped, values)))


@pytest.fixture
def seed(db):
    """The registry as the seed fixture leaves it: 63 organizations in 47 countries."""
    load_seed()


@pytest.fixture
def country(db):
    return make_country()
