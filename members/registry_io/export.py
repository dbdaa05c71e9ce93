"""Export the registry: a Django fixture with natural keys (JSON), or a spreadsheet (CSV).

The same data always gives the same bytes: records are ordered by natural key
(countries by code, organizations by slug, periods by slug and joining year, unknown
year first) and the formatting is fixed, so a change to the registry reads as a small
text diff. No database ids are written. The folded search column and the version
number are left out: the registry derives them again when a file is loaded.
"""

import csv
from itertools import chain, islice

from django.core import serializers
from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

from ..models import Country, Membership, Organization
from ..spreadsheet import neutralise
from .parse import CSV_COLUMNS

# The fields a fixture carries, per model (loaddata needs the two timestamps).
FIXTURE_FIELDS = {
    Country: ("code", "name", "continent"),
    Organization: ("name", "abbreviation", "english_name", "country", "slug", "created_at", "updated_at",
                   "website", "wikidata"),
    Membership: ("organization", "since_year", "until_year", "source", "note"),
}
# What the serializer writes of each record: the fields above, of whichever model.
FIXTURE_FIELD_NAMES = sorted(set(chain.from_iterable(FIXTURE_FIELDS.values())))
CHUNK = 2000


def everything():
    """(countries, organizations, periods): the whole registry."""
    return Country.objects.all(), Organization.objects.all(), Membership.objects.all()


def for_organizations(organizations):
    """The organizations, their countries and their periods: a file that loads on its own."""
    pks = organizations.values("pk")
    return (Country.objects.filter(organizations__in=pks).distinct(), organizations,
            Membership.objects.filter(organization__in=pks))


def for_countries(countries):
    """The countries, their organizations and those organizations' periods."""
    organizations = Organization.objects.filter(country__in=countries.values("pk"))
    return countries, organizations, Membership.objects.filter(organization__in=organizations.values("pk"))


def ordered(countries, organizations, memberships):
    """The three querysets in natural-key order, loading only what a file shows."""
    return (
        countries.order_by("code").only(*FIXTURE_FIELDS[Country]),
        organizations.select_related("country").order_by(binary("slug")).only(
            *(n for n in FIXTURE_FIELDS[Organization] if n != "country"), "country__code"
        ),
        # select_related: a period's natural key is its organization's slug, read in
        # the same query (only() alone would fetch each organization on its own).
        periods(memberships).select_related("organization").only(
            *FIXTURE_FIELDS[Membership][1:], "organization__slug"
        ),
    )


def periods(memberships):
    return memberships.order_by(binary("organization__slug"), F("since_year").asc(nulls_first=True))


def binary(name):
    """Order by `name` character code by character code, whatever the database's collation,
    so SQLite and PostgreSQL write the same file."""
    collation = {"postgresql": "C", "sqlite": "BINARY"}.get(connection.vendor)
    return Collate(name, collation) if collation else F(name)


def export_json(stream, scope=None):
    """Write a fixture of `scope` (default: everything) that `loaddata` and the import accept."""
    for text in fixture_chunks(scope):
        stream.write(text)


def fixture_chunks(scope=None):
    """The fixture of `scope` as text, `CHUNK` records at a time, so that a download
    streams it in flat memory.

    Each batch is serialized on its own, and the batches are joined as one
    serialization joins its records: the bytes are those of a single
    `serializers.serialize()` of every record (tests/test_dataset.py holds it).
    """
    querysets = ordered(*(scope or everything()))
    records = chain.from_iterable(qs.iterator(chunk_size=CHUNK) for qs in querysets)
    serializer = serializers.get_serializer("json")()
    yield "["
    separator = ""
    while batch := list(islice(records, CHUNK)):
        text = serializer.serialize(
            batch,
            indent=2,
            ensure_ascii=False,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            fields=FIXTURE_FIELD_NAMES,
        )
        # "[", the records ("\n" before each, "," between), "\n]\n": the records alone.
        yield separator + text[1:-3]
        separator = ","
    yield "\n]\n"


def export_csv(stream, scope=None):
    """Write one CSV row per membership period of `scope`, with its organization and country.

    Cells that a spreadsheet would run as a formula are neutralised; the import
    restores them. Countries without organizations and organizations without a
    period have no row: the JSON fixture is the complete backup.
    """
    memberships = (scope or everything())[2]
    rows = periods(memberships).select_related("organization__country").only(
        "since_year", "until_year", "source", "note", "organization__slug", "organization__name",
        "organization__abbreviation", "organization__english_name", "organization__country__code",
        "organization__country__name", "organization__country__continent",
        "organization__website", "organization__wikidata",
    )
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for period in rows.iterator(chunk_size=CHUNK):
        organization = period.organization
        country = organization.country
        writer.writerow([neutralise(value) for value in (
            organization.slug, organization.name, organization.abbreviation,
            organization.english_name, country.code, country.name, country.continent,
            period.since_year, period.until_year, period.source, period.note,
            organization.website, organization.wikidata,
        )])


EXPORTERS = {"json": export_json, "csv": export_csv}
