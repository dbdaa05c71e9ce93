"""Spreadsheet-safe CSV: every way out neutralises formula cells, the import undoes it,
JSON carries the values as they are."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import Membership, Organization

from .conftest import make_country, make_organization

# Values a spreadsheet would run as formulas, one for each starting character.
NAME = '=HYPERLINK("http://example.org","open")'
ABBREVIATION = "@SUM(1)"
ENGLISH_NAME = "+cmd|' /C calc'!A0"
SOURCE = "-2+3"
NOTE = "\tleading tab"
OLD_SOURCE = "\rleading carriage return"
# Already starts with an apostrophe: gets one more, so the import can tell.
OLD_NOTE = "'=quoted by hand"


@pytest.fixture
def risky(db):
    organization = make_organization(
        make_country("TG", "Togo", "africa"), name=NAME, abbreviation=ABBREVIATION,
        english_name=ENGLISH_NAME, since=2016,
    )
    Membership.objects.filter(organization=organization).update(source=SOURCE, note=NOTE)
    Membership.objects.create(organization=organization, since_year=2011, until_year=2012,
                              source=OLD_SOURCE, note=OLD_NOTE)
    return organization


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def public_csv(client):
    response = client.get(reverse("members:organization-csv"))
    return b"".join(response.streaming_content).decode("utf-8")


def command_csv():
    out = io.StringIO()
    call_command("export_registry", format="csv", stdout=out)
    return out.getvalue()


def admin_csv(admin_client, organization):
    response = admin_client.post(
        reverse("admin:members_organization_changelist"),
        {"action": "export_csv", "_selected_action": [organization.pk]},
    )
    assert response.status_code == 200
    return response.content.decode("utf-8")


def assert_neutralised(row, expected):
    for column, value in expected.items():
        assert row[column] == "'" + value, column


def test_the_public_csv_neutralises_formula_cells(risky, client):
    [row] = read_csv(public_csv(client))
    assert_neutralised(row, {"name": NAME, "abbreviation": ABBREVIATION, "english_name": ENGLISH_NAME})
    assert (row["slug"], row["country"], row["member_since"]) == (risky.slug, "TG", "2016")


@pytest.mark.parametrize("source", ["command", "admin"])
def test_the_registry_csv_neutralises_formula_cells(risky, admin_client, source):
    text = command_csv() if source == "command" else admin_csv(admin_client, risky)
    old, current = read_csv(text)
    for row in (old, current):
        assert_neutralised(row, {"name": NAME, "abbreviation": ABBREVIATION, "english_name": ENGLISH_NAME})
    assert_neutralised(current, {"source": SOURCE, "note": NOTE})
    assert_neutralised(old, {"source": OLD_SOURCE, "note": OLD_NOTE})
    assert (current["slug"], current["since_year"], current["until_year"]) == (risky.slug, "2016", "")


def test_ordinary_cells_are_left_alone(db, client):
    make_organization(make_country("DE", "Germany", "europe"),
                      name="Marxistisch-Leninistische Partei Deutschlands", abbreviation="MLPD")
    [row] = read_csv(public_csv(client))
    assert (row["name"], row["abbreviation"]) == ("Marxistisch-Leninistische Partei Deutschlands", "MLPD")


def test_json_carries_the_values_unchanged(risky, client):
    response = client.get(reverse("members:organization-json"))
    [row] = json.loads(b"".join(response.streaming_content))["results"]
    assert (row["name"], row["abbreviation"], row["english_name"]) == (NAME, ABBREVIATION, ENGLISH_NAME)

    out = io.StringIO()
    call_command("export_registry", format="json", stdout=out)
    fields = [record["fields"] for record in json.loads(out.getvalue())]
    [organization] = [field for field in fields if field.get("slug") == risky.slug]
    assert (organization["name"], organization["abbreviation"]) == (NAME, ABBREVIATION)
    assert {(field["source"], field["note"]) for field in fields if "source" in field} == {
        (SOURCE, NOTE), (OLD_SOURCE, OLD_NOTE)}


def stored():
    organization = Organization.objects.get()
    periods = Membership.objects.order_by("since_year").values_list("source", "note")
    return (organization.name, organization.abbreviation, organization.english_name), list(periods)


@pytest.mark.parametrize("source", ["command", "admin"])
def test_a_csv_round_trip_gives_back_the_exact_values(risky, admin_client, tmp_path, source):
    before, exported = stored(), command_csv()
    text = exported if source == "command" else admin_csv(admin_client, risky)
    path = tmp_path / "registry.csv"
    path.write_text(text, encoding="utf-8", newline="")
    Membership.objects.all().delete()
    Organization.objects.all().delete()

    call_command("import_registry", str(path), stdout=io.StringIO())

    assert stored() == before
    assert command_csv() == exported
