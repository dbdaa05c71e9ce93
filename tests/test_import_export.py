"""The import/export service: round trips, and a clear refusal for every kind of bad file."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from members.models import Country, Membership, Organization

from .conftest import make_country, make_organization

pytestmark = pytest.mark.django_db

ORGANIZATION = {
    "name": "Parti Communiste du Togo", "abbreviation": "PCT", "english_name": "Communist Party of Togo",
    "country": ["TG"], "slug": "pct-tg",
}


def export(format="json"):
    out = io.StringIO()
    call_command("export_registry", format=format, stdout=out)
    return out.getvalue()


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


def run_import(path, **options):
    out = io.StringIO()
    call_command("import_registry", path, stdout=out, **options)
    return out.getvalue()


def refused(tmp_path, name, content):
    """The import's error report for a file; asserts the database did not change."""
    before = export()
    with pytest.raises(CommandError) as error:
        run_import(write(tmp_path, name, content))
    assert export() == before
    assert "Nothing was written." in str(error.value)
    return str(error.value)


def fixture(*records):
    return json.dumps([{"model": model, "fields": fields} for model, fields in records])


def togo(**changes):
    return ("members.country", {"code": "TG", "name": "Togo", "continent": "africa", **changes})


def organization(**changes):
    return ("members.organization", {**ORGANIZATION, **changes})


def period(slug="pct-tg", since=2016, until=None, **fields):
    return ("members.membership", {"organization": [slug], "since_year": since, "until_year": until,
                                   "source": "", "note": "", **fields})


# Round trips


@pytest.mark.parametrize("format", ["json", "csv"])
def test_export_then_import_into_an_empty_registry_gives_the_same_bytes(seed, tmp_path, format):
    first = export(format)
    path = write(tmp_path, f"registry.{format}", first)
    Membership.objects.all().delete()
    Organization.objects.all().delete()
    Country.objects.all().delete()
    run_import(path)
    assert export(format) == first


def test_the_json_export_is_a_fixture_loaddata_accepts(seed, tmp_path):
    first = export()
    path = write(tmp_path, "registry.json", first)
    Membership.objects.all().delete()
    Organization.objects.all().delete()
    Country.objects.all().delete()
    call_command("loaddata", path, verbosity=0)
    assert export() == first


def test_the_json_export_has_no_database_ids_and_ends_with_a_newline(seed):
    text = export()
    records = json.loads(text)
    assert text.endswith("]\n")
    assert all(set(record) == {"model", "fields"} for record in records)
    assert [r["fields"]["code"] for r in records if r["model"] == "members.country"][:2] == ["AF", "AU"]
    assert "search" not in records[60]["fields"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(seed, tmp_path):
    path = write(tmp_path, "registry.json", export())
    before = export()
    output = run_import(path)
    assert "Organizations: 0 created, 0 updated, 63 unchanged." in output
    assert export() == before


def test_the_seed_imports_into_an_empty_registry(db):
    output = run_import("fixtures/icor_members.json")
    assert (Organization.objects.count(), Country.objects.count()) == (63, 47)
    assert "Organizations: 63 created, 0 updated, 0 unchanged." in output
    assert Organization.objects.search("turkiye").exists()


def test_formula_cells_survive_a_csv_round_trip(db, tmp_path):
    make_organization(make_country("TG", "Togo"), name="=HYPERLINK(1)", abbreviation="@PCT",
                      english_name="'-already quoted")
    Membership.objects.update(source="+cite", note="-1")
    first = export("csv")
    assert "'=HYPERLINK(1)" in first and "''-already quoted" in first
    path = write(tmp_path, "registry.csv", first)
    Membership.objects.all().delete()
    Organization.objects.all().delete()
    run_import(path)
    organization = Organization.objects.get()
    assert (organization.name, organization.abbreviation, organization.english_name) == (
        "=HYPERLINK(1)", "@PCT", "'-already quoted")
    assert Membership.objects.values_list("source", "note").get() == ("+cite", "-1")
    assert export("csv") == first


def test_an_import_keeps_the_search_column_right_when_a_country_is_renamed(seed, tmp_path):
    records = json.loads(export())
    for record in records:
        if record["fields"].get("code") == "TR":
            record["fields"]["name"] = "Anatolia"
    run_import(write(tmp_path, "renamed.json", json.dumps(records)))
    assert Organization.objects.search("anatolia tikb").exists()


# Bad input: each refused with the record and the field named, the registry unchanged.


def test_truncated_json_is_refused(seed, tmp_path):
    message = refused(tmp_path, "cut.json", export()[:5000])
    assert "not valid JSON" in message and "line" in message


def test_an_empty_file_is_refused(seed, tmp_path):
    assert "The file is empty." in refused(tmp_path, "empty.json", "")


def test_a_file_that_is_not_a_list_is_refused(seed, tmp_path):
    assert "A fixture is a list of records" in refused(tmp_path, "object.json", '{"model": "x"}')


def test_an_unknown_country_is_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(organization(country=["XX"])))
    assert "record 1 (organization pct-tg), field country: No country XX" in message


