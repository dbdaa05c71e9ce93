"""Hostile import files: each gets a problem report naming its record and field, in the
dry run already, never a traceback, and the registry stays as it was. The import is
exactly as strict as the admin's forms, field by field."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from bench.hostile_files import TOGO, fixture, organization, period
from members.management.commands.import_registry import Command as ImportCommand
from members.models import Country, Membership, Organization
from members.registry_io import import_data

pytestmark = pytest.mark.django_db


def export(format="json"):
    out = io.StringIO()
    call_command("export_registry", format=format, stdout=out)
    return out.getvalue()


def command_line(path, *options):
    """(exit status, stdout, stderr) of `manage.py import_registry PATH`, as a shell sees them."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        ImportCommand(stdout=out, stderr=err).run_from_argv(
            ["manage.py", "import_registry", str(path), *options])
    except SystemExit as exit:
        status = exit.code
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def refused(seed, tmp_path, monkeypatch):
    """Import a file from the command line, dry run first: both must end with the report on
    stderr and a non-zero status, and leave the registry's export byte for byte as it was.
    Returns the report."""
    # run_from_argv closes the connections when it ends, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def refuse(name, content):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        before = export(), export("csv")
        reports = []
        for options in (["--dry-run"], []):
            status, out, err = command_line(path, *options)
            assert status == 1 and out == ""
            assert err.startswith(f"CommandError: {name} was not imported:") and "Traceback" not in err
            assert err.rstrip().endswith("Nothing was written.")
            reports.append(err)
        assert reports[0] == reports[1]
        assert (export(), export("csv")) == before
        return reports[0]

    return refuse


# Defect 3: files that crashed the import.


def test_json_nested_thousands_of_levels_inside_a_field_is_refused(refused):
    deep = "[" * 3000 + "]" * 3000
    content = f'[{{"model": "members.country", "fields": {{"code": "TG", "name": {deep}}}}}]'
    report = refused("deep.json", content)
    # The name's value opens level 4 at column 64, so level 101 opens 97 columns on.
    assert "record 1, field name: The file nests lists and objects more than 100 levels deep " \
        "(line 1, column 161)" in report


def test_a_json_file_that_is_only_nesting_names_the_record_where_it_goes_deep(refused):
    report = refused("deep.json", fixture(TOGO)[:-1] + ", " + "[" * 2000 + "]" * 2000 + "]")
    assert "record 2: The file nests lists and objects more than 100 levels deep" in report


@pytest.mark.parametrize("number", ["Infinity", "-Infinity", "NaN"])
def test_a_number_json_does_not_have_is_refused(refused, number):
    content = fixture(TOGO, organization(), period(since_year=2999)).replace("2999", number)
    report = refused("numbers.json", content)
    assert f"record 3 (membership), field since_year: “{number}” is not a number JSON allows." \
        in report


def test_a_number_too_large_for_any_year_is_refused(refused):
    content = fixture(TOGO, organization(), period(until_year=2999)).replace("2999", "1e999")
    report = refused("numbers.json", content)
    assert "record 3 (membership pnt-tg 2016), field until_year: Enter a whole number." in report


@pytest.mark.parametrize("value", [12345, [2024, 1, 1], {"year": 2024}])
def test_a_creation_time_that_is_not_text_is_refused(refused, value):
    report = refused("times.json", fixture(TOGO, organization(created_at=value)))
    assert "record 2 (organization pnt-tg), field created_at: Give the time as text" in report


@pytest.mark.parametrize(("field", "value"), [
    ("created_at", "9999-12-31T23:59:59-05:00"), ("updated_at", "0001-01-01T00:00:00+05:00"),
])
def test_a_time_beyond_the_years_the_database_holds_in_utc_is_refused(refused, field, value):
    report = refused("times.json", fixture(TOGO, organization(**{field: value})))
    assert f"record 2 (organization pnt-tg), field {field}: The time lies outside the years " \
        "1 to 9999 once put in UTC" in report


