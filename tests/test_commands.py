"""export_registry and import_registry from the command line: output, dry run, all or nothing."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from members.models import Membership, Organization

pytestmark = pytest.mark.django_db


def export(**options):
    out = io.StringIO()
    call_command("export_registry", stdout=out, **options)
    return out.getvalue()


def run_import(path, **options):
    out = io.StringIO()
    call_command("import_registry", str(path), stdout=out, **options)
    return out.getvalue()


def changed_fixture(tmp_path):
    """The registry's fixture with one name changed, one period closed and one organization added."""
    records = json.loads(export())
    for record in records:
        fields = record["fields"]
        if fields.get("slug") == "tikb-tr":
            fields["english_name"] = "Revolutionary Communists' Union of Turkey"
        if fields.get("organization") == ["orc-cg"]:
            fields["until_year"] = 2020
    records.append({"model": "members.organization", "fields": {
        "name": "Parti nouveau", "abbreviation": "PN", "english_name": "New Party",
        "country": ["TG"], "slug": "pn-tg"}})
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def test_export_writes_to_a_file_with_output(seed, tmp_path):
    path = tmp_path / "registry.csv"
    call_command("export_registry", format="csv", output=str(path))
    content = path.read_bytes()
    assert content.startswith(b"slug,name,abbreviation,english_name,country,country_name,continent,")
    assert content.count(b"\r\n") == Membership.objects.count() + 1
    assert content.decode("utf-8") == export(format="csv")


def test_the_same_data_exports_to_the_same_bytes(seed):
    assert export() == export()


def test_import_prints_counts_and_each_changed_field_before_and_after(seed, tmp_path):
    output = run_import(changed_fixture(tmp_path))
    assert "Organizations: 1 created, 1 updated, 62 unchanged." in output
    assert "Memberships: 0 created, 1 updated, 62 unchanged." in output
    assert "Update organization tikb-tr (record " in output
    assert "english_name: “Union of Revolutionary Communists of Turkey” → “Revolutionary Communists' Union of Turkey”" in output
    assert "Update membership orc-cg 2010" in output and "until_year: (empty) → 2020" in output
    assert Organization.objects.get(slug="pn-tg").search == "parti nouveau pn new party togo"


def test_import_lists_the_records_it_creates_when_asked(seed, tmp_path):
    assert "Create organization pn-tg" in run_import(changed_fixture(tmp_path), verbosity=2)


def test_a_dry_run_reports_the_same_and_writes_nothing(seed, tmp_path):
    before = export()
    output = run_import(changed_fixture(tmp_path), dry_run=True)
    assert "Organizations: 1 created, 1 updated, 62 unchanged." in output
    assert "english_name: “Union of Revolutionary Communists of Turkey” → “Revolutionary Communists' Union of Turkey”" in output
    assert "Dry run: nothing was written." in output
    assert export() == before


def test_a_dry_run_of_a_bad_file_fails_with_the_report(seed, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"model": "members.country", "fields": {"code": "ZZ", "name": "", "continent": "africa"}}]')
    with pytest.raises(CommandError, match=r"record 1 \(country ZZ\), field name"):
        run_import(path, dry_run=True)


def test_an_import_interrupted_while_writing_leaves_the_registry_as_it_was(seed, tmp_path, monkeypatch):
    before = export()

    def fail(*args, **kwargs):
        raise DatabaseError("disk I/O error")

    # Countries and organizations are written before the periods fail.
    monkeypatch.setattr(type(Membership.objects.all()), "bulk_update", fail)
    with pytest.raises(CommandError, match="The database refused the import"):
        run_import(changed_fixture(tmp_path))
    assert export() == before


def test_a_missing_file_is_reported_plainly(db, tmp_path):
    with pytest.raises(CommandError, match="The file cannot be read: No such file or directory."):
        run_import(tmp_path / "missing.json")


def test_a_file_that_is_neither_json_nor_csv_is_refused(db, tmp_path):
    path = tmp_path / "registry.xml"
    path.write_text("<registry/>")
    with pytest.raises(CommandError, match=r"Give the file a \.json \(fixture\) or \.csv name"):
        run_import(path)


def test_a_fixture_with_database_ids_is_refused(db, tmp_path):
    path = tmp_path / "ids.json"
    path.write_text('[{"model": "members.country", "pk": 1, "fields": {"code": "TG", "name": "Togo", '
                    '"continent": "africa"}}]')
    with pytest.raises(CommandError, match=r"record 1 \(country\), field pk: The record carries a database id"):
        run_import(path)


def test_change_slug_renames_the_public_address_on_purpose(seed):
    out = io.StringIO()
    call_command("change_slug", "tikb-tr", "tikb", stdout=out)
    assert "slug changed from tikb-tr to tikb" in out.getvalue()
    organization = Organization.objects.get(slug="tikb")
    assert organization.history.first().slug == "tikb"


@pytest.mark.parametrize(
    ("new", "message"),
    [("uc-fr", "slug"), ("Not A Slug", "slug"), ("", "slug")],
)
def test_change_slug_refuses_a_taken_or_malformed_slug(seed, new, message):
    with pytest.raises(CommandError, match=message):
        call_command("change_slug", "uc-ve", new, stdout=io.StringIO())
    assert Organization.objects.filter(slug="uc-ve").exists()


def test_change_slug_names_a_missing_organization(seed):
    with pytest.raises(CommandError, match="no organization with the slug 'nope'"):
        call_command("change_slug", "nope", "yes", stdout=io.StringIO())