def test_a_year_before_the_founding_is_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(togo(), organization(), period(since=2009)))
    assert "record 3 (membership pct-tg 2009), field since_year: ICOR was founded in 2010" in message


def test_a_year_in_the_future_is_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(togo(), organization(), period(since=2016, until=2999)))
    assert "record 3 (membership pct-tg 2016), field until_year: 2999 is in the future" in message


def test_a_leaving_year_before_the_joining_year_is_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(togo(), organization(), period(since=2016, until=2012)))
    assert "record 3 (membership pct-tg 2016), field since_year, until_year: The leaving year" in message


def test_an_empty_name_is_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(togo(), organization(name="")))
    assert "record 2 (organization pct-tg), field name: This field cannot be blank." in message


def test_an_invalid_continent_is_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(togo(continent="atlantis")))
    assert "record 1 (country TG), field continent: Value 'atlantis' is not a valid choice." in message


def test_two_organizations_with_one_name_in_one_country_are_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(togo(), organization(), organization(slug="pct-2-tg")))
    assert "record 3 (organization pct-2-tg), field country, name: This country already has " \
        "an organization with this name. (as record 2)" in message


def test_the_same_record_twice_in_one_file_is_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(togo(), togo()))
    assert "record 2 (country TG), field code: The file gives this country twice: already in record 1." \
        in message


def test_a_period_overlapping_a_stored_one_is_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(period("tikb-tr", since=2012, until=2014)))
    assert "record 1 (membership tikb-tr 2012), field since_year, until_year: This period overlaps" \
        in message


def test_a_second_open_period_is_refused(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(period("tikb-tr", since=None)))
    assert "already has an open membership period" in message


def test_a_file_with_a_user_is_refused_whole(seed, tmp_path):
    content = fixture(togo(), ("auth.user", {"username": "intruder", "is_superuser": True}))
    message = refused(tmp_path, "x.json", content)
    assert "record 2 (auth.user): The import accepts only members.country" in message
    assert not Country.objects.filter(code="TG", name="Togo", continent="asia").exists()


def test_a_file_that_is_not_utf8_is_refused(seed, tmp_path):
    content = export("csv").encode("utf-8").decode("utf-8").encode("cp1252", errors="replace")
    message = refused(tmp_path, "x.csv", content)
    assert "The file is not UTF-8 text" in message and "line 2" in message


def test_a_file_over_the_limit_is_refused(seed, tmp_path):
    with override_settings(REGISTRY_IMPORT_MAX_BYTES=100):
        message = refused(tmp_path, "x.json", fixture(togo(), organization()))
    assert "the import accepts at most 100" in message


def test_a_csv_without_a_column_is_refused(seed, tmp_path):
    content = export("csv").replace("continent,", "region,", 1)
    assert "The CSV lacks the column continent." in refused(tmp_path, "x.csv", content)


def test_a_bad_year_in_a_csv_is_refused(seed, tmp_path):
    lines = export("csv").splitlines(keepends=True)
    lines[3] = lines[3].replace(",2023,", ",20x3,", 1)
    message = refused(tmp_path, "x.csv", "".join(lines))
    assert "row 4 (membership" in message and "field since_year: “20x3” value must be an integer." in message


def test_a_bad_record_after_many_good_ones_leaves_the_registry_as_it_was(seed, tmp_path):
    records = [togo()] + [organization(slug=f"org-{n}-tg", name=f"Org {n}") for n in range(300)]
    records.append(organization(slug="last-tg", name="Last", abbreviation="bad\u202e"))
    message = refused(tmp_path, "x.json", fixture(*records))
    assert "record 302 (organization last-tg), field abbreviation: Remove the invisible character" \
        in message
    assert not Organization.objects.filter(slug="org-1-tg").exists()


def test_every_problem_is_reported_not_only_the_first(seed, tmp_path):
    message = refused(tmp_path, "x.json", fixture(togo(continent="mars"), organization(name=""),
                                                    period(since=1999)))
    assert "3 problems" in message
