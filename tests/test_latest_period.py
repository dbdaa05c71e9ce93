"""Each organization's stored latest period stays right on every write path."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Exists, OuterRef

from members import derived, history
from members.locking import StaleRecordError
from members.models import Membership, Organization
from members.registry_io import export_json, import_data

from .conftest import make_country, make_organization


def stored(organization):
    organization = Organization.objects.get(pk=organization.pk)
    return organization.member_since, organization.member_until, organization.is_member


def assert_every_organization_right():
    """The stored columns say what the periods say, for every organization, and
    `check_registry` agrees."""
    call_command("check_registry", stdout=io.StringIO())
    for organization in Organization.objects.all():
        periods = list(organization.memberships.latest_first())
        latest = periods[0] if periods else None
        expected = (
            latest.since_year if latest else None,
            latest.until_year if latest else None,
            any(period.until_year is None for period in periods),
        )
        assert stored(organization) == expected, organization
    open_periods = Membership.objects.open().filter(organization=OuterRef("pk"))
    assert list(Organization.objects.current().order_by("pk")) == list(
        Organization.objects.filter(Exists(open_periods)).order_by("pk")
    )


def test_a_new_period_makes_a_current_member(country):
    organization = make_organization(country, since=2016)
    assert stored(organization) == (2016, None, True)


def test_closing_the_period_makes_a_former_member(country):
    organization = make_organization(country, since=2016)
    period = organization.memberships.get()
    period.until_year = 2020
    period.save()
    assert stored(organization) == (2016, 2020, False)
    assert list(Organization.objects.former()) == [organization]


def test_deleting_the_last_period_leaves_no_membership(country):
    organization = make_organization(country, since=2016)
    organization.memberships.get().delete()
    assert stored(organization) == (None, None, False)
    assert not Organization.objects.current().exists()
    assert not Organization.objects.former().exists()


def test_an_open_period_wins_over_a_later_closed_one(country):
    organization = make_organization(country, since=2012, until=2014)
    Membership.objects.create(organization=organization, since_year=None)
    assert stored(organization) == (None, None, True)


def test_a_period_moved_to_another_organization_changes_both(country):
    first = make_organization(country, name="First", since=2015)
    second = make_organization(country, name="Second", since=False)
    period = Membership.objects.get(organization=first)
    period.organization = second
    period.save()
    assert stored(first) == (None, None, False)
    assert stored(second) == (2015, None, True)


def test_an_organization_saved_from_an_older_copy_keeps_its_periods(country):
    organization = make_organization(country, since=False)
    copy = Organization.objects.get(pk=organization.pk)
    Membership.objects.create(organization=organization, since_year=2018)
    copy.name = "Renamed"
    # A new period is a change of the organization: the older copy may not be saved.
    with pytest.raises(StaleRecordError):
        copy.save()
    assert stored(organization) == (2018, None, True)
    # Read again, it saves, and the periods' columns stay as the periods say.
    copy.refresh_from_db()
    copy.name = "Renamed"
    copy.save()
    assert stored(organization) == (2018, None, True)


def test_bulk_writes_with_the_derived_functions_keep_it(country):
    organizations = [Organization(country=country, name=f"Organization {i}", slug=f"o{i}")
                     for i in range(5)]
    for organization in organizations:
        derived.fill_text(organization)
    organizations = history.create(Organization, organizations, "bulk")
    history.create(Membership, [
        Membership(organization=organization, since_year=2010 + i)
        for i, organization in enumerate(organizations)
    ], "bulk")
    derived.write_latest_period(Organization.objects.all())
    assert Organization.objects.current().count() == 5
    periods = list(Membership.objects.filter(since_year__lt=2012))
    for period in periods:
        period.until_year = 2020
    history.update(Membership, periods, ["until_year"], "bulk")
    derived.write_latest_period(Organization.objects.filter(memberships__in=periods))
    assert Organization.objects.current().count() == 3
    Membership.objects.filter(since_year=2014).delete()
    assert Organization.objects.current().count() == 2
    assert_every_organization_right()


def test_a_raw_queryset_update_is_found_and_repaired_by_check_registry(country):
    organization = make_organization(country, name="Partido Comunista", since=2016)
    Membership.objects.update(until_year=2020)
    Organization.objects.update(name="Partido Obrero")
    out = io.StringIO()
    with pytest.raises(CommandError, match="4 derived values disagree"):
        call_command("check_registry", stdout=out)
    report = out.getvalue()
    assert f"Organization {organization.slug} (id {organization.pk}), field member_until: " \
        "stored None, should be 2020." in report
    assert "field is_member: stored True, should be False." in report
    assert "field search: stored 'partido comunista cameroon', should be " \
        "'partido obrero cameroon'." in report
    assert "field sort_name: stored 'partido comunista\\x1fPartido Comunista', should be " \
        "'partido obrero\\x1fPartido Obrero'." in report

    call_command("check_registry", "--repair", stdout=out)
    assert "Repaired 4 derived values." in out.getvalue()
    assert stored(organization) == (2016, 2020, False)
    assert Organization.objects.search("obrero").get() == organization
    assert_every_organization_right()


def test_the_seed_loaded_with_loaddata_is_right(seed):
    assert Organization.objects.current().count() > 0
    assert_every_organization_right()


def test_loading_the_seed_again_changes_nothing(seed):
    before = list(Organization.objects.values_list("pk", "member_since", "member_until", "is_member"))
    call_command("loaddata", "icor_members", verbosity=0)
    assert list(Organization.objects.values_list("pk", "member_since", "member_until", "is_member")) == before


def test_an_import_is_right_and_so_is_closing_a_period_by_import(seed, tmp_path):
    path = tmp_path / "registry.json"
    with open(path, "w", encoding="utf-8") as stream:
        export_json(stream)
    records = json.loads(path.read_text(encoding="utf-8"))
    Organization.objects.all().delete()

    assert import_data(json.dumps(records).encode(), "registry.json").ok
    assert_every_organization_right()

    period = next(r for r in records if r["model"] == "members.membership")
    period["fields"]["until_year"] = 2024
    assert import_data(json.dumps(records).encode(), "registry.json").ok
    slug = period["fields"]["organization"][0]
    assert Organization.objects.get(slug=slug).is_member is False
    assert_every_organization_right()


@pytest.mark.parametrize("until", [None, 2019])
def test_the_list_shows_the_stored_years(client, country, until):
    make_organization(country, name="Partido Comunista", since=2013, until=until)
    make_country("TR", "Turkey", "asia")
    response = client.get("/organizations.json", {"status": "all"})
    rows = json.loads(b"".join(response.streaming_content))["results"]
    assert [(row["member_since"], row["member_until"]) for row in rows] == [(2013, until)]


@pytest.mark.parametrize(("year", "member"), [(2011, False), (2013, True), (2016, False), (2019, True)])
def test_the_year_filter_sees_the_gap_of_an_organization_that_left_and_rejoined(
    country, year, member
):
    organization = make_organization(country, since=2012, until=2014)
    Membership.objects.create(organization=organization, since_year=2018)
    assert Organization.objects.members_during(year).exists() is member


def test_the_year_filter_finds_former_members_by_their_last_period(country):
    organization = make_organization(country, since=2012, until=2014)
    assert list(Organization.objects.members_during(2014)) == [organization]
    assert not Organization.objects.members_during(2015).exists()
