"""`check_registry` finds derived data right after every write path an editor or a
maintainer uses, and finds (and repairs) what a write around them leaves wrong."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from members.models import Country, Membership, Organization
from members.registry_io import export_json, import_data

from .conftest import make_organization
from .test_admin import opened_version, organization_form


def check():
    """Run check_registry; fail the test with its report if it finds anything."""
    out = io.StringIO()
    try:
        call_command("check_registry", stdout=out)
    except CommandError as error:
        pytest.fail(f"{error}\n{out.getvalue()}")
    assert "All derived columns of" in out.getvalue()


def test_admin_add_change_inline_periods_and_delete(admin_client, country):
    add = reverse("admin:members_organization_add")
    response = admin_client.post(add, organization_form(country, [{"since_year": 2012}]))
    assert response.status_code == 302
    organization = Organization.objects.get()
    assert (organization.member_since, organization.is_member) == (2012, True)
    check()

    # Close the period and open the next one in one submit, and rename.
    change = reverse("admin:members_organization_change", args=[organization.pk])
    period = organization.memberships.get()
    data = organization_form(
        country,
        [{"id": period.pk, "since_year": 2012, "until_year": 2015}, {"since_year": 2018}],
        initial=1,
        name="Partido Comunista Revolucionario (renamed)",
        opened_version=opened_version(admin_client.get(change)),
    )
    assert admin_client.post(change, data).status_code == 302
    organization.refresh_from_db()
    assert (organization.member_since, organization.member_until) == (2018, None)
    assert Organization.objects.search("renamed").get() == organization
    check()

    # A period edited on its own page.
    period = organization.memberships.get(since_year=2018)
    period_change = reverse("admin:members_membership_change", args=[period.pk])
    response = admin_client.post(period_change, {
        "organization": organization.pk, "since_year": 2018, "until_year": 2020,
        "source": "", "note": "", "opened_version": opened_version(admin_client.get(period_change)),
    })
    assert response.status_code == 302
    assert Organization.objects.get().status == "former"
    check()

    delete = reverse("admin:members_membership_delete", args=[period.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert Organization.objects.get().member_until == 2015
    check()

    # A renamed country refolds its organizations.
    country_change = reverse("admin:members_country_change", args=[country.pk])
    response = admin_client.post(country_change, {
        "code": "CM", "name": "Kamerun", "continent": "africa",
        "opened_version": opened_version(admin_client.get(country_change)),
    })
    assert response.status_code == 302
    assert Organization.objects.search("kamerun").exists()
    check()

    delete = reverse("admin:members_organization_delete", args=[organization.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Membership.objects.exists()
    check()


def test_restore_of_an_old_version_and_recovery_of_a_deleted_organization(admin_client, seed):
    organization = Organization.objects.get(slug="tikb-tr")
    first = organization.history.earliest()
    organization.name = "Renamed"
    organization.save()
    url = reverse("admin:members_organization_simple_history", args=[organization.pk, first.history_id])
    data = {
        "name": first.name, "abbreviation": first.abbreviation,
        "english_name": first.english_name, "country": first.country_id,
        "opened_version": opened_version(admin_client.get(url)),
    }
    assert admin_client.post(url, data).status_code == 302
    assert Organization.objects.search("ihtilalci").get() == organization
    check()

    pk = organization.pk
    admin_client.post(reverse("admin:members_organization_delete", args=[pk]), {"post": "yes"})
    url = reverse("admin:members_organization_simple_history", args=[pk, first.history_id])
    data["opened_version"] = opened_version(admin_client.get(url))
    assert admin_client.post(url, data).status_code == 302
    assert Organization.objects.get(pk=pk).is_member
    check()


def test_import_and_loaddata(seed, tmp_path):
    path = tmp_path / "registry.json"
    with open(path, "w", encoding="utf-8") as stream:
        export_json(stream)
    records = json.loads(path.read_text(encoding="utf-8"))
    for record in records:
        if record["model"] == "members.country" and record["fields"]["code"] == "TR":
            record["fields"]["name"] = "Türkiye"
        if record["model"] == "members.membership" and record["fields"]["organization"] == ["tikb-tr"]:
            record["fields"]["until_year"] = 2024
    assert import_data(json.dumps(records).encode(), "registry.json").ok
    assert Organization.objects.search("turkiye").count() == Organization.objects.filter(
        country__code="TR"
    ).count()
    assert Organization.objects.get(slug="tikb-tr").status == "former"
    check()

    call_command("loaddata", "icor_members", verbosity=0)
    assert Organization.objects.get(slug="tikb-tr").status == "current"
    assert Country.objects.get(code="TR").name == "Turkey"
    check()


def test_writes_around_the_registry_are_reported_then_repaired(country):
    organization = make_organization(country, name="Partido Obrero", since=2014)
    Membership.objects.filter(organization=organization).update(since_year=2016)
    Country.objects.update(name="Kamerun")
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 derived values disagree"):
        call_command("check_registry", stdout=out)
    assert "field member_since: stored 2014, should be 2016." in out.getvalue()
    assert "field search: stored 'partido obrero cameroon', should be 'partido obrero kamerun'." in out.getvalue()

    call_command("check_registry", "--repair", stdout=out)
    check()
    assert Organization.objects.get().member_since == 2016
