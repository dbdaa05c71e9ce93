"""The registry behaves the same on SQLite and PostgreSQL.

The suite runs once on each (CI sets DATABASE_URL for the second run), so every
test here proves its rule on both. Where the two databases differ on their own
(SQLite's LIKE folds ASCII case only, PostgreSQL's folds none and neither drops
accents; NULLs are distinct in unique constraints), the registry's folded search
column and its partial constraints make them agree.
"""

import json
import os

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from members.models import Country, Membership, Organization

from .conftest import make_country, make_organization


def rows(client, **params):
    """The organizations the public JSON download gives for `params`."""
    response = client.get(reverse("members:organization-json"), params)
    return json.loads(b"".join(response.streaming_content))["results"]


def found(query):
    return sorted(Organization.objects.search(query).values_list("name", flat=True))


@pytest.fixture
def names(db):
    """Organizations whose names need folding: accents, Turkish İ and ı, curly apostrophes."""
    turkey = make_country("TR", "Türkiye", "europe")
    make_organization(turkey, name="Türkiye İhtilalci Komünistler Birliği", abbreviation="TİKB")
    make_organization(make_country("CZ", "Czech Republic", "europe"),
                      name="Komunistická Strana Československa")
    make_organization(make_country("CI", "Côte d’Ivoire", "africa"),
                      name="Parti Communiste Révolutionnaire de Côte d’Ivoire")
    make_organization(make_country("DE", "Germany", "europe"),
                      name="Marxistisch-Leninistische Partei Deutschlands", abbreviation="MLPD")


@pytest.mark.parametrize(
    "query, name",
    [
        ("turkiye", "Türkiye İhtilalci Komünistler Birliği"),
        ("TÜRKİYE", "Türkiye İhtilalci Komünistler Birliği"),
        ("tikb", "Türkiye İhtilalci Komünistler Birliği"),
        ("ihtilalci KOMUNISTLER", "Türkiye İhtilalci Komünistler Birliği"),
        ("komunisticka", "Komunistická Strana Československa"),
        ("ČESKOSLOVENSKA", "Komunistická Strana Československa"),
        ("cote d'ivoire", "Parti Communiste Révolutionnaire de Côte d’Ivoire"),
        ("RÉVOLUTIONNAIRE", "Parti Communiste Révolutionnaire de Côte d’Ivoire"),
        ("marxistisch–leninistische", "Marxistisch-Leninistische Partei Deutschlands"),
    ],
)
def test_search_folds_case_accents_and_punctuation(names, query, name):
    assert found(query) == [name]


def test_search_by_a_part_of_a_word_in_any_case(names):
    assert found("KOMUN") == ["Komunistická Strana Československa",
                              "Türkiye İhtilalci Komünistler Birliği"]


def test_the_folded_column_is_what_the_database_compares(names):
    # Without the folded column each database would miss something here: PostgreSQL
    # compares case exactly, SQLite folds ASCII case only, neither drops accents.
    raw = Organization.objects.filter(name__contains="komunisticka")
    assert not raw.exists()
    assert Organization.objects.filter(search__contains="komunisticka").count() == 1


def test_the_public_list_searches_the_same_way(names, client):
    assert [row["abbreviation"] for row in rows(client, q="TURKIYE")] == ["TİKB"]


@pytest.mark.parametrize("code", ["tr", "TR", "Tr"])
def test_the_country_filter_takes_a_code_in_any_case(names, client, code):
    assert [row["country"] for row in rows(client, country=code)] == ["TR"]


def test_country_codes_are_stored_in_capitals_only(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(code="tr", name="Turkey", continent="europe")


def test_names_differing_only_in_case_are_distinct_in_one_country(db):
    country = make_country()
    make_organization(country, name="Union des Communistes")
    make_organization(country, name="UNION DES COMMUNISTES")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(country=country, name="Union des Communistes", slug="other-cm")


# NULL years: "unknown" and "still a member"


@pytest.fixture
def organization(db):
    return make_organization(since=False)


def period(organization, since, until):
    with transaction.atomic():
        return Membership.objects.create(organization=organization, since_year=since, until_year=until)


def test_only_one_open_period_per_organization(organization):
    period(organization, 2012, None)
    with pytest.raises(IntegrityError):
        period(organization, 2015, None)


def test_only_one_period_with_an_unknown_start(organization):
    # NULLs are distinct in a plain unique constraint on both databases; the
    # partial constraint is what refuses the second unknown start.
    period(organization, None, 2014)
    with pytest.raises(IntegrityError):
        period(organization, None, None)


def test_unknown_years_pass_the_year_checks(organization):
    period(organization, None, 2012)
    period(organization, 2013, None)
    assert organization.memberships.count() == 2


def test_a_period_cannot_end_before_it_starts(organization):
    with pytest.raises(IntegrityError):
        period(organization, 2015, 2012)


def test_no_year_before_icor_was_founded(organization):
    with pytest.raises(IntegrityError):
        period(organization, 2009, None)


def test_unknown_joining_years_sort_last_either_way(db, client):
    country = make_country()
    make_organization(country, name="Known early", since=2011)
    make_organization(country, name="Unknown", since=None)
    make_organization(country, name="Known late", since=2020)
    names = [row["name"] for row in rows(client, ordering="since")]
    assert names == ["Known early", "Known late", "Unknown"]
    names = [row["name"] for row in rows(client, ordering="-since")]
    assert names == ["Known late", "Known early", "Unknown"]


# PostgreSQL connection settings


def test_the_suite_runs_on_postgresql_when_ci_asks():
    if os.environ.get("REGISTRY_REQUIRE_POSTGRES") == "1":
        assert connection.vendor == "postgresql"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_cancels_a_runaway_statement(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.DATABASE_STATEMENT_TIMEOUT // 1000}s"
        with pytest.raises(Exception, match="statement timeout"), transaction.atomic():
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(1)")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_connections_are_checked_before_reuse(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_names_sort_by_bytes_on_postgresql_whatever_the_database_locale(db):
    """SQLite compares text byte by byte; the sort key's "C" collation does the same on
    PostgreSQL, whatever locale the database was created with."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'members_organization' AND column_name = 'sort_name'"
        )
        assert cursor.fetchone() == ("C",)