@pytest.mark.parametrize(("records", "where", "field", "position"), [
    ([organization(name="Parti \ud800 du Togo")], "record 2 (organization pnt-tg)", "name", 7),
    ([organization(), period(source="Le Monde \ud800")], "record 3 (membership pnt-tg 2016)",
     "source", 10),
])
def test_a_lone_surrogate_is_refused_with_its_position(refused, records, where, field, position):
    report = refused("surrogate.json", fixture(TOGO, *records))
    assert f"{where}, field {field}: Remove the broken character U+D800 at position {position}" \
        in report


def test_a_report_naming_a_lone_surrogate_can_still_be_printed(refused):
    country = {"model": "members.country", "fields": {**TOGO["fields"], "n\udfffme": "Togo"}}
    report = refused("surrogate.json", fixture(country))
    assert "record 1 (country TG), field n\\udfffme: members.country has no field n\\udfffme" in report


def test_a_report_quoting_a_nul_character_shows_it_as_an_escape(refused):
    report = refused("nul.json", fixture(organization(country=["T\x00G"])))
    assert "record 1 (organization pnt-tg), field country: No country T\\x00G in the file" in report
    assert "\x00" not in report


def test_a_csv_cell_longer_than_the_csv_modules_limit_gets_the_fields_own_rule(refused):
    lines = export("csv").splitlines(keepends=True)
    lines[1] = lines[1].replace("Ação Popular Revolucionária (PDT)", "A" * 200_000, 1)
    report = refused("long.csv", "".join(lines))
    assert "row 2 (organization apr-pdt-br), field name: Ensure this value has at most 200 " \
        "characters (it has 200000)." in report


def test_the_csv_export_of_a_megabyte_source_imports_again(seed, tmp_path):
    Membership.objects.filter(organization__slug="tikb-tr").update(source="Ç" * 1_000_000)
    first = export("csv")
    path = tmp_path / "registry.csv"
    path.write_text(first, encoding="utf-8", newline="")
    Membership.objects.all().delete()
    Organization.objects.all().delete()
    Country.objects.all().delete()
    call_command("import_registry", str(path), stdout=io.StringIO())
    assert export("csv") == first


# Defect 4: the import accepts exactly what the admin's form fields accept.


@pytest.mark.parametrize("field", ["source", "note"])
def test_a_nul_character_in_a_period_is_refused_as_the_admin_refuses_it(refused, field):
    report = refused("nul.json", fixture(TOGO, organization(), period(**{field: "Le\x00Monde"})))
    assert f"record 3 (membership pnt-tg 2016), field {field}: Null characters are not allowed." \
        in report


def test_a_year_that_is_not_a_whole_number_is_refused_not_rounded(refused):
    report = refused("year.json", fixture(TOGO, organization(), period(since_year=2015.7)))
    assert "record 3 (membership), field since_year: Enter a whole number." in report


def test_a_year_written_as_a_decimal_whole_number_is_read_as_the_admin_reads_it(seed, tmp_path):
    path = tmp_path / "year.json"
    path.write_text(fixture(TOGO, organization(), period(since_year=2016.0)))
    call_command("import_registry", str(path), stdout=io.StringIO())
    assert list(Membership.objects.filter(organization__slug="pnt-tg").values_list("since_year")) \
        == [(2016,)]


def test_a_name_of_spaces_is_refused_as_the_admin_refuses_it(refused):
    report = refused("spaces.json", fixture(TOGO, organization(name="  \u3000 ")))
    assert "record 2 (organization pnt-tg), field name: This field cannot be blank." in report


def test_the_admin_previews_a_hostile_file_as_a_report(seed, admin_client):
    content = fixture(TOGO, organization(), period(since_year=2015.7, note="a\x00b")).encode()
    before = export()
    response = admin_client.post(reverse("admin:members_organization_import"),
                                 {"file": SimpleUploadedFile("hostile.json", content)})
    assert response.status_code == 200
    assert "record 3 (membership), field since_year: Enter a whole number." in response.text
    assert "field note: Null characters are not allowed." in response.text
    assert export() == before


def test_a_file_of_thousands_of_bad_records_is_refused_after_a_bounded_report(db):
    report = import_data(json.dumps([1] * 50_000).encode(), "numbers.json", dry_run=True)
    assert len(report.problems) == 1001
    assert str(report.problems[0]) == 'record 1: Expected {"model": ..., "fields": {...}}.'
    assert str(report.problems[-1]) == "The file: The file has more problems; the first 1,000 are listed."
